"""An independent reference rasterizer for tests: resvg (through resvg_py).

`resvg_py.svg_to_bytes` returns PNG-encoded bytes, 8 bits per channel, RGBA with *straight*
(unassociated) alpha as PNG requires. We decode them with Pillow and premultiply, so the result
follows the same convention as our renderer (premultiplied RGBA floats in [0, 1]).
"""
from __future__ import annotations

import io

import numpy as np
import resvg_py
from PIL import Image


def rasterize_svg_reference(svg_text: str, width: int, height: int) -> np.ndarray:
    """Rasterize `svg_text` to a (height, width, 4) float32 premultiplied RGBA array.

    resvg fits the SVG's own size into width × height keeping its aspect ratio, so the SVG's
    width/height must have the requested aspect ratio; anything else raises ValueError instead
    of silently comparing images of different geometry. Quantization: 1/255 per channel.
    """
    png = resvg_py.svg_to_bytes(
        svg_string=svg_text, width=width, height=height, skip_system_fonts=True
    )
    image = Image.open(io.BytesIO(bytes(png)))
    if image.size != (width, height):
        raise ValueError(f"resvg rendered {image.size[0]}×{image.size[1]}, asked for {width}×{height}")
    rgba = np.asarray(image.convert("RGBA"), dtype=np.float32) / 255.0
    rgba[..., :3] *= rgba[..., 3:4]
    return rgba
