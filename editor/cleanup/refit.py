"""A new outline for a region that clean-up computed (a union, a clipped shape): cubic
Béziers fitted to the polygon, accepted only when simple and within tolerance of it."""
from __future__ import annotations

import numpy as np
import shapely

from editor.document import Shape
from editor.geometry.bezier_fit import fit_closed_with_corners
from editor.geometry.outline import is_simple, painted_region

_DENSIFY = 0.1  # Hausdorff distance measured on boundaries split into tenths of their pieces


def deviation(a: shapely.Geometry, b: shapely.Geometry) -> float:
    """How far apart two regions' boundaries get: the largest distance, in px, from a point
    of one boundary to the other (symmetric Hausdorff distance)."""
    if a.is_empty or b.is_empty:
        return 0.0 if a.is_empty and b.is_empty else float("inf")
    return float(shapely.hausdorff_distance(a.boundary, b.boundary, densify=_DENSIFY))


def fit_region(polygon: shapely.Geometry, template: Shape, tolerance: float) -> np.ndarray | None:
    """Control points of a simple closed outline of `polygon` within `tolerance` px of it,
    painted like `template`; None when the fit cannot meet that, or when the region is not
    one polygon without holes (pieces or a ring need several contours)."""
    if not isinstance(polygon, shapely.Polygon) or polygon.is_empty or len(polygon.interiors):
        return None
    ring = np.asarray(polygon.exterior.coords)[:-1]
    probe = template.copy()
    probe.closed = True
    probe.primitive = None
    probe.points = fit_closed_with_corners(ring, tolerance / 2)  # half: the check below has the rest
    if len(probe.points) < 6 or not is_simple(probe):
        return None
    if deviation(painted_region(probe), polygon) > tolerance:
        return None
    return probe.points
