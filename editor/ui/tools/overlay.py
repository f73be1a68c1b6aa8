"""Tool feedback drawn over the shapes: paths, anchors and handles at a constant screen size."""
from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from editor.ui.theme import ACCENT

HANDLE = 7.0  # px on screen


@dataclass
class OverlayContent:
    path: QPainterPath = field(default_factory=QPainterPath)  # the outline being drawn
    lines: list[tuple[QPointF, QPointF]] = field(default_factory=list)  # handle arms
    anchors: list[QPointF] = field(default_factory=list)  # drawn as squares
    controls: list[QPointF] = field(default_factory=list)  # drawn as circles
    swatches: list[tuple[QPointF, QColor]] = field(default_factory=list)  # small, in a colour
    active: QPointF | None = None  # the point under the mouse or being dragged


class Overlay(QGraphicsItem):
    """Paints an `OverlayContent`; markers ignore the zoom so they stay easy to hit."""

    def __init__(self) -> None:
        super().__init__()
        self.content = OverlayContent()
        self.setZValue(1_000_000)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)

    def set_content(self, content: OverlayContent) -> None:
        self.prepareGeometryChange()
        self.content = content
        self.update()

    def _points(self) -> list[QPointF]:
        c = self.content
        return (c.anchors + c.controls + [p for p, _ in c.swatches]
                + [p for line in c.lines for p in line])

    def boundingRect(self) -> QRectF:
        rect = self.content.path.boundingRect()
        for p in self._points():
            rect = rect.united(QRectF(p, p))
        scale = self.scene().views()[0].transform().m11() if self.scene() and self.scene().views() else 1.0
        margin = HANDLE / max(scale, 1e-3)
        return rect.adjusted(-margin, -margin, margin, margin)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        c = self.content
        pen = QPen(ACCENT, 1.5)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(c.path)
        thin = QPen(ACCENT, 1.0)
        thin.setCosmetic(True)
        painter.setPen(thin)
        for a, b in c.lines:
            painter.drawLine(a, b)
        to_screen = painter.worldTransform()
        painter.save()
        painter.resetTransform()
        half = HANDLE / 2
        for p, color in c.swatches:  # under the handles, which win where they overlap
            q = to_screen.map(p)
            painter.setBrush(color)
            painter.drawEllipse(QRectF(q.x() - half - 1, q.y() - half - 1, HANDLE + 2, HANDLE + 2))
        for points, square in ((c.anchors, True), (c.controls, False)):
            for p in points:
                q = to_screen.map(p)
                painter.setBrush(ACCENT if c.active is not None and p == c.active
                                 else QColor(255, 255, 255))
                box = QRectF(q.x() - half, q.y() - half, HANDLE, HANDLE)
                if square:
                    painter.drawRect(box)
                else:
                    painter.drawEllipse(box.adjusted(1, 1, -1, -1))
        painter.restore()
