"""Node editing: drag the anchors and handles of the selected path, on every contour
(the outline and its holes).

Moving an anchor carries its two handles along (the curve keeps its shape around it);
a handle moves alone. The whole drag is one undoable EditPointsCommand.
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent

from editor.document import Shape
from editor.document.contours import same_contours
from editor.ui.canvas.painting import shape_path
from editor.ui.commands import EditPointsCommand
from editor.ui.tools.base import Tool, ToolContext
from editor.ui.tools.overlay import HANDLE, Overlay, OverlayContent


def _q(p: np.ndarray) -> QPointF:
    return QPointF(float(p[0]), float(p[1]))


class NodeTool(Tool):
    name = "node"
    label = "Nodes"
    icon = "mdi.vector-curve"
    shortcut = "N"
    tip = "Edit nodes (N): drag anchors (squares) and handles (circles) of the selected path"
    cursor = Qt.CursorShape.ArrowCursor

    def __init__(self, ctx: ToolContext) -> None:
        super().__init__(ctx)
        self._overlay = Overlay()
        self._drag: tuple[int, int] | None = None  # (contour, control point) being dragged
        self._before: list[np.ndarray] | None = None  # every contour, as the drag began
        self._points: list[np.ndarray] | None = None  # every contour, as dragged so far

    # ------------------------------------------------------------------ lifecycle
    def activate(self) -> None:
        self.ctx.scene.addItem(self._overlay)
        self.ctx.follow(self._refresh)
        self._refresh()

    def deactivate(self) -> None:
        self.ctx.follow(self._refresh, on=False)
        self._drag = None
        self.ctx.scene.removeItem(self._overlay)

    def target(self) -> Shape | None:
        """The first selected shape that may be edited (visible, unlocked)."""
        ctl = self.ctx.ctl
        for shape_id in self.ctx.selection.shape_ids(ctl.doc):
            if ctl.is_editable(shape_id):
                return ctl.shape(shape_id)
        return None

    # ------------------------------------------------------------------ events
    def press(self, event: QMouseEvent, pos: QPointF) -> bool:
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        shape = self.target()
        if shape is not None:
            index = self._hit(shape.contours, pos)
            if index is not None:
                self._drag = index
                self._before = [p.copy() for p in shape.contours]
                self._points = [p.copy() for p in shape.contours]
                return True
        item = self.ctx.scene.shape_at(pos)
        self.ctx.selection.set([item.shape_id] if item else [])
        return True

    def move(self, event: QMouseEvent, pos: QPointF) -> bool:
        if self._drag is None or self._points is None or self._before is None:
            return False
        shape = self.target()
        if shape is None:
            return True
        contour, index = self._drag
        self._points = list(self._before)
        self._points[contour] = _dragged(self._before[contour], index, np.array([pos.x(), pos.y()]),
                                         shape.closed)
        preview = Shape(self._points[0], closed=shape.closed, fill_rule=shape.fill_rule,
                        subpaths=self._points[1:])
        item = self.ctx.scene.item_for(shape.id)
        if item is not None:
            item.setPath(shape_path(preview))
        self._show(self._points, shape.closed)
        return True

    def release(self, event: QMouseEvent, pos: QPointF) -> bool:
        if self._drag is None:
            return False
        shape, before, after = self.target(), self._before, self._points
        self._drag = self._before = self._points = None
        if shape is not None and before is not None and after is not None \
                and not same_contours(before, after):
            self.ctx.ctl.push(EditPointsCommand(self.ctx.ctl, shape.id, before, after))
        self._refresh()
        return True

    def key_press(self, event: QKeyEvent) -> bool:
        if event.key() == Qt.Key.Key_Escape and self._drag is not None and self._before is not None:
            shape = self.target()
            self._drag = self._before = self._points = None
            if shape is not None:  # drop the preview: the item goes back to the document
                self.ctx.scene.sync_shapes({shape.id})
            self._refresh()
            return True
        return False

    # ------------------------------------------------------------------ drawing
    def _hit(self, contours: list[np.ndarray], pos: QPointF) -> tuple[int, int] | None:
        """(contour, control point) nearest `pos` within a handle's reach (anchors win ties)."""
        best, best_d = None, HANDLE
        for contour, points in enumerate(contours):
            for index, p in enumerate(points):
                d = self.ctx.device_distance(_q(p), pos)
                if d < best_d or (d == best_d and index % 3 == 0):
                    best, best_d = (contour, index), d
        return best

    def _refresh(self, *_args: object) -> None:
        if self._drag is not None:
            return  # the drag owns the overlay until it ends
        shape = self.target()
        if shape is None:
            self._overlay.set_content(OverlayContent())
        else:
            self._show(shape.contours, shape.closed)

    def _show(self, contours: list[np.ndarray], closed: bool) -> None:
        content = OverlayContent()
        for points in contours:
            n = len(points)
            for k in range(n // 3 if closed else (n - 1) // 3):
                a, c1, c2, b = (points[(3 * k + i) % n] for i in range(4))
                content.lines += [(_q(a), _q(c1)), (_q(b), _q(c2))]
                content.controls += [_q(c1), _q(c2)]
            content.anchors += [_q(points[i]) for i in range(0, n, 3)]
        if self._drag is not None:
            contour, index = self._drag
            content.active = _q(contours[contour][index])
        self._overlay.set_content(content)


def _dragged(points: np.ndarray, index: int, to: np.ndarray, closed: bool) -> np.ndarray:
    """`points` with point `index` at `to`; an anchor drags its neighbouring handles."""
    result = points.copy()
    delta = to - points[index]
    result[index] = to
    if index % 3 == 0:
        n = len(points)
        for neighbour in (index - 1, index + 1):
            if closed:
                result[neighbour % n] += delta
            elif 0 <= neighbour < n:
                result[neighbour] += delta
    return result
