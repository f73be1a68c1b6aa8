"""The renderer's input: a document's drawn shapes as torch tensors.

document → tensors is `scene_from_document`; tensors → document is `write_back`. Both are
plain copies per shape (no Python work per pixel), so the engine can rebuild a scene at
every edit.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import torch

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


@dataclass
class SolidPaint:
    color: torch.Tensor  # (4,) straight RGBA


@dataclass
class LinearPaint:
    start: torch.Tensor  # (2,)
    end: torch.Tensor  # (2,)
    offsets: torch.Tensor  # (K,) ascending in [0, 1]
    colors: torch.Tensor  # (K, 4) straight RGBA


@dataclass
class RadialPaint:
    center: torch.Tensor  # (2,)
    radius: torch.Tensor  # (2,) per-axis radii
    offsets: torch.Tensor  # (K,)
    colors: torch.Tensor  # (K, 4)


Paint = SolidPaint | LinearPaint | RadialPaint


@dataclass
class RenderShape:
    """One shape in renderer form. Any tensor may require grad."""

    points: torch.Tensor  # (N, 2) control points, same layout as `Shape.points`
    closed: bool = True
    fill: Paint | None = None
    even_odd: bool = False
    stroke: torch.Tensor | None = None  # (4,) straight RGBA
    stroke_width: torch.Tensor = field(default_factory=lambda: torch.tensor(0.0))
    subpaths: list[torch.Tensor] = field(default_factory=list)  # further closed contours (M_k, 2)

    @property
    def contours(self) -> list[torch.Tensor]:
        return [self.points, *self.subpaths]

    @property
    def num_segments(self) -> int:
        n = self.points.shape[0]
        return n // 3 if self.closed else max((n - 1) // 3, 0)


def _t(values, device: torch.device | str) -> torch.Tensor:
    return torch.as_tensor(np.asarray(values, dtype=np.float32), device=device)


def paint_from_fill(fill, device: torch.device | str = "cpu") -> Paint | None:
    if fill is None:
        return None
    if isinstance(fill, SolidFill):
        return SolidPaint(_t(fill.color, device))
    offsets = _t([s.offset for s in fill.stops], device)
    colors = _t([s.color for s in fill.stops], device).reshape(-1, 4)
    if isinstance(fill, LinearGradient):
        return LinearPaint(_t(fill.start, device), _t(fill.end, device), offsets, colors)
    if isinstance(fill, RadialGradient):
        return RadialPaint(_t(fill.center, device), _t(fill.radius, device), offsets, colors)
    raise TypeError(f"unknown fill type {type(fill).__name__}")


def rgba_tuple(t: torch.Tensor) -> RGBA:
    """A (4,) colour tensor as the document's colour tuple (detached, on the CPU)."""
    r, g, b, a = (float(v) for v in t.detach().cpu())
    return (r, g, b, a)


def _pair(t: torch.Tensor) -> tuple[float, float]:
    x, y = (float(v) for v in t.detach().cpu())
    return (x, y)


def fill_from_paint(paint: Paint | None) -> Fill | None:
    """The document fill for a paint (detached, clamped to valid ranges)."""
    if paint is None:
        return None

    def rgba(t: torch.Tensor) -> RGBA:
        return rgba_tuple(t.detach().clamp(0, 1))

    if isinstance(paint, SolidPaint):
        return SolidFill(rgba(paint.color))
    stops = [
        GradientStop(float(o), rgba(c))
        for o, c in zip(paint.offsets.detach().clamp(0, 1).cpu(), paint.colors)
    ]
    if isinstance(paint, LinearPaint):
        return LinearGradient(_pair(paint.start), _pair(paint.end), stops)
    rx, ry = (max(abs(v), 1e-3) for v in _pair(paint.radius))
    return RadialGradient(_pair(paint.center), (rx, ry), stops)


def render_shape(shape: Shape, device: torch.device | str = "cpu") -> RenderShape:
    return RenderShape(
        points=_t(shape.points, device),
        closed=shape.closed,
        fill=paint_from_fill(shape.fill, device) if shape.closed else None,
        even_odd=shape.fill_rule == FillRule.EVENODD,
        stroke=_t(shape.stroke, device) if shape.stroke is not None else None,
        stroke_width=_t(shape.stroke_width, device),
        subpaths=[_t(p, device) for p in shape.subpaths] if shape.closed else [],
    )


def scene_from_document(doc: Document, device: torch.device | str = "cpu") -> list[RenderShape]:
    """The drawn shapes of a document, bottom first, as renderer input."""
    return [render_shape(s, device) for s in doc.drawn_shapes()]


def write_back(shape: Shape, rs: RenderShape) -> None:
    """Copy optimized tensors back into a document shape (geometry, fill, stroke)."""
    shape.points = _numpy(rs.points)
    shape.subpaths = [_numpy(p) for p in rs.subpaths]
    if rs.fill is not None:
        shape.fill = fill_from_paint(rs.fill)
    if rs.stroke is not None:
        shape.stroke = rgba_tuple(rs.stroke.detach().clamp(0, 1))
        shape.stroke_width = float(rs.stroke_width.detach().clamp_min(0).cpu())


def _numpy(points: torch.Tensor) -> np.ndarray:
    return points.detach().cpu().double().numpy().copy()


def background_tensor(doc: Document, device: torch.device | str = "cpu") -> torch.Tensor | None:
    return None if doc.background is None else _t(doc.background, device)
