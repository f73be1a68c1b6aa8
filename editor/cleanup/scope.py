"""What clean-up may touch, and the areas shapes paint and hide (numpy + shapely, no torch).

Clean-up changes only the optimizer's shapes that the designer left alone: not locked (the
shape or its layer), not hidden, and not drawn or imported by the designer (`Shape.origin`).
Everything else is read (it hides what lies under it) but never written.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import shapely

from editor.cleanup.coverage import CoverageGrid, Opacity
from editor.document import Document, Layer, LinearGradient, Origin, RadialGradient, Shape, SolidFill
from editor.document.fills import evaluate
from editor.geometry.outline import flatten_contour, painted_region

# Fill regions computed during one clean-up, by shape: (the points they came from, rule, region).
# Every step replaces a shape's points array when it changes the outline, never edits it in place.
_regions: dict[int, tuple[np.ndarray, str, shapely.Geometry]] | None = None


@contextmanager
def regions_cached() -> Iterator[None]:
    """Within the block, a shape's fill region is computed once per outline (each step and
    each merge pass asks again; the polygon boolean work dominates clean-up)."""
    global _regions
    _regions = {}
    try:
        yield
    finally:
        _regions = None


def is_editable(layer: Layer, shape: Shape) -> bool:
    """True for an optimizer shape, visible and unlocked, in a visible and unlocked layer."""
    return (shape.origin == Origin.OPTIMIZER and not (shape.locked or layer.locked)
            and shape.visible and layer.visible)


def editable_shapes(doc: Document) -> Iterator[tuple[Layer, Shape]]:
    for layer, shape in doc.iter_shapes():
        if is_editable(layer, shape):
            yield layer, shape


def fill_area(shape: Shape) -> shapely.Geometry:
    """The region the fill paints (empty for open or unfilled paths, and for a shape with a
    coordinate that is not finite: it cannot be drawn, so clean-up drops it as buried)."""
    if not shape.closed or shape.fill is None or not np.isfinite(shape.points).all():
        return shapely.Polygon()
    if _regions is None:
        return painted_region(shape)
    cached = _regions.get(id(shape))
    if cached is not None and cached[0] is shape.points and cached[1] == shape.fill_rule:
        return cached[2]
    region = painted_region(shape)
    _regions[id(shape)] = (shape.points, shape.fill_rule, region)
    return region


def stroke_area(shape: Shape) -> shapely.Geometry:
    """The region the stroke paints: the outline widened by half the stroke width."""
    if (shape.stroke is None or shape.stroke_width <= 0 or len(shape.points) < 2
            or not np.isfinite(shape.points).all()):
        return shapely.Polygon()
    if shape.closed:
        ring = flatten_contour(shape.points)
        line = shapely.LinearRing(ring) if len(ring) >= 3 else shapely.LineString(ring)
    else:
        line = shapely.LineString(_flatten_open(shape.points))
    return line.buffer(shape.stroke_width / 2)


def painted_area(shape: Shape) -> shapely.Geometry:
    return shapely.union(fill_area(shape), stroke_area(shape))


def cover_with(grid: CoverageGrid, shape: Shape) -> None:
    """Record in `grid` the paint of the shape's fill and stroke."""
    grid.cover(fill_area(shape), fill_opacity(shape))
    if shape.stroke is not None:
        grid.cover(stroke_area(shape), shape.stroke[3])


def fill_opacity(shape: Shape) -> Opacity:
    """The fill's alpha: a solid's value, or a gradient's alpha at any point."""
    fill = shape.fill
    if isinstance(fill, SolidFill):
        return fill.color[3]
    if isinstance(fill, (LinearGradient, RadialGradient)):
        return lambda xs, ys: evaluate(fill, xs, ys)[..., 3]
    return 0.0


def canvas_box(doc: Document) -> shapely.Polygon:
    return shapely.box(0.0, 0.0, doc.width, doc.height)


def _flatten_open(points: np.ndarray, pieces: int = 16) -> np.ndarray:
    """Samples along an open path's cubic segments (3·S + 1 control points)."""
    segments = (len(points) - 1) // 3
    if segments < 1:
        return np.asarray(points, dtype=np.float64)
    t = np.linspace(0.0, 1.0, pieces, endpoint=False)[:, None]
    s = 1.0 - t
    samples = []
    for k in range(segments):
        p0, p1, p2, p3 = points[3 * k:3 * k + 4]
        samples.append(s**3 * p0 + 3 * s * s * t * p1 + 3 * s * t * t * p2 + t**3 * p3)
    samples.append(points[-1:])
    return np.vstack(samples)
