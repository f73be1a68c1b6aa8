"""The stage plumbing that progressive methods share, after LIVE: scheduled stages that each
add shapes (earlier ones frozen or slowed), one joint final stage, then a stage for shapes
the designer adds after the schedule, each with a linear learning-rate decay.

`StagePlan` reads the parameters named below from a method's validated values; a method
declares them in its manifest.toml (the bundled plug-ins show their names, types and ranges).
Early stopping itself is `Method.is_stage_done`, driven by the `min_steps` and `patience` that
`StagePlan` puts into every stage.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from editor.methods.base import LearningRates, Stage, TraceState
from editor.methods.schedule import (
    FINAL_LR_FACTOR,
    linear_decay,
    stage_sizes,
)


class StagePlan:
    """Hands out a method's stages from its validated parameter values.

    Required: `max_steps`, `min_steps`, `patience`, `final_steps`, `point_lr`, `color_lr`.
    Optional, with the behaviour of a method that lacks them: `gradient_lr` (gradient
    handles move like points), `older_rate` (earlier stages frozen) and `final_lr` (the
    final stage decays like the others, to LIVE's factor).
    """

    def __init__(self, values: Mapping[str, Any], sizes: Sequence[int] = ()) -> None:
        """`sizes`: shapes each scheduled stage adds, for `next_stage`; a method that sizes
        its stages as it goes calls `stage` and `after_schedule` itself."""
        rates = LearningRates(points=values["point_lr"], color=values["color_lr"],
                              paint=values.get("gradient_lr", values["point_lr"]))
        self._common: dict[str, Any] = {
            "min_steps": values["min_steps"], "patience": values["patience"], "rates": rates,
        }
        self._max_steps: int = values["max_steps"]
        self._final_steps: int = values["final_steps"]
        self._older_rate: float = values.get("older_rate", 0.0)
        self._final_lr: float = values.get("final_lr", FINAL_LR_FACTOR)
        self._sizes = list(sizes)
        self._planned = 0  # scheduled stages handed out so far
        self._final: Stage | None = None  # the joint final stage, once handed out

    @classmethod
    def from_schedule(cls, values: Mapping[str, Any]) -> StagePlan:
        """Scheduled stages sized by `schedule_params` and `num_paths`."""
        sizes = stage_sizes(values["num_paths"], values["schedule"], values["paths_per_stage"])
        return cls(values, sizes)

    def next_stage(self, state: TraceState) -> Stage | None:
        """The next scheduled stage, then `after_schedule`."""
        if self._planned < len(self._sizes):
            self._planned += 1
            return self.stage(self._sizes[self._planned - 1])
        return self.after_schedule(state)

    def stage(self, add: int, layer_name: str = "") -> Stage:
        """A stage that optimizes its own shapes, earlier ones at `older_rate`."""
        return Stage(add=add, max_steps=self._max_steps, older_rate_scale=self._older_rate,
                     layer_name=layer_name, **self._common)

    def after_schedule(self, state: TraceState) -> Stage | None:
        """The joint final stage once (unless `final_steps` is 0), then a stage whenever the
        designer has added shapes, else None: the method is done."""
        if self._final is None and self._final_steps > 0:
            self._final = Stage(add=0, max_steps=self._final_steps, older_rate_scale=1.0,
                                **self._common)
            return self._final
        if state.pending_shapes > 0:
            return self.stage(0)
        return None

    def lr_scale(self, stage: Stage, step: int) -> float:
        """Linear decay over the stage, to `final_lr` in the final stage."""
        final = self._final_lr if stage is self._final else FINAL_LR_FACTOR
        return linear_decay(step, stage.max_steps, final)
