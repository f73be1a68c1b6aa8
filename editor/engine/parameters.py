"""A shape's trainable tensors: made from a document shape, grouped by kind for the
optimizer, clamped to valid values after each step, and written back."""
from __future__ import annotations

from dataclasses import dataclass

import torch

from editor.document import Shape
from editor.engine.snapshot import ShapeState
from editor.render.scene import (
    LinearPaint,
    RadialPaint,
    RenderShape,
    SolidPaint,
    fill_from_paint,
    render_shape,
    rgba_tuple,
    write_back,
)

KINDS = ("points", "color", "paint", "stroke_width")  # the fields of LearningRates
_MIN_RADIUS = 0.5  # px: keeps radial gradients finite


@dataclass
class ShapeTensors:
    """Render-form tensors of one shape; every float tensor is a leaf requiring grad."""

    render: RenderShape

    @classmethod
    def from_shape(cls, shape: Shape, device: torch.device) -> ShapeTensors:
        tensors = cls(render_shape(shape, device))
        for tensor in tensors.parameters():
            tensor.requires_grad_(True)
        return tensors

    def by_kind(self) -> dict[str, list[torch.Tensor]]:
        """The tensors to optimize, keyed by learning-rate kind. Gradient stop offsets live
        in [0, 1] like colours, so they share the colour rate; `clamp_` keeps them ordered."""
        rs = self.render
        groups: dict[str, list[torch.Tensor]] = {kind: [] for kind in KINDS}
        groups["points"] += rs.contours
        paint = rs.fill
        if isinstance(paint, SolidPaint):
            groups["color"].append(paint.color)
        elif isinstance(paint, LinearPaint):
            groups["color"] += [paint.colors, paint.offsets]
            groups["paint"] += [paint.start, paint.end]
        elif isinstance(paint, RadialPaint):
            groups["color"] += [paint.colors, paint.offsets]
            groups["paint"] += [paint.center, paint.radius]
        if rs.stroke is not None:
            groups["color"].append(rs.stroke)
            groups["stroke_width"].append(rs.stroke_width)
        return groups

    def parameters(self) -> list[torch.Tensor]:
        return [t for tensors in self.by_kind().values() for t in tensors]

    @torch.no_grad()
    def clamp_(self) -> None:
        """Keep colours in [0, 1], widths and radii positive, stop offsets ordered in [0, 1],
        linear gradients non-degenerate, everything finite."""
        clamp_all_([self])

    @torch.no_grad()
    def _clamp_paint_and_stroke_(self) -> None:
        """The part of `clamp_` that solid fills without a stroke do not need."""
        rs = self.render
        paint = rs.fill
        if isinstance(paint, (LinearPaint, RadialPaint)):
            paint.colors.clamp_(0.0, 1.0)
            # Crossed stops would hide one another (the renderer's cummax passes no gradient
            # to the hidden one): project back onto ordered offsets instead.
            paint.offsets.copy_(torch.cummax(paint.offsets.clamp(0.0, 1.0), 0).values)
            if isinstance(paint, RadialPaint):
                paint.radius.clamp_(min=_MIN_RADIUS)
            else:
                _separate_(paint.start, paint.end)
        if rs.stroke is not None:
            rs.stroke.clamp_(0.0, 1.0)
            rs.stroke_width.clamp_(min=0.0)

    def write_to(self, shape: Shape) -> None:
        write_back(shape, self.render)

    def state(self) -> ShapeState:
        rs = self.render
        return ShapeState(
            points=rs.points.detach().cpu().double().numpy().copy(),
            fill=fill_from_paint(rs.fill),
            stroke=rgba_tuple(rs.stroke) if rs.stroke is not None else None,
            stroke_width=float(rs.stroke_width.detach().cpu()),
            subpaths=[p.detach().cpu().double().numpy().copy() for p in rs.subpaths],
        )


@torch.no_grad()
def replace_non_finite_(tensors: list[torch.Tensor]) -> None:
    """NaN and ±inf → 0 in place. One check over all tensors; the per-tensor repair (a loop)
    only runs in the rare step that needs it."""
    if tensors and not bool(torch.isfinite(torch.cat([t.reshape(-1) for t in tensors])).all()):
        for tensor in tensors:
            torch.nan_to_num_(tensor, nan=0.0, posinf=0.0, neginf=0.0)


@torch.no_grad()
def clamp_all_(shapes: list[ShapeTensors]) -> None:
    """`ShapeTensors.clamp_` for many shapes: the common case — solid colours — clamped by
    one fused operation over all of them."""
    replace_non_finite_([t for shape in shapes for t in shape.parameters()])
    solid = [s.render.fill.color for s in shapes if isinstance(s.render.fill, SolidPaint)]
    if solid:
        torch._foreach_clamp_min_(solid, 0.0)
        torch._foreach_clamp_max_(solid, 1.0)
    for shape in shapes:
        if not isinstance(shape.render.fill, SolidPaint) or shape.render.stroke is not None:
            shape._clamp_paint_and_stroke_()


def _separate_(start: torch.Tensor, end: torch.Tensor) -> None:
    """Move `end` to at least _MIN_RADIUS from `start`: a zero-length linear gradient has no
    direction, and its parameter (and gradients) would blow up."""
    delta = end - start
    length = float(delta.norm())
    if length >= _MIN_RADIUS:
        return
    direction = delta / length if length > 0 else torch.tensor([1.0, 0.0], dtype=end.dtype, device=end.device)
    end.copy_(start + _MIN_RADIUS * direction)
