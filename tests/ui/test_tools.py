"""Canvas tools: pen, ellipse, rectangle, lasso, node editing, and the Bézier fit."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

from editor.document import Document, Layer, Shape, SolidFill, rect_points
from editor.document.contours import reversed_contour
from editor.geometry.bezier_fit import fit_closed, fit_open
from editor.ui import commands as cmd
from editor.ui.tools.pen import Node, pen_points
from tests.ui.helpers import click, drag


def _evaluate(points: np.ndarray, closed: bool, samples: int = 40) -> np.ndarray:
    shape = Shape(points, closed=closed)
    t = np.linspace(0, 1, samples)[:, None]
    curves = [((1 - t) ** 3) * s[0] + 3 * ((1 - t) ** 2) * t * s[1] + 3 * (1 - t) * t**2 * s[2]
              + t**3 * s[3] for s in shape.segments()]
    return np.vstack(curves)


def _max_distance(curve: np.ndarray, data: np.ndarray) -> float:
    return float(np.sqrt(((data[:, None] - curve[None]) ** 2).sum(-1)).min(axis=1).max())


@pytest.mark.parametrize("tolerance", [0.5, 2.0])
def test_schneider_fit_stays_within_tolerance(tolerance):
    rng = np.random.default_rng(1)
    t = np.linspace(0, 2 * np.pi, 300, endpoint=False)
    r = 40 + 8 * np.sin(3 * t)  # a wobbly blob: several curvature changes
    data = np.stack([100 + r * np.cos(t), 80 + r * np.sin(t)], axis=1) + rng.normal(0, 0.1, (300, 2))
    closed = fit_closed(data, tolerance)
    assert len(closed) % 3 == 0 and len(closed) // 3 < 40  # far fewer nodes than samples
    assert _max_distance(_evaluate(closed, True, 200), data) < tolerance * 1.5
    opened = fit_open(data[:150], tolerance)
    assert len(opened) % 3 == 1
    assert np.allclose(opened[0], data[0]) and np.allclose(opened[-1], data[149])


def test_fit_handles_degenerate_input():
    assert fit_closed(np.array([[1.0, 1.0], [1.0, 1.0]]), 1.0).shape == (0, 2)
    line = fit_open(np.array([[0.0, 0.0], [10.0, 0.0]]), 1.0)
    assert line.shape == (4, 2) and np.allclose(line[:, 1], 0.0)


def test_pen_points_corners_and_smooth_nodes():
    from PySide6.QtCore import QPointF

    nodes = [Node(QPointF(0, 0)), Node(QPointF(30, 0), QPointF(40, 10)), Node(QPointF(30, 30))]
    closed = pen_points(nodes, closed=True)
    assert closed.shape == (9, 2)
    assert np.allclose(closed[1], [10, 0])  # a corner's handle sits a third of the way
    assert np.allclose(closed[2], [20, -10])  # the smooth node's mirrored incoming handle
    assert np.allclose(closed[4], [40, 10])
    assert pen_points(nodes, closed=False).shape == (7, 2)


@pytest.fixture
def traced(window, image_path):
    window.files.open_path(image_path)
    window.view.zoom_fit()
    return window


def test_pen_enter_finishes_open_stroked_path_and_esc_cancels(traced, qtbot):
    traced.set_tool("pen")
    click(qtbot, traced, 5, 5)
    click(qtbot, traced, 20, 8)
    qtbot.keyClick(traced.view, Qt.Key.Key_Return)
    shape = traced.ctl.doc.all_shapes()[0]
    assert not shape.closed and shape.fill is None and shape.stroke is not None
    assert len(shape.points) == 4
    click(qtbot, traced, 30, 30)
    qtbot.keyClick(traced.view, Qt.Key.Key_Escape)
    qtbot.keyClick(traced.view, Qt.Key.Key_Return)
    assert len(traced.ctl.doc.all_shapes()) == 1


def test_pen_drag_makes_a_smooth_node(traced, qtbot):
    traced.set_tool("pen")
    drag(qtbot, traced, [(10, 10), (14, 10), (18, 10)])
    click(qtbot, traced, 30, 20)
    click(qtbot, traced, 10, 30)
    click(qtbot, traced, 10, 10)  # close on the first node
    shape = traced.ctl.doc.all_shapes()[0]
    assert shape.closed
    assert np.allclose(shape.points[1], [18, 10], atol=0.5)  # the dragged handle
    assert np.allclose(shape.points[-1], [2, 10], atol=0.5)  # and its mirror


def test_ellipse_and_rectangle_tools(traced, qtbot):
    traced.set_tool("ellipse")
    drag(qtbot, traced, [(8, 8), (20, 14), (32, 20)])
    ellipse = traced.ctl.doc.all_shapes()[-1]
    x0, y0, x1, y1 = ellipse.bounds()
    assert np.allclose([x0, x1], [8, 32], atol=0.5) and np.allclose([y0, y1], [8, 20], atol=2.5)
    red, green, blue, _ = ellipse.fill.color
    assert red > blue  # sampled from the red disc under most of it
    traced.set_tool("rectangle")
    drag(qtbot, traced, [(30, 28), (42, 40)])
    rect = traced.ctl.doc.all_shapes()[-1]
    assert np.allclose(rect.bounds(), (30, 28, 42, 40), atol=0.5)
    assert rect.fill.color[2] > 0.6  # the blue square
    click(qtbot, traced, 2, 2)  # a click without a drag adds nothing
    assert len(traced.ctl.doc.all_shapes()) == 2


def test_lasso_fits_a_closed_outline(traced, qtbot):
    traced.set_tool("lasso")
    t = np.linspace(0, 2 * np.pi, 40)
    stroke = [(24 + 10 * np.cos(a), 24 + 10 * np.sin(a)) for a in t]
    drag(qtbot, traced, stroke)
    shape = traced.ctl.doc.all_shapes()[0]
    assert shape.closed and 2 <= shape.num_segments <= 12
    radius = np.linalg.norm(_evaluate(shape.points, True) - 24, axis=1)
    assert np.all(np.abs(radius - 10) < 1.5)  # the curve follows the stroke


def test_node_tool_drags_an_anchor_with_its_handles(window, qtbot):
    doc = Document(48, 48, layers=[Layer(name="L", shapes=[
        Shape(rect_points(10, 10, 20, 20), fill=SolidFill((0.5, 0.5, 0.5, 1)))])])
    window.ctl.reset(doc, None)
    window.view.zoom_fit()
    shape = doc.layers[0].shapes[0]
    before = shape.points.copy()
    window.set_tool("node")
    click(qtbot, window, 20, 20)  # selects the shape under the cursor
    assert window.selection.ids == [shape.id]
    drag(qtbot, window, [(10, 10), (7, 8), (4, 6)])
    moved = shape.points
    assert np.allclose(moved[0], [4, 6], atol=0.5)
    assert np.allclose(moved[1] - before[1], [-6, -4], atol=0.5)  # outgoing handle follows
    assert np.allclose(moved[-1] - before[-1], [-6, -4], atol=0.5)  # incoming one too
    assert np.array_equal(moved[3:-1], before[3:-1])
    window.ctl.undo_stack.undo()
    assert np.array_equal(shape.points, before)


def test_node_tool_drags_a_node_of_a_hole(window, qtbot):
    """A ring's hole shows its nodes and moves its own; the canvas path has the hole too."""
    hole = reversed_contour(rect_points(18, 18, 12, 12))
    doc = Document(48, 48, layers=[Layer(name="L", shapes=[
        Shape(rect_points(6, 6, 36, 36), fill=SolidFill((0.5, 0.5, 0.5, 1)), subpaths=[hole])])])
    window.ctl.reset(doc, None)
    window.view.zoom_fit()
    shape = doc.layers[0].shapes[0]
    outer, before = shape.points.copy(), hole.copy()
    item = window.scene.item_for(shape.id)
    assert not item.path().contains(QPointF(24, 24)) and item.path().contains(QPointF(10, 24))
    window.set_tool("node")
    click(qtbot, window, 10, 24)  # on the ring: selects it
    assert window.selection.ids == [shape.id]
    drag(qtbot, window, [(18, 18), (16, 17), (14, 16)])
    moved = shape.subpaths[0]
    assert np.allclose(moved[0], [14, 16], atol=0.5)
    assert np.allclose(moved[1] - before[1], [-4, -2], atol=0.5)  # its handles follow
    assert np.array_equal(moved[2:-1], before[2:-1])
    assert np.array_equal(shape.points, outer)
    assert window.scene.item_for(shape.id).path().contains(QPointF(24, 24)) is False
    window.ctl.undo_stack.undo()
    assert np.array_equal(shape.subpaths[0], before)


def test_moving_a_shape_moves_its_holes(window):
    hole = reversed_contour(rect_points(18, 18, 12, 12))
    doc = Document(48, 48, layers=[Layer(name="L", shapes=[
        Shape(rect_points(6, 6, 36, 36), fill=SolidFill((0.5, 0.5, 0.5, 1)), subpaths=[hole])])])
    window.ctl.reset(doc, None)
    shape = doc.layers[0].shapes[0]
    window.ctl.push(cmd.TranslateCommand(window.ctl, [shape.id], 3.0, -2.0))
    assert np.allclose(shape.subpaths[0], hole + (3, -2))
