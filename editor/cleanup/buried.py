"""Remove buried shapes: optimizer shapes that hardly show in the rendered document.

A shape of which less than `min_visible` shows is buried, unless what does show is still
real paint: a large shape whose visible 4 % is a wide band of the picture (a watermelon's
rind) would leave a hole, 3 dB on that image. Such a shape stays, trimmed to the part that
shows where that changes nothing (Illustrator's Pathfinder > Trim): cut under the nearly
opaque paint above it, only when the cut takes away less than a pixel's worth of paint that
showed. Otherwise it stays whole.
"""
from __future__ import annotations

import shapely

from editor.cleanup.coverage import CoverageGrid
from editor.cleanup.refit import refit
from editor.cleanup.scope import fill_area, fill_opacity, is_editable, painted_area, stroke_area
from editor.document import Document, Shape, fill_colors

MIN_SHOWN_PAINT = 16.0  # px of opaque paint: a shape showing more stays, however little of it shows
COVER_ALPHA = 0.9  # a trim cuts under paint at least this opaque everywhere …
MAX_TRIM_LOSS = 1.0  # … when the paint cut away showed less than this, in px of opaque paint
TRIM_OVERLAP = 1.0  # px: a trimmed shape still reaches this far under the paint that hides it


def remove_buried(doc: Document, min_visible: float, tolerance: float) -> tuple[int, int]:
    """Delete, in place, every editable shape of which less than `min_visible` (a share of
    its paint, weighted by its own alpha) shows: the rest lies outside the canvas or under
    the paint above it, weighted by how much light that paint lets through where it lies.
    A shape that still shows MIN_SHOWN_PAINT px of paint stays, trimmed to what shows (its
    outline within `tolerance` px) where that changes nothing. Returns how many shapes went
    and how many were trimmed."""
    grid = CoverageGrid(doc)
    cover_above = shapely.Polygon()
    buried, trimmed = set(), 0
    for layer, shape in reversed(list(doc.iter_shapes())):  # top first
        if not (layer.visible and shape.visible):
            continue
        if is_editable(layer, shape):
            area = painted_area(shape)
            # A stroke counts in full over its own area, as its paint has no gradient.
            opacity = fill_opacity(shape) if shape.stroke is None else 1.0
            share, paint = grid.shown(area, opacity) if area.area > 0 else (0.0, 0.0)
            if share < min_visible and paint < MIN_SHOWN_PAINT:
                buried.add(id(shape))
                continue
            if share < min_visible:
                trimmed += _trim(shape, cover_above, grid, paint, tolerance)
        region = fill_area(shape)
        grid.cover(region, fill_opacity(shape))
        if shape.stroke is not None:
            grid.cover(stroke_area(shape), shape.stroke[3])
        if _covers(shape) and not region.is_empty:
            cover_above = shapely.union(cover_above, region)
    for layer in doc.layers:
        layer.shapes = [s for s in layer.shapes if id(s) not in buried]
    return len(buried), trimmed


def _trim(shape: Shape, cover_above: shapely.Geometry, grid: CoverageGrid, paint: float,
          tolerance: float) -> bool:
    """Cut `shape` (which shows `paint`) to what the paint above leaves visible, reaching
    TRIM_OVERLAP under that paint's edge (so a refit within tolerance opens no gap); True
    when the cut took away less than MAX_TRIM_LOSS of what showed. On False the shape is as
    it was."""
    if shape.stroke is not None:  # a cut would draw the stroke along it
        return False
    region = fill_area(shape)
    cut = region.difference(cover_above.buffer(-TRIM_OVERLAP))
    before = (shape.points, list(shape.subpaths), shape.fill_rule, shape.primitive)
    if cut.area >= region.area or not refit(shape, cut, tolerance):
        return False
    if abs(paint - grid.shown(fill_area(shape), fill_opacity(shape))[1]) <= MAX_TRIM_LOSS:
        return True
    shape.points, shape.subpaths, shape.fill_rule, shape.primitive = before
    return False


def _covers(shape: Shape) -> bool:
    colors = fill_colors(shape.fill) if shape.closed else []
    return bool(colors) and all(color[3] >= COVER_ALPHA for color in colors)
