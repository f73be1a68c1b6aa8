"""Clip shapes to the canvas: what lies outside the image is never seen, only edited."""
from __future__ import annotations

from editor.cleanup.refit import refit
from editor.cleanup.scope import canvas_box, editable_shapes, fill_area
from editor.document import Document

# px: a shape reaching less far past the canvas edge is left as it is. No designer sees such a
# spill, and a refit of an outline that runs along the edge moves its last column of pixels.
_SPILL = 0.5


def clip_to_canvas(doc: Document, tolerance: float) -> int:
    """Cut the fill of every editable filled shape at the canvas edge, in place; returns how
    many shapes were clipped. Stroked shapes are left (a cut would draw a stroke along the
    edge). A shape the cut splits into pieces keeps them as further contours."""
    canvas = canvas_box(doc)
    clipped = 0
    for _, shape in list(editable_shapes(doc)):
        if shape.stroke is not None and shape.stroke_width > 0:
            continue
        region = fill_area(shape)
        if region.is_empty or region.difference(canvas.buffer(_SPILL, join_style="mitre")).area <= 0.0:
            continue
        clipped += refit(shape, region.intersection(canvas), tolerance)
    return clipped
