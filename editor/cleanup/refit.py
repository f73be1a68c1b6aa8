"""A new outline for a region that clean-up computed (a union, a clipped shape): cubic
Béziers fitted to each of the region's boundary rings, accepted only when the result is
simple and within tolerance of the region."""
from __future__ import annotations

import numpy as np
import shapely

from editor.document import FillRule, Shape
from editor.geometry.bezier_fit import fit_closed_with_corners
from editor.geometry.outline import MIN_AREA, is_simple, painted_region

_DENSIFY = 0.1  # Hausdorff distance measured on boundaries split into tenths of their pieces


def deviation(a: shapely.Geometry, b: shapely.Geometry) -> float:
    """How far apart two regions' boundaries get: the largest distance, in px, from a point
    of one boundary to the other (symmetric Hausdorff distance)."""
    if a.is_empty or b.is_empty:
        return 0.0 if a.is_empty and b.is_empty else float("inf")
    return float(shapely.hausdorff_distance(a.boundary, b.boundary, densify=_DENSIFY))


def refit(shape: Shape, region: shapely.Geometry, tolerance: float) -> bool:
    """Give `shape` an outline of `region` within `tolerance` px: the largest piece's outer
    ring as its points, every other ring (holes, further pieces) as subpaths under the
    even-odd rule. Returns False, leaving the shape as it was, when no simple fit is that
    close (or the region is empty)."""
    pieces = [p for p in shapely.get_parts(region) if isinstance(p, shapely.Polygon) and p.area >= MIN_AREA]
    if not pieces:
        return False
    pieces.sort(key=lambda p: p.area, reverse=True)
    rings = [ring for piece in pieces for ring in (piece.exterior, *piece.interiors)]
    contours = [fit_closed_with_corners(np.asarray(ring.coords)[:-1], tolerance / 2) for ring in rings]
    if any(len(c) < 6 for c in contours):
        return False
    probe = shape.copy()
    probe.closed, probe.primitive = True, None
    probe.points, probe.subpaths = contours[0], contours[1:]
    probe.fill_rule = FillRule.EVENODD if len(contours) > 1 else shape.fill_rule
    if not is_simple(probe) or deviation(painted_region(probe), shapely.union_all(pieces)) > tolerance:
        return False
    shape.closed, shape.primitive = True, None
    shape.points, shape.subpaths, shape.fill_rule = probe.points, probe.subpaths, probe.fill_rule
    return True
