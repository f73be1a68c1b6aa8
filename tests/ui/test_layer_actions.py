"""Reorganising layers: the tree follows moves, and every layer verb is one undo step."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QModelIndex, Qt

from editor.ui.layers.model import NAME
from tests.ui.helpers import doc_state, ids_by_name, named_document, start_tracing, wait_steps


@pytest.fixture
def loaded(window):
    window.ctl.reset(named_document({"Back": ["a", "b"], "Middle": ["c"], "Front": ["d", "e"]}),
                     None)
    return window


_ids = ids_by_name


def _layout(window) -> list[tuple[str, list[str]]]:
    return [(layer.name, [s.name for s in layer.shapes]) for layer in window.ctl.doc.layers]


def _tree(window) -> list[tuple[str, list[str]]]:
    """What the layers tree shows, top first, as (layer, [shapes top first])."""
    model = window.layers.model
    rows = []
    for r in range(model.rowCount()):
        parent = model.index(r, NAME)
        rows.append((parent.data(), [model.index(c, NAME, parent).data()
                                     for c in range(model.rowCount(parent))]))
    return rows


def _expected_tree(window) -> list[tuple[str, list[str]]]:
    return [(name, shapes[::-1]) for name, shapes in reversed(_layout(window))]


def test_tree_survives_shapes_dropped_on_a_new_layer_then_hidden(loaded, qtbot):
    """The reported crash: shapes of lower layers dropped on a new top layer, then H."""
    panel, ids = loaded.layers, _ids(loaded)
    loaded.selection.set([ids["Front"]])
    panel.add_layer()
    new_layer = loaded.ctl.doc.layers[-1]
    model = panel.model
    data = model.mimeData([model.index_of(ids[n]) for n in ("a", "c", "d")])
    model.dropMimeData(data, Qt.DropAction.MoveAction, 0, 0, model.index_of(new_layer.id))
    qtbot.wait(1)  # the drop is applied queued
    assert _layout(loaded)[-1] == ("Layer 4", ["a", "c", "d"])
    loaded.selection.set([ids["a"]])
    loaded.hide_action.trigger()  # refreshes every row: raised KeyError in _show
    assert _tree(loaded) == _expected_tree(loaded)
    assert "" not in [name for _, shapes in _tree(loaded) for name in shapes]


def test_new_layer_from_selection_is_one_undo_step(loaded):
    ids, ctl = _ids(loaded), loaded.ctl
    before = doc_state(ctl.doc)
    loaded.selection.set([ids["b"], ids["d"]])
    loaded.group_action.trigger()
    assert _layout(loaded) == [("Back", ["a"]), ("Middle", ["c"]), ("Front", ["e"]),
                               ("Layer 4", ["b", "d"])]
    new_layer = ctl.doc.layers[-1]
    assert loaded.selection.ids == [new_layer.id]
    assert _tree(loaded) == _expected_tree(loaded)
    assert ctl.undo_stack.count() == 1
    ctl.undo_stack.undo()
    assert doc_state(ctl.doc) == before
    assert _tree(loaded) == _expected_tree(loaded)
    ctl.undo_stack.redo()
    assert _layout(loaded)[-1] == ("Layer 4", ["b", "d"])


def test_new_layer_from_selection_keeps_locked_shapes_locked(loaded):
    ids, ctl = _ids(loaded), loaded.ctl
    loaded.layers.set_flag("locked", [ids["Back"]], True)
    loaded.selection.set([ids["a"]])
    loaded.group_action.trigger()
    assert ctl.shape(ids["a"]).locked  # left a locked layer: locked itself now
    assert ctl.doc.is_shape_locked(ids["a"])
    ctl.undo_stack.undo()
    assert not ctl.shape(ids["a"]).locked and ctl.doc.is_shape_locked(ids["a"])


def test_move_to_layer_menu(loaded):
    ids, ctl = _ids(loaded), loaded.ctl
    before = doc_state(ctl.doc)
    loaded.selection.set([ids["a"], ids["e"]])
    loaded._fill_move_menu()
    names = [action.text() for action in loaded.move_menu.actions()]
    assert names == ["Front", "Middle", "Back"]  # top first, as in the list
    loaded.move_menu.actions()[1].trigger()
    assert _layout(loaded) == [("Back", ["b"]), ("Middle", ["c", "a", "e"]), ("Front", ["d"])]
    assert ctl.undo_stack.undoText() == "Move to “Middle”"
    ctl.undo_stack.undo()
    assert doc_state(ctl.doc) == before


def test_merge_layers(loaded):
    ids, ctl = _ids(loaded), loaded.ctl
    before = doc_state(ctl.doc)
    loaded.selection.set([ids["Front"], ids["Back"]])
    loaded.merge_action.trigger()
    assert _layout(loaded) == [("Back", ["a", "b", "d", "e"]), ("Middle", ["c"])]
    assert _tree(loaded) == _expected_tree(loaded)
    ctl.undo_stack.undo()
    assert doc_state(ctl.doc) == before
    loaded.selection.set([ids["Middle"]])  # one layer: merged down
    loaded.merge_action.trigger()
    assert _layout(loaded) == [("Back", ["a", "b", "c"]), ("Front", ["d", "e"])]
    ctl.undo_stack.undo()
    assert doc_state(ctl.doc) == before
    loaded.selection.set([ids["Back"]])  # nothing below: nothing happens
    loaded.merge_action.trigger()
    assert ctl.undo_stack.count() == 1 and ctl.undo_stack.canRedo()  # the redo step survives


def test_page_up_and_down_raise_and_lower_layers_or_shapes(loaded, qtbot):
    ids, ctl = _ids(loaded), loaded.ctl
    before = doc_state(ctl.doc)
    loaded.selection.set([ids["Back"]])
    qtbot.keyClick(loaded, Qt.Key.Key_PageUp)
    assert [la.name for la in ctl.doc.layers] == ["Middle", "Back", "Front"]
    qtbot.keyClick(loaded, Qt.Key.Key_PageUp)
    qtbot.keyClick(loaded, Qt.Key.Key_PageUp)  # already on top: nothing recorded
    assert [la.name for la in ctl.doc.layers] == ["Middle", "Front", "Back"]
    assert ctl.undo_stack.count() == 2
    qtbot.keyClick(loaded, Qt.Key.Key_PageDown)
    assert [la.name for la in ctl.doc.layers] == ["Middle", "Back", "Front"]
    assert _tree(loaded) == _expected_tree(loaded)
    loaded.selection.set([ids["a"]])  # a shape: raised within its layer
    qtbot.keyClick(loaded, Qt.Key.Key_PageUp)
    assert [s.name for s in ctl.layer(ids["Back"]).shapes] == ["b", "a"]
    while ctl.undo_stack.canUndo():
        ctl.undo_stack.undo()
    assert doc_state(ctl.doc) == before


def test_duplicate_shapes_and_layers(loaded):
    ids, ctl = _ids(loaded), loaded.ctl
    before = doc_state(ctl.doc)
    loaded.selection.set([ids["a"], ids["d"]])
    loaded.duplicate_action.trigger()
    assert _layout(loaded) == [("Back", ["a", "a copy", "b"]), ("Middle", ["c"]),
                               ("Front", ["d", "d copy", "e"])]
    copies = [ctl.shape(i) for i in loaded.selection.ids]
    assert sorted(s.name for s in copies) == ["a copy", "d copy"]
    assert ctl.doc.unique_ids()
    assert np.array_equal(copies[0].points, ctl.shape(ids["a"]).points) or \
        np.array_equal(copies[0].points, ctl.shape(ids["d"]).points)
    ctl.undo_stack.undo()
    assert doc_state(ctl.doc) == before
    loaded.selection.set([ids["Middle"]])
    loaded.duplicate_action.trigger()
    assert _layout(loaded) == [("Back", ["a", "b"]), ("Middle", ["c"]),
                               ("Middle copy", ["c copy"]), ("Front", ["d", "e"])]
    assert ctl.doc.unique_ids()
    assert ctl.undo_stack.count() == 1
    ctl.undo_stack.undo()
    assert doc_state(ctl.doc) == before


def test_drop_on_layer_goes_through_the_same_command(loaded, qtbot):
    ids, ctl = _ids(loaded), loaded.ctl
    loaded.layers.set_flag("locked", [ids["Back"]], True)
    model = loaded.layers.model
    data = model.mimeData([model.index_of(ids["a"])])
    model.dropMimeData(data, Qt.DropAction.MoveAction, -1, 0, model.index_of(ids["Front"]))
    qtbot.wait(1)
    assert _layout(loaded)[2] == ("Front", ["d", "e", "a"])
    assert ctl.shape(ids["a"]).locked  # as the menu command does
    assert ctl.undo_stack.undoText() == "Move to “Front”"
    model.dropMimeData(model.mimeData([model.index_of(ids["Front"])]),
                       Qt.DropAction.MoveAction, 3, 0, QModelIndex())  # below the last row
    qtbot.wait(1)
    assert [la.name for la in ctl.doc.layers] == ["Front", "Back", "Middle"]


def test_optimizer_keeps_optimizing_shapes_moved_to_a_new_layer(window, image_path, qtbot):
    window.files.open_path(image_path)
    start_tracing(window, qtbot)
    wait_steps(window, qtbot, 3)
    moved = window.ctl.doc.all_shapes()[:2]
    window.selection.set([s.id for s in moved])
    window.group_action.trigger()
    new_layer = window.ctl.doc.layers[-1]
    before = [s.points.copy() for s in moved]
    wait_steps(window, qtbot, 20)
    session_doc = window.runner._session.document()
    assert [s.id for s in session_doc.find_layer(new_layer.id).shapes] == [s.id for s in moved]
    assert all(not np.array_equal(s.points, b) for s, b in zip(moved, before))
    assert _tree(window) == _expected_tree(window)
