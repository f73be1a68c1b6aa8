"""Paints as premultiplied RGBA: constant for solid fills, per-pixel fields for gradients.

Gradients follow SVG: `pad` spread, stops sorted by clamping each offset to the previous
one, colours interpolated unpremultiplied (as resvg and Skia do), evaluated at pixel centres.
"""
from __future__ import annotations

import torch

from editor.render.scene import LinearPaint, RadialPaint


def premultiply(rgba: torch.Tensor) -> torch.Tensor:
    rgba = rgba.clamp(0, 1)
    return torch.cat([rgba[..., :3] * rgba[..., 3:4], rgba[..., 3:4]], -1)


def interpolate_stops(t: torch.Tensor, offsets: torch.Tensor, colors: torch.Tensor) -> torch.Tensor:
    """Straight RGBA at parameters t (any shape) for stops (K,), (K, 4)."""
    offsets = torch.cummax(offsets.clamp(0, 1), 0).values
    t = t.clamp(0, 1)[..., None]
    color = colors[0].expand(*t.shape[:-1], 4)
    for j in range(offsets.shape[0] - 1):
        span = (offsets[j + 1] - offsets[j]).clamp_min(1e-6)
        u = ((t - offsets[j]) / span).clamp(0, 1)
        color = color + u * (colors[j + 1] - colors[j])
    return color


def gradient_parameter(paint: LinearPaint | RadialPaint, xs: torch.Tensor, ys: torch.Tensor, scale: float) -> torch.Tensor:
    """The gradient's t at pixel centres (xs, ys in pixels, broadcastable)."""
    if isinstance(paint, LinearPaint):
        start, end = paint.start * scale, paint.end * scale
        d = end - start
        length2 = (d * d).sum().clamp_min(1e-8)
        return ((xs - start[0]) * d[0] + (ys - start[1]) * d[1]) / length2
    center = paint.center * scale
    radius = paint.radius.abs().clamp_min(1e-3) * scale
    r2 = ((xs - center[0]) / radius[0]) ** 2 + ((ys - center[1]) / radius[1]) ** 2
    return torch.sqrt(r2 + 1e-12)


def gradient_field(
    paint: LinearPaint | RadialPaint, y0: int, x0: int, h: int, w: int, scale: float
) -> torch.Tensor:
    """Premultiplied (h, w, 4) field of a gradient over the pixel box at (y0, x0)."""
    device, dtype = paint.colors.device, paint.colors.dtype
    ys = (torch.arange(h, device=device, dtype=dtype) + (y0 + 0.5))[:, None]
    xs = (torch.arange(w, device=device, dtype=dtype) + (x0 + 0.5))[None, :]
    t = gradient_parameter(paint, xs, ys, scale)
    return premultiply(interpolate_stops(t, paint.offsets, paint.colors))
