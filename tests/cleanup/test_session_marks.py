"""The session marks what the optimizer made: its shapes as the optimizer's (so clean-up may
change them) and its layers by depth; a designer's shape added mid-trace stays the designer's."""
from __future__ import annotations

import numpy as np
import pytest

from editor.document import Origin, Shape, SolidFill, circle_points
from editor.engine import edits as ed
from editor.methods import Method, PlacementContext, Stage, TraceState

torch = pytest.importorskip("torch")


class ThreeStages(Method):
    """A circle per stage, three stages of one step: only the bookkeeping is under test."""

    name = "three-stages"
    display_name = "Three stages"
    description = "test method"

    def next_stage(self, state: TraceState) -> Stage | None:
        if state.stage_index >= 3:
            return None
        return Stage(add=1, max_steps=1, min_steps=1, patience=1)

    def place(self, ctx: PlacementContext, count: int) -> list[Shape]:
        return [Shape(circle_points(10, 10, 4), fill=SolidFill((1.0, 0.84, 0.0, 1.0))) for _ in range(count)]


def test_trace_layers_are_named_by_depth_and_its_shapes_marked_as_the_optimizers() -> None:
    from editor.engine.session import Session

    session = Session(np.ones((20, 20, 3), np.float32), ThreeStages(), device="cpu")
    drawn = Shape(circle_points(5, 5, 2), fill=SolidFill((0.0, 0.0, 0.0, 1.0)))
    session.step()
    session.submit(ed.AddShapeEdit(drawn, None, None))
    session.run()
    doc = session.document()
    assert [layer.name for layer in doc.layers] == ["Base", "Shapes", "Details 1"]
    origins = {s.id: s.origin for s in doc.all_shapes()}
    assert origins.pop(drawn.id) == Origin.DESIGNER
    assert set(origins.values()) == {Origin.OPTIMIZER} and len(origins) == 3
