"""The budget step (Optimize & Reduce's idea, re-implemented from the paper's description):
trace more shapes than wanted, then repeatedly drop the least important and re-optimize the
rest, until exactly the budget is left.

A shape's importance is how much the loss grows when it is left out of the render. Leaving
out shape i gives  above_i ⊕ below_i  (premultiplied "over"), where below_i composites the
background and shapes 0..i−1 and above_i shapes i+1..N−1. One render per shape, a backward
sweep that keeps above_i only inside shape i's box, and a forward sweep that carries
below_i give every importance for N single-shape renders and O(N) blends — instead of N
renders of N−1 shapes. The session drives the rounds (`Session.reduce_to`); this module
holds the arithmetic and the schedule, so any method gets a budget for free.

The same rounds end every trace without a budget too: a shape of the optimizer that hardly
shows under the shapes above it (`visible_shares`) is one a designer cannot select or edit,
so it is removed and a new shape placed where the error is then largest (`HiddenPolicy`).
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch

from editor.render import Renderer
from editor.render.scene import RenderShape

DEFAULT_OVERSHOOT = 1.5  # trace this many times the budget before reducing (O&R uses 4×)


@dataclass(frozen=True)
class ReducePolicy:
    """How a session reduces to its budget.

    Each round removes `fraction` of the shapes still over budget (at least one), then
    optimizes every remaining shape for up to `steps` steps before the next round: removing
    a little at a time lets the survivors take over the removed shapes' pixels, so the next
    importances are measured on an image that has recovered.
    """

    fraction: float = 0.5
    steps: int = 40
    min_steps: int = 10

    def __post_init__(self) -> None:
        if not 0.0 < self.fraction <= 1.0:
            raise ValueError(f"fraction must be in (0, 1], got {self.fraction}")
        if self.steps < 0 or self.min_steps < 0:
            raise ValueError("steps must not be negative")

    def removals(self, num_shapes: int, budget: int) -> int:
        """How many shapes the next round removes (0 once the budget is met)."""
        excess = num_shapes - budget
        return 0 if excess <= 0 else max(1, math.ceil(excess * self.fraction))


@dataclass(frozen=True)
class HiddenPolicy:
    """How a trace ends: the optimizer's shapes of which less than `min_visible` shows are
    removed, as many new ones placed where the error is then largest, and all optimized for
    up to `steps` steps (no more than the method's own stages took), so the shapes above take
    over the edges the hidden ones painted. `rounds` such rounds at most, and one more that
    only removes: a round can leave another shape hidden."""

    min_visible: float = 0.05
    steps: int = 100
    min_steps: int = 20
    rounds: int = 3  # rounds that place new shapes; one more may only remove

    def __post_init__(self) -> None:
        if not 0.0 <= self.min_visible < 1.0:
            raise ValueError(f"min_visible must be in [0, 1), got {self.min_visible}")
        if self.steps < 0 or self.min_steps < 0 or self.rounds < 0:
            raise ValueError("steps and rounds must not be negative")


REPLACE_HIDDEN = HiddenPolicy()


def traced_paths(budget: int, overshoot: float = DEFAULT_OVERSHOOT) -> int:
    """How many paths to ask a method for when the result must have exactly `budget`."""
    if budget < 1:
        raise ValueError(f"budget must be at least 1, got {budget}")
    return max(budget, math.ceil(budget * overshoot))


@torch.no_grad()
def shape_importance(
    renderer: Renderer,
    shapes: Sequence[RenderShape],
    target: torch.Tensor,
    background: torch.Tensor,
) -> np.ndarray:
    """Per shape (bottom first), the increase of the mean squared error against `target`
    (H, W, 3) over an opaque background, or (H, W, 4) premultiplied RGBA, when that shape alone is left out of the composite over `background` (a (4,)
    straight RGBA colour). Negative when a shape makes the image worse."""
    height, width, channels = target.shape
    layers = [renderer.render([shape], width, height) for shape in shapes]
    boxes = [_box(layer[..., 3]) for layer in layers]
    importance = np.zeros(len(layers))
    if not layers:
        return importance

    above = torch.zeros_like(layers[0])
    above_in_box: dict[int, torch.Tensor] = {}  # by shape, where its box is not empty
    for i in reversed(range(len(layers))):  # above holds shapes i+1 .. N−1 at this point
        box = boxes[i]
        if box is not None:
            above_in_box[i] = above[box].clone()
        above = _over(above, layers[i])

    premultiplied = torch.cat([background[:3] * background[3], background[3:]]).to(target)
    below = premultiplied.expand(height, width, 4).clone()
    full = _over(above, below)
    scale = 1.0 / (height * width * channels)
    for i, layer in enumerate(layers):  # below holds the background and shapes 0 .. i−1
        box = boxes[i]
        if box is not None:
            without = _over(above_in_box[i], below[box])
            target_box = target[box]
            loss_without = (without[..., :channels] - target_box).square().sum()
            loss_with = (full[box][..., :channels] - target_box).square().sum()
            importance[i] = float(loss_without - loss_with) * scale
        below = _over(layer, below)
    return importance


@torch.no_grad()
def visible_shares(
    renderer: Renderer, shapes: Sequence[RenderShape], width: int, height: int, scale: float = 1.0
) -> np.ndarray:
    """Per shape (bottom first), the share of its coverage that shows through the shapes
    above it: 1 for a shape nothing covers, 0 for one entirely hidden (or painting nothing)."""
    through = torch.ones(height, width)
    shares = np.zeros(len(shapes))
    for i in reversed(range(len(shapes))):
        alpha = renderer.render([shapes[i]], width, height, scale=scale)[..., 3].cpu()
        total = float(alpha.sum())
        shares[i] = float((alpha * through).sum()) / total if total > 0 else 0.0
        through *= 1.0 - alpha
    return shares


def least_important(importance: np.ndarray, removable: Sequence[bool], count: int) -> list[int]:
    """Indices of the `count` least important removable shapes, least important first."""
    order = np.argsort(importance, kind="stable")
    return [int(i) for i in order if removable[i]][:count]


def _over(top: torch.Tensor, bottom: torch.Tensor) -> torch.Tensor:
    return top + (1.0 - top[..., 3:]) * bottom


def _box(alpha: torch.Tensor) -> tuple[slice, slice] | None:
    """The rows and columns where a single-shape render is not transparent."""
    rows = torch.nonzero(alpha.amax(dim=1) > 0).flatten()
    if rows.numel() == 0:
        return None
    cols = torch.nonzero(alpha.amax(dim=0) > 0).flatten()
    return slice(int(rows[0]), int(rows[-1]) + 1), slice(int(cols[0]), int(cols[-1]) + 1)
