"""Cubic Bézier paths → line pieces (fills) and stroke outlines, vectorized over all shapes."""
from __future__ import annotations

import torch

# Largest distance between a flattened piece and its curve, in pixels. Coverage is exact for
# the polygon, so this is the only geometric error of the renderer.
FLATTEN_TOLERANCE = 0.02
MAX_PIECES_PER_SEGMENT = 256


def segment_control_points(points: torch.Tensor, closed: bool) -> torch.Tensor:
    """(..., S, 4, 2) control points of each segment of paths (..., N, 2) with the same N
    (differentiable gather)."""
    n = points.shape[-2]
    s = n // 3 if closed else max((n - 1) // 3, 0)
    idx = torch.arange(s, device=points.device)[:, None] * 3 + torch.arange(4, device=points.device)
    if closed:
        idx = idx % n
    return points[..., idx, :]


def pieces_per_segment(segs: torch.Tensor) -> torch.Tensor:
    """Wang's bound: pieces needed so the polyline stays within FLATTEN_TOLERANCE of the curve."""
    with torch.no_grad():
        d2 = torch.maximum(
            (segs[:, 0] - 2 * segs[:, 1] + segs[:, 2]).norm(dim=-1),
            (segs[:, 1] - 2 * segs[:, 2] + segs[:, 3]).norm(dim=-1),
        )
        n = torch.ceil(torch.sqrt(0.75 * d2 / FLATTEN_TOLERANCE))
        n = torch.nan_to_num(n, nan=1.0, posinf=MAX_PIECES_PER_SEGMENT)
        return n.clamp(1, MAX_PIECES_PER_SEGMENT).long()


def flatten_segments(segs: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Sample every segment at n+1 uniform parameters.

    Returns (points (Σ(n+1), 2), counts n per segment (S,), first point index per segment).
    Piece j of segment s runs from points[first[s] + j] to points[first[s] + j + 1].
    """
    n = pieces_per_segment(segs)
    counts = n + 1
    first = torch.cumsum(counts, 0) - counts
    seg_of = torch.repeat_interleave(torch.arange(segs.shape[0], device=segs.device), counts)
    j = torch.arange(int(counts.sum()), device=segs.device) - first[seg_of]
    t = (j.to(segs.dtype) / n[seg_of].to(segs.dtype))[:, None]
    s = 1 - t
    c = segs.index_select(0, seg_of)  # its backward (index_add) is far cheaper than indexing's
    pts = (s**3) * c[:, 0] + (3 * s * s * t) * c[:, 1] + (3 * s * t * t) * c[:, 2] + (t**3) * c[:, 3]
    return pts, n, first


def fill_pieces(segs: torch.Tensor, seg_item: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Line pieces (p0, p1, item) of the closed polygons approximating the given segments."""
    pts, n, first = flatten_segments(segs)
    seg_of_piece = torch.repeat_interleave(torch.arange(segs.shape[0], device=segs.device), n)
    start = torch.arange(int(n.sum()), device=segs.device) + torch.repeat_interleave(
        first - (torch.cumsum(n, 0) - n), n
    )
    return pts.index_select(0, start), pts.index_select(0, start + 1), seg_item[seg_of_piece]


def polyline(segs: torch.Tensor) -> torch.Tensor:
    """The flattened centre line of one path's segments, duplicate joints removed: (M, 2)."""
    pts, n, first = flatten_segments(segs)
    keep = torch.ones(pts.shape[0], dtype=torch.bool, device=pts.device)
    keep[first[1:]] = False  # each segment starts where the previous one ended
    return pts[keep]


def _unit(v: torch.Tensor, eps: float = 1e-12) -> torch.Tensor:
    return v / torch.sqrt((v * v).sum(-1, keepdim=True) + eps)


def _perp(v: torch.Tensor) -> torch.Tensor:
    return torch.stack([-v[..., 1], v[..., 0]], -1)


MITER_LIMIT = 4.0  # SVG's default stroke-miterlimit


def stroke_outline(line: torch.Tensor, half_width: torch.Tensor, closed: bool) -> list[torch.Tensor]:
    """Closed polygons whose nonzero union is the stroke of a polyline (miter joins, butt caps).

    Open lines give one ring (left side out, right side back); closed lines give two rings of
    opposite orientation (an annulus).
    """
    if closed:
        ring = torch.cat([line, line[:1]])
        d = _unit(ring[1:] - ring[:-1])
        n_prev = _perp(torch.roll(d, 1, 0))
        n_next = _perp(d)
    else:
        d = _unit(line[1:] - line[:-1])
        n_piece = _perp(d)
        n_prev = torch.cat([n_piece[:1], n_piece])
        n_next = torch.cat([n_piece, n_piece[-1:]])
    bisector = _unit(n_prev + n_next)
    cos_half = (bisector * n_next).sum(-1, keepdim=True).clamp_min(1.0 / MITER_LIMIT)
    offset = bisector * (half_width / cos_half)
    left, right = line + offset, line - offset
    if closed:
        return [left, right.flip(0)]
    return [torch.cat([left, right.flip(0)])]


def ring_pieces(ring: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    return ring, torch.roll(ring, -1, 0)
