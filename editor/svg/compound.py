"""Filling a path of several subpaths with shapes that hold one outline each.

Subpaths whose filled regions do not touch become separate shapes: painting them one after
another looks exactly like filling them together. Subpaths that overlap or nest (holes!) cannot
be separated without changing the picture, so they are joined into one outline by zero-width
bridges: from a node of the largest subpath a straight segment goes to the nearest node of the
other subpath, around it, and straight back along the same line. The two bridge segments
cancel under both fill rules (their winding contributions are +1 and -1; crossings come in
pairs), so the outline fills exactly like the compound path.
"""
from __future__ import annotations

import numpy as np

from editor.svg.geometry import Subpath

_SAMPLES = 8  # points per cubic when testing whether subpaths touch
_MAX_EDGE_PAIRS = 4_000_000  # beyond this we assume they touch (bridging is always faithful)


def closed_outline(sub: Subpath) -> np.ndarray:
    """The subpath's points, closed with a straight segment if open (as fill closes it)."""
    p = sub.points
    if sub.closed:
        return p
    if np.array_equal(p[-1], p[0]):
        return p[:-1]
    a, b = p[-1], p[0]
    return np.vstack([p, a + (b - a) / 3.0, a + 2.0 * (b - a) / 3.0])


def fill_outlines(subpaths: list[Subpath]) -> tuple[list[np.ndarray], int]:
    """Closed outlines that together fill like `subpaths`, and how many of them were bridged."""
    loops = [closed_outline(s) for s in subpaths]
    if len(loops) == 1:
        return loops, 0
    polygons = [_flatten(loop) for loop in loops]
    parent = list(range(len(loops)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    lo = np.array([p.min(0) for p in polygons])
    hi = np.array([p.max(0) for p in polygons])
    for i in range(len(loops)):
        boxes_meet = (lo[i + 1:] <= hi[i]).all(1) & (lo[i] <= hi[i + 1:]).all(1)
        for j in np.flatnonzero(boxes_meet) + i + 1:
            if root(i) != root(j) and _touch(polygons[i], polygons[j]):
                parent[root(j)] = root(i)
    components: dict[int, list[int]] = {}
    for i in range(len(loops)):
        components.setdefault(root(i), []).append(i)
    outlines, bridged = [], 0
    for members in components.values():
        if len(members) == 1:
            outlines.append(loops[members[0]])
        else:
            outlines.append(_bridge([loops[i] for i in members]))
            bridged += 1
    return outlines, bridged


def _flatten(loop: np.ndarray) -> np.ndarray:
    n = len(loop)
    idx = (np.arange(n // 3)[:, None] * 3 + np.arange(4)[None, :]) % n
    c = loop[idx]  # (S, 4, 2)
    t = np.linspace(0, 1, _SAMPLES, endpoint=False)[None, :, None]
    mt = 1 - t
    pts = (mt**3 * c[:, None, 0] + 3 * mt**2 * t * c[:, None, 1]
           + 3 * mt * t**2 * c[:, None, 2] + t**3 * c[:, None, 3])
    return pts.reshape(-1, 2)


def _touch(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether two closed polygons' regions (with meeting bounding boxes) overlap, nest or touch."""
    if len(a) * len(b) > _MAX_EDGE_PAIRS:
        return True
    return _edges_cross(a, b) or _inside(a[0], b) or _inside(b[0], a)


def _edges_cross(a: np.ndarray, b: np.ndarray) -> bool:
    a0, a1 = a, np.roll(a, -1, axis=0)
    b0, b1 = b, np.roll(b, -1, axis=0)

    def orient(p: np.ndarray, q: np.ndarray, r: np.ndarray) -> np.ndarray:
        return (q[..., 0] - p[..., 0]) * (r[..., 1] - p[..., 1]) - (q[..., 1] - p[..., 1]) * (r[..., 0] - p[..., 0])

    A0, A1 = a0[:, None], a1[:, None]
    B0, B1 = b0[None, :], b1[None, :]
    d1 = orient(A0, A1, B0) * orient(A0, A1, B1)
    d2 = orient(B0, B1, A0) * orient(B0, B1, A1)
    return bool(((d1 <= 0) & (d2 <= 0)).any())


def _inside(point: np.ndarray, polygon: np.ndarray) -> bool:
    """Even-odd point-in-polygon test (crossings of a ray towards +x)."""
    x, y = point
    p0, p1 = polygon, np.roll(polygon, -1, axis=0)
    spans = (p0[:, 1] > y) != (p1[:, 1] > y)
    p0, p1 = p0[spans], p1[spans]
    xs = p0[:, 0] + (y - p0[:, 1]) * (p1[:, 0] - p0[:, 0]) / (p1[:, 1] - p0[:, 1])
    return bool(np.count_nonzero(xs > x) % 2)


def _line(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.array([a, a + (b - a) / 3.0, a + 2.0 * (b - a) / 3.0])


def _bridge(loops: list[np.ndarray]) -> np.ndarray:
    """One closed outline: the largest loop with the others attached by there-and-back bridges."""
    sizes = [np.prod(loop.max(0) - loop.min(0)) for loop in loops]
    main_index = int(np.argmax(sizes))
    main = loops[main_index]
    main_nodes = main[::3]
    attached: dict[int, list[np.ndarray]] = {}
    for k, loop in enumerate(loops):
        if k == main_index:
            continue
        nodes = loop[::3]
        m, n = 0, 0
        if len(main_nodes) * len(nodes) <= _MAX_EDGE_PAIRS:  # else any bridge will do
            dist = ((main_nodes[:, None, :] - nodes[None, :, :]) ** 2).sum(-1)
            m, n = np.unravel_index(int(np.argmin(dist)), dist.shape)
        rolled = np.roll(loop, -3 * int(n), axis=0)  # now starts at its nearest node
        a, b = main_nodes[m], rolled[0]
        attached.setdefault(int(m), []).append(np.vstack([_line(a, b), rolled, _line(b, a)]))
    pieces = []
    for m in range(len(main_nodes)):
        pieces += attached.get(m, [])
        pieces.append(main[3 * m: 3 * m + 3])
    return np.vstack(pieces)
