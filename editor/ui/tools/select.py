"""Select and move: click, Shift+click to add or remove, drag on empty canvas for a
rubber band, drag a shape to move the selection, arrows to nudge (Shift: 10 px); the
handles of a selected gradient fill are dragged here too (gradient_handles.py).

A move shows live by offsetting the items; on release it becomes one undoable TranslateCommand
and the items go back to drawing their document geometry.
"""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainterPath

from editor.ui.canvas.items import ShapeItem
from editor.ui.commands import TranslateCommand
from editor.ui.tools.base import Tool, ToolContext
from editor.ui.tools.gradient_handles import GradientHandles
from editor.ui.tools.overlay import Overlay, OverlayContent

_NUDGE = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0),
          Qt.Key.Key_Up: (0, -1), Qt.Key.Key_Down: (0, 1)}
DRAG_THRESHOLD = 3.0  # screen px before a press becomes a drag


class SelectTool(Tool):
    name = "select"
    label = "Select"
    icon = "mdi.cursor-default"
    shortcut = "V"
    tip = ("Select and move (V): click, Shift+click to add, drag on empty canvas for a box, "
           "drag shapes to move them, arrows nudge; drag a selected gradient's handles")
    cursor = Qt.CursorShape.ArrowCursor

    def __init__(self, ctx: ToolContext) -> None:
        super().__init__(ctx)
        self._origin: QPointF | None = None
        self._moving: list[ShapeItem] = []  # empty while rubber-banding
        self._dragged = False
        self._additive = False
        self._overlay = Overlay()
        self.gradient = GradientHandles(ctx)

    def activate(self) -> None:
        self.ctx.scene.addItem(self._overlay)
        self.gradient.activate()

    def deactivate(self) -> None:
        self._cancel()
        self.gradient.deactivate()
        self.ctx.scene.removeItem(self._overlay)

    def press(self, event: QMouseEvent, pos: QPointF) -> bool:
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        if self.gradient.press(pos):
            return True
        selection, scene = self.ctx.selection, self.ctx.scene
        item = scene.shape_at(pos)
        self._additive = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        self._origin, self._dragged, self._moving = pos, False, []
        selected = {i.shape_id for i in scene.selected_items()}
        if item is not None and self._additive:
            ids = [i for i in selection.ids if i != item.shape_id]
            selection.set(ids if item.shape_id in selected else selection.ids + [item.shape_id])
            self._origin = None
        elif item is not None:
            if item.shape_id not in selected:
                selection.set([item.shape_id])
            self._moving = scene.selected_items()
        elif not self._additive:
            selection.set([])
        return True

    def move(self, event: QMouseEvent, pos: QPointF) -> bool:
        if self.gradient.move(pos):
            return True
        if self._origin is None:
            return False
        if not self._dragged and self.ctx.device_distance(pos, self._origin) < DRAG_THRESHOLD:
            return True
        self._dragged = True
        if self._moving:
            delta = pos - self._origin
            for item in self._moving:
                item.setPos(delta)
            self.ctx.scene.outline_item.setPos(delta)
            self.gradient.overlay.setPos(delta)  # a gradient moves with its shape
        else:
            band = QPainterPath()
            band.addRect(QRectF(self._origin, pos).normalized())
            self._overlay.set_content(OverlayContent(path=band))
        return True

    def release(self, event: QMouseEvent, pos: QPointF) -> bool:
        if self.gradient.release(pos):
            return True
        if self._origin is None:
            return False
        origin, moving, dragged = self._origin, self._moving, self._dragged
        self._cancel()
        if not dragged:
            return True
        if moving:
            delta = pos - origin
            self.ctx.ctl.push(TranslateCommand(self.ctx.ctl, [i.shape_id for i in moving],
                                        delta.x(), delta.y()))
        else:
            box = QRectF(origin, pos).normalized()
            hits = [i.shape_id for i in self.ctx.scene.items(box)
                    if isinstance(i, ShapeItem) and i.editable]
            order = {s.id: n for n, s in enumerate(self.ctx.ctl.doc.all_shapes())}
            hits.sort(key=order.__getitem__)
            self.ctx.selection.set((self.ctx.selection.ids if self._additive else []) + hits)
        return True

    def _cancel(self) -> None:
        """Drop a drag in progress: items back to their document geometry."""
        for item in self._moving:
            item.setPos(0, 0)
        self.ctx.scene.outline_item.setPos(0, 0)
        self.gradient.overlay.setPos(0, 0)
        self._origin, self._moving, self._dragged = None, [], False
        self._overlay.set_content(OverlayContent())

    def key_press(self, event: QKeyEvent) -> bool:
        if event.key() == Qt.Key.Key_Escape:  # a drag first, then the selection
            if self.gradient.cancel():
                return True
            if self._origin is not None:
                self._cancel()
            else:
                self.ctx.selection.set([])
            return True
        step = _NUDGE.get(Qt.Key(event.key()))
        ids = [i.shape_id for i in self.ctx.scene.selected_items()]
        if step is None or not ids:
            return False
        factor = 10.0 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1.0
        self.ctx.ctl.push(TranslateCommand(self.ctx.ctl, ids, step[0] * factor, step[1] * factor))
        return True
