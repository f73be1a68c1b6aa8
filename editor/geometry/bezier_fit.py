"""Least-squares fitting of cubic Bézier segments to a digitized curve.

Schneider's algorithm ("An Algorithm for Automatically Fitting Digitized Curves",
Graphics Gems, 1990): parameterize by chord length, solve for the two tangent-handle
lengths in the least-squares sense, improve the parameters with Newton–Raphson, and split
at the worst point when the error stays above the tolerance.
"""
from __future__ import annotations

import itertools

import numpy as np

_MAX_NEWTON = 8
_EPS = 1e-12


def fit_open(points: np.ndarray, tolerance: float) -> np.ndarray:
    """Control points (3·S + 1, 2) of an open path through `points` within `tolerance`."""
    pts = _dedupe(points)
    if len(pts) < 2:
        return pts.copy()
    segments = _fit(pts, _unit(pts[1] - pts[0]), _unit(pts[-2] - pts[-1]), tolerance ** 2)
    return np.vstack([s[:3] for s in segments] + [segments[-1][3:]])


def fit_closed(points: np.ndarray, tolerance: float) -> np.ndarray:
    """Control points (3·S, 2) of a closed path around `points` (the loop is closed for you).

    The seam gets one tangent for both sides, so the outline has no kink where it started.
    """
    pts = _dedupe(points)
    if len(pts) > 1 and np.allclose(pts[0], pts[-1]):
        pts = pts[:-1]
    if len(pts) < 3:
        return np.empty((0, 2))
    seam = _unit(pts[1] - pts[-1])
    loop = np.vstack([pts, pts[:1]])
    segments = _fit(loop, seam, -seam, tolerance ** 2)
    return np.vstack([s[:3] for s in segments])


def _dedupe(points: np.ndarray) -> np.ndarray:
    pts = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    if len(pts) < 2:
        return pts
    keep = np.concatenate([[True], np.linalg.norm(np.diff(pts, axis=0), axis=1) > 1e-9])
    return pts[keep]


def _unit(v: np.ndarray) -> np.ndarray:
    n = float(np.linalg.norm(v))
    return v / n if n > _EPS else np.zeros(2)


def _bernstein(u: np.ndarray) -> np.ndarray:
    """(len(u), 4) cubic Bernstein basis."""
    v = 1.0 - u
    return np.stack([v ** 3, 3 * u * v ** 2, 3 * u ** 2 * v, u ** 3], axis=1)


def _evaluate(bez: np.ndarray, u: np.ndarray) -> np.ndarray:
    return _bernstein(u) @ bez


def _fit(d: np.ndarray, t1: np.ndarray, t2: np.ndarray, err2: float) -> list[np.ndarray]:
    if len(d) == 2:
        dist = np.linalg.norm(d[1] - d[0]) / 3.0
        return [np.array([d[0], d[0] + t1 * dist, d[1] + t2 * dist, d[1]])]
    u = _chord_params(d)
    bez = _generate(d, u, t1, t2)
    worst, split = _max_error(d, bez, u)
    if worst < err2:
        return [bez]
    if worst < 4.0 * err2:  # close: better parameters may be enough
        for _ in range(_MAX_NEWTON):
            u = _reparameterize(d, bez, u)
            bez = _generate(d, u, t1, t2)
            worst, split = _max_error(d, bez, u)
            if worst < err2:
                return [bez]
    center = _unit(d[split - 1] - d[split + 1])
    if not center.any():  # a cusp: use the perpendicular of the chord
        chord = d[split + 1] - d[split - 1]
        center = _unit(np.array([-chord[1], chord[0]]))
    return _fit(d[: split + 1], t1, center, err2) + _fit(d[split:], -center, t2, err2)


def _chord_params(d: np.ndarray) -> np.ndarray:
    lengths = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(d, axis=0), axis=1))])
    return lengths / max(lengths[-1], _EPS)


def _generate(d: np.ndarray, u: np.ndarray, t1: np.ndarray, t2: np.ndarray) -> np.ndarray:
    """The Bézier with end points d[0], d[-1] and handles along t1, t2 of least-squares length."""
    first, last = d[0], d[-1]
    b = _bernstein(u)
    a1 = b[:, 1:2] * t1
    a2 = b[:, 2:3] * t2
    rest = d - (np.outer(b[:, 0] + b[:, 1], first) + np.outer(b[:, 2] + b[:, 3], last))
    c = np.array([[np.sum(a1 * a1), np.sum(a1 * a2)], [np.sum(a1 * a2), np.sum(a2 * a2)]])
    x = np.array([np.sum(a1 * rest), np.sum(a2 * rest)])
    det = c[0, 0] * c[1, 1] - c[0, 1] * c[1, 0]
    seg_length = float(np.linalg.norm(last - first))
    if abs(det) > _EPS:
        alpha1 = (x[0] * c[1, 1] - x[1] * c[0, 1]) / det
        alpha2 = (c[0, 0] * x[1] - c[1, 0] * x[0]) / det
    else:
        alpha1 = alpha2 = 0.0
    if alpha1 < 1e-6 * seg_length or alpha2 < 1e-6 * seg_length:
        alpha1 = alpha2 = seg_length / 3.0  # Wu/Barsky heuristic: a degenerate solve
    return np.array([first, first + t1 * alpha1, last + t2 * alpha2, last])


def _max_error(d: np.ndarray, bez: np.ndarray, u: np.ndarray) -> tuple[float, int]:
    dist = np.sum((_evaluate(bez, u) - d) ** 2, axis=1)
    inner = dist[1:-1]
    split = int(np.argmax(inner)) + 1 if len(inner) else len(d) // 2
    return float(dist[split]), split


def _reparameterize(d: np.ndarray, bez: np.ndarray, u: np.ndarray) -> np.ndarray:
    """One Newton–Raphson step per point toward the curve parameter nearest to it."""
    v = 1.0 - u
    q = _evaluate(bez, u)
    d1 = 3 * (np.outer(v ** 2, bez[1] - bez[0]) + np.outer(2 * u * v, bez[2] - bez[1])
              + np.outer(u ** 2, bez[3] - bez[2]))
    d2 = 6 * (np.outer(v, bez[2] - 2 * bez[1] + bez[0]) + np.outer(u, bez[3] - 2 * bez[2] + bez[1]))
    diff = q - d
    numerator = np.sum(diff * d1, axis=1)
    denominator = np.sum(d1 * d1, axis=1) + np.sum(diff * d2, axis=1)
    step = np.divide(numerator, denominator, out=np.zeros_like(u), where=np.abs(denominator) > _EPS)
    new = np.clip(u - step, 0.0, 1.0)
    new[0], new[-1] = 0.0, 1.0
    return np.maximum.accumulate(new)  # keep the parameters ordered along the curve


def fit_closed_with_corners(points: np.ndarray, tolerance: float, corner_degrees: float = 50.0) -> np.ndarray:
    """Like `fit_closed`, but the outline keeps its corners: the loop is cut where it turns
    by more than `corner_degrees` at one vertex and each run between corners is fitted on
    its own (a smooth fit would round a corner off with many short segments)."""
    pts = _dedupe(points)
    if len(pts) > 1 and np.allclose(pts[0], pts[-1]):
        pts = pts[:-1]
    if len(pts) < 3:
        return np.empty((0, 2))
    incoming = pts - np.roll(pts, 1, axis=0)
    corners = np.flatnonzero(_turns(incoming, np.roll(incoming, -1, axis=0)) > corner_degrees)
    if len(corners) == 0:
        return fit_closed(pts, tolerance)
    loop = np.roll(pts, -int(corners[0]), axis=0)
    cuts = list(corners - corners[0]) + [len(pts)]
    loop = np.vstack([loop, loop[:1]])
    pieces = [fit_open(loop[start : end + 1], tolerance)[:-1] for start, end in itertools.pairwise(cuts)]
    return np.vstack(pieces)


def fit_open_with_corners(points: np.ndarray, tolerance: float, corner_degrees: float = 50.0) -> np.ndarray:
    """Like `fit_open`, but cut at the corners (as `fit_closed_with_corners`)."""
    pts = _dedupe(points)
    if len(pts) < 3:
        return fit_open(pts, tolerance)
    steps = np.diff(pts, axis=0)
    corners = 1 + np.flatnonzero(_turns(steps[:-1], steps[1:]) > corner_degrees)
    cuts = [0, *corners.tolist(), len(pts) - 1]
    pieces = [fit_open(pts[start:end + 1], tolerance) for start, end in itertools.pairwise(cuts)]
    return np.vstack([piece[:-1] for piece in pieces] + [pieces[-1][-1:]])


def _turns(incoming: np.ndarray, outgoing: np.ndarray) -> np.ndarray:
    """Degrees the path turns from each incoming to the matching outgoing direction."""
    return np.degrees(np.abs(np.arctan2(
        incoming[:, 0] * outgoing[:, 1] - incoming[:, 1] * outgoing[:, 0],
        np.einsum("ij,ij->i", incoming, outgoing),
    )))
