"""The protocol between the optimization session and a vectorization method.

The session owns the tensors, the optimizer and the user's edits; a method decides the
schedule (`next_stage`), where new shapes go (`place`), what is minimised (`loss`), how the
learning rate evolves within a stage (`lr_scale`) and when a stage is over
(`is_stage_done`). One session step is:

    stage start:  stage = method.next_stage(state)      # None: the method is finished
                  shapes = method.place(placement, stage.add)   # into a new layer
                  method.on_stage_start(stage_context)
    every step:   render → loss = method.loss(step_context) → backward → Adam step → clamp
                  method.is_stage_done(progress) ends the stage
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
import torch

from editor.document import Shape
from editor.registry.params import ParamSpec, validate_params
from editor.render.scene import RenderShape


@dataclass(frozen=True)
class LearningRates:
    """Adam step sizes per kind of parameter (geometry in pixels, colours in [0, 1] units)."""

    points: float = 1.0
    color: float = 0.01
    paint: float = 1.0  # gradient start/end/centre/radius
    stroke_width: float = 0.1


@dataclass(frozen=True)
class Stage:
    """One stage of a method's schedule.

    The session places `add` shapes (via `Method.place`) in a new layer called `layer_name`,
    then optimizes until `Method.is_stage_done`. Shapes from earlier stages train at
    `rates × older_rate_scale`; 0 freezes them, which lets the session cache their pixels.
    """

    add: int
    max_steps: int
    min_steps: int = 0
    patience: int = 25  # steps without a relative improvement of `tolerance` that end the stage
    tolerance: float = 1e-3
    rates: LearningRates = field(default_factory=LearningRates)
    older_rate_scale: float = 0.0
    layer_name: str = ""


@dataclass(frozen=True)
class TraceState:
    """What a method needs to plan the next stage."""

    stage_index: int  # index the next stage will have (0 for the first)
    num_shapes: int  # shapes drawn in the document now
    pending_shapes: int  # shapes added by edits since the last stage, not yet optimized


@dataclass
class PlacementContext:
    """The current state of the image, on the CPU as numpy arrays (H, W, ...)."""

    target: np.ndarray  # (H, W, C) in [0, 1]: C = 3 over an opaque background, else 4 (see Session)
    render: np.ndarray  # (H, W, C) current composite, in the target's form
    error: np.ndarray  # (H, W) per-pixel Σ_c (render − target)²
    rng: np.random.Generator  # seeded by the session: placement stays deterministic
    painted: np.ndarray  # (H, W) alpha of the shapes so far, the background left out


@dataclass
class StageContext:
    """Given to `on_stage_start` / `on_shapes_added` once the stage's shapes exist."""

    index: int
    stage: Stage
    target: torch.Tensor  # (H, W, C) on the session's device, as PlacementContext.target
    new_shapes: list[RenderShape]  # the shapes this call is about, in render form
    device: torch.device


@dataclass
class StepContext:
    """Given to `loss` at every step."""

    stage_index: int
    step: int  # step within the stage, from 0
    render: torch.Tensor  # (H, W, 4) premultiplied composite, differentiable
    target: torch.Tensor  # (H, W, C), as PlacementContext.target
    stage_shapes: list[RenderShape]  # the stage's own trainable shapes (placed or added)


@dataclass
class StageProgress:
    """Loss history of the running stage, for `is_stage_done`."""

    stage: Stage
    steps: int = 0
    best_loss: float = float("inf")
    best_step: int = 0

    def record(self, loss: float) -> None:
        if loss < self.best_loss * (1.0 - self.stage.tolerance):
            self.best_loss, self.best_step = loss, self.steps
        self.steps += 1


def mse_rgb(render: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """Mean squared error over the target's channels: RGB when the render is over an opaque
    background, premultiplied RGBA when the target has transparency (so paint where the
    source is transparent costs as much as a wrong colour)."""
    return (render[..., : target.shape[-1]] - target).square().mean()



class Method(ABC):
    """A vectorization method. Subclasses implement the abstract methods; `params` is the
    schema of the keyword arguments of `__init__`. What the method is called and how it is
    described live in its manifest.toml only."""

    params: ClassVar[tuple[ParamSpec, ...]] = ()

    def __init__(self, **values: Any) -> None:
        self.values: dict[str, Any] = validate_params(self.params, values)

    @abstractmethod
    def next_stage(self, state: TraceState) -> Stage | None:
        """The next stage of the schedule, or None when the method has nothing left to do."""

    @abstractmethod
    def place(self, ctx: PlacementContext, count: int) -> list[Shape]:
        """`count` new shapes (document form, user units = pixels) where they help most."""

    def on_stage_start(self, ctx: StageContext) -> None:
        """Precompute per-stage data (e.g. loss weights) once the stage's shapes exist."""

    def on_shapes_added(self, ctx: StageContext) -> None:
        """Shapes joined the running stage (user edits); `ctx.new_shapes` are only those."""

    def loss(self, ctx: StepContext) -> torch.Tensor:
        """The scalar to minimise; plain RGB MSE unless a method knows better."""
        return mse_rgb(ctx.render, ctx.target)

    def lr_scale(self, stage: Stage, step: int) -> float:
        """Factor applied to the stage's learning rates at `step` (decay schedules)."""
        return 1.0

    def is_stage_done(self, progress: StageProgress) -> bool:
        """Early stop once the loss stops improving, within [min_steps, max_steps]."""
        stage = progress.stage
        if progress.steps >= stage.max_steps:
            return True
        stalled = progress.steps - progress.best_step > stage.patience
        return progress.steps >= stage.min_steps and stalled
