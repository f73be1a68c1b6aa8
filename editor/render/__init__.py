"""Differentiable rendering of a scene of Bézier paths to premultiplied RGBA.

`get_renderer()` picks our PyTorch rasterizer (CPU and CUDA) unless diffvg is asked for
(or `LAYERTRACE_RENDERER=diffvg` is set) and `pydiffvg` can be imported.
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Protocol

import torch

from editor.render.scene import (
    LinearPaint,
    Paint,
    RadialPaint,
    RenderShape,
    SolidPaint,
    background_tensor,
    scene_from_document,
    write_back,
)


class Renderer(Protocol):
    name: str

    def render(
        self,
        shapes: Sequence[RenderShape],
        width: int,
        height: int,
        *,
        scale: float = 1.0,
        background: torch.Tensor | None = None,
        below: torch.Tensor | None = None,
    ) -> torch.Tensor: ...


def available_renderers() -> dict[str, str | None]:
    """Renderer name → None when usable, else the reason it is not."""
    from editor.render.diffvg_renderer import diffvg_unavailable_reason

    return {"torch": None, "diffvg": diffvg_unavailable_reason()}


def get_renderer(name: str | None = None) -> Renderer:
    """'torch', 'diffvg' or 'auto' (default: $LAYERTRACE_RENDERER, else torch)."""
    name = (name or os.environ.get("LAYERTRACE_RENDERER") or "torch").lower()
    if name in ("auto", "torch"):
        from editor.render.torch_renderer import TorchRenderer

        return TorchRenderer()
    if name == "diffvg":
        from editor.render.diffvg_renderer import DiffvgRenderer

        return DiffvgRenderer()
    raise ValueError(f"unknown renderer {name!r}: use 'torch' or 'diffvg'")


__all__ = [
    "LinearPaint", "Paint", "RadialPaint", "RenderShape", "Renderer", "SolidPaint",
    "available_renderers", "background_tensor", "get_renderer", "scene_from_document", "write_back",
]
