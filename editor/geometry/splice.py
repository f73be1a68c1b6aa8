"""Re-fitting an outline that changed in places, keeping the rest of it as it was.

When a region's boundary is an old outline changed only here and there (a knot resolved, a
cut at the canvas edge, a trim), a fit of the whole boundary would move the edge a little
everywhere: a twentieth of a pixel all round cost up to 4 dB over a transparent background.
Instead, every original segment the boundary still follows is reused bit for bit, and only
the stretches between them are fitted.
"""
from __future__ import annotations

import numpy as np
import shapely

from editor.geometry.bezier_fit import fit_open_with_corners

ANCHOR = 0.01  # px: a boundary vertex this close to an original node is that node (an opening by 0.05 px moves vertices ~1e-3)
KEPT = 0.01  # px: a boundary stretch this close to an original segment is that segment
SAMPLE = 1.0  # px: a stretch is fitted through points at most this far apart
STRETCH_TOLERANCE = 0.05  # px, at most: the fitted stretches are short, so a tight fit costs few nodes


def densified(points: np.ndarray, closed: bool = True) -> np.ndarray:
    """`points` with vertices added every SAMPLE px: a long straight cut (the canvas edge)
    has none between its ends, and a fit checked only at vertices could bulge there."""
    line = shapely.LinearRing(points) if closed else shapely.LineString(points)
    return np.asarray(shapely.segmentize(line, SAMPLE).coords)[: -1 if closed else None]


def fit_keeping_segments(ring: np.ndarray, originals: list[np.ndarray], tolerance: float) -> np.ndarray | None:
    """Control points (3·S, 2) of a closed path along `ring` (M, 2) that reuses every original
    segment the ring still follows and fits the stretches between the others within
    `tolerance`; None when fewer than two original nodes lie on the ring."""
    anchors = []  # (ring index, contour, node): original nodes the ring passes through
    for c, points in enumerate(originals):
        nodes = points[0::3]
        distance = np.linalg.norm(ring[:, None, :] - nodes[None, :, :], axis=-1)
        nearest = distance.argmin(axis=0)
        anchors += [(int(i), c, k) for k, i in enumerate(nearest) if distance[i, k] < ANCHOR]
    anchors = list({i: (i, c, k) for i, c, k in sorted(anchors, reverse=True)}.values())  # one a vertex
    if len(anchors) < 2:
        return None
    anchors.sort()
    pieces = []
    for (i0, c0, k0), (i1, c1, k1) in zip(anchors, anchors[1:] + anchors[:1]):
        stretch = ring[i0:i1 + 1] if i1 > i0 else np.vstack([ring[i0:], ring[:i1 + 1]])
        start, end = originals[c0][3 * k0], originals[c1][3 * k1]
        segment = _original_segment(originals, (c0, k0), (c1, k1))
        if segment is not None and _follows(stretch, segment):
            pieces.append(segment[:3])
            continue
        stretch = densified(np.vstack([start, stretch[1:-1], end]), closed=False)
        fitted = fit_open_with_corners(stretch, min(tolerance, STRETCH_TOLERANCE)) if len(stretch) > 2 else np.vstack([start, start, end, end])
        if len(fitted) < 4:
            return None
        fitted[0], fitted[-1] = start, end
        pieces.append(fitted[:-1])
    return np.vstack(pieces)


def _original_segment(originals: list[np.ndarray], a: tuple[int, int], b: tuple[int, int]) -> np.ndarray | None:
    """The original segment from node `a` to node `b` (contour, node) in that direction, when
    they are neighbours on one contour; (4, 2) control points."""
    (c, k), (c1, k1) = a, b
    points = originals[c]
    count = len(points) // 3
    if c1 != c or count < 2:
        return None
    if k1 == (k + 1) % count:
        return points[[3 * k, 3 * k + 1, 3 * k + 2, 3 * k1]]
    if k1 == (k - 1) % count:
        return points[[3 * k, 3 * k1 + 2, 3 * k1 + 1, 3 * k1]]
    return None


def _follows(stretch: np.ndarray, segment: np.ndarray) -> bool:
    """Whether the ring stretch runs along the whole cubic segment (within KEPT)."""
    t = np.linspace(0.0, 1.0, 257)[:, None]
    curve = ((1 - t) ** 3 * segment[0] + 3 * (1 - t) ** 2 * t * segment[1]
             + 3 * (1 - t) * t**2 * segment[2] + t**3 * segment[3])
    line = shapely.LineString(curve)
    off = shapely.distance(shapely.points(stretch), line)
    length = float(np.linalg.norm(np.diff(stretch, axis=0), axis=1).sum())
    return bool(off.max() <= KEPT) and abs(length - line.length) <= 0.01 * line.length + KEPT
