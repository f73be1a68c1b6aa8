"""The canvas view: zoom, pan, a checkerboard behind transparency, and tool dispatch.

Navigation always wins over tools: the wheel zooms about the cursor, the middle button or
Space + drag pans, whatever tool is active. Everything else goes to the active tool, which
may fall back to QGraphicsView's own handling (the select tool uses its rubber band).
"""
from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPalette,
    QPixmap,
    QWheelEvent,
)
from PySide6.QtWidgets import QGraphicsView

from editor.ui.canvas.scene import CanvasScene

MIN_ZOOM, MAX_ZOOM = 0.02, 64.0
_CHECKER = 8  # device pixels per checkerboard square
BLANK_HINT = ("Open an image to trace (Ctrl+O),\ndrop one here, or paste it (Ctrl+V).\n\n"
              "Or open an SVG or a Layertrace project to refine it.")


def _checker_brush() -> QBrush:
    tile = QPixmap(2 * _CHECKER, 2 * _CHECKER)
    tile.fill(QColor(255, 255, 255))
    painter = QPainter(tile)
    painter.fillRect(0, 0, _CHECKER, _CHECKER, QColor(204, 204, 204))
    painter.fillRect(_CHECKER, _CHECKER, _CHECKER, _CHECKER, QColor(204, 204, 204))
    painter.end()
    return QBrush(tile)


class CanvasTool(Protocol):
    """What the view asks of the active tool (`editor.ui.tools.base.Tool` is one; the view
    does not import the tools, which import the view). Each hook returns True when it handled
    the event, and the view then skips its default."""

    @property
    def cursor(self) -> Qt.CursorShape: ...
    def activate(self) -> None: ...
    def deactivate(self) -> None: ...
    def press(self, event: QMouseEvent, pos: QPointF) -> bool: ...
    def move(self, event: QMouseEvent, pos: QPointF) -> bool: ...
    def release(self, event: QMouseEvent, pos: QPointF) -> bool: ...
    def double_click(self, event: QMouseEvent, pos: QPointF) -> bool: ...
    def key_press(self, event: QKeyEvent) -> bool: ...


class CanvasView(QGraphicsView):
    zoomChanged = Signal(float)
    cursorMoved = Signal(QPointF)  # scene position, for the status bar

    def __init__(self, scene: CanvasScene) -> None:
        super().__init__(scene)
        self.canvas = scene
        self.tool: CanvasTool | None = None
        self._checker = _checker_brush()
        self._pan_from: QPoint | None = None
        self._space = False
        self.setRenderHints(QPainter.RenderHint.Antialiasing
                            | QPainter.RenderHint.SmoothPixmapTransform)
        self.setOptimizationFlags(QGraphicsView.OptimizationFlag.DontSavePainterState)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setMouseTracking(True)
        self.setAcceptDrops(False)  # file drops are the main window's
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    # ------------------------------------------------------------------ tools
    def set_tool(self, tool: CanvasTool) -> None:
        if self.tool is not None:
            self.tool.deactivate()
        self.tool = tool
        self.viewport().setCursor(tool.cursor)
        tool.activate()

    def set_fast_preview(self, fast: bool) -> None:
        """Paint without antialiasing (about 3× faster with hundreds of large shapes): used
        while the optimizer repaints everything several times a second."""
        self.setRenderHint(QPainter.RenderHint.Antialiasing, not fast)
        self.viewport().update()

    # ------------------------------------------------------------------ zoom
    @property
    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, zoom: float) -> None:
        zoom = min(max(zoom, MIN_ZOOM), MAX_ZOOM)
        self.scale(zoom / self.zoom, zoom / self.zoom)
        self.zoomChanged.emit(self.zoom)

    def zoom_by(self, factor: float) -> None:
        self.set_zoom(self.zoom * factor)

    def zoom_fit(self) -> None:
        rect = self.canvas.doc_rect
        pad = 0.04 * max(rect.width(), rect.height())
        self.fitInView(rect.adjusted(-pad, -pad, pad, pad), Qt.AspectRatioMode.KeepAspectRatio)
        self.zoomChanged.emit(self.zoom)

    def zoom_actual(self) -> None:
        center = self.mapToScene(self.viewport().rect().center())
        self.resetTransform()
        self.centerOn(center)
        self.zoomChanged.emit(self.zoom)

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.zoom_by(1.25 ** steps)
        event.accept()

    # ------------------------------------------------------------------ pan and tool events
    def _start_pan(self, event: QMouseEvent) -> None:
        self._pan_from = event.position().toPoint()
        self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)

    def _end_pan(self) -> None:
        self._pan_from = None
        cursor = Qt.CursorShape.OpenHandCursor if self._space else (
            self.tool.cursor if self.tool else Qt.CursorShape.ArrowCursor)
        self.viewport().setCursor(cursor)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.MiddleButton or (
                self._space and event.button() == Qt.MouseButton.LeftButton):
            self._start_pan(event)
            return
        if self.tool is not None and self.tool.press(event, self.mapToScene(event.position().toPoint())):
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = self.mapToScene(event.position().toPoint())
        self.cursorMoved.emit(pos)
        if self._pan_from is not None:
            delta = event.position().toPoint() - self._pan_from
            self._pan_from = event.position().toPoint()
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - delta.x())
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - delta.y())
            return
        if self.tool is not None and self.tool.move(event, pos):
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None:
            self._end_pan()
            return
        pos = self.mapToScene(event.position().toPoint())
        if self.tool is not None and self.tool.release(event, pos):
            return
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        pos = self.mapToScene(event.position().toPoint())
        if self.tool is not None and self.tool.double_click(event, pos):
            return
        super().mouseDoubleClickEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space:
            if not event.isAutoRepeat() and self._pan_from is None:
                self._space = True
                self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            return
        if self.tool is not None and self.tool.key_press(event):
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = False
            if self._pan_from is None:
                self._end_pan()
            return
        super().keyReleaseEvent(event)

    # ------------------------------------------------------------------ painting
    def drawBackground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        painter.fillRect(rect, self.palette().color(QPalette.ColorRole.Dark))
        painter.save()
        painter.resetTransform()
        if self.canvas.ctl.blank:
            painter.setPen(self.palette().color(QPalette.ColorRole.Light))
            font = painter.font()
            font.setPointSizeF(font.pointSizeF() * 1.3)
            painter.setFont(font)
            painter.drawText(self.viewport().rect(), Qt.AlignmentFlag.AlignCenter, BLANK_HINT)
        else:
            # Device-space squares: the checkerboard reads as "transparent" at any zoom.
            doc = self.viewportTransform().mapRect(self.canvas.doc_rect)
            painter.setBrushOrigin(doc.topLeft())
            painter.fillRect(doc, self._checker)
        painter.restore()
