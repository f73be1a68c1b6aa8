"""The window as a whole: navigation, file drops, clipboard, themes, shortcuts, tooltips."""
from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication, QImage, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QSlider,
    QToolButton,
)

from editor.ui import commands as cmd
from editor.ui.main_window import MainWindow
from tests.ui.helpers import (
    ScriptedDialogs,
    start_tracing,
    wait_steps,
    write_test_image,
)


def test_every_control_has_a_tooltip(window):
    missing = []
    for kind in (QAbstractButton, QSlider, QAbstractSpinBox, QComboBox):
        for widget in window.findChildren(kind):
            tip = widget.toolTip()
            if not tip and isinstance(widget, QToolButton) and widget.defaultAction():
                tip = widget.defaultAction().toolTip()
            if widget.isVisible() and not tip:
                missing.append(f"{type(widget).__name__} {widget.objectName()!r}")
    assert not missing
    assert all(a.toolTip() for a in window.actions())


def test_standard_shortcuts(window):
    def keys(action) -> str:
        return action.shortcut().toString(QKeySequence.SequenceFormat.PortableText)

    assert keys(window.undo_action) == "Ctrl+Z"
    assert keys(window.redo_action) == "Ctrl+Shift+Z"
    assert keys(window.save_action) == "Ctrl+S"
    assert keys(window.export_action) == "Ctrl+E"
    assert keys(window.delete_action) == "Del"
    assert (keys(window.lock_action), keys(window.hide_action)) == ("L", "H")


def test_middle_button_and_space_drag_pan(window, image_path, qtbot):
    window.files.open_path(image_path)
    window.view.set_zoom(8.0)
    window.view.centerOn(24, 24)
    viewport = window.view.viewport()
    before = window.view.mapToScene(viewport.rect().center())
    qtbot.mousePress(viewport, Qt.MouseButton.MiddleButton, pos=QPoint(200, 200))
    qtbot.mouseMove(viewport, QPoint(240, 200))
    qtbot.mouseRelease(viewport, Qt.MouseButton.MiddleButton, pos=QPoint(240, 200))
    after = window.view.mapToScene(viewport.rect().center())
    assert abs((before.x() - after.x()) - 40 / 8) < 0.5  # the canvas followed the hand
    window.set_tool("rectangle")
    qtbot.keyPress(window.view, Qt.Key.Key_Space)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=QPoint(200, 200))
    qtbot.mouseMove(viewport, QPoint(200, 160))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=QPoint(200, 160))
    qtbot.keyRelease(window.view, Qt.Key.Key_Space)
    moved = window.view.mapToScene(viewport.rect().center())
    assert abs((moved.y() - after.y()) - 40 / 8) < 0.5
    assert not window.ctl.doc.all_shapes()  # Space + drag pans, the tool drew nothing


def test_drop_an_image_file_onto_the_window(window, tmp_path, qtbot):
    path = write_test_image(tmp_path / "dropped.png", size=40)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(300, 300), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    qtbot.waitUntil(lambda: window.ctl.source is not None)
    assert window.ctl.source.name == "dropped.png" and window.ctl.doc.width == 40


def test_paste_image_from_clipboard(window):
    image = QImage(30, 20, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.darkCyan)
    QGuiApplication.clipboard().setImage(image)
    assert window.paste_action.isEnabled()
    window.paste_action.trigger()
    source = window.ctl.source
    assert source is not None and (source.width, source.height) == (30, 20)
    assert source.data.startswith(b"\x89PNG")  # kept as bytes, so a project can store it
    assert abs(float(source.rgb[..., 2].mean()) - 0.5) < 0.05


def test_refine_selection_only_restricts_the_session(window, image_path, qtbot):
    window.files.open_path(image_path)
    start_tracing(window, qtbot)
    kept, frozen = window.ctl.doc.all_shapes()[:2]
    window.selection.set([kept.id])
    window.optimize.refine_selection.setChecked(True)
    wait_steps(window, qtbot, 3)
    before = frozen.points.copy()
    wait_steps(window, qtbot, 10)
    assert (frozen.points == before).all()  # outside the selection nothing moves
    window.optimize.refine_selection.setChecked(False)
    wait_steps(window, qtbot, 10)
    assert not (frozen.points == before).all()


def test_dark_theme_and_layout_persist(make_window, tmp_path):
    first = make_window()
    first.dark_action.setChecked(True)
    assert first.icons.dark
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() < 100
    first.close()
    settings = first.settings
    settings.sync()
    again = MainWindow(settings, dialogs=ScriptedDialogs(), autosave_dir=tmp_path / "a")
    assert again.dark_action.isChecked()
    again.dark_action.setChecked(False)  # leave the application palette as tests expect it
    again.close()


def test_title_shows_unsaved_changes(window, image_path):
    window.files.open_path(image_path)
    assert window.windowTitle().startswith("target.png") and not window.isWindowModified()
    window.ctl.push(cmd.RenameCommand(window.ctl, window.ctl.doc.add_layer("L").id, "L", "Renamed"))
    assert window.isWindowModified()
    window.ctl.undo_stack.undo()
    assert not window.isWindowModified()
