"""A region mask as a closed path of cubic Bézier segments, and its holes as further ones.

The outer contour (holes filled: what lies inside is painted by finer shapes on top, unless
the method cuts a hole) is traced at the half-way level between pixel centres, resampled
evenly by arc length, and turned into a smooth closed curve through the samples (Catmull–Rom
tangents). The segment count follows the perimeter, so small regions get few segments and
the optimizer few points to move.
"""
from __future__ import annotations

import numpy as np
from scipy import ndimage
from skimage import measure

MIN_SEGMENTS = 4


def mask_outline(mask: np.ndarray, segment_length: float, max_segments: int) -> np.ndarray | None:
    """Control points (3·S, 2) in user units of a closed curve around `mask`, or None when
    the mask has no outline (empty)."""
    return _trace(ndimage.binary_fill_holes(mask), segment_length, max_segments)


def hole_outlines(holes: np.ndarray, segment_length: float, max_segments: int) -> list[np.ndarray]:
    """A closed curve (as `mask_outline`) around every 4-connected part of `holes`."""
    parts, count = ndimage.label(holes)
    outlines = (_trace(parts == k, segment_length, max_segments) for k in range(1, count + 1))
    return [points for points in outlines if points is not None]


def _trace(filled: np.ndarray, segment_length: float, max_segments: int) -> np.ndarray | None:
    padded = np.pad(filled, 1).astype(np.float32)
    contours = measure.find_contours(padded, 0.5)
    if not contours:
        return None
    contour = max(contours, key=len)
    # (row, col) of the padded grid → (x, y) of the canvas: undo the pad, pixel centres at +0.5
    points = contour[:, ::-1] - 1.0 + 0.5
    perimeter = float(np.linalg.norm(np.diff(points, axis=0), axis=1).sum())
    count = int(np.clip(round(perimeter / segment_length), MIN_SEGMENTS, max(max_segments, MIN_SEGMENTS)))
    return catmull_rom_bezier(resample_closed(points, count))


def resample_closed(points: np.ndarray, count: int) -> np.ndarray:
    """`count` points evenly spaced along the closed polyline `points` (first == last)."""
    steps = np.linalg.norm(np.diff(points, axis=0), axis=1)
    along = np.concatenate([[0.0], np.cumsum(steps)])
    wanted = np.linspace(0.0, along[-1], count, endpoint=False)
    return np.stack([np.interp(wanted, along, points[:, k]) for k in range(2)], axis=1)


def catmull_rom_bezier(samples: np.ndarray) -> np.ndarray:
    """Closed cubic path through `samples` (K, 2): segment k runs from sample k to k+1 with
    handles along the neighbours' chord (P[k+1] − P[k−1]) / 6."""
    prev, nxt, after = np.roll(samples, 1, 0), np.roll(samples, -1, 0), np.roll(samples, -2, 0)
    out_handle = samples + (nxt - prev) / 6.0
    in_handle = nxt - (after - samples) / 6.0
    return np.stack([samples, out_handle, in_handle], axis=1).reshape(-1, 2)
