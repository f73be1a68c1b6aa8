"""The layers panel and the optimizer panel's generated form."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt

from editor.document import Document, Layer, Shape, SolidFill, circle_points
from editor.registry import MethodInfo, ParamSpec
from editor.svg import svg_string
from editor.ui import commands as cmd
from editor.ui.layers.model import EYE, LOCK, NAME
from editor.ui.layers.stats import document_stats
from editor.ui.optimize.panel import OptimizePanel


def _doc() -> Document:
    def shape(name: str, x: float, color: tuple) -> Shape:
        return Shape(circle_points(x, 20, 6), fill=SolidFill(color), name=name)

    red, blue = (1.0, 0.0, 0.0, 1.0), (0.0, 0.0, 1.0, 1.0)
    return Document(64, 48, layers=[
        Layer(name="Back", shapes=[shape("a", 10, red), shape("b", 20, blue)]),
        Layer(name="Front", shapes=[shape("c", 30, red), shape("d", 40, blue)]),
    ])


@pytest.fixture
def panel(window):
    window.ctl.reset(_doc(), None)
    return window.layers


def _names(panel) -> list[list[str]]:
    return [[s.name for s in layer.shapes] for layer in panel.ctl.doc.layers]


def test_names_use_the_palette_text_color_unless_hidden(panel):
    """A hidden layer's name is dimmed; the others carry no colour of their own, so they
    follow the palette (an empty brush would paint them black on the dark theme)."""
    model = panel.model
    panel.ctl.set_visible(panel.ctl.doc.layers[0].id, False)  # "Back", the tree's second row
    assert model.index(0, NAME).data(Qt.ItemDataRole.ForegroundRole) is None
    dimmed = model.index(1, NAME).data(Qt.ItemDataRole.ForegroundRole)
    assert dimmed is not None and dimmed.color().lightness() == 128


def test_tree_shows_top_first(panel):
    model = panel.model
    assert [model.index(r, NAME).data() for r in range(model.rowCount())] == ["Front", "Back"]
    front = model.index(0, NAME)
    assert [model.index(r, NAME, front).data() for r in range(model.rowCount(front))] == ["d", "c"]
    assert model.index(0, NAME, front).data(Qt.ItemDataRole.DecorationRole) is not None
    for column in (EYE, LOCK):
        assert model.index(0, column).data(Qt.ItemDataRole.ToolTipRole)


def _drop(panel, qtbot, ids: list[str], row: int, parent: QModelIndex) -> None:
    model = panel.model
    data = model.mimeData([model.index_of(i) for i in ids])
    assert model.dropMimeData(data, Qt.DropAction.MoveAction, row, 0, parent) is False
    qtbot.wait(1)  # the reorder is queued, out of the drop handler


def test_drag_and_drop_reorders_shapes_and_layers(panel, qtbot):
    doc = panel.ctl.doc
    ids = {s.name: s.id for s in doc.all_shapes()}
    model = panel.model
    # "a" dropped between "d" and "c" (display rows 0 and 1 of Front): above c, below d
    _drop(panel, qtbot, [ids["a"]], 1, model.index(0, NAME))
    assert _names(panel) == [["b"], ["c", "a", "d"]]
    # "b" dropped onto "d": right above it
    _drop(panel, qtbot, [ids["b"]], -1, model.index_of(ids["d"]))
    assert _names(panel) == [[], ["c", "a", "d", "b"]]
    # layer Back dragged to the top of the list
    _drop(panel, qtbot, [doc.layers[0].id], 0, QModelIndex())
    assert [la.name for la in doc.layers] == ["Front", "Back"]
    assert panel.ctl.undo_stack.count() == 3
    panel.ctl.undo_stack.undo()
    panel.ctl.undo_stack.undo()
    panel.ctl.undo_stack.undo()
    assert _names(panel) == [["a", "b"], ["c", "d"]]


def test_click_and_sweep_toggle_eye_and_lock(panel, qtbot):
    tree, model = panel.tree, panel.model
    front = model.index(0, NAME)
    tree.expandAll()
    viewport = tree.viewport()
    lock_d = tree.visualRect(model.index(0, LOCK, front)).center()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=lock_d)
    assert panel.ctl.doc.layers[1].shapes[1].locked
    eye_d = tree.visualRect(model.index(0, EYE, front)).center()
    eye_c = tree.visualRect(model.index(1, EYE, front)).center()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=eye_d)
    qtbot.mouseMove(viewport, eye_c)
    assert model.index(1, EYE, front).data(Qt.ItemDataRole.ToolTipRole).startswith("Hidden")
    assert panel.ctl.doc.layers[1].shapes[0].visible  # only a preview until release
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=eye_c)
    assert [s.visible for s in panel.ctl.doc.layers[1].shapes] == [False, False]
    assert panel.ctl.undo_stack.count() == 2  # the sweep is one step
    panel.unlock_all()
    assert not any(s.locked for s in panel.ctl.doc.all_shapes())


def test_rename_add_layer_and_delete(panel):
    model = panel.model
    assert model.setData(model.index(0, NAME), "Foreground")
    assert panel.ctl.doc.layers[1].name == "Foreground"
    panel.selection.set([panel.ctl.doc.layers[0].id])
    panel.add_layer()
    assert [la.name for la in panel.ctl.doc.layers] == ["Back", "Layer 3", "Foreground"]
    panel.selection.set([panel.ctl.doc.layers[2].id, panel.ctl.doc.layers[0].shapes[0].id])
    panel.delete_selection()
    assert _names(panel) == [["b"], []]
    assert panel.selection.ids == []


def test_stats_count_paths_nodes_colors_and_size(panel, qtbot):
    stats = document_stats(panel.ctl.doc, precision=2)
    assert (stats.paths, stats.nodes, stats.colors) == (4, 16, 2)
    assert stats.svg_bytes == len(svg_string(panel.ctl.doc, precision=2).encode())
    panel.ctl.push(cmd.SetFlagCommand(panel.ctl, "visible", False, {panel.ctl.doc.layers[0].id: True}))
    qtbot.waitUntil(lambda: panel.stats.text().startswith("2 paths · 8 nodes · 2 colors"))


def test_optimize_panel_greys_unavailable_methods_and_builds_form(qtbot):
    from editor.ui.theme import Icons

    methods = [
        MethodInfo("gone", "Gone", "needs a GPU", False, "missing required package(s): cupy", (), "x"),
        MethodInfo("demo", "Demo", "a test method", True, "", (
            ParamSpec("count", "int", 8, "how many", minimum=1, maximum=64),
            ParamSpec("rate", "float", 0.005, "step size", minimum=0.0, maximum=1.0),
            ParamSpec("smooth", "bool", True, "smooth corners"),
            ParamSpec("mode", "choice", "fast", "speed", choices=("fast", "best")),
        ), "y"),
    ]
    panel = OptimizePanel(methods, Icons())
    qtbot.addWidget(panel)
    item = panel.method.model().item(0)
    assert not item.isEnabled()
    assert "cupy" in panel.method.itemData(0, Qt.ItemDataRole.ToolTipRole)
    assert panel.method_name() == "demo"
    assert panel.params() == {"count": 8, "rate": 0.005, "smooth": True, "mode": "fast"}
    panel.form.set_value("count", 99)  # out of range: ignored
    panel.form.set_value("mode", "best")
    panel.working_size.setValue(384)
    saved = panel.settings()
    assert saved["params"]["demo"]["mode"] == "best"
    other = OptimizePanel(methods, Icons())
    qtbot.addWidget(other)
    assert other.working_size.value() == 256  # the CLI's default working size
    other.apply_settings(saved)
    assert other.params()["mode"] == "best" and other.params()["count"] == 8
    assert other.working_size.value() == 384
