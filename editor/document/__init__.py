"""Document model: canvas, layers, shapes and fills."""
from editor.document.model import (
    RGBA,
    Document,
    Fill,
    FillRule,
    GradientStop,
    Layer,
    LinearGradient,
    Origin,
    RadialGradient,
    Role,
    Shape,
    SolidFill,
    circle_points,
    fill_colors,
    new_id,
    rect_points,
)
from editor.document.primitives import Ellipse, Primitive, Rect, current_primitive

__all__ = [
    "RGBA", "Document", "Ellipse", "Fill", "FillRule", "GradientStop", "Layer", "LinearGradient",
    "Origin", "Primitive", "RadialGradient", "Rect", "Role", "Shape", "SolidFill", "circle_points",
    "current_primitive", "fill_colors", "new_id", "rect_points",
]
