"""One QGraphicsPathItem per document shape, and the outline that marks the selection.

Neither class overrides a virtual method (paint, boundingRect, …): a Python override is
called from C++ on every repaint and must take the GIL each time, which the optimizer's
thread holds much of the time — a 256-shape canvas would stall on it. Painting stays in
C++, and the selection is drawn by one separate outline item instead of by each shape.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsPathItem

from editor.document import Layer, Shape
from editor.ui.canvas.painting import Painted, painted
from editor.ui.theme import ACCENT

_OUTLINE_PEN = QPen(QColor(20, 20, 20, 200), 0)  # width 0: one device pixel at any zoom
_NO_BRUSH = QBrush(Qt.BrushStyle.NoBrush)


class ShapeItem(QGraphicsPathItem):
    """Draws a shape like the export does; outline mode shows bare geometry instead.

    Locked and hidden shapes take no mouse buttons, so clicks reach the shapes below.
    """

    def __init__(self, shape_id: str) -> None:
        super().__init__()
        self.shape_id = shape_id
        self.outline = False
        self.editable = True
        self._brush = QBrush()
        self._pen = QPen()

    def sync_geometry(self, shape: Shape, prepared: Painted | None = None) -> None:
        """Draw `shape` as it is now; `prepared` is used when it was made from this state."""
        paint = prepared if prepared is not None and prepared.fits(shape) else painted(shape)
        self.setPath(paint.path)
        self._brush, self._pen = paint.brush, paint.pen
        self._apply_paint()

    def sync_state(self, layer: Layer, shape: Shape, z: int) -> None:
        visible = layer.visible and shape.visible
        self.editable = visible and not (layer.locked or shape.locked)
        self.setZValue(z)
        self.setVisible(visible)
        self.setAcceptedMouseButtons(Qt.MouseButton.LeftButton if self.editable
                                     else Qt.MouseButton.NoButton)
        self.setToolTip(shape.name + (" (locked)" if layer.locked or shape.locked else ""))

    def set_outline(self, outline: bool) -> None:
        self.outline = outline
        self._apply_paint()

    def _apply_paint(self) -> None:
        if self.outline:
            self.setBrush(_NO_BRUSH)
            self.setPen(_OUTLINE_PEN)
        else:
            self.setBrush(self._brush)
            self.setPen(self._pen)


class SelectionOutline(QGraphicsPathItem):
    """The selected shapes' outlines in the accent colour, above every shape."""

    def __init__(self, z: float) -> None:
        super().__init__()
        pen = QPen(ACCENT, 2.0)
        pen.setCosmetic(True)  # the same on-screen width at every zoom
        self.setPen(pen)
        self.setBrush(_NO_BRUSH)
        self.setZValue(z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def show_items(self, items: list[ShapeItem]) -> None:
        path = QPainterPath()
        for item in items:
            path.addPath(item.path().translated(item.pos()))
        self.setPos(0, 0)
        self.setPath(path)
