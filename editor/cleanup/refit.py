"""A new outline for a region that clean-up computed (a union, a clipped shape): cubic
Béziers along each of the region's boundary rings — the shape's own segments wherever the
ring still follows them, fitted elsewhere — accepted only when the result is simple and
within tolerance of the region."""
from __future__ import annotations

from collections.abc import Iterator
from functools import cache

import numpy as np
import shapely

from editor.document import FillRule, Shape
from editor.geometry.bezier_fit import fit_closed_with_corners
from editor.geometry.outline import MIN_AREA, is_simple, painted_region
from editor.geometry.splice import densified, fit_keeping_segments

_DENSIFY = 0.1  # Hausdorff distance measured on boundaries split into tenths of their pieces


def deviation(a: shapely.Geometry, b: shapely.Geometry) -> float:
    """How far apart two regions' boundaries get: the largest distance, in px, from a point
    of one boundary to the other (symmetric Hausdorff distance)."""
    if a.is_empty or b.is_empty:
        return 0.0 if a.is_empty and b.is_empty else float("inf")
    return float(shapely.hausdorff_distance(a.boundary, b.boundary, densify=_DENSIFY))


def refit(shape: Shape, region: shapely.Geometry, tolerance: float, merged: Shape | None = None) -> bool:
    """Give `shape` an outline of `region` within `tolerance` px: the largest piece's outer
    ring as its points, every other ring (holes, further pieces) as subpaths under the
    even-odd rule. Returns False, leaving the shape as it was, when no simple fit is that
    close (or the region is empty). Segments of the shape's outline (and of `merged`, a shape
    whose region joined it) that the region's boundary still follows are kept as they are."""
    pieces = [p for p in shapely.get_parts(region) if isinstance(p, shapely.Polygon) and p.area >= MIN_AREA]
    if not pieces:
        return False
    pieces.sort(key=lambda p: p.area, reverse=True)
    rings = [np.asarray(ring.coords)[:-1] for piece in pieces for ring in (piece.exterior, *piece.interiors)]
    donors = [s for s in (shape, merged) if s is not None and s.closed]
    originals = [c for s in donors for c in s.contours if len(c) >= 6 and len(c) % 3 == 0]
    kept = [fit_keeping_segments(ring, originals, tolerance / 2) for ring in rings]

    @cache
    def whole(index: int) -> np.ndarray:  # a fit of the whole ring, made only when needed
        return fit_closed_with_corners(densified(rings[index]), tolerance / 2)

    def candidates() -> Iterator[list[np.ndarray]]:
        yield [k if k is not None else whole(i) for i, k in enumerate(kept)]
        if any(k is not None for k in kept):
            yield [whole(i) for i in range(len(rings))]

    for contours in candidates():
        if any(len(c) < 6 for c in contours):
            continue
        probe = shape.copy()
        probe.closed, probe.primitive = True, None
        probe.points, probe.subpaths = contours[0], contours[1:]
        probe.fill_rule = FillRule.EVENODD if len(contours) > 1 else shape.fill_rule
        if is_simple(probe) and deviation(painted_region(probe), shapely.union_all(pieces)) <= tolerance:
            shape.closed, shape.primitive = True, None
            shape.points, shape.subpaths, shape.fill_rule = probe.points, probe.subpaths, probe.fill_rule
            return True
    return False
