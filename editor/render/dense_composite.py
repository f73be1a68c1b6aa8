"""Batched compositing of all items at once, for GPUs.

The per-item loop of composite.py is right for the CPU (it touches only each item's box),
but on a GPU it is bound by kernel launches. With the bandwidth of a GPU, items × H × W
tensors are cheap: coverage of every item in one scatter + prefix sum, then transmittance
by a reverse cumulative product, all differentiated by autograd.
"""
from __future__ import annotations

import torch

from editor.render.coverage import CellContributions

# Above this many items × pixels the dense path would need too much memory: use the loop.
DENSE_ELEMENT_LIMIT = 2**27


def dense_fits(num_items: int, height: int, width: int) -> bool:
    return num_items * height * (width + 2) <= DENSE_ELEMENT_LIMIT


def dense_composite(
    cells: CellContributions,
    even_odd: list[bool],
    paint: torch.Tensor,
    below: torch.Tensor,
    height: int,
    width: int,
) -> torch.Tensor:
    """Premultiplied (H, W, 4) of all items over `below`.

    paint: (items, 4) premultiplied solid colours.
    """
    items = len(even_odd)
    acc = torch.zeros(items * height * (width + 2), dtype=cells.values.dtype, device=below.device)
    acc = acc.index_add(0, cells.dense_index(height, width), cells.values)
    winding = acc.view(items, height, width + 2).cumsum(-1)[..., :width]
    wrapped = winding - 2 * torch.round(winding / 2)
    rule = torch.tensor(even_odd, device=below.device)[:, None, None]
    cov = torch.where(rule, wrapped, winding).abs().clamp(max=1)
    paint = paint[:, None, None, :]
    alpha = cov * paint[..., 3]
    # transmittance[i] = Π_{j ≥ i} (1 − α_j): how much of what lies under item i shows.
    transmittance = torch.flip(torch.cumprod(torch.flip(1 - alpha, [0]), 0), [0])
    above = torch.cat([transmittance[1:], torch.ones_like(transmittance[:1])])
    color = ((cov * above)[..., None] * paint).sum(0)
    return color + below * transmittance[0][..., None]
