"""Refining a designer's own shapes against an image: one stage that optimizes every
given shape (geometry and fill, gradients included) and adds none."""
from __future__ import annotations

import numpy as np

from editor.document import Document, Shape
from editor.methods import (
    LearningRates,
    Method,
    ParamSpec,
    PlacementContext,
    Stage,
    TraceState,
)

FINAL_RATE = 0.1  # the step size decays linearly to this factor: the last steps settle


class RefineMethod(Method):
    name = "refine"
    display_name = "Refine given shapes"
    description = "Optimizes the shapes already in the document against the image; adds none."
    params = (
        ParamSpec("steps", "int", 200, "optimizer steps", minimum=1, maximum=10000),
        ParamSpec("point_lr", "float", 0.5, "step size of control points (px)",
                  minimum=0.0, maximum=100.0),
        ParamSpec("color_lr", "float", 0.01, "step size of colours", minimum=0.0, maximum=1.0),
    )

    def __init__(self, **values: object) -> None:
        super().__init__(**values)
        self._stage: Stage | None = None

    def next_stage(self, state: TraceState) -> Stage | None:
        if self._stage is not None:
            return None
        steps = self.values["steps"]
        rates = LearningRates(points=self.values["point_lr"], color=self.values["color_lr"],
                              paint=self.values["point_lr"], stroke_width=0.0)
        # min_steps = max_steps: no early stop, so a seed gives the same result every time.
        self._stage = Stage(add=0, max_steps=steps, min_steps=steps, rates=rates,
                            older_rate_scale=1.0, layer_name="")
        return self._stage

    def place(self, ctx: PlacementContext, count: int) -> list[Shape]:
        return []

    def lr_scale(self, stage: Stage, step: int) -> float:
        return 1.0 - (1.0 - FINAL_RATE) * min(step / max(stage.max_steps, 1), 1.0)


def refine_document(
    target: np.ndarray, document: Document, steps: int, seed: int = 0
) -> Document:
    """`document`'s shapes optimized toward `target` ((H, W, 3) RGB, the document's size)."""
    import torch

    from editor.engine.session import Session

    torch.manual_seed(seed)
    # The designer's shapes, every one of them: none is removed, hidden or not.
    session = Session(target, RefineMethod(steps=steps), document, seed=seed, hidden=None)
    session.run()
    return session.document()
