"""What every canvas tool is: event hooks the view calls, and the context it works in."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent

from editor.ui.canvas.scene import CanvasScene
from editor.ui.canvas.view import CanvasView
from editor.ui.controller import DocumentController
from editor.ui.selection import Selection


@dataclass
class ToolContext:
    view: CanvasView
    ctl: DocumentController
    selection: Selection

    @property
    def scene(self) -> CanvasScene:
        return self.view.canvas

    def follow(self, slot: Callable[[], None], on: bool = True) -> None:
        """Call `slot` whenever the selection or the document changes (on=False: stop);
        for tools that draw handles of what is selected."""
        for signal in (self.selection.changed, self.ctl.shapesChanged, self.ctl.structureChanged):
            if on:
                signal.connect(slot)
            else:
                signal.disconnect(slot)

    def device_distance(self, a: QPointF, b: QPointF) -> float:
        """Distance in screen pixels, so hit tolerances do not change with zoom."""
        d = self.view.mapFromScene(a) - self.view.mapFromScene(b)
        return float((d.x() ** 2 + d.y() ** 2) ** 0.5)


class Tool:
    """Each hook returns True when it handled the event (the view then skips its default)."""

    name: ClassVar[str]
    label: ClassVar[str]
    icon: ClassVar[str]  # qtawesome name
    shortcut: ClassVar[str]
    tip: ClassVar[str]
    cursor: ClassVar[Qt.CursorShape] = Qt.CursorShape.CrossCursor

    def __init__(self, ctx: ToolContext) -> None:
        self.ctx = ctx

    def activate(self) -> None:
        """Called when the tool becomes active."""

    def deactivate(self) -> None:
        """Called before another tool takes over: drop any half-made state."""

    def press(self, event: QMouseEvent, pos: QPointF) -> bool:
        return False

    def move(self, event: QMouseEvent, pos: QPointF) -> bool:
        return False

    def release(self, event: QMouseEvent, pos: QPointF) -> bool:
        return False

    def double_click(self, event: QMouseEvent, pos: QPointF) -> bool:
        return False

    def key_press(self, event: QKeyEvent) -> bool:
        return False
