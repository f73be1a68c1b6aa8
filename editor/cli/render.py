"""`main.py render`: an SVG rasterized to PNG by the optimizer's renderer.

The editor's *Export PNG* renders with Qt instead (what the canvas shows), because the GUI
process never imports torch; this command shows what the optimizer sees, to check an export.
"""
from __future__ import annotations

import argparse
import io
import math
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from editor.cli.common import EXIT_OK, UsageError, prepare_output_folder
from editor.errors import LayertraceError
from editor.tracing import TraceFailure

if TYPE_CHECKING:
    from editor.document import Document


def cmd_render(args: argparse.Namespace) -> int:
    src = Path(args.input)
    dst = Path(args.output) if args.output else src.with_suffix(".png")
    if not 0 < args.scale <= 64:
        raise UsageError(f"--scale {args.scale}: choose a factor above 0 and at most 64")
    from editor.io.outputs import refuse_outputs_over_inputs

    refuse_outputs_over_inputs([src], [dst])
    from editor.svg import import_svg

    imported = import_svg(src)
    doc = imported.document
    width, height = math.ceil(doc.width * args.scale), math.ceil(doc.height * args.scale)
    if width < 1 or height < 1 or width * height > 100_000_000:
        raise UsageError(f"--scale {args.scale} gives a {width}×{height} image; choose another scale")
    png = render_png(doc, width, height, args.scale, transparent=args.transparent)
    from editor.io.atomic import write_atomic

    prepare_output_folder(dst.parent)
    try:
        write_atomic(dst, png)
    except LayertraceError as err:
        raise TraceFailure(err.problem, err.path) from err
    if not args.quiet:
        for warning in imported.warnings:
            print(f"note: {src}: {warning}", file=sys.stderr)
        print(f"{src} -> {dst}: {width}×{height}, {len(doc.drawn_shapes())} paths, {len(png):,} bytes")
    return EXIT_OK


def render_png(doc: Document, width: int, height: int, scale: float, *, transparent: bool) -> bytes:
    import numpy as np
    import torch
    from PIL import Image

    from editor.render import background_tensor, get_renderer, scene_from_document

    background = None if transparent else background_tensor(doc)
    with torch.no_grad():
        rgba = get_renderer().render(
            scene_from_document(doc), width, height, scale=scale, background=background
        ).cpu().numpy()
    alpha = rgba[..., 3:4]
    # The renderer returns premultiplied colour; PNG stores straight colour.
    straight = np.where(alpha > 1e-6, rgba[..., :3] / np.maximum(alpha, 1e-6), 0.0)
    pixels = np.concatenate([straight, alpha], axis=-1)
    image = Image.fromarray(np.clip(pixels * 255.0 + 0.5, 0, 255).astype(np.uint8), "RGBA")
    if float(alpha.min()) >= 1.0 - 1e-6:
        image = image.convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
