"""edits_between: the edits that move a running session from one document state to another."""
from __future__ import annotations

import numpy as np

from editor.document import Document, Layer, Shape, SolidFill, circle_points, rect_points
from editor.engine.session import Session
from editor.methods import Method, PlacementContext, Stage, TraceState
from editor.ui.restore_edits import edits_between


class Idle(Method):
    """Plans nothing: the session only applies edits."""

    name = "idle"
    display_name = "Idle"
    description = "test method"

    def next_stage(self, state: TraceState) -> Stage | None:
        return None

    def place(self, ctx: PlacementContext, count: int) -> list[Shape]:
        return []


def _shape(name: str, x: float, **kw) -> Shape:
    return Shape(circle_points(x, 20, 5), fill=SolidFill((0.5, 0.2, 0.1, 1.0)), name=name, id=name, **kw)


def test_session_reaches_the_target_state():
    current = Document(64, 40, layers=[
        Layer(name="A", id="A", shapes=[_shape("a1", 10), _shape("a2", 20)]),
        Layer(name="B", id="B", shapes=[_shape("b1", 30), _shape("b2", 40)]),
        Layer(name="gone", id="gone", shapes=[_shape("g1", 50)]),
    ])
    target = Document(64, 40, layers=[
        Layer(name="B", id="B", locked=True, shapes=[_shape("a1", 12), _shape("b1", 30)]),
        Layer(name="new", id="new", visible=False, shapes=[_shape("n1", 5)]),
        Layer(name="A", id="A", shapes=[_shape("a2", 20, visible=False)]),
    ])
    target.layers[0].shapes[0].fill = SolidFill((0.0, 0.0, 1.0, 1.0))
    stroked = Shape(rect_points(1, 1, 9, 9), closed=True, stroke=(1, 0, 0, 1), stroke_width=2.0, id="s")
    current.layers[0].shapes.append(stroked.copy())
    stroked.stroke_width = 4.0  # a stroke change: removed and added again
    target.layers[2].shapes.append(stroked)

    session = Session(np.ones((40, 64, 3), np.float32), Idle(), current, device="cpu")
    for edit, _ids in edits_between(current, target):
        session.submit(edit)
    session.step()  # applies the queue; the idle method then has nothing to do
    result = session.document()

    def structure(doc: Document) -> list:
        return [(la.id, la.visible, la.locked, [(s.id, s.visible, s.locked) for s in la.shapes])
                for la in doc.layers]

    assert structure(result) == structure(target)
    for mine, theirs in zip(target.all_shapes(), result.all_shapes()):
        assert np.allclose(mine.points, theirs.points, atol=1e-4)
        assert mine.stroke_width == theirs.stroke_width
        if mine.fill is not None:
            assert np.allclose(mine.fill.color, theirs.fill.color, atol=1e-6)


def test_equal_states_only_pin_positions():
    doc = Document(10, 10, layers=[Layer(name="L", id="L", shapes=[_shape("x", 5)])])
    edits = [type(e).__name__ for e, _ in edits_between(doc, doc.copy())]
    assert edits == ["MoveShapeEdit", "MoveLayerEdit"]
