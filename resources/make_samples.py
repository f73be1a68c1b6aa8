"""Regenerate the bundled samples in resources/samples/ (all drawn here, no third-party art).

    python resources/make_samples.py

- smiley.png      flat-colour emoji-like face: the kind of image LIVE-style tracing is for
- sphere.png      shaded sphere and its shadow: smooth gradients, where flat tracers band
- leaf-badge.png  an icon on a transparent background: exercises the alpha path
- smiley.svg      the smiley as a layered Inkscape-style SVG, for `main.py render` and import

Deterministic: same Pillow/numpy, same bytes. Shapes are drawn 4× larger and reduced with a
box filter so their edges are anti-aliased like real exported art.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

SIZE = 256
SS = 4  # supersampling factor for anti-aliased edges
OUT = Path(__file__).resolve().parent / "samples"

YELLOW = (255, 204, 77)
ORANGE = (240, 150, 40)
BROWN = (102, 69, 0)
RED = (230, 70, 80)
WHITE = (255, 255, 255)


def _box(cx: float, cy: float, rx: float, ry: float) -> tuple[float, float, float, float]:
    """An ellipse's bounding box at supersampled scale, from 256-px coordinates."""
    return ((cx - rx) * SS, (cy - ry) * SS, (cx + rx) * SS, (cy + ry) * SS)


def smiley() -> Image.Image:
    im = Image.new("RGB", (SIZE * SS, SIZE * SS), WHITE)
    d = ImageDraw.Draw(im)
    d.ellipse(_box(128, 128, 112, 112), fill=ORANGE)
    d.ellipse(_box(128, 124, 106, 106), fill=YELLOW)
    d.ellipse(_box(92, 100, 14, 22), fill=BROWN)
    d.ellipse(_box(164, 100, 14, 22), fill=BROWN)
    # The mouth: a half-disc (chord at y=150) in brown with a red tongue.
    d.chord(_box(128, 150, 60, 52), 0, 180, fill=BROWN)
    d.chord(_box(128, 186, 34, 20), 180, 360, fill=RED)
    d.ellipse(_box(70, 150, 16, 10), fill=(255, 170, 90))
    d.ellipse(_box(186, 150, 16, 10), fill=(255, 170, 90))
    return im.resize((SIZE, SIZE), Image.Resampling.BOX)


def sphere() -> Image.Image:
    """A Lambert-shaded sphere with a specular highlight over a soft floor shadow."""
    n = SIZE * SS
    y, x = (np.mgrid[0:n, 0:n] + 0.5) / SS
    bg_top, bg_bottom = np.array([235, 242, 250.0]), np.array([200, 214, 232.0])
    t = (y / SIZE)[..., None]
    img = bg_top * (1 - t) + bg_bottom * t

    shadow = ((x - 136) / 92) ** 2 + ((y - 214) / 20) ** 2
    img *= 1 - 0.35 * np.clip(1 - shadow, 0, 1)[..., None] ** 0.7

    cx, cy, r = 124.0, 116.0, 88.0
    nx, ny = (x - cx) / r, (y - cy) / r
    inside = nx**2 + ny**2 <= 1
    nz = np.sqrt(np.clip(1 - nx**2 - ny**2, 0, 1))
    light = np.array([-0.45, -0.6, 0.66])
    light /= np.linalg.norm(light)
    lambert = np.clip(nx * light[0] + ny * light[1] + nz * light[2], 0, 1)
    half = light + np.array([0, 0, 1.0])
    half /= np.linalg.norm(half)
    spec = np.clip(nx * half[0] + ny * half[1] + nz * half[2], 0, 1) ** 40
    base = np.array([40, 110, 220.0])
    ball = base * (0.25 + 0.75 * lambert[..., None]) + 255 * 0.8 * spec[..., None]
    img = np.where(inside[..., None], ball, img)
    big = Image.fromarray(np.clip(img, 0, 255).round().astype(np.uint8))
    return big.resize((SIZE, SIZE), Image.Resampling.BOX)


def leaf_badge() -> Image.Image:
    im = Image.new("RGBA", (SIZE * SS, SIZE * SS), (0, 0, 0, 0))
    d = ImageDraw.Draw(im)
    d.rounded_rectangle(_box(128, 128, 100, 100), radius=40 * SS, fill=(46, 125, 50, 255))
    # A leaf: the lens where two offset circles overlap, then its midrib.
    a = Image.new("L", im.size, 0)
    b = Image.new("L", im.size, 0)
    ImageDraw.Draw(a).ellipse(_box(158, 150, 80, 80), fill=255)
    ImageDraw.Draw(b).ellipse(_box(98, 106, 80, 80), fill=255)
    lens = Image.fromarray(np.minimum(np.asarray(a), np.asarray(b)))
    im.paste((200, 230, 120, 255), mask=lens)
    d.line([(84 * SS, 172 * SS), (172 * SS, 84 * SS)], fill=(46, 125, 50, 255), width=6 * SS)
    return im.resize((SIZE, SIZE), Image.Resampling.BOX)


SMILEY_SVG = """\
<?xml version="1.0" encoding="UTF-8"?>
<!-- Layertrace sample (made by the project, Apache-2.0): the smiley as layered SVG. -->
<svg xmlns="http://www.w3.org/2000/svg"
     xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
     xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
     width="256" height="256" viewBox="0 0 256 256">
  <defs>
    <radialGradient id="face-shade" gradientUnits="userSpaceOnUse" cx="104" cy="92" r="140">
      <stop offset="0" stop-color="#ffe08a"/>
      <stop offset="1" stop-color="#f5b836"/>
    </radialGradient>
  </defs>
  <rect id="background" width="256" height="256" fill="#ffffff"/>
  <g inkscape:groupmode="layer" inkscape:label="Face" id="layer-face">
    <circle id="rim" cx="128" cy="128" r="112" fill="#f09628"/>
    <circle id="face" cx="128" cy="124" r="106" fill="url(#face-shade)"/>
    <ellipse id="cheek-left" cx="70" cy="150" rx="16" ry="10" fill="#ffaa5a"/>
    <ellipse id="cheek-right" cx="186" cy="150" rx="16" ry="10" fill="#ffaa5a"/>
  </g>
  <g inkscape:groupmode="layer" inkscape:label="Features" id="layer-features">
    <ellipse id="eye-left" cx="92" cy="100" rx="14" ry="22" fill="#664500"/>
    <ellipse id="eye-right" cx="164" cy="100" rx="14" ry="22" fill="#664500"/>
    <path id="mouth" d="M 68 150 A 60 52 0 0 0 188 150 Z" fill="#664500"/>
    <path id="tongue" d="M 94 186 A 34 20 0 0 1 162 186 Z" fill="#e64650"/>
  </g>
</svg>
"""


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    smiley().save(OUT / "smiley.png", optimize=True)
    sphere().save(OUT / "sphere.png", optimize=True)
    leaf_badge().save(OUT / "leaf-badge.png", optimize=True)
    (OUT / "smiley.svg").write_text(SMILEY_SVG, encoding="utf-8")
    for path in sorted(OUT.iterdir()):
        print(f"{path.relative_to(OUT.parent.parent)}  {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
