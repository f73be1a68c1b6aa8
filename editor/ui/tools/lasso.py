"""The lasso: draw a closed outline freehand; it becomes a smooth cubic path.

The stroke is fitted with Schneider's least-squares algorithm to a tolerance of a couple
of screen pixels, so a careful stroke at high zoom keeps its detail and a quick one at
low zoom does not become hundreds of nodes.
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainterPath

from editor.geometry.bezier_fit import fit_closed
from editor.ui.tools.base import Tool, ToolContext
from editor.ui.tools.overlay import Overlay, OverlayContent
from editor.ui.tools.placing import add_drawn_shape

TOLERANCE = 2.0  # screen px
SAMPLE_SPACING = 1.5  # screen px between recorded points


class LassoTool(Tool):
    name = "lasso"
    label = "Lasso"
    icon = "mdi.lasso"
    shortcut = "F"
    tip = "Freehand lasso (F): draw a closed outline; it is smoothed into Bézier curves"

    def __init__(self, ctx: ToolContext) -> None:
        super().__init__(ctx)
        self.stroke: list[QPointF] = []
        self._overlay = Overlay()

    def activate(self) -> None:
        self.ctx.scene.addItem(self._overlay)

    def deactivate(self) -> None:
        self._clear()
        self.ctx.scene.removeItem(self._overlay)

    def _clear(self) -> None:
        self.stroke = []
        self._overlay.set_content(OverlayContent())

    def press(self, event: QMouseEvent, pos: QPointF) -> bool:
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        self.stroke = [pos]
        return True

    def move(self, event: QMouseEvent, pos: QPointF) -> bool:
        if not self.stroke:
            return False
        if self.ctx.device_distance(pos, self.stroke[-1]) >= SAMPLE_SPACING:
            self.stroke.append(pos)
            path = QPainterPath(self.stroke[0])
            for p in self.stroke[1:]:
                path.lineTo(p)
            self._overlay.set_content(OverlayContent(path=path))
        return True

    def release(self, event: QMouseEvent, pos: QPointF) -> bool:
        if not self.stroke:
            return False
        raw = np.array([[p.x(), p.y()] for p in self.stroke])
        self._clear()
        points = fit_closed(raw, TOLERANCE / max(self.ctx.view.zoom, 1e-3))
        if len(points) >= 6:  # at least two segments: anything less encloses nothing
            add_drawn_shape(self.ctx, points, True, "Lasso")
        return True

    def key_press(self, event: QKeyEvent) -> bool:
        if event.key() == Qt.Key.Key_Escape and self.stroke:
            self._clear()
            return True
        return False
