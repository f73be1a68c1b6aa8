"""`main.py trace` of a transparent PNG: no paint outside its alpha, semi-transparent edges
kept, and no background rectangle in the SVG (opaque sources keep theirs)."""
from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import resvg_py
from PIL import Image

from editor.cli import main

SIZE = 48
FAST = ["--size", str(SIZE), "--paths", "3", "--max-steps", "60", "--min-steps", "20",
        "--final-steps", "30", "--method", "layerwise", "--quiet"]


def transparent_png(path: Path) -> np.ndarray:
    """A red disk with an anti-aliased rim and a half-transparent blue band, on nothing;
    returns the alpha channel (float)."""
    yy, xx = np.mgrid[0:SIZE, 0:SIZE] + 0.5
    alpha = np.clip(14.0 - np.hypot(xx - 28, yy - 24) + 0.5, 0.0, 1.0)
    rgba = np.zeros((SIZE, SIZE, 4))
    rgba[..., :3] = (0.9, 0.2, 0.1)
    alpha[:, :6] = 0.5
    rgba[:, :6, :3] = (0.1, 0.2, 0.9)
    rgba[..., 3] = alpha
    Image.fromarray(np.round(rgba * 255).astype(np.uint8), "RGBA").save(path)
    return np.round(alpha * 255) / 255


def resvg_alpha(svg: Path) -> np.ndarray:
    png = bytes(resvg_py.svg_to_bytes(svg_string=svg.read_text(), width=SIZE, height=SIZE))
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"), dtype=np.float64)[..., 3] / 255


def test_transparent_png_traces_without_paint_outside_its_alpha(tmp_path: Path) -> None:
    alpha = transparent_png(tmp_path / "in.png")
    out = tmp_path / "out.svg"
    assert main(["trace", str(tmp_path / "in.png"), "-o", str(out), *FAST]) == 0
    svg = out.read_text()
    assert 'inkscape:label="Background"' not in svg
    traced = resvg_alpha(out)
    assert int(((traced > 0.5) & (alpha == 0)).sum()) == 0
    assert abs(float(traced[8:40, 1:5].mean()) - 0.5) < 0.15  # the band stays half transparent
    assert float(traced[20:28, 24:32].mean()) > 0.9


def test_opaque_png_keeps_its_background(tmp_path: Path) -> None:
    Image.new("RGB", (SIZE, SIZE), (200, 40, 40)).save(tmp_path / "in.png")
    out = tmp_path / "out.svg"
    assert main(["trace", str(tmp_path / "in.png"), "-o", str(out), *FAST]) == 0
    assert 'inkscape:label="Background"' in out.read_text()


def test_a_one_pixel_clear_gap_through_the_image_stays_clear(tmp_path: Path) -> None:
    """A smooth traced outline runs across a one-pixel gap of the source (a balloon and its
    knot); clean-up notches it out, so nothing is painted there."""
    yy, xx = np.mgrid[0:SIZE, 0:SIZE] + 0.5
    alpha = np.clip(16.0 - np.hypot(xx - 24, yy - 24) + 0.5, 0.0, 1.0)
    alpha[:, 24] = 0.0
    rgba = np.zeros((SIZE, SIZE, 4))
    rgba[..., :3] = (0.9, 0.2, 0.1)
    rgba[..., 3] = alpha
    Image.fromarray(np.round(rgba * 255).astype(np.uint8), "RGBA").save(tmp_path / "in.png")
    out = tmp_path / "out.svg"
    assert main(["trace", str(tmp_path / "in.png"), "-o", str(out), *FAST]) == 0
    traced = resvg_alpha(out)
    assert traced[:, 24].max() <= 0.5
    assert float(traced[16:32, 12:20].mean()) > 0.9  # the halves are still painted
