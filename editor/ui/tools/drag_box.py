"""Shared behaviour of the tools that draw a shape by dragging a box (ellipse, rectangle)."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent

from editor.document import Shape
from editor.ui.canvas.painting import shape_path
from editor.ui.tools.base import Tool, ToolContext
from editor.ui.tools.overlay import Overlay, OverlayContent
from editor.ui.tools.placing import add_drawn_shape

MIN_SIZE = 1.0  # document px: a click without a drag adds nothing


class DragBoxTool(Tool):
    """Drag from corner to corner; Shift makes it square, Alt draws from the centre."""

    kind = "Shape"

    def __init__(self, ctx: ToolContext) -> None:
        super().__init__(ctx)
        self._origin: QPointF | None = None
        self._overlay = Overlay()

    def points_for(self, box: QRectF) -> np.ndarray:
        raise NotImplementedError

    def activate(self) -> None:
        self.ctx.scene.addItem(self._overlay)

    def deactivate(self) -> None:
        self._origin = None
        self.ctx.scene.removeItem(self._overlay)

    def _box(self, event: QMouseEvent, pos: QPointF) -> QRectF:
        assert self._origin is not None
        delta = pos - self._origin
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            side = max(abs(delta.x()), abs(delta.y()))
            delta = QPointF(side if delta.x() >= 0 else -side, side if delta.y() >= 0 else -side)
        if event.modifiers() & Qt.KeyboardModifier.AltModifier:
            return QRectF(self._origin - delta, self._origin + delta).normalized()
        return QRectF(self._origin, self._origin + delta).normalized()

    def press(self, event: QMouseEvent, pos: QPointF) -> bool:
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        self._origin = pos
        return True

    def move(self, event: QMouseEvent, pos: QPointF) -> bool:
        if self._origin is None:
            return False
        box = self._box(event, pos)
        preview = Shape(self.points_for(box)) if box.width() and box.height() else None
        self._overlay.set_content(OverlayContent(path=shape_path(preview)) if preview
                                  else OverlayContent())
        return True

    def release(self, event: QMouseEvent, pos: QPointF) -> bool:
        if self._origin is None:
            return False
        box = self._box(event, pos)
        self._origin = None
        self._overlay.set_content(OverlayContent())
        if box.width() >= MIN_SIZE and box.height() >= MIN_SIZE:
            add_drawn_shape(self.ctx, self.points_for(box), True, self.kind)
        return True

    def key_press(self, event: QKeyEvent) -> bool:
        if event.key() == Qt.Key.Key_Escape and self._origin is not None:
            self._origin = None
            self._overlay.set_content(OverlayContent())
            return True
        return False
