"""Coverage + "over" compositing of all items, as one autograd Function.

Forward composites item after item inside its cell box, keeping only the image under each
box (premultiplied RGBA). Backward walks the items top-down, turning the image gradient into
gradients of each item's paint and of its coverage, and the coverage gradient — through the
reverse prefix sum — into gradients of the signed-area contributions of the boundary pieces.
No per-item canvas-sized tensor is ever stored.
"""
from __future__ import annotations

from typing import Sequence

import torch

from editor.render.coverage import CellBoxes

_SNAP = 1e-5  # coverage this close to 0 or 1 is float noise around an empty or full pixel


def coverage_from_winding(winding: torch.Tensor, even_odd: bool) -> tuple[torch.Tensor, torch.Tensor]:
    """Coverage in [0, 1] and its derivative w.r.t. the box-filtered winding number."""
    if even_odd:
        wrapped = winding - 2 * torch.round(winding / 2)
        cov = wrapped.abs().clamp(max=1)
        slope = torch.sign(wrapped)
    else:
        cov = winding.abs().clamp(max=1)
        slope = torch.sign(winding)
    empty, full = cov <= _SNAP, cov >= 1 - _SNAP
    cov = torch.where(empty, torch.zeros_like(cov), torch.where(full, torch.ones_like(cov), cov))
    return cov, torch.where(empty | full, torch.zeros_like(slope), slope)


class CompositeFunction(torch.autograd.Function):
    @staticmethod
    def forward(  # type: ignore[override]
        ctx,
        values: torch.Tensor,
        index: torch.Tensor,
        boxes: CellBoxes,
        even_odd: Sequence[bool],
        field_of: Sequence[int],
        below: torch.Tensor,
        solid: torch.Tensor,
        *fields: torch.Tensor,
    ) -> torch.Tensor:
        acc = torch.zeros(boxes.total, dtype=values.dtype, device=values.device)
        acc.index_add_(0, index, values)
        image = below.clone()
        under: list[torch.Tensor | None] = []
        for i in range(len(boxes.h)):
            y0, x0, h, w, cw, off = (boxes.y0[i], boxes.x0[i], boxes.h[i], boxes.w[i], boxes.cw[i], boxes.offset[i])
            if h == 0 or cw == 0:
                under.append(None)
                continue
            winding = acc[off : off + h * w].view(h, w).cumsum(1)[:, :cw]
            cov = coverage_from_winding(winding, even_odd[i])[0].unsqueeze(-1)
            paint = fields[field_of[i]] if field_of[i] >= 0 else solid[i]
            region = image[y0 : y0 + h, x0 : x0 + cw]
            under.append(region.clone())
            region.mul_(1 - cov * paint[..., 3:4]).add_(cov * paint)
        ctx.acc, ctx.under, ctx.boxes = acc, under, boxes
        ctx.even_odd, ctx.field_of = even_odd, field_of
        ctx.index = index
        ctx.save_for_backward(solid, *fields)
        return image

    @staticmethod
    def backward(ctx, grad_image: torch.Tensor):  # type: ignore[override]
        solid, *fields = ctx.saved_tensors
        boxes: CellBoxes = ctx.boxes
        acc = ctx.acc
        grad = grad_image.clone()
        grad_acc = torch.zeros_like(acc)
        grad_solid = torch.zeros_like(solid)
        grad_fields: list[torch.Tensor | None] = [None] * len(fields)
        for i in reversed(range(len(boxes.h))):
            under = ctx.under[i]
            if under is None:
                continue
            y0, x0, h, w, cw, off = (boxes.y0[i], boxes.x0[i], boxes.h[i], boxes.w[i], boxes.cw[i], boxes.offset[i])
            winding = acc[off : off + h * w].view(h, w).cumsum(1)[:, :cw]
            cov, slope = coverage_from_winding(winding, ctx.even_odd[i])
            cov3 = cov.unsqueeze(-1)
            field_index = ctx.field_of[i]
            paint = fields[field_index] if field_index >= 0 else solid[i]
            g = grad[y0 : y0 + h, x0 : x0 + cw]
            grad_cov = (g * (paint - under * paint[..., 3:4])).sum(-1)
            grad_paint = g * cov3
            grad_alpha = -cov * (g * under).sum(-1)
            if field_index >= 0:
                grad_paint[..., 3] += grad_alpha
                grad_fields[field_index] = grad_paint
            else:
                grad_solid[i] = grad_paint.sum((0, 1))
                grad_solid[i, 3] += grad_alpha.sum()
            g.mul_(1 - cov3 * paint[..., 3:4])
            grad_winding = grad_cov * slope
            grad_box = torch.zeros(h, w, dtype=acc.dtype, device=acc.device)
            grad_box[:, :cw] = grad_winding.flip(1).cumsum(1).flip(1)
            grad_acc[off : off + h * w] = grad_box.view(-1)
        grad_values = grad_acc[ctx.index]
        return (grad_values, None, None, None, None, grad, grad_solid, *grad_fields)
