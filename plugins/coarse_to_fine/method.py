"""Coarse-to-fine layered vectorization as a Layertrace method (after "Layered vectorization
via semantic simplification", with classical simplification instead of diffusion and SAM).

The image is simplified at several levels (hierarchy.py). The coarsest level is traced into
the bottom layer, then each finer level adds a detail layer on top: one shape per region
that the layers below still get wrong, started on the region's outline with the fill fitted
to it, and optimized against that level's simplified image — so a shape stays on its region
instead of spreading to wherever the error is. A last stage fits all shapes to the real
image. `detail` keeps only the first levels (fewer, coarser layers).
"""
from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch
from scipy import ndimage

from editor.methods import (
    Fill,
    FitKind,
    Method,
    PlacementContext,
    Shape,
    Stage,
    StageContext,
    StepContext,
    TraceState,
    mse_rgb,
    region_role,
    reversed_contour,
    signed_area,
    staging,
    xing_loss,
)

from .hierarchy import Level, build_levels, fill_pixels
from .outline import hole_outlines, mask_outline

THRESHOLD_RATIO = 0.5  # each finer level merges up to half the colour distance of the last
# Mean squared error (per pixel, Σ_c) below which a region needs no shape of its own: low for
# a region new at its level, higher for one a shape below already paints (its fill was fitted
# to a larger region, so it differs a little everywhere without looking wrong).
MIN_MEAN_ERROR = 2e-3
COVERED_MEAN_ERROR = 1e-2
_FILL_KINDS: dict[str, tuple[FitKind, ...]] = {
    "auto": ("solid", "linear", "radial"),
    "solid": ("solid",),
    "linear": ("linear",),
    "radial": ("radial",),
}


class CoarseToFineMethod(Method):
    """Its parameters (`self.values`) are declared in manifest.toml."""

    def __init__(self, **values: object) -> None:
        super().__init__(**values)
        self._kept = min(self.values["detail"], self.values["levels"])
        self._stage_level: list[int] = []  # level of every stage handed out (-1: final)
        self._levels: list[Level] | None = None  # built from the target at the first placement
        self._simplified: dict[int, torch.Tensor] = {}
        self._placed = 0
        self._plan = staging.StagePlan(self.values)
        self._traced: dict[int, set[int]] = {}  # level → regions that got a shape
        self._loss_target: torch.Tensor | None = None

    @property
    def thresholds(self) -> list[float]:
        """Merge thresholds coarse → fine."""
        coarsest = self.values["coarsest_threshold"]
        return [coarsest * THRESHOLD_RATIO**k for k in range(self.values["levels"])]

    # ------------------------------------------------------------------ schedule
    def next_stage(self, state: TraceState) -> Stage | None:
        level = sum(1 for index in self._stage_level if index >= 0)
        remaining = self.values["num_paths"] - self._placed
        if level < self._kept and remaining > 0:
            self._stage_level.append(level)
            # Rounded up: paths a coarse level leaves unused (it has few regions) go to finer ones.
            share = -(-remaining // (self._kept - level))
            return self._plan.stage(share, "Base" if level == 0 else f"Detail {level}")
        stage = self._plan.after_schedule(state)
        if stage is not None:  # the final stage and edits work at the finest kept level
            self._stage_level.append(-1)
        return stage

    def lr_scale(self, stage: Stage, step: int) -> float:
        return self._plan.lr_scale(stage, step)

    # ------------------------------------------------------------------ placement
    def place(self, ctx: PlacementContext, count: int) -> list[Shape]:
        """Shapes for the `count` regions of the current level that the render gets most
        wrong, bottom first by filled area (enclosing regions under enclosed ones). A region's
        shape gets a hole where the region has one that no shape on top will repaint (see
        `cut_holes`); a region whose shape would still spoil more inside its remaining holes
        than it fixes is passed over."""
        index = self._current_level()
        level = self._hierarchy(ctx.target)[index]
        goal = self._simplified_image(index, ctx.target)
        error = np.square(ctx.render - goal).sum(axis=-1)
        regions = np.arange(1, level.count + 1)
        areas = ndimage.sum_labels(np.ones_like(error), level.labels, regions)
        sums = ndimage.sum_labels(error, level.labels, regions)
        covered = np.isin(regions, list(self._covered(index)))
        limit = np.where(covered, COVERED_MEAN_ERROR, MIN_MEAN_ERROR) * areas
        wanted = (areas >= self.values["min_region"]) & (sums >= limit)
        candidates = [int(i) + 1 for i in np.argsort(-sums, kind="stable") if wanted[i]]
        # What this stage means to paint: holes over these get their own shapes on top.
        painted = np.isin(level.labels, candidates[:count])
        kinds = _FILL_KINDS[self.values["fill"]]
        shapes: list[tuple[float, Shape]] = []
        for region in candidates:
            if len(shapes) == count:
                break
            mask = level.labels == region
            fill = level.fit(region, ctx.target, kinds).fill

            def harmed(part: np.ndarray, fill: Fill = fill) -> bool:
                return cover_damage(part, fill, error, goal) > 0

            cut = cut_holes(mask, painted, level.labels, self.values["min_region"], harmed)
            if hole_damage(mask, painted | cut, fill, error, goal) >= sums[region - 1] - limit[region - 1]:
                continue
            points = mask_outline(mask, self.values["segment_length"], self.values["max_segments"])
            if points is not None:
                holes = [h if signed_area(h) * signed_area(points) < 0 else reversed_contour(h)
                         for h in hole_outlines(cut, self.values["segment_length"], self.values["max_segments"])]
                shape = Shape(points, fill=fill, subpaths=holes, role=region_role(mask & ~cut, ctx))
                shapes.append((_enclosed_area(points), shape))
                self._traced.setdefault(index, set()).add(region)
        shapes.sort(key=lambda item: -item[0])
        self._placed += len(shapes)
        return [shape for _, shape in shapes]

    def _covered(self, index: int) -> set[int]:
        """Regions of level `index` that a shape already paints: those traced at this level,
        and the largest part of every covered region of the level above (the layered
        reading: a shape stands for its region's main part, details go on top of it)."""
        covered = set(self._traced.get(index, ()))
        if index > 0 and self._levels is not None:
            labels, parents = self._levels[index].labels, self._levels[index - 1].labels
            for parent in self._covered(index - 1):
                parts, counts = np.unique(labels[parents == parent], return_counts=True)
                covered.add(int(parts[counts.argmax()]))
        return covered

    def _current_level(self) -> int:
        """The running stage's level; the finest kept one for the final stage and edits."""
        level = self._stage_level[-1] if self._stage_level else 0
        return self._kept - 1 if level < 0 else level

    def _hierarchy(self, target: np.ndarray) -> list[Level]:
        if self._levels is None:
            v = self.values
            # All levels, even those `detail` leaves out: the kept ones stay the same
            # whatever the detail setting, since each level is merged from the finer one.
            self._levels = build_levels(target, self.thresholds, v["superpixel_scale"], v["min_region"])
        return self._levels

    def _simplified_image(self, index: int, target: np.ndarray) -> np.ndarray:
        if index not in self._simplified:
            image = self._hierarchy(target)[index].simplified(target, _FILL_KINDS[self.values["fill"]])
            self._simplified[index] = torch.from_numpy(image)
        return self._simplified[index].numpy()

    # ------------------------------------------------------------------ losses
    def on_stage_start(self, ctx: StageContext) -> None:
        """Each level's shapes fit that level's simplified image; the final stage the image."""
        level = self._stage_level[-1] if self._stage_level else -1
        if level < 0 or level not in self._simplified:
            self._loss_target = None
        else:
            self._loss_target = self._simplified[level].to(ctx.device)

    def loss(self, ctx: StepContext) -> torch.Tensor:
        goal = ctx.target if self._loss_target is None else self._loss_target
        loss = mse_rgb(ctx.render, goal) * 3.0
        if self.values["xing_weight"] > 0 and ctx.stage_shapes:
            loss = loss + self.values["xing_weight"] * xing_loss(ctx.stage_shapes)
        return loss


def cut_holes(mask: np.ndarray, painted: np.ndarray, labels: np.ndarray, min_area: int,
              harmed: Callable[[np.ndarray], bool]) -> np.ndarray:
    """The pixels of a region's holes that its shape should leave open: every hole part of at
    least `min_area` pixels that filling would harm (`harmed(part)`: e.g. the region's colour
    over the background showing through a ring, or over a finished layer below), less the
    regions lying wholly inside the hole that this stage paints anyway (their shapes go on
    top, and stacking leaves no seam)."""
    filled = ndimage.binary_fill_holes(mask)
    holes = filled & ~mask
    if not holes.any():
        return holes
    enclosed = ~np.isin(labels, np.unique(labels[~filled]))
    parts, count = ndimage.label(holes & ~(painted & enclosed))
    cut = np.zeros_like(holes)
    for k in range(1, count + 1):
        part = parts == k
        if part.sum() >= min_area and harmed(part):
            cut |= part
    return cut


def hole_damage(
    mask: np.ndarray, painted: np.ndarray, fill: Fill, error: np.ndarray, goal: np.ndarray
) -> float:
    """How much worse the image gets where a region's shape covers its holes: a path has no
    holes, so a ring-shaped region's shape paints over what lies inside it — harmless where
    this stage paints that too, ruinous over a finished layer below (a dark wing border
    drawn filled hides the wing)."""
    return cover_damage(ndimage.binary_fill_holes(mask) & ~mask & ~painted, fill, error, goal)


def cover_damage(pixels: np.ndarray, fill: Fill, error: np.ndarray, goal: np.ndarray) -> float:
    """How much worse the image gets where `fill` paints over `pixels` (a mask)."""
    if not pixels.any():
        return 0.0
    rows, cols = np.nonzero(pixels)
    color = fill_pixels(fill, rows, cols, goal.shape[-1])
    return float(np.square(color - goal[rows, cols]).sum() - error[rows, cols].sum())


def _enclosed_area(points: np.ndarray) -> float:
    """Area inside the path's on-curve points (shoelace): a region with holes counts them,
    so an enclosing shape sorts below the shapes inside it."""
    x, y = points[::3, 0], points[::3, 1]
    return 0.5 * abs(float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))))
