"""Merge touching shapes of the same colour in the same layer into one outline.

Two flat-coloured shapes that touch or overlap become one shape along their union, fitted
with cubic Béziers, provided nothing changes on screen: the colours are the same within
`color_tolerance` (CIEDE2000), no shape painted between them overlaps the part that moves in
the paint order, translucent shapes do not overlap (their overlap would lose a coat; the
optimizer's nearly opaque ones may), and the fitted outline stays within `tolerance` px of
the union.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from skimage.color import deltaE_ciede2000, rgb2lab

from editor.cleanup.refit import refit
from editor.cleanup.scope import fill_area, is_editable, painted_area
from editor.document import Document, Layer, Shape, SolidFill

_TOUCH = 1e-6  # px²: overlap below this is a mere touch
# Painted twice, an overlap of alpha a differs from once by a·(1 - a) of the colour step
# under it: at a ≥ 0.98 under 2 %, about 5 of 255 levels at worst, and only there.
_NEARLY_OPAQUE = 0.98


@dataclass
class _Candidate:
    shape: Shape
    region: shapely.Geometry


def merge_touching(doc: Document, tolerance: float, color_tolerance: float) -> int:
    """Merge, in place, touching same-colour editable shapes of each layer; returns how
    many shapes were merged away."""
    merged = 0
    for layer in doc.layers:
        while _merge_one_pair(layer, tolerance, color_tolerance):
            merged += 1
    return merged


def _mergeable(layer: Layer, shape: Shape) -> bool:
    return (is_editable(layer, shape) and shape.closed and isinstance(shape.fill, SolidFill)
            and (shape.stroke is None or shape.stroke_width <= 0))


def _merge_one_pair(layer: Layer, tolerance: float, color_tolerance: float) -> bool:
    """Merge the first pair that can be merged (bottom first); False when none can."""
    shapes = layer.shapes
    candidates = {i: _Candidate(s, fill_area(s)) for i, s in enumerate(shapes) if _mergeable(layer, s)}
    for i, low in candidates.items():
        for j, high in candidates.items():
            if j <= i or not _same_color(low.shape, high.shape, color_tolerance):
                continue
            union = _touching_union(low, high)
            if union is None:
                continue
            between = [painted_area(s) for s in shapes[i + 1:j] if s.visible]
            # The merged shape sits at one of the two places; the other shape's part moves
            # past the shapes between them, so none of those may overlap it.
            if not any(_overlaps(b, low.region) for b in between):
                keep, drop = high.shape, low.shape
            elif not any(_overlaps(b, high.region) for b in between):
                keep, drop = low.shape, high.shape
            else:
                continue
            fill = _larger(low, high).shape.fill
            if not refit(keep, union, tolerance, merged=drop):
                continue
            keep.fill = fill
            if keep.role != drop.role:  # a highlight merged with plain paint is neither
                keep.role = None
            layer.shapes = [s for s in shapes if s is not drop]
            return True
    return False


def _touching_union(a: _Candidate, b: _Candidate) -> shapely.Geometry | None:
    """The union of two regions that touch or overlap, when painting it once looks the same
    as painting both (its holes and separate pieces become further contours)."""
    if a.region.is_empty or b.region.is_empty or not a.region.intersects(b.region):
        return None
    overlap = a.region.intersection(b.region).area
    alpha = min(_alpha(a.shape), _alpha(b.shape))
    if overlap > _TOUCH and alpha < _NEARLY_OPAQUE:
        return None
    return shapely.union(a.region, b.region)


def _overlaps(a: shapely.Geometry, b: shapely.Geometry) -> bool:
    return a.intersects(b) and a.intersection(b).area > _TOUCH


def _alpha(shape: Shape) -> float:
    assert isinstance(shape.fill, SolidFill)
    return shape.fill.color[3]


def _same_color(a: Shape, b: Shape, tolerance: float) -> bool:
    assert isinstance(a.fill, SolidFill) and isinstance(b.fill, SolidFill)
    ca, cb = np.asarray(a.fill.color), np.asarray(b.fill.color)
    if abs(ca[3] - cb[3]) > 1.0 / 255.0:
        return False
    lab = rgb2lab(np.clip(np.stack([ca[:3], cb[:3]]), 0.0, 1.0)[None])[0]
    return float(deltaE_ciede2000(lab[0], lab[1])) <= tolerance


def _larger(a: _Candidate, b: _Candidate) -> _Candidate:
    return a if a.region.area >= b.region.area else b
