"""The three verbs: trace with the method's schedule, refine what is there, add paths."""
from __future__ import annotations

import numpy as np

from editor.document import Origin
from editor.engine import edits as ed
from editor.engine.run_modes import AddPaths, Refine, Trace
from editor.engine.session import Session
from editor.engine.snapshot import RunState
from editor.registry.loading import load_method
from tests.engine.test_session import GrowMethod, doc_with_shapes, synthetic_target

LAYERWISE = {"num_paths": 4, "schedule": "fixed", "paths_per_stage": 2, "max_steps": 20,
             "min_steps": 0, "final_steps": 10, "udf": False}


def _points(session: Session) -> dict[str, np.ndarray]:
    return {sid: state.points for sid, state in session.snapshot().shapes.items()}


def test_trace_marks_the_shapes_it_places():
    doc, ids = doc_with_shapes()
    session = Session(synthetic_target(), GrowMethod(stages=2, steps=5), doc, device="cpu",
                      mode=Trace())
    assert session.run() == RunState.FINISHED
    result = session.document()
    assert len(result.all_shapes()) == 5
    assert [s.origin == Origin.OPTIMIZER for s in result.all_shapes()] == [False] * 3 + [True] * 2


def test_refine_optimizes_every_unlocked_shape_and_adds_none():
    doc, ids = doc_with_shapes()
    doc.layers[0].shapes[2].locked = True
    session = Session(synthetic_target(), load_method("layerwise", **LAYERWISE), doc,
                      device="cpu", mode=Refine(steps=40))
    before = _points(session)
    fills = {sid: state.fill for sid, state in session.snapshot().shapes.items()}
    first = None

    def on_snapshot(snap) -> None:
        nonlocal first
        first = snap.psnr if first is None else first

    assert session.run(on_snapshot=on_snapshot) == RunState.FINISHED
    after = _points(session)
    assert [s.id for s in session.document().all_shapes()] == ids  # none added
    now = session.snapshot().shapes
    assert not np.array_equal(after[ids[0]], before[ids[0]])
    assert now[ids[1]].fill != fills[ids[1]]
    assert np.array_equal(after[ids[2]], before[ids[2]])  # locked
    assert now[ids[2]].fill == fills[ids[2]]
    assert session.snapshot().psnr > first
    assert 0 < session.snapshot().step <= 40


def test_refine_a_selection_holds_the_others_still():
    doc, ids = doc_with_shapes()
    session = Session(synthetic_target(), GrowMethod(), doc, device="cpu",
                      mode=Refine(frozenset({ids[0]}), steps=15))
    before = _points(session)
    session.run()
    after = _points(session)
    assert not np.array_equal(after[ids[0]], before[ids[0]])
    for other in (ids[1], ids[2]):
        assert np.array_equal(after[other], before[other])
    assert len(session.document().all_shapes()) == 3


def test_refine_with_nothing_to_refine_finishes_at_once():
    doc, _ = doc_with_shapes()
    doc.layers[0].locked = True
    session = Session(synthetic_target(), GrowMethod(), doc, device="cpu", mode=Refine())
    assert session.run() == RunState.FINISHED
    assert session.snapshot().step == 0


def test_a_shape_drawn_during_a_refinement_is_refined_too():
    doc, ids = doc_with_shapes()
    session = Session(synthetic_target(), GrowMethod(), doc, device="cpu",
                      mode=Refine(frozenset({ids[0]}), steps=5))
    drawn = doc.layers[0].shapes[1].copy()
    drawn.id = "drawn"
    for _ in range(6):  # past the refinement's own stage
        session.step()
    session.submit(ed.AddShapeEdit(drawn, doc.layers[0].id))
    before = drawn.points.copy()
    session.run()
    assert not np.array_equal(_points(session)["drawn"], before)


def test_add_paths_places_exactly_that_many_and_keeps_the_rest():
    doc, ids = doc_with_shapes()
    session = Session(synthetic_target(), load_method("layerwise", **LAYERWISE), doc,
                      device="cpu", mode=AddPaths(2, steps=10))
    before = _points(session)
    assert session.run() == RunState.FINISHED
    result = session.document()
    assert [la.name for la in result.layers] == ["base", "Added"]
    added = result.layers[1].shapes
    assert len(added) == 2 and all(s.origin == Origin.OPTIMIZER for s in added)
    after = _points(session)
    for shape_id in ids:  # earlier shapes are frozen while the new ones find their place
        assert np.array_equal(after[shape_id], before[shape_id])
