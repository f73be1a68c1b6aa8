"""The same renderer interface backed by diffvg, used only when `pydiffvg` can be imported.

diffvg has no wheels and does not build on Python ≥ 3.11, so it is strictly optional. It
samples 2×2 jittered points per pixel (LIVE's setting) and returns straight RGBA.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import torch

from editor.render.scene import LinearPaint, RadialPaint, RenderShape, SolidPaint
from editor.render.torch_renderer import composite_background


def diffvg_unavailable_reason() -> str | None:
    try:
        import pydiffvg  # noqa: F401 — imported only to learn whether it can be
    except Exception as exc:  # noqa: BLE001 — any import failure means "not usable", with its reason
        return f"pydiffvg cannot be imported ({type(exc).__name__}: {exc})"
    return None


class DiffvgRenderer:
    name = "diffvg"

    def __init__(self, samples: int = 2, seed: int = 0) -> None:
        reason = diffvg_unavailable_reason()
        if reason is not None:
            raise RuntimeError(reason)
        import pydiffvg

        self._diffvg = pydiffvg
        self.samples = samples
        self.seed = seed

    def _paint(self, paint, scale: float):
        dv = self._diffvg
        if paint is None:
            return None
        if isinstance(paint, SolidPaint):
            return paint.color
        if isinstance(paint, LinearPaint):
            return dv.LinearGradient(paint.start * scale, paint.end * scale, paint.offsets, paint.colors)
        if isinstance(paint, RadialPaint):
            return dv.RadialGradient(paint.center * scale, paint.radius * scale, paint.offsets, paint.colors)
        raise TypeError(type(paint).__name__)

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
        dv = self._diffvg
        paths: list[Any] = []  # pydiffvg's Path and ShapeGroup (pydiffvg has no type hints)
        groups: list[Any] = []
        for shape in shapes:
            if shape.num_segments == 0:
                continue
            first = len(paths)
            # A shape's contours form one diffvg shape group: winding is summed over its paths.
            for points in shape.contours if shape.closed else [shape.points]:
                if points.shape[0] < 3:
                    continue
                paths.append(
                    dv.Path(
                        num_control_points=torch.full((points.shape[0] // 3,), 2, dtype=torch.int32),
                        points=points * scale,
                        is_closed=shape.closed,
                        stroke_width=shape.stroke_width * scale,
                    )
                )
            groups.append(
                dv.ShapeGroup(
                    shape_ids=torch.arange(first, len(paths)),
                    fill_color=self._paint(shape.fill if shape.closed else None, scale),
                    use_even_odd_rule=shape.even_odd,
                    stroke_color=shape.stroke,
                )
            )
        args = dv.RenderFunction.serialize_scene(width, height, paths, groups)
        straight = dv.RenderFunction.apply(width, height, self.samples, self.samples, self.seed, None, *args)
        image = torch.cat([straight[..., :3] * straight[..., 3:4], straight[..., 3:4]], -1)
        if below is not None:
            image = image + (1 - image[..., 3:4]) * below
        if background is not None:
            image = composite_background(image, background)
        return image
