"""What a session reports: plain numpy/python data, safe to hand to any thread."""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

import numpy as np

from editor.document import RGBA, Fill


class RunState(str, Enum):
    IDLE = "idle"  # not started, or between `run` calls
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"  # the method has no stage left
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class ShapeState:
    """The optimized values of one shape (straight colours, clamped to [0, 1])."""

    points: np.ndarray  # (N, 2) float64, user units
    fill: Fill | None
    stroke: RGBA | None
    stroke_width: float
    subpaths: list[np.ndarray] = field(default_factory=list)  # further contours, like `points`


@dataclass(frozen=True)
class Snapshot:
    """The session after `step` optimizer steps.

    `shapes` holds every shape of the document by id (hidden ones included). When
    `structure_version` differs from the last one seen, shapes or layers were added,
    removed or reordered: fetch `Session.document()` for the new structure.
    """

    step: int
    stage: int  # index of the running (or last) stage, -1 before the first
    stage_step: int
    loss: float
    psnr: float  # dB, RGB against the target
    ms_per_step: float  # moving average over recent steps
    num_shapes: int  # drawn shapes
    num_active: int  # shapes being optimized at this step
    state: RunState
    structure_version: int
    shapes: dict[str, ShapeState]
