"""Undo/redo: every designer edit is one history entry that restores the exact state."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from editor.document import Document, Layer, Shape, SolidFill, circle_points, rect_points
from editor.document.contours import reversed_contour
from editor.ui import commands as cmd
from tests.ui.helpers import doc_state, drag, ids_by_name, start_tracing, wait_steps


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


_ids = ids_by_name


EDITS = {
    "lock": lambda ctl, ids: cmd.SetFlagCommand(ctl, "locked", True, {ids["a"]: False, ids["Front"]: False}),
    "hide": lambda ctl, ids: cmd.SetFlagCommand(ctl, "visible", False, {ids["b"]: True}),
    "rename": lambda ctl, ids: cmd.RenameCommand(ctl, ids["c"], "c", "circle"),
    "delete": lambda ctl, ids: cmd.DeleteCommand(ctl, [ids["a"], ids["Front"], ids["d"]]),
    "add": lambda ctl, ids: cmd.AddShapeCommand(ctl, ids["Back"], 1, Shape(rect_points(1, 1, 5, 5))),
    "add layer": lambda ctl, ids: cmd.AddLayerCommand(ctl, 1, Layer(name="Middle")),
    "move": lambda ctl, ids: cmd.TranslateCommand(ctl, [ids["a"], ids["c"]], 2.5, -1.0),
    "nodes": lambda ctl, ids: cmd.EditPointsCommand(ctl, ids["b"], ctl.shape(ids["b"]).contours,
                                             [p * 1.1 for p in ctl.shape(ids["b"]).contours]),
    "recolour": lambda ctl, ids: cmd.RecolorCommand(ctl, ids["d"], ctl.shape(ids["d"]).fill,
                                              SolidFill((1.0, 0.0, 0.0, 1.0))),
    "reorder shapes": lambda ctl, ids: cmd.ReorderShapesCommand(ctl, [ids["a"], ids["d"]], ids["Front"], 1),
    "reorder within": lambda ctl, ids: cmd.ReorderShapesCommand(ctl, [ids["a"]], ids["Back"], 1),
    "reorder layers": lambda ctl, ids: cmd.ReorderLayersCommand(ctl, [ids["Front"]], 0),
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
    ctl.push(cmd.ReorderShapesCommand(ctl, [ids["a"], ids["d"]], ids["Front"], 1))
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


def test_optimizer_progress_stays_off_the_undo_stack(window, image_path, qtbot):
    window.files.open_path(image_path)
    start_tracing(window, qtbot)
    wait_steps(window, qtbot, 30)
    window.runner.stop()
    assert window.ctl.undo_stack.count() == 0  # the trace is not the designer's action
    assert window.ctl.dirty  # but it is unsaved work
    labels = [c.label for c in window.history.checkpoints]
    assert labels[0] == "Start" and labels[-1] == "Stopped"


def test_ctrl_z_after_lock_unlocks_and_keeps_the_progress(window, image_path, qtbot):
    window.files.open_path(image_path)
    start_tracing(window, qtbot)
    wait_steps(window, qtbot, 5)
    locked, *others = window.ctl.doc.all_shapes()
    window.selection.set([locked.id])
    window.lock_action.trigger()
    started = [s.points.copy() for s in others]
    wait_steps(window, qtbot, 20)
    window.runner.pause()
    qtbot.wait(200)
    window.runner.poll()
    gained = [s.points.copy() for s in others]
    assert any(not np.array_equal(g, s) for g, s in zip(gained, started))
    psnr = window.runner.last_snapshot.psnr
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not window.ctl.shape(locked.id).locked
    assert window.ctl.undo_stack.count() == 1 and window.ctl.undo_stack.canRedo()
    for shape, points in zip(others, gained):  # nothing rolled back
        assert np.array_equal(window.ctl.shape(shape.id).points, points)
    window.runner.resume()
    wait_steps(window, qtbot, 3)
    session_doc = window.runner._session.document()
    assert not session_doc.find_shape(locked.id)[1].locked
    assert window.runner.last_snapshot.psnr >= psnr - 0.5  # the trace keeps what it gained


def test_undo_while_running_takes_back_the_edit_not_the_progress(window, image_path, qtbot):
    window.files.open_path(image_path)
    start_tracing(window, qtbot)
    wait_steps(window, qtbot, 5)
    shape = window.ctl.doc.all_shapes()[0]
    window.selection.set([shape.id])
    window.hide_action.trigger()
    stack = window.ctl.undo_stack
    assert [stack.text(i) for i in range(stack.count())] == ["Hide 1 item"]
    wait_steps(window, qtbot, 5)
    window.undo_action.trigger()
    assert window.ctl.shape(shape.id).visible
    assert stack.canRedo()
    wait_steps(window, qtbot, 5)
    assert stack.canRedo()  # progress meanwhile never drops the redo step
    window.redo_action.trigger()
    assert not window.ctl.shape(shape.id).visible


def test_revert_to_checkpoint_keeps_designer_changes_and_is_undoable(window, image_path, qtbot):
    window.files.open_path(image_path)
    start_tracing(window, qtbot)
    session = window.runner._session
    wait_steps(window, qtbot, 10)
    window.history._record("Test")  # what the timer does every 10 s
    checkpoint = window.history.checkpoints[-1]
    kept = window.ctl.doc.all_shapes()[0]
    window.selection.set([kept.id])
    window.lock_action.trigger()
    window.runner.add_shapes_at_error(2)
    qtbot.waitUntil(lambda: len(window.ctl.doc.all_shapes()) == 5, timeout=20_000)
    wait_steps(window, qtbot, 10)
    window.runner.pause()
    qtbot.wait(200)
    window.runner.poll()
    before = doc_state(window.ctl.doc)
    window._fill_checkpoint_menu()
    action = next(a for a in window.checkpoint_menu.actions() if "Test" in a.text())
    action.trigger()
    doc = window.ctl.doc
    assert [s.id for s in doc.all_shapes()] == [s.id for s in checkpoint.document.all_shapes()]
    assert doc.find_shape(kept.id)[1].locked  # the designer's lock stays
    for shape in doc.all_shapes():
        if shape.id != kept.id:
            assert np.array_equal(shape.points, checkpoint.document.find_shape(shape.id)[1].points)
    assert window.ctl.undo_stack.undoText().startswith("Revert to checkpoint")
    window.undo_action.trigger()
    assert doc_state(window.ctl.doc) == before

    def session_caught_up() -> bool:
        theirs = window.runner._session.document()
        return [s.id for s in theirs.all_shapes()] == [s.id for s in window.ctl.doc.all_shapes()]

    qtbot.waitUntil(session_caught_up, timeout=10_000)  # edits apply while paused too
    assert window.runner._session is session  # the same session: no restart


def test_recolor_sample_and_stacking_actions(window, image_path):
    window.files.open_path(image_path)
    ctl = window.ctl
    doc = _doc()
    ctl.reset(doc, ctl.source)
    ids = _ids(window)
    window.selection.set([ids["a"], ids["b"]])
    window.dialogs.color_answer = (0.0, 1.0, 0.0, 1.0)
    window.recolor_action.trigger()
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
