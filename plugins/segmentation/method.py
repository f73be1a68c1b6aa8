"""SGLIVE's loop as a Layertrace method: each stage segments the residual, adds one circle
with a radial gradient per worst region, in a new layer, and optimizes them with a loss that
focuses on their own regions.

Defaults measured on 4 images of the gradient set (noto grinning-face, heart-eyes,
partying-face, butterfly; 32 paths, 256 px, one CPU thread, mean PSNR of the session):
short stages and a long joint final stage (50 / 250 steps: 31.8 dB, against 29.2 dB for
80 / 60); circles at 0.6 of the region's equivalent radius (with 8 segments: 37.0 dB; 0.8:
33.4, 1.0: 35.4). A gradient rate of 1 px beat 0.5 and 2; decaying the final stage to 0.05
(as the layer-wise method does) did not help.

New paths are SGLIVE's 4-segment circles by default. On all 12 gradient images (32 paths):
4 segments 36.2 dB, 18.2 KB of SVG; 8 segments 37.5 dB, 23.4 KB — `segments` trades size
for the last dB.
"""
from __future__ import annotations

import numpy as np
import torch

from editor.methods import (
    GradientStop,
    Method,
    PlacementContext,
    RadialGradient,
    Shape,
    Stage,
    StageContext,
    StepContext,
    TraceState,
    circle_points,
    error_region_seeds,
    mse_rgb,
    outline_distance,
    region_role,
    staging,
    target_color,
    udf_weights,
    weighted_mse,
    xing_loss,
)

from .regions import Region, ranked_regions, region_gradient

MIN_CIRCLE_RADIUS = 2.0  # px
FALLBACK_RADIUS = 5.0  # px: LIVE's circle, where no region is left to follow


class SegmentationMethod(Method):
    """Its parameters (`self.values`) are declared in manifest.toml."""

    def __init__(self, **values: object) -> None:
        super().__init__(**values)
        self._plan = staging.StagePlan.from_schedule(self.values)
        self._placed_masks: list[np.ndarray] = []  # source regions of shapes not yet started
        self._focus: np.ndarray | None = None  # (H, W) in [0, 1]: the running stage's focus
        self._weights: torch.Tensor | None = None

    # ------------------------------------------------------------------ schedule
    def next_stage(self, state: TraceState) -> Stage | None:
        return self._plan.next_stage(state)

    def lr_scale(self, stage: Stage, step: int) -> float:
        return self._plan.lr_scale(stage, step)

    # ------------------------------------------------------------------ placement
    def place(self, ctx: PlacementContext, count: int) -> list[Shape]:
        """One circle per worst residual region, with the region's radial gradient; LIVE's
        component-wise seeds (then random spots) once no region is left."""
        regions = ranked_regions(ctx.render, ctx.target, count)
        shapes = [self._region_shape(region, ctx) for region in regions]
        self._placed_masks += [region.mask for region in regions]
        if len(shapes) < count:
            height, width = ctx.error.shape
            seeds = error_region_seeds(ctx.error, count - len(shapes))
            while len(seeds) < count - len(shapes):
                seeds.append((int(ctx.rng.integers(height)), int(ctx.rng.integers(width))))
            shapes += [_seed_shape(row, col, ctx.target, self.values["segments"]) for row, col in seeds]
        return shapes

    def _region_shape(self, region: Region, ctx: PlacementContext) -> Shape:
        row, col = region.seed
        radius = max(MIN_CIRCLE_RADIUS, self.values["circle_scale"] * np.sqrt(region.area / np.pi))
        points = circle_points(col + 0.5, row + 0.5, radius, self.values["segments"])
        return Shape(points, fill=region_gradient(region, ctx.target), role=region_role(region.core, ctx))

    # ------------------------------------------------------------------ losses
    def on_stage_start(self, ctx: StageContext) -> None:
        self._focus, self._weights = None, None
        self._add_focus(ctx)

    def on_shapes_added(self, ctx: StageContext) -> None:
        self._add_focus(ctx)

    def _add_focus(self, ctx: StageContext) -> None:
        """Weights for the new shapes: LIVE's distance weight around their outlines plus, as
        SGLIVE extends it, the whole region each was placed for (where it should grow)."""
        masks, self._placed_masks = self._placed_masks, []
        if not ctx.new_shapes:
            return
        v = self.values
        height, width = ctx.target.shape[:2]
        focus = udf_weights(outline_distance(ctx.new_shapes, height, width), v["udf_tau"], self._focus)
        if v["segment_loss"]:
            for mask in masks:
                focus[mask] = 1.0
        self._focus = focus
        floor = v["loss_floor"]
        self._weights = torch.from_numpy(floor + (1.0 - floor) * focus).to(ctx.device)

    def loss(self, ctx: StepContext) -> torch.Tensor:
        if self._weights is None:
            loss = mse_rgb(ctx.render, ctx.target) * 3.0
        else:
            loss = weighted_mse(ctx.render, ctx.target, self._weights)
        if self.values["xing_weight"] > 0 and ctx.stage_shapes:
            loss = loss + self.values["xing_weight"] * xing_loss(ctx.stage_shapes)
        return loss


def _seed_shape(row: int, col: int, target: np.ndarray, segments: int = 4) -> Shape:
    """LIVE's small circle, with a radial gradient of the target colour there."""
    color = target_color(target[row, col])
    fill = RadialGradient((col + 0.5, row + 0.5), (FALLBACK_RADIUS, FALLBACK_RADIUS),
                          [GradientStop(0.0, color), GradientStop(1.0, color)])
    return Shape(circle_points(col + 0.5, row + 0.5, FALLBACK_RADIUS, segments), fill=fill)
