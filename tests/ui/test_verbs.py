"""The optimizer's verbs in the window: Trace (again), Refine, Add paths."""
from __future__ import annotations

import numpy as np

from editor.document import Document, Layer, Origin, Shape, SolidFill, circle_points, rect_points
from editor.engine.snapshot import RunState
from editor.ui import commands as cmd
from tests.ui.helpers import FAST_PARAMS, drag

# A short trace that finishes by itself: 3 paths, then a short joint stage.
SHORT = {**FAST_PARAMS, "max_steps": 15, "min_steps": 0, "final_steps": 5}


def _settle(window, qtbot, timeout: int = 300_000) -> None:
    """Wait until the session in flight has finished by itself."""
    qtbot.waitUntil(lambda: window.runner.state == RunState.FINISHED, timeout=timeout)


def _use(window, params: dict) -> None:
    """The method and its parameters, on a small working canvas (fast on a busy machine)."""
    window.optimize.working_size.setValue(64)
    assert window.optimize.select_method("layerwise")
    for name, value in params.items():
        window.optimize.form.set_value(name, value)


def _designed(window) -> list[Shape]:
    """Three shapes as an imported SVG brings them, over the test image."""
    shapes = [Shape(circle_points(16, 16, 8), fill=SolidFill((0.5, 0.5, 0.5, 1.0)), name="disc"),
              Shape(rect_points(27, 25, 18, 18), fill=SolidFill((0.5, 0.5, 0.5, 1.0)), name="box"),
              Shape(circle_points(40, 8, 4), fill=SolidFill((0.8, 0.8, 0.8, 1.0)), name="dot")]
    window.ctl.reset(Document(48, 48, layers=[Layer(name="Design", shapes=shapes)]),
                     window.ctl.source)
    return shapes


def test_refine_adds_no_shapes(window, image_path, qtbot):
    window.files.open_path(image_path)
    shapes = _designed(window)
    before = [s.points.copy() for s in shapes]
    _use(window, FAST_PARAMS)  # a trace would add paths: a refinement must not
    assert window.optimize.refine.isEnabled()
    window.optimize.refine.click()
    _settle(window, qtbot)
    doc = window.ctl.doc
    assert [s.id for s in doc.all_shapes()] == [s.id for s in shapes]
    assert [la.name for la in doc.layers] == ["Design"]
    assert any(not np.array_equal(s.points, b) for s, b in zip(doc.all_shapes(), before))
    red = doc.all_shapes()[0].fill.color
    assert red[0] > 0.6 > red[1]  # the disc took the red of the image under it


def test_refine_the_selection_only(window, image_path, qtbot):
    window.files.open_path(image_path)
    shapes = _designed(window)
    before = [s.points.copy() for s in shapes]
    _use(window, FAST_PARAMS)
    window.selection.set([shapes[0].id])
    window.refine_action.trigger()
    _settle(window, qtbot)
    now = window.ctl.doc.all_shapes()
    assert not np.array_equal(now[0].points, before[0])
    # held still (up to float32 and the working scale's round trip)
    assert all(np.allclose(s.points, b, atol=1e-3) for s, b in zip(now[1:], before[1:]))


def test_trace_again_keeps_designer_and_locked_shapes_and_does_not_double(window, image_path,
                                                                           qtbot):
    window.files.open_path(image_path)
    _use(window, SHORT)
    assert window.optimize.start.text() == "Trace"
    window.optimize.start.click()
    _settle(window, qtbot)
    first = window.ctl.doc.all_shapes()
    assert len(first) == 3 and all(s.origin == Origin.OPTIMIZER for s in first)
    assert window.optimize.start.text() == "Trace again…"
    ctl = window.ctl
    kept = first[0]
    ctl.push(cmd.SetFlagCommand(ctl, "locked", True, {kept.id: False}))
    drawn = Shape(rect_points(2, 2, 6, 6), fill=SolidFill((0.9, 0.9, 0.9, 1.0)), name="mine")
    ctl.push(cmd.AddShapeCommand(ctl, ctl.doc.layers[0].id, 0, drawn))

    window.dialogs.trace_again = False  # asked, and declined: nothing changes
    window.optimize.start.click()
    assert window.dialogs.asked_trace_again == 1
    assert len(ctl.doc.all_shapes()) == 4 and window.runner.state == RunState.FINISHED

    window.dialogs.trace_again = True
    window.trace_action.trigger()
    assert window.dialogs.asked_trace_again == 2
    ids = {s.id for s in ctl.doc.all_shapes()}
    assert ids == {kept.id, drawn.id}  # the optimizer's unlocked shapes went first
    _settle(window, qtbot)
    shapes = ctl.doc.all_shapes()
    assert len(shapes) == 2 + 3  # kept, drawn and a new trace of 3: not doubled
    assert {kept.id, drawn.id} <= {s.id for s in shapes}
    stack = ctl.undo_stack
    assert stack.text(stack.index() - 1) == "Trace again"


def test_a_shape_drawn_after_finished_is_refined(window, image_path, qtbot):
    window.files.open_path(image_path)
    window.view.zoom_fit()
    _use(window, SHORT)
    window.optimize.start.click()
    _settle(window, qtbot)
    count = len(window.ctl.doc.all_shapes())
    window.set_tool("lasso")
    t = np.linspace(0, 2 * np.pi, 30)
    drag(qtbot, window, [(36 + 6 * np.cos(a), 34 + 6 * np.sin(a)) for a in t])
    drawn = window.ctl.shape(window.selection.ids[0])
    before = drawn.points.copy()
    assert window.runner.state == RunState.RUNNING  # started by itself
    _settle(window, qtbot)
    assert len(window.ctl.doc.all_shapes()) == count + 1  # refined, nothing added
    assert not np.array_equal(window.ctl.shape(drawn.id).points, before)


def test_add_paths_when_idle_adds_exactly_that_many(window, image_path, qtbot):
    window.files.open_path(image_path)
    shapes = _designed(window)
    _use(window, SHORT)
    window.optimize.add_count.setValue(2)
    window.optimize.add_button.click()
    _settle(window, qtbot)
    doc = window.ctl.doc
    assert len(doc.all_shapes()) == len(shapes) + 2
    assert doc.layers[-1].name == "Added" and all(
        s.origin == Origin.OPTIMIZER for s in doc.layers[-1].shapes)
