"""Document model: canvas, layers, shapes and fills."""
from editor.document.model import (
    RGBA,
    Document,
    Fill,
    FillRule,
    GradientStop,
    Layer,
    LinearGradient,
    RadialGradient,
    Shape,
    SolidFill,
    circle_points,
    fill_colors,
    new_id,
    rect_points,
)

__all__ = [
    "RGBA", "Document", "Fill", "FillRule", "GradientStop", "Layer", "LinearGradient",
    "RadialGradient", "Shape", "SolidFill", "circle_points", "fill_colors", "new_id",
    "rect_points",
]
