"""Remove buried shapes: optimizer shapes that hardly show in the rendered document."""
from __future__ import annotations

from editor.cleanup.coverage import CoverageGrid
from editor.cleanup.scope import fill_area, fill_opacity, is_editable, painted_area, stroke_area
from editor.document import Document


def remove_buried(doc: Document, min_visible: float) -> int:
    """Delete, in place, every editable shape of which less than `min_visible` (a share of
    its paint, weighted by its own alpha) shows: the rest lies outside the canvas or under
    the paint above it, weighted by how much light that paint lets through where it lies.
    Returns how many shapes went."""
    grid = CoverageGrid(doc)
    buried = set()
    for layer, shape in reversed(list(doc.iter_shapes())):  # top first
        if not (layer.visible and shape.visible):
            continue
        if is_editable(layer, shape):
            area = painted_area(shape)
            # A stroke counts in full over its own area, as its paint has no gradient.
            opacity = fill_opacity(shape) if shape.stroke is None else 1.0
            if area.area <= 0 or grid.shown_share(area, opacity) < min_visible:
                buried.add(id(shape))
                continue
        grid.cover(fill_area(shape), fill_opacity(shape))
        if shape.stroke is not None:
            grid.cover(stroke_area(shape), shape.stroke[3])
    for layer in doc.layers:
        layer.shapes = [s for s in layer.shapes if id(s) not in buried]
    return len(buried)
