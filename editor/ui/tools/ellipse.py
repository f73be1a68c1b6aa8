"""The ellipse tool: a closed 4-segment ellipse fitted to the dragged box."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF

from editor.document import circle_points
from editor.ui.tools.drag_box import DragBoxTool


class EllipseTool(DragBoxTool):
    name = "ellipse"
    label = "Ellipse"
    icon = "mdi.ellipse-outline"
    shortcut = "E"
    tip = "Ellipse (E): drag a box; Shift for a circle, Alt to draw from the center"
    kind = "Ellipse"

    def points_for(self, box: QRectF) -> np.ndarray:
        unit = circle_points(0.0, 0.0, 1.0)
        c = box.center()
        return unit * np.array([box.width() / 2, box.height() / 2]) + np.array([c.x(), c.y()])
