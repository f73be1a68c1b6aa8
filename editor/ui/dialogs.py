"""Every modal question the editor asks, in one injectable object.

The main window never calls QMessageBox/QFileDialog directly: it asks its `Dialogs`. Tests
pass a scripted subclass so nothing blocks offscreen and the answers are predictable.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QWidget,
)

from editor.document import RGBA
from editor.svg import Flavour

IMAGE_FILTER = "Images (*.png *.jpg *.jpeg *.webp *.bmp *.tif *.tiff)"
OPEN_FILTER = (
    f"Images and designs (*.png *.jpg *.jpeg *.webp *.bmp *.tif *.tiff *.svg *.ltproj);;"
    f"{IMAGE_FILTER};;SVG (*.svg);;Layertrace project (*.ltproj)"
)
PROJECT_FILTER = "Layertrace project (*.ltproj)"
PNG_FILTER = "PNG image (*.png)"
SVG_FILTER = "SVG (*.svg)"


class SaveChoice(str, Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


@dataclass(frozen=True)
class SvgExportOptions:
    path: Path
    flavour: Flavour  # "inkscape" (layers) or "plain"
    precision: int  # decimals written for coordinates


class Dialogs:
    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent

    def error(self, title: str, message: str) -> None:
        QMessageBox.critical(self.parent, title, message)

    def info(self, title: str, message: str) -> None:
        QMessageBox.information(self.parent, title, message)

    def crash(self, summary: str, details: str) -> None:
        """An unexpected failure: what went wrong, and the details to copy into a report."""
        box = QMessageBox(QMessageBox.Icon.Critical, "Something went wrong",
                          f"Layertrace hit an unexpected error: {summary}\n\n"
                          "You can keep working; saving under a new name is safest.",
                          QMessageBox.StandardButton.Ok, self.parent)
        box.setDetailedText(details)
        copy = box.addButton("Copy Details", QMessageBox.ButtonRole.ActionRole)
        copy.setToolTip("Copy the details to the clipboard, e.g. for a bug report")
        copy.clicked.disconnect()  # keep the box open after copying
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(f"{summary}\n{details}"))
        box.exec()

    def ask_save_changes(self, what: str) -> SaveChoice:
        buttons = (QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                   | QMessageBox.StandardButton.Cancel)
        answer = QMessageBox.warning(
            self.parent, "Unsaved changes", f"Save the changes to {what} before closing it?",
            buttons, QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return SaveChoice.SAVE
        if answer == QMessageBox.StandardButton.Discard:
            return SaveChoice.DISCARD
        return SaveChoice.CANCEL

    def ask_restore(self, saved_at: str) -> bool:
        answer = QMessageBox.question(
            self.parent, "Recover unsaved work",
            f"Layertrace did not close normally. Restore the work autosaved at {saved_at}?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        return answer == QMessageBox.StandardButton.Yes

    def ask_trace_again(self, count: int) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, "Trace again",
                          f"Tracing again replaces the optimizer's {count} unlocked "
                          f"shape{'s' if count != 1 else ''} with a new trace. Shapes you "
                          "drew or imported and locked shapes stay. (Undo brings them back.)",
                          QMessageBox.StandardButton.Cancel, self.parent)
        trace = box.addButton("Trace again", QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(trace)
        box.exec()
        return box.clickedButton() is trace

    def open_path(self, caption: str, filters: str, directory: str = "") -> Path | None:
        path, _ = QFileDialog.getOpenFileName(self.parent, caption, directory, filters)
        return Path(path) if path else None

    def save_path(self, caption: str, filters: str, suggested: str = "") -> Path | None:
        path, _ = QFileDialog.getSaveFileName(self.parent, caption, suggested, filters)
        return Path(path) if path else None

    def pick_color(self, initial: RGBA) -> RGBA | None:
        color = QColorDialog.getColor(QColor.fromRgbF(*initial), self.parent, "Fill color",
                                      QColorDialog.ColorDialogOption.ShowAlphaChannel)
        if not color.isValid():
            return None
        return (color.redF(), color.greenF(), color.blueF(), color.alphaF())

    def export_svg_options(self, suggested: SvgExportOptions) -> SvgExportOptions | None:
        dialog = _SvgExportDialog(self.parent, suggested)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.options()


class _SvgExportDialog(QDialog):
    def __init__(self, parent: QWidget | None, suggested: SvgExportOptions) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export SVG")
        self._path = QLineEdit(str(suggested.path))
        self._path.setToolTip("Where the SVG file is written")
        browse = QPushButton("Browse…")
        browse.setToolTip("Choose the file to write")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self._path)
        row.addWidget(browse)
        self._flavour = QComboBox()
        self._flavour.addItem("Inkscape layers", "inkscape")
        self._flavour.addItem("Plain SVG", "plain")
        self._flavour.setCurrentIndex(max(self._flavour.findData(suggested.flavour), 0))
        self._flavour.setToolTip(
            "Inkscape layers keep layer names, locks and visibility (Illustrator reads them "
            "too); plain SVG drops the editor metadata for the smallest file")
        self._precision = QSpinBox()
        self._precision.setRange(0, 6)
        self._precision.setValue(suggested.precision)
        self._precision.setToolTip("Decimals written for coordinates (2–3 is typical)")
        form = QFormLayout(self)
        form.addRow("File", row)
        form.addRow("Flavour", self._flavour)
        form.addRow("Precision", self._precision)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export SVG", self._path.text(), SVG_FILTER)
        if path:
            self._path.setText(path)

    def options(self) -> SvgExportOptions:
        flavour: Flavour = "plain" if self._flavour.currentData() == "plain" else "inkscape"
        return SvgExportOptions(Path(self._path.text()), flavour, self._precision.value())
