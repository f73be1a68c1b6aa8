"""Layertrace's own differentiable vector rasterizer (PyTorch; same code on CPU and CUDA).

shapes → draw items (a fill and/or a stroke per shape, in paint order) → line pieces →
exact box-filtered coverage per item (coverage.py) → premultiplied "over" compositing with a
hand-written backward (composite.py).
"""
from __future__ import annotations

from typing import Sequence

import torch

from editor.render.composite import CompositeFunction
from editor.render.coverage import cell_contributions
from editor.render.dense_composite import dense_composite, dense_fits
from editor.render.flatten import fill_pieces, polyline, segment_control_points, stroke_outline
from editor.render.paint import gradient_field, premultiply, solid_premultiplied
from editor.render.scene import RenderShape, SolidPaint

# Coordinates beyond this (in pixels) are clamped: far outside any canvas, and it keeps
# flattening and scan conversion finite for absurd inputs.
COORDINATE_LIMIT = 1e6


def _sanitize(points: torch.Tensor, scale: float) -> torch.Tensor:
    pts = torch.nan_to_num(points * scale, nan=0.0, posinf=COORDINATE_LIMIT, neginf=-COORDINATE_LIMIT)
    return pts.clamp(-COORDINATE_LIMIT, COORDINATE_LIMIT)


def _stroke_width(shape: RenderShape) -> torch.Tensor:
    return torch.nan_to_num(shape.stroke_width, nan=0.0).clamp_min(0)


class TorchRenderer:
    """`compositor`: "boxes" (per-item loop over cell boxes; finite-difference checked) or
    "dense" (all items at once, for GPUs; experimental: its gradients still differ from the
    box path at axis-aligned straight edges). "auto" is boxes until that is resolved."""

    name = "torch"

    def __init__(self, compositor: str = "auto") -> None:
        if compositor not in ("auto", "boxes", "dense"):
            raise ValueError(f"unknown compositor {compositor!r}")
        self.compositor = compositor

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
        fill_segs: list[torch.Tensor] = []
        fill_items: list[torch.Tensor] = []
        ring_p0: list[torch.Tensor] = []
        ring_items: list[torch.Tensor] = []
        paints: list[tuple[object, torch.Tensor | None]] = []  # (fill paint, stroke colour)
        even_odd: list[bool] = []
        for shape in shapes:
            if shape.num_segments == 0:
                continue
            points = _sanitize(shape.points.to(device, dtype), scale)
            segs = segment_control_points(points, shape.closed)
            if shape.closed and shape.fill is not None:
                item = len(paints)
                fill_segs.append(segs)
                fill_items.append(torch.full((segs.shape[0],), item, dtype=torch.long, device=device))
                paints.append((shape.fill, None))
                even_odd.append(shape.even_odd)
            if shape.stroke is not None and float(_stroke_width(shape).detach()) > 0:
                item = len(paints)
                half = 0.5 * scale * _stroke_width(shape).to(device, dtype)
                for ring in stroke_outline(polyline(segs), half, shape.closed):
                    ring_p0.append(ring)
                    ring_items.append(torch.full((ring.shape[0],), item, dtype=torch.long, device=device))
                paints.append((None, shape.stroke.to(device, dtype)))
                even_odd.append(False)

        image = below if below is not None else torch.zeros(height, width, 4, device=device, dtype=dtype)
        if paints:
            image = self._composite(
                fill_segs, fill_items, ring_p0, ring_items, paints, even_odd, image, width, height, scale
            )
        if background is not None:
            image = composite_background(image, background.to(device, dtype))
        return image

    @staticmethod
    def _device(shapes: Sequence[RenderShape], background, below) -> torch.device:
        for t in [*(s.points for s in shapes), background, below]:
            if t is not None:
                return t.device
        return torch.device("cpu")

    def _use_dense(self, below: torch.Tensor, items: int, height: int, width: int) -> bool:
        return self.compositor == "dense" and dense_fits(items, height, width)

    def _composite(self, fill_segs, fill_items, ring_p0, ring_items, paints, even_odd, below, width, height, scale):
        p0s, p1s, items = [], [], []
        if fill_segs:
            p0, p1, it = fill_pieces(torch.cat(fill_segs), torch.cat(fill_items))
            p0s.append(p0), p1s.append(p1), items.append(it)
        for ring, it in zip(ring_p0, ring_items):
            p0s.append(ring), p1s.append(torch.roll(ring, -1, 0)), items.append(it)
        cells = cell_contributions(torch.cat(p0s), torch.cat(p1s), torch.cat(items), width, height)
        solid = torch.stack([solid_premultiplied(fill, stroke) for fill, stroke in paints])
        gradient_items = [i for i, (fill, stroke) in enumerate(paints) if stroke is None and not isinstance(fill, SolidPaint)]
        # The dense path takes solid paints only.
        if not gradient_items and self._use_dense(below, len(paints), height, width):
            return dense_composite(cells, even_odd, solid, below, height, width)
        index, boxes = cells.boxed(len(paints), width)
        fields: list[torch.Tensor] = []
        field_of = [-1] * len(paints)
        for i in gradient_items:
            if boxes.cw[i] > 0:
                field_of[i] = len(fields)
                fields.append(gradient_field(paints[i][0], boxes.y0[i], boxes.x0[i], boxes.h[i], boxes.cw[i], scale))
        return CompositeFunction.apply(cells.values, index, boxes, even_odd, field_of, below, solid, *fields)


def composite_background(image: torch.Tensor, background: torch.Tensor) -> torch.Tensor:
    """Premultiplied image over a straight-RGBA colour (4,) or image (H, W, 3|4)."""
    if background.shape[-1] == 3:
        background = torch.cat([background, torch.ones_like(background[..., :1])], -1)
    return image + (1 - image[..., 3:4]) * premultiply(background)
