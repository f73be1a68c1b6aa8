"""Primitive shapes: a path that *is* a circle, an ellipse or a (rounded) rectangle.

A shape keeps its cubic control points (the renderer, the optimizer and node editing work on
those); `Shape.primitive` says which primitive they trace, so SVG export can write the
readable `<circle>`/`<ellipse>`/`<rect>`. The claim holds only while the points are still the
primitive's own outline: any edit of the points (optimizer step, node edit) ends it, without
every editing path having to remember to clear the field.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from editor.document.model import Shape

_KAPPA = 4.0 / 3.0 * (np.sqrt(2.0) - 1.0)  # handle length of a quarter-circle cubic
_MATCH = 1e-6  # relative to the primitive's size: points still on the primitive


@dataclass(frozen=True)
class Ellipse:
    """An axis-aligned ellipse; a circle when rx == ry."""

    cx: float
    cy: float
    rx: float
    ry: float

    @property
    def is_circle(self) -> bool:
        return self.rx == self.ry

    def size(self) -> float:
        return max(self.rx, self.ry)

    def scaled(self, sx: float, sy: float) -> Ellipse:
        return Ellipse(self.cx * sx, self.cy * sy, self.rx * sx, self.ry * sy)

    def outline(self) -> np.ndarray:
        """4 quarter arcs, clockwise on screen from (cx + rx, cy), as SVG converts one."""
        unit = np.array([
            [1, 0], [1, _KAPPA], [_KAPPA, 1], [0, 1], [-_KAPPA, 1], [-1, _KAPPA],
            [-1, 0], [-1, -_KAPPA], [-_KAPPA, -1], [0, -1], [_KAPPA, -1], [1, -_KAPPA],
        ], dtype=np.float64)
        return unit * [self.rx, self.ry] + [self.cx, self.cy]


@dataclass(frozen=True)
class Rect:
    """An axis-aligned rectangle, its corners rounded by rx × ry (0: sharp)."""

    x: float
    y: float
    width: float
    height: float
    rx: float = 0.0
    ry: float = 0.0

    def size(self) -> float:
        return max(self.width, self.height)

    def scaled(self, sx: float, sy: float) -> Rect:
        return Rect(self.x * sx, self.y * sy, self.width * sx, self.height * sy, self.rx * sx, self.ry * sy)

    def outline(self) -> np.ndarray:
        """Clockwise on screen from the top-left: 4 straight segments, or 8 with the
        corner arcs when rounded (straight runs of zero length are kept out)."""
        x0, y0, x1, y1 = self.x, self.y, self.x + self.width, self.y + self.height
        rx, ry = min(self.rx, self.width / 2), min(self.ry, self.height / 2)
        if rx <= 0 or ry <= 0:
            corners = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], dtype=np.float64)
            return _polyline(corners)
        kx, ky = rx * _KAPPA, ry * _KAPPA
        # Each corner arc as (start, handle, handle, end), clockwise from the top-right.
        arcs = [
            [[x1 - rx, y0], [x1 - rx + kx, y0], [x1, y0 + ry - ky], [x1, y0 + ry]],
            [[x1, y1 - ry], [x1, y1 - ry + ky], [x1 - rx + kx, y1], [x1 - rx, y1]],
            [[x0 + rx, y1], [x0 + rx - kx, y1], [x0, y1 - ry + ky], [x0, y1 - ry]],
            [[x0, y0 + ry], [x0, y0 + ry - ky], [x0 + rx - kx, y0], [x0 + rx, y0]],
        ]
        points: list[list[float]] = []
        start = [x0 + rx, y0]
        for arc in arcs:
            if not np.allclose(start, arc[0]):  # the straight side before the corner
                a, b = np.array(start), np.array(arc[0])
                points += [list(a), list(a + (b - a) / 3), list(a + 2 * (b - a) / 3)]
            points += arc[:3]
            start = arc[3]
        return np.array(points, dtype=np.float64)


Primitive = Ellipse | Rect


def _polyline(corners: np.ndarray) -> np.ndarray:
    following = np.roll(corners, -1, axis=0)
    thirds = [corners, corners + (following - corners) / 3, corners + 2 * (following - corners) / 3]
    return np.stack(thirds, axis=1).reshape(-1, 2)


def current_primitive(shape: Shape) -> Primitive | None:
    """The shape's primitive while its points still trace it exactly, else None."""
    primitive = shape.primitive
    if primitive is None or not shape.closed or shape.subpaths:  # a hole is no primitive's
        return None
    outline = primitive.outline()
    if outline.shape != shape.points.shape:
        return None
    tolerance = _MATCH * max(primitive.size(), 1.0)
    return primitive if np.allclose(outline, shape.points, rtol=0.0, atol=tolerance) else None
