"""Snap shapes that are circles, ellipses or (rounded) rectangles to those primitives, so the
SVG says `<circle>`, `<ellipse>` or `<rect>` — readable, and editable as what it is."""
from __future__ import annotations

import math
from collections import Counter

import shapely

from editor.cleanup.refit import deviation
from editor.cleanup.scope import editable_shapes, fill_area
from editor.document import Document, Ellipse, Primitive, Rect
from editor.geometry.outline import flatten_contour

# Of the tolerance: how far the boundary may stray on average. A quarter pixel all along a
# face's rim cost 1.2 dB over a transparent background; a tenth is not visible.
MEAN_SHARE = 0.1
# Preference when several fit: the simplest primitive wins.
_RANK = {"circle": 0, "ellipse": 1, "rect": 2}


def snap_primitives(doc: Document, tolerance: float) -> Counter[str]:
    """Replace, in place, the outline of every editable closed shape that a circle, an
    axis-aligned ellipse or an axis-aligned (rounded) rectangle matches within `tolerance`
    px by that primitive's outline; returns how many became each kind."""
    snapped: Counter[str] = Counter()
    for _, shape in editable_shapes(doc):
        if not shape.closed or shape.primitive is not None or shape.subpaths:
            continue
        # A stroke-only outline is matched as drawn; a fill by the region it paints.
        region = fill_area(shape) if shape.fill is not None else shapely.Polygon(flatten_contour(shape.points))
        match = best_primitive(region, tolerance)
        if match is not None:
            shape.points, shape.primitive = match.outline(), match
            snapped[kind(match)] += 1
    return snapped


def kind(primitive: Primitive) -> str:
    if isinstance(primitive, Ellipse):
        return "circle" if primitive.is_circle else "ellipse"
    return "rect"


def best_primitive(region: shapely.Geometry, tolerance: float) -> Primitive | None:
    """The simplest primitive whose outline stays within `tolerance` px of the region's."""
    if not isinstance(region, shapely.Polygon) or region.is_empty or len(region.interiors):
        return None
    fits = []
    for candidate in _candidates(region, tolerance):
        outline = _primitive_region(candidate)
        error = deviation(outline, region)
        # The boundary may stray up to `tolerance` here and there, but not all along: a
        # whole edge a pixel off shows, so on average it must stay within a quarter of that.
        mean_offset = outline.symmetric_difference(region).area / max(region.length, 1e-9)
        if error <= tolerance and mean_offset <= tolerance * MEAN_SHARE:
            fits.append((_RANK[kind(candidate)], error, candidate))
    return min(fits, key=lambda f: (f[0], f[1]))[2] if fits else None


def _candidates(region: shapely.Polygon, tolerance: float) -> list[Primitive]:
    """Primitives sized from the region's bounding box (and, for rounded corners, from the
    area the corners cut off it)."""
    x0, y0, x1, y1 = region.bounds
    w, h = x1 - x0, y1 - y0
    if w <= 0 or h <= 0:
        return []
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    out: list[Primitive] = [Ellipse(cx, cy, w / 2, h / 2)]
    if abs(w - h) <= 2 * tolerance:
        # A wobbly circle: the box's centre and size, and the centroid with the radius of
        # equal area; the better of the two is kept.
        r = (w + h) / 4
        centroid = region.centroid
        out += [Ellipse(cx, cy, r, r),
                Ellipse(centroid.x, centroid.y, *(2 * [math.sqrt(region.area / math.pi)]))]
    out.append(Rect(x0, y0, w, h))
    # Each rounded corner cuts (1 - π/4)·r² off the box.
    cut = max(w * h - region.area, 0.0)
    r = min(math.sqrt(cut / (4 - math.pi)), w / 2, h / 2)
    if r > tolerance:
        out.append(Rect(x0, y0, w, h, r, r))
    return out


def _primitive_region(primitive: Primitive) -> shapely.Polygon:
    return shapely.Polygon(flatten_contour(primitive.outline()))
