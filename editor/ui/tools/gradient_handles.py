"""Gradient handles on the canvas for the one selected, editable shape with a gradient fill.

Linear: the start (square) and end (circle) joined by a line. Radial: the centre (square),
a radius handle on each axis (circles) and the gradient's ellipse. Small dots in the stop
colours sit where each stop lies on the axis and slide along it. A drag previews on the
shape's canvas item and becomes one undoable fill edit on release; locked and hidden
shapes show no handles, so theirs cannot be dragged.
"""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QPointF
from PySide6.QtGui import QPainterPath

from editor.document import Fill, LinearGradient, RadialGradient, Shape
from editor.document.fills import gradient_handles, move_handle
from editor.ui.canvas.painting import qcolor
from editor.ui.commands import RecolorCommand
from editor.ui.tools.base import ToolContext
from editor.ui.tools.overlay import HANDLE, Overlay, OverlayContent

_SQUARES = ("start", "center")  # the gradient's origin; the other main handles are circles


class GradientHandles:
    """Used by a tool: it forwards its mouse events and gets True when a handle took one."""

    def __init__(self, ctx: ToolContext) -> None:
        self.ctx = ctx
        self.overlay = Overlay()
        self._drag: str | None = None  # the handle being dragged
        self._shape_id: str | None = None
        self._before: Fill | None = None
        self._fill: Fill | None = None  # the preview while dragging

    # ------------------------------------------------------------------ lifecycle
    def activate(self) -> None:
        self.ctx.scene.addItem(self.overlay)
        self.ctx.follow(self.refresh)
        self.refresh()

    def deactivate(self) -> None:
        self.ctx.follow(self.refresh, on=False)
        self.cancel()
        self.ctx.scene.removeItem(self.overlay)

    def target(self) -> Shape | None:
        """The selected shape when exactly one is selected, editable and gradient-filled."""
        ctl = self.ctx.ctl
        ids = self.ctx.selection.shape_ids(ctl.doc)
        if len(ids) != 1 or not ctl.is_editable(ids[0]):
            return None
        shape = ctl.shape(ids[0])
        return shape if shape.closed and isinstance(shape.fill, (LinearGradient, RadialGradient)) else None

    # ------------------------------------------------------------------ events
    def press(self, pos: QPointF) -> bool:
        shape = self.target()
        name = self._hit(shape.fill, pos) if shape is not None else None
        if shape is None or name is None:
            return False
        self._drag, self._shape_id = name, shape.id
        self._before = self._fill = shape.fill
        self._show(shape.fill)
        return True

    def move(self, pos: QPointF) -> bool:
        if self._drag is None or self._before is None:
            return False
        self._fill = move_handle(self._before, self._drag, (pos.x(), pos.y()))
        self._preview()
        return True

    def release(self, pos: QPointF) -> bool:
        if self._drag is None:
            return False
        self.move(pos)
        shape_id, before, after = self._shape_id, self._before, self._fill
        self._end()
        ctl = self.ctx.ctl
        if shape_id is not None and ctl.doc.find_shape(shape_id) is not None and after != before:
            ctl.push(RecolorCommand(ctl, shape_id, before, after, "Edit gradient"))
        self.refresh()
        return True

    def cancel(self) -> bool:
        """Drop a drag in progress (Esc); True when there was one."""
        if self._drag is None:
            return False
        shape_id = self._shape_id
        self._end()
        if shape_id is not None:  # the item goes back to the document's fill
            self.ctx.scene.sync_shapes({shape_id})
        self.refresh()
        return True

    def _end(self) -> None:
        self._drag = self._shape_id = self._before = self._fill = None

    # ------------------------------------------------------------------ drawing
    def refresh(self, *_args: object) -> None:
        if self._drag is not None:  # a snapshot redrew the item: keep showing the drag
            self._preview()
            return
        shape = self.target()
        self._show(shape.fill if shape is not None else None)

    def _preview(self) -> None:
        ctl = self.ctx.ctl
        if self._shape_id is None or self._fill is None or ctl.doc.find_shape(self._shape_id) is None:
            return
        item = self.ctx.scene.item_for(self._shape_id)
        if item is not None:
            item.sync_geometry(replace(ctl.shape(self._shape_id), fill=self._fill))
        self._show(self._fill)

    def _hit(self, fill: Fill | None, pos: QPointF) -> str | None:
        """The handle within reach of `pos`, nearest first; the main handles win over stops."""
        distances = {name: self.ctx.device_distance(QPointF(*p), pos)
                     for name, p in gradient_handles(fill).items()}
        for group in ([n for n in distances if not n.startswith("stop")],
                      [n for n in distances if n.startswith("stop")]):
            reachable = [n for n in group if distances[n] <= HANDLE]
            if reachable:
                return min(reachable, key=distances.__getitem__)
        return None

    def _show(self, fill: Fill | None) -> None:
        content = OverlayContent()
        handles = {name: QPointF(*p) for name, p in gradient_handles(fill).items()}
        if isinstance(fill, LinearGradient):
            content.lines = [(handles["start"], handles["end"])]
        elif isinstance(fill, RadialGradient):
            center = handles["center"]
            content.lines = [(center, handles["radius_x"]), (center, handles["radius_y"])]
            content.path = QPainterPath()
            content.path.addEllipse(center, abs(fill.radius[0]), abs(fill.radius[1]))
        if isinstance(fill, (LinearGradient, RadialGradient)):
            content.swatches = [(handles[f"stop{i}"], qcolor(stop.color))
                                for i, stop in enumerate(fill.stops)]
        for name, point in handles.items():
            if not name.startswith("stop"):
                (content.anchors if name in _SQUARES else content.controls).append(point)
        if self._drag is not None:
            content.active = handles.get(self._drag)
        self.overlay.set_content(content)
