"""Remove buried shapes: optimizer shapes that hardly show in the rendered document."""
from __future__ import annotations

import shapely

from editor.cleanup.scope import canvas_box, hiding_area, is_editable, painted_area
from editor.document import Document


def remove_buried(doc: Document, min_visible: float) -> int:
    """Delete, in place, every editable shape of which less than `min_visible` (a share of
    its painted area) shows: the rest lies outside the canvas or under opaque paint above
    it. Returns how many shapes were removed."""
    canvas = canvas_box(doc)
    above = shapely.Polygon()  # opaque paint over the shape being looked at
    buried = set()
    for layer, shape in reversed(list(doc.iter_shapes())):
        if not (layer.visible and shape.visible):
            continue
        area = painted_area(shape)
        if is_editable(layer, shape):
            shown = area.intersection(canvas).difference(above).area
            if area.area <= 0 or shown < min_visible * area.area:
                buried.add(id(shape))
                continue
        above = shapely.union(above, hiding_area(shape))
    for layer in doc.layers:
        layer.shapes = [s for s in layer.shapes if id(s) not in buried]
    return len(buried)
