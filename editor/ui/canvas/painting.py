"""Document shapes and fills as Qt paths, brushes and pens — the same geometry, paint
and fill rule the SVG export writes, so the canvas shows what the file will contain."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QGradient,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
    QRadialGradient,
    QTransform,
)

from editor.document import (
    RGBA,
    Document,
    Fill,
    FillRule,
    GradientStop,
    LinearGradient,
    RadialGradient,
    Shape,
    SolidFill,
)


def qcolor(rgba: RGBA) -> QColor:
    r, g, b, a = (min(max(float(c), 0.0), 1.0) for c in rgba)
    return QColor.fromRgbF(r, g, b, a)


def shape_path(shape: Shape) -> QPainterPath:
    """The shape's cubic segments as a path, one subpath per contour (closed paths are
    closed explicitly), filled under the shape's fill rule."""
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.OddEvenFill if shape.fill_rule == FillRule.EVENODD
                     else Qt.FillRule.WindingFill)
    if shape.num_segments == 0:
        return path
    for points in shape.contours if shape.closed else [shape.points]:
        _add_contour(path, points, shape.closed)
    return path


def _add_contour(path: QPainterPath, points: np.ndarray, closed: bool) -> None:
    coords = points.tolist()  # plain floats: far cheaper than indexing numpy per point
    segments = len(coords) // 3 if closed else (len(coords) - 1) // 3
    if segments == 0:
        return
    if closed:
        coords.append(coords[0])
    path.moveTo(*coords[0])
    for k in range(1, 3 * segments, 3):
        (x1, y1), (x2, y2), (x3, y3) = coords[k:k + 3]
        path.cubicTo(x1, y1, x2, y2, x3, y3)
    if closed:
        path.closeSubpath()


def _set_stops(gradient: QGradient, stops: list[GradientStop]) -> None:
    gradient.setSpread(QGradient.Spread.PadSpread)  # SVG's default spreadMethod
    for stop in stops:
        gradient.setColorAt(min(max(stop.offset, 0.0), 1.0), qcolor(stop.color))


def fill_brush(fill: Fill | None) -> QBrush:
    """A brush for a document fill in user space (gradientUnits="userSpaceOnUse")."""
    if fill is None:
        return QBrush(Qt.BrushStyle.NoBrush)
    if isinstance(fill, SolidFill):
        return QBrush(qcolor(fill.color))
    if isinstance(fill, LinearGradient):
        linear = QLinearGradient(QPointF(*fill.start), QPointF(*fill.end))
        _set_stops(linear, fill.stops)
        return QBrush(linear)
    if isinstance(fill, RadialGradient):
        # A unit circle scaled to the ellipse, like the export's gradientTransform.
        radial = QRadialGradient(QPointF(0.0, 0.0), 1.0)
        _set_stops(radial, fill.stops)
        brush = QBrush(radial)
        cx, cy = fill.center
        rx, ry = (max(abs(r), 1e-6) for r in fill.radius)
        brush.setTransform(QTransform().translate(cx, cy).scale(rx, ry))
        return brush
    raise TypeError(f"unknown fill {type(fill).__name__}")


def stroke_pen(shape: Shape) -> QPen:
    """The shape's stroke with SVG's default caps and joins, or no pen."""
    if shape.stroke is None or shape.stroke_width <= 0:
        return QPen(Qt.PenStyle.NoPen)
    pen = QPen(qcolor(shape.stroke), shape.stroke_width)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
    pen.setMiterLimit(4.0)
    return pen


def shape_brush(shape: Shape) -> QBrush:
    """Open paths are drawn by their stroke only (the renderer's and the export's rule)."""
    return fill_brush(shape.fill) if shape.closed else QBrush(Qt.BrushStyle.NoBrush)


@dataclass(frozen=True)
class Painted:
    """What a canvas item needs to draw one state of a shape.

    Only reentrant Qt value types, so the optimizer thread can build these for the shapes
    a step changed and spare the GUI thread the work. `points` and `fill` are the very
    objects it was made from: whether it still fits a shape is an identity check.
    """

    points: np.ndarray
    subpaths: list[np.ndarray]
    fill: Fill | None
    stroke: RGBA | None
    stroke_width: float
    path: QPainterPath
    brush: QBrush
    pen: QPen

    def fits(self, shape: Shape) -> bool:
        return (self.points is shape.points and self.fill is shape.fill
                and (self.subpaths is shape.subpaths or not (self.subpaths or shape.subpaths))
                and self.stroke == shape.stroke and self.stroke_width == shape.stroke_width)


def painted(shape: Shape) -> Painted:
    return Painted(shape.points, shape.subpaths, shape.fill, shape.stroke, shape.stroke_width,
                   shape_path(shape), shape_brush(shape), stroke_pen(shape))


def render_document(doc: Document, scale: float = 1.0) -> QImage:
    """The drawn shapes over the document background, as the exported PNG."""
    width = max(1, round(doc.width * scale))
    height = max(1, round(doc.height * scale))
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(scale, scale)
    if doc.background is not None:
        painter.fillRect(QRectF(0, 0, doc.width, doc.height), qcolor(doc.background))
    for shape in doc.drawn_shapes():
        painter.setBrush(shape_brush(shape))
        painter.setPen(stroke_pen(shape))
        painter.drawPath(shape_path(shape))
    painter.end()
    return image
