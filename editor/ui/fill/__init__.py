"""The fill panel: a shape's fill type (solid, linear, radial) and its gradient stops."""
from editor.ui.fill.panel import FillPanel

__all__ = ["FillPanel"]
