"""Closed cubic contours (a shape's `points` and `subpaths`): area, orientation, and the
repair of degenerate ones so that no shape reaches the renderer or an SVG file broken."""
from __future__ import annotations

import numpy as np

from editor.document.model import Document, Shape

# Gauss–Legendre nodes and weights on [0, 1]: three are exact for the degree-5 integrand of
# Green's area formula over a cubic segment.
_GL_T = 0.5 + 0.5 * np.array([-np.sqrt(0.6), 0.0, np.sqrt(0.6)])
_GL_W = np.array([5.0, 8.0, 5.0]) / 18.0
# A contour whose area is below this share of its bounding box squared paints nothing.
_ZERO_AREA = 1e-9


def closed_segments(points: np.ndarray) -> np.ndarray:
    """(S, 4, 2) control points of a closed contour's segments (wrapping around)."""
    n = len(points)
    idx = (np.arange(n // 3)[:, None] * 3 + np.arange(4)[None, :]) % max(n, 1)
    return points[idx]


def same_contours(a: list[np.ndarray], b: list[np.ndarray]) -> bool:
    """Whether two lists of contours are equal, point for point."""
    return len(a) == len(b) and all(p.shape == q.shape and np.array_equal(p, q) for p, q in zip(a, b))


def signed_area(points: np.ndarray) -> float:
    """Exact signed area of a closed cubic contour (positive: clockwise on screen, y down)."""
    c = closed_segments(np.asarray(points, dtype=np.float64))
    if len(c) == 0:
        return 0.0
    t = _GL_T[None, :, None]
    s = 1 - t
    d = 3 * (s * s * (c[:, None, 1] - c[:, None, 0]) + 2 * s * t * (c[:, None, 2] - c[:, None, 1])
             + t * t * (c[:, None, 3] - c[:, None, 2]))
    p = s**3 * c[:, None, 0] + 3 * s * s * t * c[:, None, 1] + 3 * s * t * t * c[:, None, 2] + t**3 * c[:, None, 3]
    integrand = 0.5 * (p[..., 0] * d[..., 1] - p[..., 1] * d[..., 0])
    return float((integrand * _GL_W).sum())


def reversed_contour(points: np.ndarray) -> np.ndarray:
    """The same closed contour travelled the other way, starting at the same node."""
    return np.roll(np.asarray(points)[::-1], 1, axis=0)


def contour_problem(points: np.ndarray, *, need_area: bool = True) -> str | None:
    """Why a closed contour cannot be drawn (None: it can): non-finite coordinates, fewer
    than 3 control points (or a count that is not 3 per segment), or — when it must paint a
    fill — zero area."""
    points = np.asarray(points)
    if not np.isfinite(points).all():
        return "coordinates that are not finite"
    if len(points) < 3 or len(points) % 3:
        return f"{len(points)} control points (a closed contour needs 3 per segment, at least 3)"
    if need_area:
        extent = float(np.ptp(points, axis=0).max())
        if abs(signed_area(points)) <= _ZERO_AREA * max(extent * extent, 1.0):
            return "zero area"
    return None


def repair_shape(shape: Shape) -> list[str]:
    """Drop a closed shape's degenerate contours in place; return one notice per contour
    dropped. When `points` is dropped the next good subpath takes its place; a shape left
    without contours is degenerate as a whole (see `shape_problem`)."""
    if not shape.closed:
        return []
    # A stroked contour paints its outline even when it encloses nothing.
    need_area = shape.stroke is None or not shape.stroke_width > 0
    kept, notices = [], []
    for k, contour in enumerate(shape.contours):
        problem = contour_problem(contour, need_area=need_area)
        if problem is None:
            kept.append(contour)
        else:
            notices.append(f"shape '{shape.name}': contour {k + 1} dropped ({problem})")
    if notices and kept:
        shape.points, shape.subpaths = kept[0], kept[1:]
    elif notices:
        shape.subpaths = []
    return notices


def shape_problem(shape: Shape) -> str | None:
    """Why a shape cannot be drawn at all after `repair_shape` (None: it can)."""
    if shape.closed:
        return contour_problem(shape.points, need_area=shape.stroke is None or not shape.stroke_width > 0)
    points = shape.points
    if not np.isfinite(points).all():
        return "coordinates that are not finite"
    if len(points) < 4 or (len(points) - 1) % 3:
        return f"{len(points)} control points (an open path needs 3 per segment plus 1)"
    return None


def repair_document(doc: Document) -> list[str]:
    """Repair every shape in place (see `repair_shape`) and drop the shapes that cannot be
    drawn at all; one notice per contour or shape dropped."""
    notices = []
    for layer in doc.layers:
        kept = []
        for shape in layer.shapes:
            notices += repair_shape(shape)
            problem = shape_problem(shape)
            if problem is None:
                kept.append(shape)
            else:
                notices.append(f"shape '{shape.name}' in layer '{layer.name}' dropped ({problem})")
        layer.shapes = kept
    return notices
