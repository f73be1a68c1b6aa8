"""SVG geometry → cubic Bézier subpaths in our point layout (see `Shape.points`).

svgelements parses path data, basic shapes, lengths and transforms; we turn every segment into
cubics: lines as straight cubics (controls at 1/3 and 2/3), quadratics by degree elevation
(exact), arcs split into pieces of at most 90° (radial error < 2.8e-4 of the radius).
"""
from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import overload

import numpy as np
import svgelements as se

from editor.document import Ellipse, Primitive, Rect
from editor.errors import BadInputError

DEFAULT_PPI = 96.0  # CSS px per inch, as Inkscape and browsers use
FONT_SIZE = 16.0  # for em/ex lengths


@dataclass
class Subpath:
    points: np.ndarray  # (N, 2): 3·S points when closed, 3·S + 1 when open
    closed: bool

    def transformed(self, m: np.ndarray) -> Subpath:
        return Subpath(self.points @ m[:2, :2].T + m[:2, 2], self.closed)

    def closed_outline(self) -> np.ndarray:
        """The points as a closed contour, closed by a straight segment if open (as a fill
        closes it)."""
        p = self.points
        if self.closed:
            return p
        if np.array_equal(p[-1], p[0]):
            return p[:-1]
        a, b = p[-1], p[0]
        return np.vstack([p, a + (b - a) / 3.0, a + 2.0 * (b - a) / 3.0])


MAX_TRANSFORM_CHARS = 4096  # a real transform list is a few dozen; svgelements' parser is not linear


def parse_transform(text: str | None) -> np.ndarray:
    """The 3×3 matrix of an SVG transform list: identity for empty text, NaN (refused with the
    coordinates it would move) for text that is not a transform, such as `rotate(NaN)`."""
    if not text:
        return np.eye(3)
    if len(text) > MAX_TRANSFORM_CHARS:
        raise BadInputError(f"a transform longer than {MAX_TRANSFORM_CHARS:,} characters")
    try:
        m = se.Matrix(text)
    except (IndexError, ValueError, TypeError, ZeroDivisionError, OverflowError):
        return np.full((3, 3), np.nan)
    matrix = np.array([[m.a, m.c, m.e], [m.b, m.d, m.f], [0.0, 0.0, 1.0]])
    # NaN (not inf) for overflow: it propagates to the coordinates, which are then refused.
    return matrix if np.isfinite(matrix).all() else np.full((3, 3), np.nan)


@overload
def parse_length(value: str | None, relative_to: float, default: float = 0.0) -> float: ...
@overload
def parse_length(value: str | None, relative_to: float, default: None) -> float | None: ...
def parse_length(value: str | None, relative_to: float, default: float | None = 0.0) -> float | None:
    """A length in px (mm, in, pt, em … converted at 96 ppi); % relative to `relative_to`."""
    if value is None or not value.strip():
        return default
    try:
        length = se.Length(value.strip()).value(
            ppi=DEFAULT_PPI, relative_length=relative_to, font_size=FONT_SIZE
        )
    except (ValueError, TypeError, ZeroDivisionError):
        return default
    return float(length) if isinstance(length, (int, float)) else default


def viewbox_transform(
    x: float, y: float, width: float, height: float, viewbox: str | None, aspect: str | None
) -> np.ndarray:
    """The map from a viewBox to the viewport (x, y, width, height), per preserveAspectRatio."""
    box = parse_viewbox(viewbox)
    if box is None:
        return np.array([[1.0, 0, x], [0, 1.0, y], [0, 0, 1.0]])
    bx, by, bw, bh = box
    sx, sy = width / bw, height / bh
    words = (aspect or "").replace("defer", "").split()
    align = words[0] if words else "xMidYMid"
    if align != "none":
        sx = sy = max(sx, sy) if "slice" in words[1:] else min(sx, sy)
    tx, ty = x - bx * sx, y - by * sy
    free_x, free_y = width - bw * sx, height - bh * sy
    free_x, free_y = (0.0 if abs(v) < 1e-9 * width else v for v in (free_x, free_y))  # float noise
    tx += free_x / 2 if "xMid" in align else free_x if "xMax" in align else 0.0
    ty += free_y / 2 if "YMid" in align else free_y if "YMax" in align else 0.0
    return np.array([[sx, 0, tx], [0, sy, ty], [0, 0, 1.0]])


def parse_viewbox(text: str | None) -> tuple[float, float, float, float] | None:
    if not text:
        return None
    try:
        values = [float(v) for v in text.replace(",", " ").split()]
    except ValueError:
        return None
    if len(values) != 4 or not all(map(math.isfinite, values)) or values[2] <= 0 or values[3] <= 0:
        return None
    return values[0], values[1], values[2], values[3]


def element_subpaths(elem: ET.Element, tag: str, viewport: tuple[float, float]) -> tuple[list[Subpath], bool]:
    """The subpaths of a path or basic shape, in the element's own user space, and whether its
    geometry was valid (path data with an error is drawn up to the error, as SVG renderers do)."""
    if tag == "path":
        path = se.Path()
        try:
            path.parse(elem.get("d", ""))
            valid = True
        except ValueError:
            valid = False
        return _subpaths(path.segments()), valid
    shape = _basic_shape(elem, tag, viewport)
    return (_subpaths(shape.segments()), True) if shape is not None else ([], True)


_SHAPES = {
    "rect": se.Rect, "circle": se.Circle, "ellipse": se.Ellipse,
    "line": se.SimpleLine, "polyline": se.Polyline, "polygon": se.Polygon,
}
_GEOMETRY_ATTRS = ("x", "y", "width", "height", "rx", "ry", "cx", "cy", "r", "x1", "y1", "x2", "y2", "points")


def _basic_shape(elem: ET.Element, tag: str, viewport: tuple[float, float]) -> se.Shape | None:
    values = {k: elem.get(k) for k in _GEOMETRY_ATTRS if elem.get(k) is not None}
    try:
        shape = _SHAPES[tag](values)
        shape.render(ppi=DEFAULT_PPI, width=viewport[0], height=viewport[1], font_size=FONT_SIZE)
    except (ValueError, TypeError, ZeroDivisionError):
        return None
    sizes = {"rect": ("width", "height"), "circle": ("rx", "ry"), "ellipse": ("rx", "ry")}.get(tag, ())
    for name in sizes:  # zero or negative sizes disable rendering (SVG 1.1, 9.2)
        v = getattr(shape, name, None)
        if not isinstance(v, (int, float)) or not v > 0:
            return None
    return shape


def element_primitive(
    elem: ET.Element, tag: str, viewport: tuple[float, float], ctm: np.ndarray, points: np.ndarray
) -> Primitive | None:
    """The circle, ellipse or rect a basic-shape element draws, in document units, when the
    transform keeps it axis-aligned; None otherwise. `points` (the element's outline in
    document units) must agree with it, so a primitive never claims a different picture."""
    sx, sy = ctm[0, 0], ctm[1, 1]
    if tag not in ("circle", "ellipse", "rect") or ctm[0, 1] != 0 or ctm[1, 0] != 0 or sx <= 0 or sy <= 0:
        return None
    shape = _basic_shape(elem, tag, viewport)
    if shape is None:
        return None
    tx, ty = ctm[0, 2], ctm[1, 2]
    primitive: Primitive
    if tag == "rect":
        primitive = Rect(sx * shape.x + tx, sy * shape.y + ty, sx * shape.width, sy * shape.height,
                         sx * (shape.rx or 0.0), sy * (shape.ry or 0.0))
    else:
        primitive = Ellipse(sx * shape.cx + tx, sy * shape.cy + ty, sx * shape.rx, sy * shape.ry)
    outline = primitive.outline()
    extent = np.ptp(outline, axis=0).max()
    same_box = np.allclose([outline.min(0), outline.max(0)], [points.min(0), points.max(0)],
                           rtol=0.0, atol=1e-6 * max(extent, 1.0))
    return primitive if same_box else None


def _line(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.array([a, a + (b - a) / 3.0, a + 2.0 * (b - a) / 3.0, b])


def _cubics(seg: se.PathSegment) -> list[np.ndarray]:
    """One segment as (4, 2) cubic control arrays."""
    start = np.array([seg.start.x, seg.start.y], dtype=np.float64)
    end = np.array([seg.end.x, seg.end.y], dtype=np.float64)
    if isinstance(seg, se.CubicBezier):
        return [np.array([start, [seg.control1.x, seg.control1.y], [seg.control2.x, seg.control2.y], end])]
    if isinstance(seg, se.QuadraticBezier):
        q = np.array([seg.control.x, seg.control.y])
        return [np.array([start, start + 2 / 3 * (q - start), end + 2 / 3 * (q - end), end])]
    if isinstance(seg, se.Arc) and seg.sweep and seg.rx and seg.ry:
        if all(map(math.isfinite, (seg.sweep, seg.rx, seg.ry, seg.center.x, seg.center.y))):
            return _arc(seg, start, end)
        return [_line(start, end)]  # radii overflowed: an arc that large is straight
    if np.array_equal(start, end) and isinstance(seg, se.Arc):
        return []  # an arc to its own start point draws nothing
    return [_line(start, end)]  # Line, and arcs with a zero radius (drawn straight, per spec)


def _arc(seg: se.Arc, start: np.ndarray, end: np.ndarray) -> list[np.ndarray]:
    """Pieces of at most 90° with the usual k = 4/3·tan(θ/4) handles (svgelements' own
    conversion uses 30° pieces and a formula that bulges inwards by 0.08 % at 90°)."""
    pieces = max(1, math.ceil(abs(seg.sweep) / (math.pi / 2) - 1e-9))
    dt = seg.sweep / pieces
    k = 4.0 / 3.0 * math.tan(dt / 4.0)
    rot = seg.get_rotation()
    axes = np.array([[math.cos(rot), -math.sin(rot)], [math.sin(rot), math.cos(rot)]]) @ np.diag([seg.rx, seg.ry])
    center = np.array([seg.center.x, seg.center.y], dtype=np.float64)
    t = seg.get_start_t() + dt * np.arange(pieces + 1)
    points = center + np.stack([np.cos(t), np.sin(t)], axis=1) @ axes.T
    tangents = np.stack([-np.sin(t), np.cos(t)], axis=1) @ axes.T
    points[0], points[-1] = start, end  # exact end points
    return [
        np.array([points[i], points[i] + k * tangents[i], points[i + 1] - k * tangents[i + 1], points[i + 1]])
        for i in range(pieces)
    ]


def _subpaths(segments) -> list[Subpath]:
    out: list[Subpath] = []
    cubics: list[np.ndarray] = []

    def flush(closed: bool) -> None:
        if not cubics:
            return
        if closed and np.abs(cubics[-1][3] - cubics[0][0]).max() > 1e-9:
            cubics.append(_line(cubics[-1][3], cubics[0][0]))
        controls = np.concatenate([c[:3] for c in cubics])
        points = controls if closed else np.vstack([controls, cubics[-1][3:]])
        out.append(Subpath(points, closed))
        cubics.clear()

    for seg in segments:
        if isinstance(seg, se.Move):
            flush(False)
        elif isinstance(seg, se.Close):
            flush(True)
        elif seg.start is not None:
            cubics.extend(_cubics(seg))
    flush(False)
    return out


def cubic_bounds(subpaths: list[Subpath]) -> tuple[float, float, float, float] | None:
    """Exact bounding box (x0, y0, x1, y1) of the curves (not just their control points)."""
    segs = []
    for s in subpaths:
        p = s.points
        n = len(p)
        count = n // 3 if s.closed else (n - 1) // 3
        idx = (np.arange(count)[:, None] * 3 + np.arange(4)[None, :]) % n
        segs.append(p[idx])
    if not segs:
        return None
    c = np.concatenate(segs)  # (S, 4, 2)
    p0, p1, p2, p3 = c[:, 0], c[:, 1], c[:, 2], c[:, 3]
    # B'(t)/3 = a t² + b t + k; its roots in (0, 1) are where x or y has an extremum.
    a = -p0 + 3 * p1 - 3 * p2 + p3
    b = 2 * (p0 - 2 * p1 + p2)
    k = p1 - p0
    with np.errstate(divide="ignore", invalid="ignore"):
        disc = np.sqrt(np.maximum(b * b - 4 * a * k, 0))
        quad = np.abs(a) > 1e-12
        r1 = np.where(quad, (-b + disc) / (2 * a), -k / b)
        r2 = np.where(quad, (-b - disc) / (2 * a), -k / b)
    ts = np.stack([np.zeros_like(r1), np.ones_like(r1), r1, r2], axis=-1)  # (S, 2, 4): per axis
    ts = np.where(np.isfinite(ts) & (ts >= 0) & (ts <= 1), ts, 0.0)
    mt = 1 - ts
    coef = [mt**3, 3 * mt**2 * ts, 3 * mt * ts**2, ts**3]
    values = sum(w * pt[..., None] for w, pt in zip(coef, (p0, p1, p2, p3)))  # (S, 2, 4)
    lo = values.min(axis=(0, 2))
    hi = values.max(axis=(0, 2))
    return float(lo[0]), float(lo[1]), float(hi[0]), float(hi[1])
