"""Per-step compositing that re-renders only the shapes being optimized.

The drawn stack (bottom first) splits into runs of active and frozen shapes. Frozen runs
are constants: everything below the lowest active shape is folded into one premultiplied
`below` image (background included), and each frozen run higher up into one premultiplied
overlay A, composited as A + (1 − A.alpha)·X. Runs are rebuilt only when an edit or a new
stage changes what is frozen, so a step costs the active shapes plus one blend per frozen
run above them. Interleaved runs keep the paint order exact.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import torch

from editor.render import Renderer
from editor.render.scene import RenderShape


@dataclass
class ActiveRun:
    shape_ids: list[str]


@dataclass
class FrozenRun:
    overlay: torch.Tensor  # (H, W, 4) premultiplied, over transparent


@dataclass
class CompositePlan:
    below: torch.Tensor  # (H, W, 4) premultiplied: background + frozen shapes under all active
    runs: list[ActiveRun | FrozenRun]  # above `below`, bottom first; starts with an ActiveRun

    def composite(
        self, renderer: Renderer, shapes: dict[str, RenderShape], width: int, height: int
    ) -> torch.Tensor:
        image = self.below
        for run in self.runs:
            if isinstance(run, ActiveRun):
                drawn = [shapes[shape_id] for shape_id in run.shape_ids]
                image = renderer.render(drawn, width, height, below=image)
            else:
                image = run.overlay + (1.0 - run.overlay[..., 3:]) * image
        return image


@torch.no_grad()
def build_plan(
    renderer: Renderer,
    stack: Sequence[tuple[str, RenderShape, bool]],
    width: int,
    height: int,
    background: torch.Tensor,
) -> CompositePlan:
    """Split `stack` — (shape id, shape, active) bottom first — and pre-render frozen runs.

    `background` is a (4,) straight RGBA colour.
    """
    premultiplied = torch.cat([background[:3] * background[3], background[3:]])
    below = premultiplied.expand(height, width, 4).contiguous()
    groups: list[tuple[bool, list[tuple[str, RenderShape]]]] = []
    for shape_id, shape, active in stack:
        if groups and groups[-1][0] == active:
            groups[-1][1].append((shape_id, shape))
        else:
            groups.append((active, [(shape_id, shape)]))
    if groups and not groups[0][0]:
        below = renderer.render([s for _, s in groups.pop(0)[1]], width, height, below=below)
    runs: list[ActiveRun | FrozenRun] = []
    for active, members in groups:
        if active:
            runs.append(ActiveRun([shape_id for shape_id, _ in members]))
        else:
            overlay = renderer.render([s for _, s in members], width, height)
            runs.append(FrozenRun(overlay.detach()))
    return CompositePlan(below.detach(), runs)
