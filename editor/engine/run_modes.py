"""What a session is asked to do: the designer's three verbs for the optimizer.

    Trace()                 the method's whole schedule (it adds its shapes, stage by stage)
    Refine(shape_ids=None)  optimize the shapes there are, adding none (None: every
                            unlocked shape; else just these, the others held still)
    AddPaths(count)         `count` new shapes where the error is largest, then optimize them

Plain values (no torch): the GUI builds them and the child process receives them pickled.
In every mode, shapes the designer draws while it runs join it, and a stage follows for
those drawn after its own stages ended.
"""
from __future__ import annotations

from dataclasses import dataclass

REFINE_STEPS = 200  # at most; the method's early stopping usually ends a refinement sooner
ADD_PATHS_STEPS = 150


@dataclass(frozen=True)
class Trace:
    pass


@dataclass(frozen=True)
class Refine:
    shape_ids: frozenset[str] | None = None
    steps: int = REFINE_STEPS


@dataclass(frozen=True)
class AddPaths:
    count: int
    steps: int = ADD_PATHS_STEPS
    layer_name: str = "Added"

    def __post_init__(self) -> None:
        if self.count < 1:
            raise ValueError(f"AddPaths needs at least one path, got {self.count}")


RunMode = Trace | Refine | AddPaths
TRACE = Trace()  # the default mode
