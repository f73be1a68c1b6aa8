"""The stops of the selected shape's gradient: one row per stop (colour, offset, remove)
and a button that adds one. Every change is one undoable fill edit."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QGridLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from editor.document import RGBA, LinearGradient, RadialGradient
from editor.ui import commands as cmd
from editor.ui.canvas.painting import qcolor
from editor.ui.controller import DocumentController
from editor.ui.dialogs import Dialogs
from editor.ui.fill.stops import MIN_STOPS, Gradient, add_stop, remove_stop, set_stop
from editor.ui.theme import Icons


def color_swatch(color: RGBA, size: int = 16) -> QIcon:
    """A framed colour square over a checkerboard, so transparency shows."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(255, 255, 255))
    painter = QPainter(pixmap)
    half = size // 2
    painter.fillRect(0, 0, half, half, QColor(204, 204, 204))
    painter.fillRect(half, half, half, half, QColor(204, 204, 204))
    painter.fillRect(0, 0, size, size, qcolor(color))
    painter.setPen(QColor(128, 128, 128))
    painter.drawRect(0, 0, size - 1, size - 1)
    painter.end()
    return QIcon(pixmap)


def _hex(color: RGBA) -> str:
    return qcolor(color).name(QColor.NameFormat.HexArgb if color[3] < 1.0 else QColor.NameFormat.HexRgb)


class _StopRow:
    """The widgets of one stop, in one row of the editor's grid."""

    def __init__(self, grid: QGridLayout, row: int, icons: Icons) -> None:
        self.color = QToolButton()
        self.color.setAutoRaise(True)
        self.offset = QDoubleSpinBox()
        self.offset.setSingleStep(0.05)
        self.offset.setDecimals(3)
        self.offset.setKeyboardTracking(False)  # typing commits on Enter, not per keystroke
        self.offset.setToolTip("Where this stop sits along the gradient (0 = start or center, "
                               "1 = end or radius); kept between its neighbors")
        self.remove = QToolButton()
        self.remove.setAutoRaise(True)
        icons.set(self.remove, "fa5s.minus")
        self.remove.setToolTip("Remove this stop")
        self.widgets = (self.color, self.offset, self.remove)
        for column, widget in enumerate(self.widgets):
            grid.addWidget(widget, row, column)


class StopsEditor(QWidget):
    def __init__(self, ctl: DocumentController, dialogs: Dialogs, icons: Icons,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctl = ctl
        self.dialogs = dialogs
        self.icons = icons
        self.shape_id: str | None = None
        self.rows: list[_StopRow] = []
        self._grid = QGridLayout()
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setColumnStretch(1, 1)
        self.add_button = QToolButton()
        self.add_button.setText("Add stop")
        self.add_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.add_button.setAutoRaise(True)
        icons.set(self.add_button, "fa5s.plus")
        self.add_button.setToolTip("Add a stop in the middle of the widest gap, with the color "
                                   "the gradient has there")
        self.add_button.clicked.connect(lambda: self._edit(add_stop, "Add gradient stop"))
        title = QLabel("Stops")
        title.setToolTip("The gradient's colors and where they sit, from start (or center) "
                         "to end (or radius); drag its handles on the canvas with the select "
                         "tool (V)")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addLayout(self._grid)
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)

    # ------------------------------------------------------------------ showing a gradient
    def show_gradient(self, shape_id: str, fill: Gradient) -> None:
        """Show `fill`'s stops (rows are rebuilt only when their number changes)."""
        self.shape_id = shape_id
        if len(self.rows) != len(fill.stops):
            self._rebuild(len(fill.stops))
        offsets = [0.0] + [stop.offset for stop in fill.stops] + [1.0]
        for i, (row, stop) in enumerate(zip(self.rows, fill.stops)):
            row.color.setIcon(color_swatch(stop.color))
            row.color.setToolTip(f"Stop color {_hex(stop.color)}: click to change it")
            with QSignalBlocker(row.offset):
                row.offset.setRange(offsets[i], offsets[i + 2])  # between its neighbours
                if not row.offset.hasFocus():  # never overwrite what the designer is typing
                    row.offset.setValue(stop.offset)
            row.remove.setEnabled(len(fill.stops) > MIN_STOPS)

    def _rebuild(self, count: int) -> None:
        for row in self.rows:
            for widget in row.widgets:
                self._grid.removeWidget(widget)
                widget.deleteLater()
        self.rows = [_StopRow(self._grid, i, self.icons) for i in range(count)]
        for i, row in enumerate(self.rows):
            row.color.clicked.connect(lambda _c=False, i=i: self._pick_color(i))
            row.offset.valueChanged.connect(
                lambda value, i=i: self._edit(lambda f: set_stop(f, i, offset=value),
                                              "Move gradient stop"))
            row.remove.clicked.connect(
                lambda _c=False, i=i: self._edit(lambda f: remove_stop(f, i), "Remove gradient stop"))

    # ------------------------------------------------------------------ edits
    def _gradient(self) -> Gradient | None:
        if self.shape_id is None or self.ctl.doc.find_shape(self.shape_id) is None:
            return None
        fill = self.ctl.shape(self.shape_id).fill
        return fill if isinstance(fill, (LinearGradient, RadialGradient)) else None

    def _pick_color(self, index: int) -> None:
        fill = self._gradient()
        if fill is None or index >= len(fill.stops):
            return
        picked = self.dialogs.pick_color(fill.stops[index].color)
        if picked is not None:
            self._edit(lambda f: set_stop(f, index, color=picked), "Gradient stop color")

    def _edit(self, change: Callable[[Gradient], Gradient], label: str) -> None:
        """Apply `change` to the shape's gradient as it is now, as one history entry."""
        fill = self._gradient()
        if fill is None or self.shape_id is None:
            return
        after = change(fill)
        if after != fill:
            self.ctl.push(cmd.RecolorCommand(self.ctl, self.shape_id, fill, after, label))
