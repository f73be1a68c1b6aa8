"""Schedules shared by progressive methods: how many paths each stage adds, and the
learning-rate decay within a stage (LIVE's, re-implemented from the paper's description)."""
from __future__ import annotations

from typing import Literal

ScheduleKind = Literal["exponential", "fixed"]
FINAL_LR_FACTOR = 0.4  # LIVE decays each stage's rates linearly from 1 to this


def stage_sizes(num_paths: int, schedule: ScheduleKind | str, per_stage: int) -> list[int]:
    """Paths added per stage: 1, 1, 2, 4, 8, … ("exponential") or `per_stage` each
    ("fixed"), the last stage trimmed so the total is `num_paths`."""
    sizes: list[int] = []
    while sum(sizes) < num_paths:
        if schedule == "fixed":
            size = per_stage
        else:
            size = 1 if len(sizes) < 2 else 2 * sizes[-1]
        sizes.append(min(size, num_paths - sum(sizes)))
    return sizes


def linear_decay(step: int, max_steps: int, final: float = FINAL_LR_FACTOR) -> float:
    """1 at the first step of a stage, `final` at its last, linear in between."""
    return 1.0 - (1.0 - final) * min(step / max(max_steps, 1), 1.0)
