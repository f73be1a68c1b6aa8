"""One designer's session, scripted end to end with the keyboard and the mouse:
open → trace → lock → draw → new layer from selection → undo → refine → save → reopen →
export, checking the document after every step."""
from __future__ import annotations

import numpy as np
from lxml import etree
from PySide6.QtCore import Qt

from editor.document import Origin
from editor.ui.dialogs import SvgExportOptions
from tests.ui.helpers import doc_state, drag
from tests.ui.test_verbs import SHORT, _settle, _use

SVG = "{http://www.w3.org/2000/svg}"
SODIPODI = "{http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd}"


def _key(qtbot, window, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(window, key, modifier)


def test_designer_workflow(window, make_window, image_path, tmp_path, qtbot):
    ctl, stack = window.ctl, window.ctl.undo_stack

    # open: a document of the image's size, nothing in it yet
    assert window.open_path(image_path)
    window.view.zoom_fit()
    assert (ctl.doc.width, ctl.doc.height) == (48, 48) and not ctl.doc.all_shapes()

    # trace: the method's shapes (3 paths; a knotted one ends as simple pieces), marked as
    # the optimizer's; nothing on the undo stack
    _use(window, SHORT)
    window.optimize.start.click()
    _settle(window, qtbot)
    traced = ctl.doc.all_shapes()
    assert len(traced) >= 3 and all(s.origin == Origin.OPTIMIZER for s in traced)
    assert stack.count() == 0 and ctl.dirty

    # lock (L): one undo entry; the shape keeps its values from now on
    locked = traced[0]
    window.selection.set([locked.id])
    _key(qtbot, window, Qt.Key.Key_L)
    assert ctl.shape(locked.id).locked and stack.undoText() == "Lock 1 item"
    frozen = locked.points.copy()

    # draw a lasso: after a finished trace, it is refined on its own
    window.set_tool("lasso")
    t = np.linspace(0, 2 * np.pi, 30)
    drag(qtbot, window, [(36 + 6 * np.cos(a), 34 + 6 * np.sin(a)) for a in t])
    drawn = ctl.shape(window.selection.ids[0])
    assert drawn.origin == Origin.DESIGNER and window.runner.state.name == "RUNNING"
    drawn_at = drawn.points.copy()
    _settle(window, qtbot)
    assert len(ctl.doc.all_shapes()) == len(traced) + 1
    assert not np.array_equal(ctl.shape(drawn.id).points, drawn_at)
    assert np.array_equal(ctl.shape(locked.id).points, frozen)
    assert [stack.text(i) for i in range(stack.count())] == ["Lock 1 item", "Draw lasso"]

    # new layer from selection (Ctrl+G): the drawn shape and a traced one, in a new layer
    window.set_tool("select")
    other = traced[1]
    window.selection.set([other.id, drawn.id])
    before_group = doc_state(ctl.doc)
    _key(qtbot, window, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    group = ctl.doc.layers[-1]
    assert {s.id for s in group.shapes} == {other.id, drawn.id}
    assert len(ctl.doc.layers) == len(before_group["layers"]) + 1
    assert window.selection.ids == [group.id]

    # undo (Ctrl+Z): the grouping, and only it, is taken back
    _key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert doc_state(ctl.doc) == before_group
    assert ctl.shape(locked.id).locked  # the lock before it stays

    # refine (F5 with nothing selected): every unlocked shape, none added
    window.selection.set([])
    refined_from = {s.id: s.points.copy() for s in ctl.doc.all_shapes()}
    _key(qtbot, window, Qt.Key.Key_F5)
    assert window.runner.state.name == "RUNNING"
    _settle(window, qtbot)
    shapes = ctl.doc.all_shapes()
    # None added, but for parts of a knotted outline whose repair had to cut it at a hole
    # (parts that touch cannot be one compound path): each has the paint of a refined shape,
    # and they are crumbs of this 48-px image's tangles, not a doubling of the shapes.
    extra = {s.id for s in shapes} - set(refined_from)
    assert set(refined_from) <= {s.id for s in shapes} and len(extra) < len(refined_from)
    assert all(ctl.shape(i).origin == Origin.OPTIMIZER for i in extra)
    fills = [repr(s.fill) for s in shapes if s.id in refined_from]
    assert all(repr(ctl.shape(i).fill) in fills for i in extra)
    assert np.array_equal(ctl.shape(locked.id).points, frozen)
    assert any(not np.array_equal(s.points, refined_from[s.id]) for s in shapes
               if s.id in refined_from and s.id != locked.id)
    labels = [c.label for c in window.history.checkpoints]
    assert labels.count("Start") == 3 and labels[-1] == "Finished"  # trace, lasso, refine

    # save (Ctrl+S)
    project = tmp_path / "work.ltproj"
    window.dialogs.save_answer = project
    _key(qtbot, window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert project.exists() and not ctl.dirty
    saved = doc_state(ctl.doc)

    # reopen in a fresh window: the same document, who made each shape included
    other_window = make_window()
    assert other_window.open_path(project)
    reopened = other_window.ctl.doc
    assert doc_state(reopened) == saved
    assert [s.origin for s in reopened.all_shapes()] == [s.origin for s in ctl.doc.all_shapes()]
    assert other_window.ctl.source is not None and not other_window.ctl.dirty
    assert other_window.optimize.start.text() == "Trace again…"

    # export: an Inkscape SVG at the document's size with the lock written
    out = tmp_path / "work.svg"
    other_window.dialogs.export_answer = SvgExportOptions(out, "inkscape", 2)
    other_window.export_action.trigger()  # (its shortcut needs the window to be active)
    root = etree.parse(str(out)).getroot()
    assert (root.get("width"), root.get("height")) == ("48", "48")
    paths = root.iter(f"{SVG}path")
    ids = {p.get("id"): p for p in paths}
    assert set(ids) >= {s.id for s in reopened.all_shapes()}
    assert ids[locked.id].get(f"{SODIPODI}insensitive") == "true"
