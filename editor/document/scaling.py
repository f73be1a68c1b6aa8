"""Resizing documents, shapes and fills by per-axis factors (geometry and paints alike)."""
from __future__ import annotations

import copy
import math

from editor.document.model import Document, Fill, LinearGradient, RadialGradient, Shape


def scale_fill(fill: Fill | None, sx: float, sy: float) -> Fill | None:
    """A copy of `fill` with its gradient geometry scaled (solid fills have none)."""
    fill = copy.deepcopy(fill)
    if isinstance(fill, LinearGradient):
        fill.start = (fill.start[0] * sx, fill.start[1] * sy)
        fill.end = (fill.end[0] * sx, fill.end[1] * sy)
    elif isinstance(fill, RadialGradient):
        fill.center = (fill.center[0] * sx, fill.center[1] * sy)
        fill.radius = (fill.radius[0] * sx, fill.radius[1] * sy)
    return fill


def stroke_factor(sx: float, sy: float) -> float:
    """How a stroke width scales under per-axis factors: their geometric mean."""
    return math.sqrt(sx * sy)


def scale_shape_in_place(shape: Shape, sx: float, sy: float) -> None:
    shape.points = shape.points * (sx, sy)
    shape.subpaths = [p * (sx, sy) for p in shape.subpaths]
    if shape.primitive is not None:
        shape.primitive = shape.primitive.scaled(sx, sy)
    shape.stroke_width *= stroke_factor(sx, sy)
    shape.fill = scale_fill(shape.fill, sx, sy)


def scale_shape(shape: Shape, sx: float, sy: float) -> Shape:
    out = shape.copy()
    scale_shape_in_place(out, sx, sy)
    return out


def scale_document(doc: Document, width: float, height: float) -> Document:
    """A copy of `doc` resized to `width` × `height` user units (geometry and paints)."""
    sx, sy = width / doc.width, height / doc.height
    out = doc.copy()
    out.width, out.height = float(width), float(height)
    if sx != 1.0 or sy != 1.0:
        for shape in out.all_shapes():
            scale_shape_in_place(shape, sx, sy)
    return out
