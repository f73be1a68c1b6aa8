"""Issue 11, problem 5: panels that stay usable. The Optimize form shows the parameters that
matter first and the rest under "Advanced"; the Fill panel gives back the space a gradient's
stops took; a cramped saved layout is corrected; View ▸ Reset Layout; a true zoom readout."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, Qt

from editor.document import (
    Document,
    GradientStop,
    Layer,
    RadialGradient,
    Shape,
    SolidFill,
    circle_points,
)
from editor.ui.main_window import MIN_LAYER_ROWS, MainWindow
from editor.ui.settings import WINDOW_STATE, open_settings, write
from tests.ui.helpers import ScriptedDialogs

RED, BLUE = (0.9, 0.1, 0.1, 1.0), (0.1, 0.2, 0.9, 1.0)


def _rows_visible(window: MainWindow) -> float:
    """How many rows of the Layers list fit in its current height."""
    tree = window.layers.tree
    return tree.viewport().height() / (tree.fontMetrics().height() + 8)


def _settle(qtbot) -> None:
    qtbot.wait(50)  # queued layout work and resizes


def test_optimize_form_shows_the_essentials_and_folds_the_rest_under_advanced(window, qtbot):
    panel = window.optimize
    assert panel.select_method("layerwise")
    form = panel.form
    visible = [name for name, (_spec, editor) in form._editors.items() if editor.isVisibleTo(panel)]
    assert visible[0] == "num_paths" and len(visible) <= 5
    assert {"max_steps", "point_lr", "xing_weight"} <= set(form.advanced_names())
    assert not form.advanced.isVisibleTo(panel)
    assert form.advanced_toggle.text() == f"Advanced ({len(form.advanced_names())})"
    # the essentials, the working size and the Advanced toggle are on screen at the
    # default layout, without scrolling
    _settle(qtbot)
    viewport = panel.scroll_area.viewport()
    for widget in (panel.working_size, form.advanced_toggle,
                   *(form._editors[name][1] for name in visible)):
        bottom = widget.mapTo(viewport, widget.rect().bottomLeft()).y()
        assert 0 <= bottom <= viewport.height(), widget
    form.advanced_toggle.click()
    assert form.advanced.isVisibleTo(panel)
    assert form.advanced_toggle.arrowType() == Qt.ArrowType.DownArrow
    # folded or not, every parameter is set and read
    form.advanced_toggle.click()
    form.set_value("max_steps", 77)
    assert panel.params()["max_steps"] == 77 and "num_paths" in panel.params()


def test_fill_dock_gives_the_space_back_when_the_stops_editor_hides(window, qtbot):
    gradient = Shape(circle_points(20, 20, 10), name="g", fill=RadialGradient(
        (20.0, 20.0), (10.0, 10.0),
        [GradientStop(0.0, RED), GradientStop(0.3, BLUE), GradientStop(0.6, RED), GradientStop(1.0, BLUE)]))
    solid = Shape(circle_points(40, 40, 8), name="s", fill=SolidFill(RED))
    window.ctl.reset(Document(64, 64, layers=[Layer(name="L", shapes=[gradient, solid])]), None)
    layers_dock, fill_dock, _ = window.docks
    window.selection.set([solid.id])
    _settle(qtbot)
    before = (layers_dock.height(), fill_dock.height())
    window.selection.set([gradient.id])  # the stops editor appears: the Fill dock grows
    qtbot.waitUntil(lambda: fill_dock.height() > before[1] + 40)
    stops = window.fill_panel.stops
    assert stops.height() >= stops.sizeHint().height() - 2  # all four stops on screen
    window.selection.set([solid.id])  # and hides again: the space goes back to the Layers list
    qtbot.waitUntil(lambda: fill_dock.height() <= before[1] + 4)
    assert layers_dock.height() >= before[0] - 4


def _window(qtbot, tmp_path: Path, settings: Path) -> MainWindow:
    window = MainWindow(open_settings(settings), dialogs=ScriptedDialogs(),
                        autosave_dir=tmp_path / "autosave", torch_threads=1)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_a_cramped_saved_layout_is_corrected_at_the_next_start(qtbot, tmp_path):
    settings = tmp_path / "settings.ini"
    first = _window(qtbot, tmp_path, settings)
    layers_dock, fill_dock, _optimize_dock = first.docks
    first.resizeDocks([layers_dock, fill_dock], [20, 900], Qt.Orientation.Vertical)
    _settle(qtbot)
    first.close()  # saves the layout
    second = _window(qtbot, tmp_path, settings)
    _settle(qtbot)
    assert _rows_visible(second) >= MIN_LAYER_ROWS - 0.5
    assert second.optimize.scroll_area.viewport().height() > 0


def test_a_layout_saved_by_an_older_version_is_ignored(qtbot, tmp_path):
    """Version 1 saved whatever state the docks were in; those states are not trusted."""
    settings = tmp_path / "settings.ini"
    first = _window(qtbot, tmp_path, settings)
    first.docks[2].hide()
    write(first.settings, WINDOW_STATE, first.saveState())  # version 0, as before
    first.settings.sync()
    first.close()
    store = open_settings(settings)
    write(store, WINDOW_STATE, QByteArray(first.saveState()))
    store.sync()
    second = _window(qtbot, tmp_path, settings)
    assert all(dock.isVisible() for dock in second.docks)


def test_view_reset_layout_puts_every_panel_back(window, qtbot):
    layers_dock, fill_dock, optimize_dock = window.docks
    optimize_dock.close()
    fill_dock.setFloating(True)
    window.resizeDocks([layers_dock], [30], Qt.Orientation.Vertical)
    reset = next(a for a in window.menuBar().actions() if a.text() == "&View").menu()
    action = next(a for a in reset.actions() if a.text() == "&Reset Layout")
    action.trigger()
    _settle(qtbot)
    assert all(dock.isVisible() and not dock.isFloating() for dock in window.docks)
    assert all(window.dockWidgetArea(d) == Qt.DockWidgetArea.RightDockWidgetArea for d in window.docks)
    assert _rows_visible(window) >= MIN_LAYER_ROWS


def test_the_zoom_button_reads_the_zoom_and_a_click_goes_to_100_percent(window, image_path, qtbot):
    window.files.open_path(image_path)  # a 48-px image: fitting the window zooms in a lot
    window.view.zoom_fit()
    button = window.view_bar.zoom
    zoom = window.view.zoom
    assert zoom > 3
    assert button.text() == f"{zoom * 100:.0f} %" != "100 %"
    window.view.zoom_by(1.25)
    assert button.text() == f"{zoom * 125:.0f} %"
    button.click()
    assert abs(window.view.zoom - 1.0) < 1e-9 and button.text() == "100 %"
