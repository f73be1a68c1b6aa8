"""The pen: click for a corner node, drag for a smooth one, click the first node to close.

Enter finishes an open path (drawn as a stroke), Esc drops the path being drawn.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainterPath

from editor.ui.tools.base import Tool, ToolContext
from editor.ui.tools.overlay import Overlay, OverlayContent
from editor.ui.tools.placing import add_drawn_shape

CLOSE_RADIUS = 8.0  # screen px around the first node that close the path


@dataclass
class Node:
    anchor: QPointF
    handle: QPointF | None = None  # outgoing handle; the incoming one mirrors it

    @property
    def handle_in(self) -> QPointF | None:
        return None if self.handle is None else self.anchor * 2 - self.handle


def _xy(p: QPointF) -> np.ndarray:
    return np.array([p.x(), p.y()])


def pen_points(nodes: list[Node], closed: bool) -> np.ndarray:
    """Document control points for the nodes: a node without a handle is a corner, whose
    segment handles sit at a third of the way (a straight segment the optimizer can bend)."""
    pairs = list(zip(nodes, nodes[1:] + nodes[:1])) if closed else list(zip(nodes, nodes[1:]))
    points: list[np.ndarray] = []
    for a, b in pairs:
        pa, pb = _xy(a.anchor), _xy(b.anchor)
        c1 = _xy(a.handle) if a.handle is not None else pa + (pb - pa) / 3
        c2 = _xy(b.handle_in) if b.handle_in is not None else pb + (pa - pb) / 3
        points += [pa, c1, c2]
    if not closed and nodes:
        points.append(_xy(nodes[-1].anchor))
    return np.array(points).reshape(-1, 2)


class PenTool(Tool):
    name = "pen"
    label = "Pen"
    icon = "mdi.vector-bezier"
    shortcut = "P"
    tip = ("Pen (P): click for corners, drag for curves, click the first node to close; "
           "Enter finishes an open path, Esc cancels")

    def __init__(self, ctx: ToolContext) -> None:
        super().__init__(ctx)
        self.nodes: list[Node] = []
        self._dragging = False
        self._cursor: QPointF | None = None
        self._overlay = Overlay()

    def activate(self) -> None:
        self.ctx.scene.addItem(self._overlay)

    def deactivate(self) -> None:
        self.cancel()
        self.ctx.scene.removeItem(self._overlay)

    def cancel(self) -> None:
        self.nodes.clear()
        self._dragging = False
        self._refresh()

    def press(self, event: QMouseEvent, pos: QPointF) -> bool:
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        if len(self.nodes) >= 3 and self.ctx.device_distance(pos, self.nodes[0].anchor) <= CLOSE_RADIUS:
            self.finish(closed=True)
            return True
        self.nodes.append(Node(pos))
        self._dragging = True
        self._refresh()
        return True

    def move(self, event: QMouseEvent, pos: QPointF) -> bool:
        self._cursor = pos
        if self._dragging and self.nodes:
            node = self.nodes[-1]
            node.handle = pos if self.ctx.device_distance(pos, node.anchor) > 2 else None
        self._refresh()
        return True

    def release(self, event: QMouseEvent, pos: QPointF) -> bool:
        self._dragging = False
        self._refresh()
        return True

    def key_press(self, event: QKeyEvent) -> bool:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.finish(closed=False)
            return True
        if event.key() == Qt.Key.Key_Escape and self.nodes:
            self.cancel()
            return True
        return False

    def finish(self, closed: bool) -> None:
        """Add the path (closing needs 3 nodes, an open path 2) and start a new one."""
        nodes, self.nodes = self.nodes, []
        self._dragging = False
        self._refresh()
        if len(nodes) >= 2:
            add_drawn_shape(self.ctx, pen_points(nodes, closed), closed, "Path")

    def _refresh(self) -> None:
        content = OverlayContent()
        if self.nodes:
            preview = list(self.nodes)
            if self._cursor is not None and not self._dragging:
                preview.append(Node(self._cursor))  # the rubber segment to the mouse
            pts = pen_points(preview, closed=False)
            path = QPainterPath(QPointF(*pts[0]))
            for k in range(1, len(pts) - 2, 3):
                path.cubicTo(QPointF(*pts[k]), QPointF(*pts[k + 1]), QPointF(*pts[k + 2]))
            content.path = path
            content.anchors = [n.anchor for n in self.nodes]
            for node in self.nodes:
                handle_in = node.handle_in
                if node.handle is not None and handle_in is not None:
                    content.controls += [node.handle, handle_in]
                    content.lines += [(node.anchor, node.handle), (node.anchor, handle_in)]
            near_first = (self._cursor is not None and len(self.nodes) >= 3 and
                          self.ctx.device_distance(self._cursor, self.nodes[0].anchor) <= CLOSE_RADIUS)
            content.active = self.nodes[0].anchor if near_first else None
        self._overlay.set_content(content)
