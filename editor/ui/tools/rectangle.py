"""The rectangle tool: a closed path of four straight cubic segments."""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF

from editor.document import rect_points
from editor.ui.tools.drag_box import DragBoxTool


class RectangleTool(DragBoxTool):
    name = "rectangle"
    label = "Rectangle"
    icon = "mdi.rectangle-outline"
    shortcut = "R"
    tip = "Rectangle (R): drag a box; Shift for a square, Alt to draw from the center"
    kind = "Rectangle"

    def points_for(self, box: QRectF) -> np.ndarray:
        return rect_points(box.x(), box.y(), box.width(), box.height())
