"""Fill types and gradient editing: the solid / linear / radial switch, the gradient
handles on the canvas, the stops editor, and all of it reaching a running optimizer."""
from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush

from editor.document import (
    Document,
    GradientStop,
    Layer,
    LinearGradient,
    RadialGradient,
    Shape,
    SolidFill,
    circle_points,
    rect_points,
)
from editor.document.fills import fill_kind
from editor.ui import commands as cmd
from tests.ui.helpers import (
    ScriptedDialogs,
    drag,
    start_tracing,
    view_point,
    wait_steps,
)

RED, BLUE = (0.9, 0.1, 0.1, 1.0), (0.1, 0.2, 0.9, 1.0)
STYLE = {"solid": Qt.BrushStyle.SolidPattern, "linear": Qt.BrushStyle.LinearGradientPattern,
         "radial": Qt.BrushStyle.RadialGradientPattern}


def _load(window, fill) -> Shape:
    """A 48-px document with one 24-px disc at (24, 24) filled with `fill`, selected."""
    shape = Shape(circle_points(24, 24, 12), fill=fill, name="disc")
    window.ctl.reset(Document(48, 48, layers=[Layer(name="L", shapes=[shape])]), None)
    window.view.zoom_fit()
    window.selection.set([shape.id])
    return shape


def _radial() -> RadialGradient:
    return RadialGradient((24.0, 24.0), (12.0, 12.0), [GradientStop(0.0, RED), GradientStop(1.0, BLUE)])


def _brush(window, shape_id: str) -> QBrush:
    return window.scene.item_for(shape_id).brush()


def test_switch_solid_radial_linear_solid_and_undo_redo_each(window):
    shape = _load(window, SolidFill(RED))
    ctl, actions = window.ctl, window.fill_panel.kind_actions
    assert actions["solid"].isChecked() and actions["radial"].isEnabled()
    assert all(a in window.context_actions for a in actions.values())  # right-click menu too
    assert all(a.toolTip() and not a.icon().isNull() for a in actions.values())
    kinds = ["solid", "radial", "linear", "solid"]
    for kind in kinds[1:]:
        actions[kind].trigger()
        assert fill_kind(ctl.shape(shape.id).fill) == kind
        assert actions[kind].isChecked()
        assert _brush(window, shape.id).style() == STYLE[kind]
    # no image: the new gradient runs from a lighter red to red; back to solid, its average
    red = np.array(RED)
    color = np.array(ctl.shape(shape.id).fill.color)
    assert color[0] >= red[0] - 1e-6 and np.all(color[1:3] > red[1:3]) and color[3] == 1.0
    assert ctl.undo_stack.count() == 3
    for kind in reversed(kinds[:-1]):
        ctl.undo_stack.undo()
        assert fill_kind(ctl.shape(shape.id).fill) == kind
        assert _brush(window, shape.id).style() == STYLE[kind]
    assert ctl.shape(shape.id).fill == SolidFill(RED)
    for kind in kinds[1:]:
        ctl.undo_stack.redo()
        assert fill_kind(ctl.shape(shape.id).fill) == kind
        assert window.fill_panel.kind_actions[kind].isChecked()


def test_switch_applies_to_the_selection_but_not_locked_shapes(window):
    shape = _load(window, SolidFill(RED))
    other = Shape(rect_points(2, 2, 10, 10), fill=SolidFill(BLUE), locked=True)
    window.ctl.push(cmd.AddShapeCommand(window.ctl, window.ctl.doc.layers[0].id, 1, other))
    window.selection.set([shape.id, other.id])
    window.fill_panel.kind_actions["linear"].trigger()
    assert isinstance(window.ctl.shape(shape.id).fill, LinearGradient)
    assert window.ctl.shape(other.id).fill == SolidFill(BLUE)  # locked: never changes
    window.selection.set([other.id])
    assert not window.fill_panel.kind_actions["radial"].isEnabled()


def test_dragging_radial_center_moves_gradient_live_then_one_undo_entry(window, qtbot):
    shape = _load(window, _radial())
    ctl, viewport = window.ctl, window.view.viewport()
    assert window.tools["select"].gradient.overlay.content.anchors  # the handles show
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=view_point(window, 24, 24))
    qtbot.mouseMove(viewport, view_point(window, 27, 26))
    qtbot.mouseMove(viewport, view_point(window, 30, 28))
    live = _brush(window, shape.id).transform()
    assert (live.dx(), live.dy()) == pytest.approx((30, 28), abs=0.5)  # the canvas follows
    assert ctl.shape(shape.id).fill.center == (24.0, 24.0)  # the document waits for release
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=view_point(window, 30, 28))
    fill = ctl.shape(shape.id).fill
    assert fill.center == pytest.approx((30, 28), abs=0.5)
    assert fill.radius == (12.0, 12.0)
    assert np.allclose(ctl.shape(shape.id).points, circle_points(24, 24, 12))  # shape stays
    brush = _brush(window, shape.id).transform()
    assert (brush.dx(), brush.dy()) == pytest.approx(fill.center)
    assert ctl.undo_stack.count() == 1
    ctl.undo_stack.undo()
    assert ctl.shape(shape.id).fill.center == (24.0, 24.0)
    assert _brush(window, shape.id).transform().dx() == pytest.approx(24.0)


@pytest.mark.parametrize("fill, handle, to, field, expected", [
    (_radial(), (36, 24), (40, 24), "radius", (16.0, 12.0)),
    (_radial(), (24, 36), (24, 30), "radius", (12.0, 6.0)),
    (LinearGradient((24.0, 12.0), (24.0, 36.0), [GradientStop(0, RED), GradientStop(1, BLUE)]),
     (24, 36), (34, 40), "end", (34.0, 40.0)),
])
def test_dragging_radius_and_end_handles(window, qtbot, fill, handle, to, field, expected):
    shape = _load(window, fill)
    drag(qtbot, window, [handle, to])
    assert getattr(window.ctl.shape(shape.id).fill, field) == pytest.approx(expected, abs=0.5)


def test_stop_handle_slides_along_the_axis_and_esc_cancels_a_drag(window, qtbot):
    fill = _radial()
    fill.stops.insert(1, GradientStop(0.5, (0.5, 0.5, 0.5, 1.0)))
    shape = _load(window, fill)
    drag(qtbot, window, [(30, 24), (32, 26), (33, 30)])  # stop 1 sits halfway along x
    assert [s.offset for s in window.ctl.shape(shape.id).fill.stops] == pytest.approx(
        [0.0, 0.75, 1.0], abs=0.05)
    assert window.ctl.undo_stack.undoText() == "Edit gradient"
    viewport = window.view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=view_point(window, 24, 24))
    qtbot.mouseMove(viewport, view_point(window, 30, 30))
    assert _brush(window, shape.id).transform().dx() == pytest.approx(30, abs=0.5)
    qtbot.keyClick(viewport, Qt.Key.Key_Escape)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=view_point(window, 30, 30))
    assert window.ctl.shape(shape.id).fill.center == (24.0, 24.0)
    assert _brush(window, shape.id).transform().dx() == pytest.approx(24.0)
    assert window.ctl.undo_stack.count() == 1


def test_locked_shape_gradient_handles_do_not_drag(window, qtbot):
    shape = _load(window, _radial())
    window.ctl.push(cmd.SetFlagCommand(window.ctl, "locked", True, {shape.id: False}))
    assert not window.tools["select"].gradient.overlay.content.anchors  # none shown
    drag(qtbot, window, [(24, 24), (27, 26), (30, 28)])
    assert window.ctl.shape(shape.id).fill == _radial()
    assert np.allclose(window.ctl.shape(shape.id).points, circle_points(24, 24, 12))


def test_moving_a_shape_carries_its_gradient(window, qtbot):
    shape = _load(window, _radial())
    drag(qtbot, window, [(20, 28), (23, 30), (26, 32)])  # on the shape, off the handles
    assert window.ctl.shape(shape.id).fill.center == pytest.approx((30, 28), abs=0.5)
    assert window.ctl.undo_stack.count() == 1
    window.ctl.undo_stack.undo()
    assert window.ctl.shape(shape.id).fill.center == pytest.approx((24, 24))


def test_stops_editor_adds_moves_recolors_and_removes_stops(make_window):
    window = make_window(ScriptedDialogs(color_answer=(0.0, 1.0, 0.0, 1.0)))
    shape = _load(window, _radial())
    ctl, stops = window.ctl, window.fill_panel.stops
    assert stops.isVisibleTo(window.fill_panel) and len(stops.rows) == 2
    assert not stops.rows[0].remove.isEnabled()  # a gradient keeps two stops
    stops.add_button.click()
    fill = ctl.shape(shape.id).fill
    assert [s.offset for s in fill.stops] == [0.0, 0.5, 1.0]
    assert np.allclose(fill.stops[1].color, np.add(RED, BLUE) / 2)  # the colour already there
    assert len(stops.rows) == 3 and stops.rows[1].remove.isEnabled()
    stops.rows[1].offset.setValue(0.25)
    assert ctl.shape(shape.id).fill.stops[1].offset == 0.25
    stops.rows[1].color.click()
    assert ctl.shape(shape.id).fill.stops[1].color == (0.0, 1.0, 0.0, 1.0)
    assert _brush(window, shape.id).gradient().stops()[1][0] == pytest.approx(0.25)
    stops.rows[0].remove.click()
    fill = ctl.shape(shape.id).fill
    assert [(s.offset, s.color) for s in fill.stops] == [(0.25, (0.0, 1.0, 0.0, 1.0)), (1.0, BLUE)]
    assert len(stops.rows) == 2
    assert ctl.undo_stack.count() == 4
    for _ in range(4):
        ctl.undo_stack.undo()
    assert ctl.shape(shape.id).fill == _radial()
    assert len(stops.rows) == 2 and stops.rows[1].offset.value() == 1.0


def test_solid_fill_shows_a_color_button_instead_of_stops(window):
    _load(window, SolidFill(RED))
    panel = window.fill_panel
    assert panel.color_button.isVisibleTo(panel) and not panel.stops.isVisibleTo(panel)
    window.selection.set([])
    assert not panel.color_button.isVisibleTo(panel)
    assert not any(a.isEnabled() for a in panel.kind_actions.values())


def test_fill_switch_while_running_reaches_the_engine(window, image_path, qtbot):
    window.files.open_path(image_path)
    start_tracing(window, qtbot)
    shape = window.ctl.doc.all_shapes()[0]
    window.selection.set([shape.id])
    window.fill_panel.kind_actions["radial"].trigger()
    wait_steps(window, qtbot, 5)
    session_shape = window.runner._session.document().find_shape(shape.id)[1]
    assert fill_kind(session_shape.fill) == "radial"
    assert fill_kind(window.ctl.shape(shape.id).fill) == "radial"  # and snapshots keep it
    window.ctl.undo_stack.undo()
    wait_steps(window, qtbot, 5)
    assert fill_kind(window.runner._session.document().find_shape(shape.id)[1].fill) == "solid"
