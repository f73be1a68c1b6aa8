"""Canvas tools, one module each, in toolbar order."""
from editor.ui.tools.base import Tool, ToolContext
from editor.ui.tools.ellipse import EllipseTool
from editor.ui.tools.lasso import LassoTool
from editor.ui.tools.node_edit import NodeTool
from editor.ui.tools.pen import PenTool
from editor.ui.tools.rectangle import RectangleTool
from editor.ui.tools.select import SelectTool

TOOLS: tuple[type[Tool], ...] = (SelectTool, NodeTool, PenTool, EllipseTool, RectangleTool, LassoTool)

__all__ = ["TOOLS", "Tool", "ToolContext"]
