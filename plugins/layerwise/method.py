"""LIVE's layer-wise loop as a Layertrace method: each stage adds a few closed paths where
the error is largest, in a new layer, and optimizes them; a final stage optimizes all paths.

Choices measured on the public development set (40 emoji, 256 px; the defaults are in manifest.toml):
earlier stages are frozen (the session caches their pixels, so a stage costs only its new
paths) and one joint final stage recovers what freezing loses; 8 segments per path and
circles sized to their error region beat LIVE's 4 segments and 5 px circles; LIVE's UDF
loss, with the distance computed once per stage, cost 0.2–0.4 dB, so it is optional.
"""
from __future__ import annotations

import math

import numpy as np
import torch

from editor.methods import (
    ErrorRegion,
    Method,
    PlacementContext,
    Shape,
    SolidFill,
    Stage,
    StageContext,
    StepContext,
    TraceState,
    circle_points,
    error_regions,
    mse_rgb,
    outline_distance,
    staging,
    target_color,
    udf_weights,
    weighted_mse,
    xing_loss,
)

INITIAL_RADIUS = 5.0  # px, as in LIVE


class LayerwiseMethod(Method):
    """Its parameters (`self.values`) are declared in manifest.toml."""

    def __init__(self, **values: object) -> None:
        super().__init__(**values)
        self._plan = staging.StagePlan.from_schedule(self.values)
        self._udf_map: np.ndarray | None = None  # LIVE's weight map, carried across stages
        self._weights: torch.Tensor | None = None  # the running stage's loss weights

    # ------------------------------------------------------------------ schedule
    def next_stage(self, state: TraceState) -> Stage | None:
        return self._plan.next_stage(state)

    def lr_scale(self, stage: Stage, step: int) -> float:
        return self._plan.lr_scale(stage, step)

    # ------------------------------------------------------------------ placement
    def place(self, ctx: PlacementContext, count: int) -> list[Shape]:
        """Circles at the largest error regions, filled with the target colour there."""
        height, width = ctx.error.shape
        regions = error_regions(ctx.error, count)
        while len(regions) < count:  # the image is close everywhere: random spots
            row, col = int(ctx.rng.integers(height)), int(ctx.rng.integers(width))
            regions.append(ErrorRegion(row, col, 0))
        shapes = []
        for region in regions:
            # Sized to its region, not LIVE's 5 px: a similar mean, a better worst case.
            equivalent = math.sqrt(region.area / math.pi)
            radius = max(INITIAL_RADIUS, self.values["init_scale"] * equivalent)
            color = target_color(ctx.target[region.row, region.col])
            center = (region.col + 0.5, region.row + 0.5)
            points = circle_points(*center, radius, self.values["segments"])
            shapes.append(Shape(points, fill=SolidFill(color)))
        return shapes

    # ------------------------------------------------------------------ losses
    def on_stage_start(self, ctx: StageContext) -> None:
        self._weights = None  # a stage without new paths (the final one) uses plain MSE
        if self.values["udf"] and ctx.new_shapes:
            self._add_outlines(ctx)

    def on_shapes_added(self, ctx: StageContext) -> None:
        if self.values["udf"] and ctx.new_shapes:
            self._add_outlines(ctx)

    def _add_outlines(self, ctx: StageContext) -> None:
        """Fold the new paths' outline distance into the weight map: one distance
        transform per stage (or per addition), not per step."""
        height, width = ctx.target.shape[:2]
        distance = outline_distance(ctx.new_shapes, height, width)
        self._udf_map = udf_weights(distance, self.values["udf_tau"], self._udf_map)
        floor = self.values["udf_floor"]
        self._weights = torch.from_numpy(floor + (1.0 - floor) * self._udf_map).to(ctx.device)

    def loss(self, ctx: StepContext) -> torch.Tensor:
        if self._weights is None:
            loss = 3.0 * mse_rgb(ctx.render, ctx.target)  # same scale as the weighted sum
        else:
            loss = weighted_mse(ctx.render, ctx.target, self._weights)
        if self.values["xing_weight"] > 0 and ctx.stage_shapes:
            loss = loss + self.values["xing_weight"] * xing_loss(ctx.stage_shapes)
        return loss
