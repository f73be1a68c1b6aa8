"""Layertrace's own differentiable vector rasterizer (PyTorch; same code on CPU and CUDA).

shapes → draw items (a fill and/or a stroke per shape, in paint order) → line pieces →
exact box-filtered coverage per item (coverage.py) → premultiplied "over" compositing with a
hand-written backward (composite.py).

Per-shape work is batched: fills with the same number of control points are stacked and
flattened together, solid colours are premultiplied together. A step with hundreds of
shapes is then a few hundred tensor operations, not thousands — on the CPU that overhead,
not arithmetic, is what dominates (and on a GPU, kernel launches).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import torch

from editor.render.composite import CompositeFunction
from editor.render.coverage import cell_contributions
from editor.render.flatten import fill_pieces, polyline, ring_pieces, segment_control_points, stroke_outline
from editor.render.paint import gradient_field, premultiply
from editor.render.scene import LinearPaint, RadialPaint, RenderShape, SolidPaint

# Coordinates beyond this (in pixels) are clamped: far outside any canvas, and it keeps
# flattening and scan conversion finite for absurd inputs.
COORDINATE_LIMIT = 1e6


def _sanitize(points: torch.Tensor, scale: float) -> torch.Tensor:
    pts = torch.nan_to_num(points * scale, nan=0.0, posinf=COORDINATE_LIMIT, neginf=-COORDINATE_LIMIT)
    return pts.clamp(-COORDINATE_LIMIT, COORDINATE_LIMIT)


def _stroke_width(shape: RenderShape) -> torch.Tensor:
    return torch.nan_to_num(shape.stroke_width, nan=0.0).clamp_min(0)


@dataclass
class _Items:
    """Draw items in paint order, sorted into the batches they are built in."""

    count: int = 0
    even_odd: list[bool] = field(default_factory=list)
    # (item, contour points): a shape's contours all feed its one fill item
    fills_by_size: dict[int, list[tuple[int, torch.Tensor]]] = field(default_factory=lambda: defaultdict(list))
    strokes: list[tuple[int, RenderShape]] = field(default_factory=list)
    solid: list[tuple[int, torch.Tensor]] = field(default_factory=list)  # straight RGBA
    gradients: list[tuple[int, LinearPaint | RadialPaint]] = field(default_factory=list)  # item order

    def add(self, even_odd: bool) -> int:
        self.even_odd.append(even_odd)
        self.count += 1
        return self.count - 1


def _collect(shapes: Sequence[RenderShape]) -> _Items:
    items = _Items()
    for shape in shapes:
        if shape.num_segments == 0:
            continue
        if shape.closed and shape.fill is not None:
            item = items.add(shape.even_odd)
            items.fills_by_size[shape.points.shape[0]].append((item, shape.points))
            for contour in shape.subpaths:
                if contour.shape[0] >= 3:
                    items.fills_by_size[contour.shape[0]].append((item, contour))
            if isinstance(shape.fill, SolidPaint):
                items.solid.append((item, shape.fill.color))
            else:
                items.gradients.append((item, shape.fill))
        if shape.stroke is not None and float(_stroke_width(shape).detach()) > 0:
            item = items.add(False)
            items.strokes.append((item, shape))
            items.solid.append((item, shape.stroke))
    return items


class TorchRenderer:
    name = "torch"

    def render(
        self,
        shapes: Sequence[RenderShape],
        width: int,
        height: int,
        *,
        scale: float = 1.0,
        background: torch.Tensor | None = None,
        below: torch.Tensor | None = None,
    ) -> torch.Tensor:
        """(height, width, 4) premultiplied RGBA of `shapes` over `below`, then the background."""
        device = self._device(shapes, background, below)
        dtype = torch.float32
        image = below if below is not None else torch.zeros(height, width, 4, device=device, dtype=dtype)
        items = _collect(shapes)
        if items.count:
            image = self._composite(items, image, width, height, scale, device, dtype)
        if background is not None:
            image = composite_background(image, background.to(device, dtype))
        return image

    @staticmethod
    def _device(shapes: Sequence[RenderShape], background, below) -> torch.device:
        for t in [*(s.points for s in shapes), background, below]:
            if t is not None:
                return t.device
        return torch.device("cpu")

    @staticmethod
    def _composite(items: _Items, below, width, height, scale, device, dtype) -> torch.Tensor:
        p0s, p1s, owners = [], [], []
        for group in items.fills_by_size.values():
            points = torch.stack([contour for _, contour in group]).to(device, dtype)
            segs = segment_control_points(_sanitize(points, scale), closed=True)
            owner = torch.tensor([item for item, _ in group], device=device).repeat_interleave(segs.shape[1])
            p0, p1, it = fill_pieces(segs.reshape(-1, 4, 2), owner)
            p0s.append(p0)
            p1s.append(p1)
            owners.append(it)
        for item, shape in items.strokes:
            half = 0.5 * scale * _stroke_width(shape).to(device, dtype)
            for ring in _stroke_rings(shape, half, scale, device, dtype):
                p0, p1 = ring_pieces(ring)
                p0s.append(p0)
                p1s.append(p1)
                owners.append(torch.full((ring.shape[0],), item, dtype=torch.long, device=device))
        cells = cell_contributions(torch.cat(p0s), torch.cat(p1s), torch.cat(owners), width, height)

        where = torch.tensor([item for item, _ in items.solid], dtype=torch.long, device=device)
        colors = premultiply(torch.stack([c for _, c in items.solid]).to(device, dtype)) if items.solid else None
        solid = torch.zeros(items.count, 4, device=device, dtype=dtype)
        if colors is not None:
            solid = solid.index_put((where,), colors)
        index, boxes = cells.boxed(items.count, width)
        fields: list[torch.Tensor] = []
        field_of = [-1] * items.count
        for item, paint in items.gradients:
            if boxes.cw[item] > 0:
                field_of[item] = len(fields)
                fields.append(gradient_field(paint, boxes.y0[item], boxes.x0[item], boxes.h[item], boxes.cw[item], scale))
        return CompositeFunction.apply(cells.values, index, boxes, items.even_odd, field_of, below, solid, *fields)


def _stroke_rings(shape: RenderShape, half: torch.Tensor, scale: float, device, dtype) -> list[torch.Tensor]:
    """The stroke outline rings of every contour of a shape.

    A closed contour's stroke is an annulus winding like the contour; with several contours
    they are all turned counter-clockwise first, so strokes of a hole and of its outer
    contour add up where they meet instead of cancelling under the nonzero rule.
    """
    rings = []
    contours = shape.contours if shape.closed else [shape.points]
    for points in contours:
        if points.shape[0] < 3:
            continue
        line = polyline(segment_control_points(_sanitize(points.to(device, dtype), scale), shape.closed))
        if len(contours) > 1 and _signed_area(line) < 0:
            line = line.flip(0)
        rings += stroke_outline(line, half, shape.closed)
    return rings


def _signed_area(ring: torch.Tensor) -> float:
    x, y = ring.detach().unbind(-1)
    return float((x * torch.roll(y, -1) - torch.roll(x, -1) * y).sum())


def composite_background(image: torch.Tensor, background: torch.Tensor) -> torch.Tensor:
    """Premultiplied image over a straight-RGBA colour (4,) or image (H, W, 3|4)."""
    if background.shape[-1] == 3:
        background = torch.cat([background, torch.ones_like(background[..., :1])], -1)
    return image + (1 - image[..., 3:4]) * premultiply(background)
