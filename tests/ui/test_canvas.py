"""The canvas: shows what the SVG export contains; hidden and locked items behave."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter, QRadialGradient

from editor.document import (
    Document,
    FillRule,
    GradientStop,
    Layer,
    LinearGradient,
    RadialGradient,
    Shape,
    SolidFill,
    circle_points,
    rect_points,
)
from editor.svg import svg_string
from editor.ui.canvas.painting import render_document
from editor.ui.settings import SHAPE_OPACITY, read
from tests.reference_raster import rasterize_svg_reference
from tests.ui.helpers import click

STOPS = [GradientStop(0.0, (0.95, 0.85, 0.1, 1.0)), GradientStop(0.6, (0.9, 0.3, 0.1, 1.0)),
         GradientStop(1.0, (0.3, 0.0, 0.4, 1.0))]


def _design() -> Document:
    # one path around the outer circle, then the inner one: even-odd leaves a hole
    outer, inner = circle_points(70, 40, 22), circle_points(70, 40, 10)
    ring = Shape(np.vstack([outer, inner]), fill=SolidFill((0.1, 0.6, 0.3, 1.0)), name="ring")
    ring.fill_rule = FillRule.EVENODD
    return Document(96, 64, background=(1.0, 1.0, 1.0, 1.0), layers=[
        Layer(name="Back", shapes=[
            Shape(rect_points(4, 4, 60, 40), fill=LinearGradient((4, 4), (64, 44), STOPS), name="sky"),
            Shape(circle_points(30, 34, 1), fill=RadialGradient((30, 34), (24, 12), STOPS), name="sun"),
        ]),
        Layer(name="Front", shapes=[
            ring,
            Shape(rect_points(10, 46, 30, 12), fill=SolidFill((0.2, 0.2, 0.8, 0.6)), name="glass"),
            Shape(rect_points(50, 50, 40, 10), fill=SolidFill((0, 0, 0, 1)), name="hidden",
                  visible=False),
        ]),
    ])


def _canvas_image(window) -> np.ndarray:
    """The scene's shapes over the document background, as premultiplied floats."""
    scene = window.scene
    scene.set_source_visible(False)
    doc = window.ctl.doc
    image = QImage(int(doc.width), int(doc.height), QImage.Format.Format_RGBA8888_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    scene.render(painter, QRectF(image.rect()), scene.doc_rect)
    painter.end()
    return _to_array(image)


def _to_array(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGBA8888_Premultiplied)
    h, w = image.height(), image.width()
    data = np.frombuffer(image.constBits(), np.uint8, count=image.bytesPerLine() * h)
    return data.reshape(h, image.bytesPerLine())[:, : 4 * w].reshape(h, w, 4) / 255.0


def test_canvas_matches_exported_svg(window):
    doc = _design()
    doc.layers[0].shapes[1].points = circle_points(30, 34, 16)
    window.ctl.reset(doc, None)
    reference = rasterize_svg_reference(svg_string(doc, flavour="plain", precision=4), 96, 64)
    _assert_same_picture(_canvas_image(window), reference)
    _assert_same_picture(_to_array(render_document(doc)), reference)  # the PNG export too


def _assert_same_picture(ours: np.ndarray, reference: np.ndarray) -> None:
    diff = np.abs(ours - reference).max(axis=2)
    assert diff.mean() < 0.01  # anti-aliasing differs slightly at edges, nothing else
    assert np.quantile(diff, 0.98) < 0.08


def test_items_carry_paint_fill_rule_and_state(window):
    window.ctl.reset(_design(), None)
    items = {window.ctl.shape(i.shape_id).name: i for i in window.scene.shape_items()}
    radial = items["sun"].brush()
    assert isinstance(radial.gradient(), QRadialGradient)
    mapped = radial.transform().map(1.0, 1.0)
    assert np.allclose(mapped, (30 + 24, 34 + 12))  # the unit circle stretched to the ellipse
    assert len(items["sky"].brush().gradient().stops()) == 3
    assert items["ring"].path().fillRule() == Qt.FillRule.OddEvenFill
    assert not items["hidden"].isVisible()
    assert [i.zValue() for i in (items["sky"], items["sun"], items["ring"], items["glass"])] == [0, 1, 2, 3]


def test_locked_and_hidden_cannot_be_selected_on_canvas(window, qtbot):
    doc = _design()
    window.ctl.reset(doc, None)
    window.view.zoom_fit()
    ring = doc.layers[1].shapes[0]
    click(qtbot, window, 55, 30)  # on the ring, over the sky
    assert window.selection.ids == [ring.id]
    window.lock_action.trigger()
    assert window.ctl.shape(ring.id).locked
    assert not window.scene.item_for(ring.id).isSelected()
    click(qtbot, window, 1, 1)  # deselect
    click(qtbot, window, 55, 30)  # locked: the click reaches the sky below it
    assert window.selection.ids == [doc.layers[0].shapes[0].id]
    window.selection.set([])
    window.select_all()
    names = {window.ctl.shape(i).name for i in window.selection.ids}
    assert names == {"sky", "sun", "glass"}  # neither the locked ring nor the hidden shape


def test_selection_follows_between_tree_and_canvas(window, qtbot):
    doc = _design()
    window.ctl.reset(doc, None)
    window.view.zoom_fit()
    glass = doc.layers[1].shapes[1]
    click(qtbot, window, 20, 54)  # on the glass
    rows = window.layers.tree.selectionModel().selectedRows()
    assert [window.layers.model.entry(i).id for i in rows] == [glass.id]
    assert not window.scene.outline_item.path().isEmpty()
    tree = window.layers.tree
    tree.selectionModel().select(
        window.layers.model.index_of(doc.layers[0].id),
        tree.selectionModel().SelectionFlag.ClearAndSelect | tree.selectionModel().SelectionFlag.Rows)
    # a selected layer selects its shapes on the canvas
    assert [i.shape_id for i in window.scene.selected_items()] == [s.id for s in doc.layers[0].shapes]


def test_zoom_fit_actual_and_wheel(window, image_path, qtbot):
    window.files.open_path(image_path)
    window.view.zoom_fit()
    fit = window.view.zoom
    assert fit > 1  # a 48 px image fills the window
    window.view.zoom_actual()
    assert window.view.zoom == 1.0
    window.view.zoom_by(2.0)
    assert window.view.zoom == 2.0
    assert window.status.zoom.text() == "200 %"


def test_outline_and_opacity_controls(window, image_path):
    window.files.open_path(image_path)
    window.view_bar.outline.setChecked(True)
    window.view_bar.shape_opacity.setValue(40)
    window.view_bar.source.setChecked(False)
    assert window.scene.outline
    assert not window.scene._source.isVisible()
    window.ctl.reset(_design(), None)
    item = window.scene.shape_items()[0]
    assert item.brush().style() == Qt.BrushStyle.NoBrush and item.opacity() == 0.4
    assert read(window.settings, SHAPE_OPACITY) == 40
