"""Undo/redo: every designer edit is one history entry that restores the exact state."""
from __future__ import annotations

import numpy as np
import pytest

from editor.document import Document, Layer, Shape, SolidFill, circle_points, rect_points
from editor.document.contours import reversed_contour
from editor.ui import commands as cmd
from tests.ui.helpers import doc_state, drag, start_tracing, wait_steps


def _doc() -> Document:
    def shape(name: str, x: float) -> Shape:
        hole = [reversed_contour(circle_points(x, 20, 2))] if name in "ab" else []  # moved, node-edited
        return Shape(circle_points(x, 20, 6), fill=SolidFill((0.2, 0.4, 0.6, 1.0)), name=name, subpaths=hole)

    return Document(48, 48, layers=[
        Layer(name="Back", shapes=[shape("a", 10), shape("b", 20)]),
        Layer(name="Front", shapes=[shape("c", 30), shape("d", 40)]),
    ])


@pytest.fixture
def loaded(window):
    window.ctl.reset(_doc(), None)
    return window


def _ids(window) -> dict[str, str]:
    return {item.name: item.id for item in window.ctl.doc.layers + window.ctl.doc.all_shapes()}


EDITS = {
    "lock": lambda ctl, ids: cmd.SetFlag(ctl, "locked", True, {ids["a"]: False, ids["Front"]: False}),
    "hide": lambda ctl, ids: cmd.SetFlag(ctl, "visible", False, {ids["b"]: True}),
    "rename": lambda ctl, ids: cmd.Rename(ctl, ids["c"], "c", "circle"),
    "delete": lambda ctl, ids: cmd.Delete(ctl, [ids["a"], ids["Front"], ids["d"]]),
    "add": lambda ctl, ids: cmd.AddShape(ctl, ids["Back"], 1, Shape(rect_points(1, 1, 5, 5))),
    "add layer": lambda ctl, ids: cmd.AddLayer(ctl, 1, Layer(name="Middle")),
    "move": lambda ctl, ids: cmd.Translate(ctl, [ids["a"], ids["c"]], 2.5, -1.0),
    "nodes": lambda ctl, ids: cmd.EditPoints(ctl, ids["b"], ctl.shape(ids["b"]).contours,
                                             [p * 1.1 for p in ctl.shape(ids["b"]).contours]),
    "recolour": lambda ctl, ids: cmd.Recolour(ctl, ids["d"], ctl.shape(ids["d"]).fill,
                                              SolidFill((1.0, 0.0, 0.0, 1.0))),
    "reorder shapes": lambda ctl, ids: cmd.ReorderShapes(ctl, [ids["a"], ids["d"]], ids["Front"], 1),
    "reorder within": lambda ctl, ids: cmd.ReorderShapes(ctl, [ids["a"]], ids["Back"], 1),
    "reorder layers": lambda ctl, ids: cmd.ReorderLayers(ctl, [ids["Front"]], 0),
}


@pytest.mark.parametrize("edit", EDITS)
def test_undo_redo_restores_each_state(loaded, edit):
    ctl = loaded.ctl
    before = doc_state(ctl.doc)
    ctl.push(EDITS[edit](ctl, _ids(loaded)))
    after = doc_state(ctl.doc)
    assert after != before
    assert ctl.dirty and ctl.undo_stack.count() == 1
    ctl.undo_stack.undo()
    assert doc_state(ctl.doc) == before
    assert not ctl.dirty
    ctl.undo_stack.redo()
    assert doc_state(ctl.doc) == after
    # the canvas follows the document both ways
    assert {i.shape_id for i in loaded.scene.shape_items()} == {s.id for s in ctl.doc.all_shapes()}


def test_reorder_lands_where_asked(loaded):
    ctl, ids = loaded.ctl, _ids(loaded)
    ctl.push(cmd.ReorderShapes(ctl, [ids["a"], ids["d"]], ids["Front"], 1))
    assert [s.name for s in ctl.doc.layers[1].shapes] == ["c", "a", "d"]
    assert [s.name for s in ctl.doc.layers[0].shapes] == ["b"]
    z = {i.shape_id: i.zValue() for i in loaded.scene.shape_items()}
    assert z[ids["b"]] < z[ids["c"]] < z[ids["a"]] < z[ids["d"]]


def test_drawing_with_a_tool_is_one_undo_step(loaded, qtbot):
    ctl = loaded.ctl
    before = doc_state(ctl.doc)
    loaded.set_tool("rectangle")
    drag(qtbot, loaded, [(5, 5), (12, 10), (20, 18)])
    assert len(ctl.doc.all_shapes()) == 5
    assert ctl.undo_stack.count() == 1
    ctl.undo_stack.undo()
    assert doc_state(ctl.doc) == before


def test_select_tool_drag_moves_by_one_command(loaded, qtbot):
    ctl, ids = loaded.ctl, _ids(loaded)
    loaded.view.set_zoom(4.0)
    loaded.view.centerOn(24, 24)
    start = ctl.shape(ids["c"]).points.copy()
    drag(qtbot, loaded, [(30, 20), (33, 22), (36, 24)])
    moved = ctl.shape(ids["c"]).points
    assert np.allclose(moved - start, [6.0, 4.0], atol=0.3)
    assert loaded.scene.item_for(ids["c"]).pos().isNull()  # geometry lives in the path
    ctl.undo_stack.undo()
    assert np.array_equal(ctl.shape(ids["c"]).points, start)


def test_optimizer_progress_enters_history_as_checkpoints(window, image_path, qtbot):
    window.files.open_path(image_path)
    before = doc_state(window.ctl.doc)
    start_tracing(window, qtbot)
    wait_steps(window, qtbot, 30)
    window.runner.stop()
    stack = window.ctl.undo_stack
    texts = [stack.text(i) for i in range(stack.count())]
    assert texts and set(texts) == {"Optimizer progress"}
    assert stack.count() <= 2  # not one per step
    traced = doc_state(window.ctl.doc)
    while stack.canUndo():
        window.ctl.undo_stack.undo()
    assert doc_state(window.ctl.doc) == before
    while stack.canRedo():
        window.ctl.undo_stack.redo()
    assert doc_state(window.ctl.doc) == traced


def test_undo_while_running_takes_back_the_edit_not_the_progress(window, image_path, qtbot):
    window.files.open_path(image_path)
    start_tracing(window, qtbot)
    wait_steps(window, qtbot, 5)
    shape = window.ctl.doc.all_shapes()[0]
    window.selection.set([shape.id])
    window.hide_action.trigger()
    stack = window.ctl.undo_stack
    assert stack.text(stack.count() - 1).startswith("Hide")
    assert stack.text(stack.count() - 2) == "Optimizer progress"  # the run before the edit
    wait_steps(window, qtbot, 5)
    window.undo_action.trigger()
    assert window.ctl.shape(shape.id).visible
    assert stack.canRedo()
    wait_steps(window, qtbot, 5)
    window.runner.pause()  # a checkpoint now would drop the redo step: it waits
    assert stack.canRedo()
    window.redo_action.trigger()
    assert not window.ctl.shape(shape.id).visible


def test_undoing_progress_while_running_keeps_the_session(window, image_path, qtbot):
    window.files.open_path(image_path)
    start_tracing(window, qtbot)
    session = window.runner._session
    wait_steps(window, qtbot, 10)
    shape = window.ctl.doc.all_shapes()[0]
    window.selection.set([shape.id])
    window.hide_action.trigger()
    restored = doc_state(window.ctl.doc)  # what undoing the later progress must bring back
    wait_steps(window, qtbot, 10)
    window.runner.pause()  # the progress since the hide becomes a checkpoint
    stack = window.ctl.undo_stack
    assert stack.undoText() == "Optimizer progress"
    window.undo_action.trigger()
    assert doc_state(window.ctl.doc) == restored

    def session_caught_up() -> bool:
        theirs = window.runner._session.document()
        return [[s.id for s in la.shapes] for la in theirs.layers] == \
            [[s.id for s in la.shapes] for la in window.ctl.doc.layers] and all(
                np.allclose(a.points, b.points, atol=1e-4)
                for a, b in zip(theirs.all_shapes(), window.ctl.doc.all_shapes()))

    qtbot.waitUntil(session_caught_up, timeout=10_000)  # edits apply while paused too
    assert window.runner._session is session  # the same session: no restart
    assert not window.runner._session.document().find_shape(shape.id)[1].visible


def test_recolour_sample_and_stacking_actions(window, image_path):
    window.files.open_path(image_path)
    ctl = window.ctl
    doc = _doc()
    ctl.reset(doc, ctl.source)
    ids = _ids(window)
    window.selection.set([ids["a"], ids["b"]])
    window.dialogs.color_answer = (0.0, 1.0, 0.0, 1.0)
    window.recolour_action.trigger()
    assert ctl.shape(ids["a"]).fill == ctl.shape(ids["b"]).fill == SolidFill((0.0, 1.0, 0.0, 1.0))
    window.selection.set([ids["a"]])  # a sits on the red disc of the test image
    window.sample_action.trigger()
    red, green, blue, _ = ctl.shape(ids["a"]).fill.color
    assert red > 0.6 and green < 0.4
    assert ctl.undo_stack.count() == 2  # one entry each, however many shapes
    window.selection.set([ids["c"]])
    front = doc.layers[1]
    window.shape_actions.to_top()
    assert [s.name for s in front.shapes] == ["d", "c"]
    window.shape_actions.lower()
    assert [s.name for s in front.shapes] == ["c", "d"]
    window.shape_actions.lower()  # already at the bottom: nothing happens, nothing recorded
    assert ctl.undo_stack.count() == 4
    ctl.undo_stack.undo()
    assert [s.name for s in front.shapes] == ["d", "c"]
