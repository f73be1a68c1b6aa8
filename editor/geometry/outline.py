"""Outlines as polygons: flattening a shape's contours, testing that they are simple, and the
region a shape paints under its fill rule (numpy + shapely; no torch, no Qt).

A designer reads a path in outline view: a *simple* outline is a closed curve that never
crosses or touches itself, encloses some area and has no zero-width spike (the curve running
out and straight back). `is_simple` tests exactly that on the flattened contours.
"""
from __future__ import annotations

import numpy as np
import shapely
from shapely.geometry import LinearRing, MultiLineString

from editor.document import FillRule, Shape

FLATTEN_TOLERANCE = 0.05  # px between a flattened piece and its curve
MIN_AREA = 0.5  # px²: less than half a pixel is not a shape a designer can see or edit
_MAX_PIECES = 256
_SPIKE_COS = -0.9995  # a turn sharper than ~178° between two pieces: the curve doubles back
_EPS = 1e-9


def contours(shape: Shape) -> list[np.ndarray]:
    """Control points of every closed contour of `shape`, the outer one first."""
    return [shape.points, *shape.subpaths]


def flatten_contour(points: np.ndarray, tolerance: float = FLATTEN_TOLERANCE) -> np.ndarray:
    """(M, 2) polygon within `tolerance` of the closed cubic path `points` (3·S, 2), without
    repeating its first vertex; consecutive duplicates removed."""
    n = len(points)
    if n < 3:
        return np.asarray(points, dtype=np.float64).reshape(-1, 2)
    idx = (np.arange(n // 3)[:, None] * 3 + np.arange(4)) % n
    segs = np.asarray(points, dtype=np.float64)[idx]  # (S, 4, 2)
    # Wang's bound, as the renderer flattens: pieces per segment for the tolerance.
    d2 = np.maximum(
        np.linalg.norm(segs[:, 0] - 2 * segs[:, 1] + segs[:, 2], axis=1),
        np.linalg.norm(segs[:, 1] - 2 * segs[:, 2] + segs[:, 3], axis=1),
    )
    counts = np.clip(np.ceil(np.sqrt(0.75 * d2 / tolerance)), 1, _MAX_PIECES).astype(int)
    # Every segment's samples at once: `is_simple` runs on every shape of a trace.
    owner = np.repeat(np.arange(len(segs)), counts)
    first = np.cumsum(counts) - counts
    t = ((np.arange(counts.sum()) - first[owner]) / counts[owner])[:, None]  # end = next start
    s = 1.0 - t
    seg = segs[owner]
    ring = s**3 * seg[:, 0] + 3 * s * s * t * seg[:, 1] + 3 * s * t * t * seg[:, 2] + t**3 * seg[:, 3]
    keep = np.linalg.norm(ring - np.roll(ring, 1, axis=0), axis=1) > _EPS
    return ring[keep] if keep.any() else ring[:1]


def signed_area(ring: np.ndarray) -> float:
    """Shoelace area of a closed polygon (positive counter-clockwise in y-up axes)."""
    x, y = ring[:, 0], ring[:, 1]
    return 0.5 * float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))


def has_spike(ring: np.ndarray) -> bool:
    """True when the polygon doubles back on itself at a vertex (a zero-width spike or cusp)."""
    return len(ring) < 3 or bool(spikes(ring).any())


def spikes(ring: np.ndarray) -> np.ndarray:
    """Per vertex of a closed polygon, whether the polygon doubles back there."""
    incoming = ring - np.roll(ring, 1, axis=0)
    outgoing = np.roll(incoming, -1, axis=0)
    norms = np.linalg.norm(incoming, axis=1) * np.linalg.norm(outgoing, axis=1)
    cos = np.einsum("ij,ij->i", incoming, outgoing) / np.maximum(norms, _EPS)
    return cos < _SPIKE_COS


def is_simple(shape: Shape) -> bool:
    """True when every contour of a filled shape is a simple closed curve enclosing some
    area, and no two contours touch. Open paths (drawn by their stroke) are not regions and
    count as simple; a shape with a non-finite coordinate is not."""
    if not shape.closed:
        return True
    rings = []
    for points in contours(shape):
        if len(points) < 3 or not np.isfinite(points).all():
            return False
        ring = flatten_contour(points)
        if len(ring) < 3 or abs(signed_area(ring)) < MIN_AREA or has_spike(ring):
            return False
        rings.append(LinearRing(ring))
    if not all(ring.is_simple for ring in rings):
        return False
    return not any(a.intersects(b) for i, a in enumerate(rings) for b in rings[i + 1 :])


def painted_region(shape: Shape) -> shapely.Geometry:
    """The area `shape` paints, as a valid (Multi)Polygon, under its fill rule.

    The flattened contours are cut at every crossing into faces; a face is painted when the
    winding number of a point inside it is non-zero (nonzero rule) or odd (evenodd rule).
    """
    rings = [flatten_contour(points) for points in contours(shape) if len(points) >= 3]
    rings = [ring for ring in rings if len(ring) >= 3 and np.isfinite(ring).all()]
    if not rings:
        return shapely.Polygon()
    lines = MultiLineString([np.vstack([ring, ring[:1]]) for ring in rings])
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(shapely.node(lines))))
    faces = faces[shapely.area(faces) > 0]
    if len(faces) == 0:
        return shapely.Polygon()
    inside = shapely.get_coordinates(shapely.point_on_surface(faces))
    winding = sum(winding_numbers(inside, ring) for ring in rings)
    painted = winding % 2 == 1 if shape.fill_rule == FillRule.EVENODD else winding != 0
    return shapely.make_valid(shapely.union_all(faces[painted]))


def winding_numbers(points: np.ndarray, ring: np.ndarray) -> np.ndarray:
    """Winding number of the closed polygon `ring` around each of `points` (P, 2)."""
    a = ring[None, :, :]
    b = np.roll(ring, -1, axis=0)[None, :, :]
    p = points[:, None, :]
    cross = (b[..., 0] - a[..., 0]) * (p[..., 1] - a[..., 1]) - (p[..., 0] - a[..., 0]) * (b[..., 1] - a[..., 1])
    up = (a[..., 1] <= p[..., 1]) & (b[..., 1] > p[..., 1]) & (cross > 0)
    down = (a[..., 1] > p[..., 1]) & (b[..., 1] <= p[..., 1]) & (cross < 0)
    return up.sum(axis=1).astype(int) - down.sum(axis=1).astype(int)
