"""Remove nodes that do not change the picture: two neighbouring cubic segments become one
when a single cubic runs within `tolerance` px of the outline they came from — the original
outline, not the one earlier removals left: measured against those, small deviations added
up along a run of removals (0.8 dB over a transparent background on a traced face)."""
from __future__ import annotations

import numpy as np
import shapely

from editor.cleanup.scope import editable_shapes
from editor.document import Document, Shape
from editor.geometry import bezier_fit

_SAMPLES = 16  # points per segment at which the two curves are compared
_MIN_CLOSED_SEGMENTS = 2
_NEWTON_STEPS = 3


def remove_redundant_nodes(doc: Document, tolerance: float) -> int:
    """Drop, in place, every node of an editable shape whose two segments one cubic can
    replace within `tolerance`; returns how many nodes went. Primitives keep theirs."""
    removed = 0
    for _, shape in editable_shapes(doc):
        if shape.primitive is None and np.isfinite(shape.points).all():
            removed += _simplify(shape, tolerance)
    return removed


def _simplify(shape: Shape, tolerance: float) -> int:
    """Greedy: remove the node whose replacement deviates least, until none qualifies."""
    removed = 0
    # Per segment, the original outline it stands for (nodes stay where they were, so a
    # joined segment stands for its two segments' originals, end to end).
    originals = [_sample(segment, 2 * _SAMPLES) for segment in shape.segments()]
    while True:
        segments = shape.segments()
        minimum = _MIN_CLOSED_SEGMENTS if shape.closed else 1
        if len(segments) <= minimum:
            return removed
        # Node k joins segment k-1 and segment k; an open path's ends are not candidates.
        nodes = range(len(segments)) if shape.closed else range(1, len(segments))
        best: tuple[float, int, np.ndarray] | None = None
        for k in nodes:
            original = np.vstack([originals[k - 1], originals[k][1:]])
            joined = _join(segments[k - 1], segments[k], original, tolerance)
            if joined is not None and (best is None or joined[0] < best[0]):
                best = (joined[0], k, joined[1])
        if best is None:
            return removed
        k = best[1]
        shape.points = _replace(shape, segments, k, best[2])
        originals = _replace_spans(shape.closed, originals, k)
        removed += 1


def _join(first: np.ndarray, second: np.ndarray, original: np.ndarray,
          tolerance: float) -> tuple[float, np.ndarray] | None:
    """(deviation, control points) of one cubic replacing two, or None beyond tolerance of
    `original`, the outline the two stand for (a polyline).

    The ends and their tangent directions stay the original ones — the path stays joined
    to its neighbours, as smooth or as sharp as it was — and only the handle lengths are
    fitted (Schneider's least squares, with Newton steps on the sample parameters)."""
    a, b = _sample(first), _sample(second)
    samples = np.vstack([a, b[1:]])
    t1 = _unit(first[1] - first[0], samples[1] - samples[0])
    t2 = _unit(second[2] - second[3], samples[-2] - samples[-1])
    # Start from the samples' own parameters, the split placed where one curve cut in two
    # would have it: the handles at the node are as long as the parameter spans they cover.
    into, out_of = (float(np.linalg.norm(v)) for v in (first[3] - first[2], second[1] - second[0]))
    if min(into, out_of) > 1e-9:
        split = into / (into + out_of)
    else:
        split = _length(a) / max(_length(a) + _length(b), 1e-12)
    steps = np.linspace(0.0, 1.0, _SAMPLES + 1)
    u = np.concatenate([split * steps, split + (1.0 - split) * steps[1:]])
    fitted = bezier_fit._generate(samples, u, t1, t2)
    # Each sample's distance to its own point on the fit bounds its distance to the curve
    # from above: a node that shapes the outline fails this at once, before Newton steps.
    for step in range(_NEWTON_STEPS + 1):
        if _along(fitted, samples, u) > (8 if step == 0 else 2) * tolerance:
            return None
        if step < _NEWTON_STEPS:
            u = bezier_fit._reparameterize(samples, fitted, u)
            fitted = bezier_fit._generate(samples, u, t1, t2)
    curve = shapely.LineString(_sample(fitted, 4 * _SAMPLES))
    error = float(shapely.hausdorff_distance(shapely.LineString(original), curve))
    return (error, fitted) if error <= tolerance else None


def _along(curve: np.ndarray, samples: np.ndarray, u: np.ndarray) -> float:
    return float(np.linalg.norm(bezier_fit._evaluate(curve, u) - samples, axis=1).max())


def _length(polyline: np.ndarray) -> float:
    return float(np.linalg.norm(np.diff(polyline, axis=0), axis=1).sum())


def _unit(direction: np.ndarray, fallback: np.ndarray) -> np.ndarray:
    """The direction of a handle; of the curve's first chord where the handle has none."""
    for v in (direction, fallback):
        norm = float(np.linalg.norm(v))
        if norm > 1e-9:
            return v / norm
    return np.zeros(2)


def _sample(segment: np.ndarray, count: int = _SAMPLES) -> np.ndarray:
    t = np.linspace(0.0, 1.0, count + 1)[:, None]
    s = 1.0 - t
    return s**3 * segment[0] + 3 * s * s * t * segment[1] + 3 * s * t * t * segment[2] + t**3 * segment[3]


def _replace_spans(closed: bool, spans: list[np.ndarray], k: int) -> list[np.ndarray]:
    """The per-segment originals after segments k-1 and k were joined, in `_replace`'s order."""
    joined = np.vstack([spans[k - 1], spans[k][1:]])
    if closed:
        return [joined] + [spans[(k + 1 + i) % len(spans)] for i in range(len(spans) - 2)]
    return spans[:k - 1] + [joined] + spans[k + 1:]


def _replace(shape: Shape, segments: np.ndarray, k: int, joined: np.ndarray) -> np.ndarray:
    """The shape's points with segments k-1 and k replaced by `joined`."""
    if shape.closed:
        # Start at the joined segment; the node order around the loop is unchanged.
        order = [joined] + [segments[(k + 1 + i) % len(segments)] for i in range(len(segments) - 2)]
        return np.vstack([seg[:3] for seg in order])
    order = list(segments[:k - 1]) + [joined] + list(segments[k + 1:])
    return np.vstack([seg[:3] for seg in order] + [order[-1][3:]])
