"""The placement check that needs no eyes: a traced document rendered with its original
image hidden must match the document rendered with only the image, and far better than
the same trace shifted by a few pixels."""
from __future__ import annotations

import io
import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import resvg_py
from lxml import etree
from PIL import Image

SVG = "{http://www.w3.org/2000/svg}"
INKSCAPE_LABEL = "{http://www.inkscape.org/namespaces/inkscape}label"
TRACE_PREFIX = "layertrace-"


Renderer = Callable[[etree._Element, Path], np.ndarray]


def render(root: etree._Element, resources: Path, scale: int = 3) -> np.ndarray:
    """(H, W, 3) floats in [0, 1] over white, by resvg."""
    width, height = (round(float(root.get(k)) * scale) for k in ("width", "height"))
    png = resvg_py.svg_to_bytes(svg_string=etree.tostring(root).decode(), width=width, height=height,
                                background="#ffffff", resources_dir=str(resources), skip_system_fonts=True)
    return np.asarray(Image.open(io.BytesIO(bytes(png))).convert("RGB"), dtype=np.float64) / 255.0


def traced_layers(root: etree._Element) -> list[etree._Element]:
    return [g for g in root.iter(f"{SVG}g") if (g.get("id") or "").startswith(TRACE_PREFIX)]


def image_only(root: etree._Element) -> etree._Element:
    """A copy without the traced layers, the image shown."""
    copy = etree.fromstring(etree.tostring(root))
    for layer in traced_layers(copy):
        layer.getparent().remove(layer)
    for image in copy.iter(f"{SVG}image"):
        image.set("style", "display:inline")
    return copy


def trace_only(root: etree._Element, shift: tuple[float, float] = (0.0, 0.0)) -> etree._Element:
    """A copy with the image hidden and the traced layers moved by `shift` document units."""
    copy = etree.fromstring(etree.tostring(root))
    for image in copy.iter(f"{SVG}image"):
        image.set("style", "display:none")
    for layer in traced_layers(copy):
        outer = etree.Element(f"{SVG}g", transform=f"translate({shift[0]},{shift[1]})")
        layer.addprevious(outer)
        outer.append(layer)
    return copy


def psnr_on_image(root: etree._Element, resources: Path, shifts: list[tuple[float, float]],
                  renderer: Renderer = render) -> list[float]:
    """PSNR of the trace against the image over the pixels the image covers, for the trace
    moved by each of `shifts` (document units)."""
    picture = renderer(image_only(root), resources)
    blank = etree.fromstring(etree.tostring(image_only(root)))
    for image in list(blank.iter(f"{SVG}image")):
        image.getparent().remove(image)
    footprint = np.abs(picture - renderer(blank, resources)).sum(axis=-1) > 0.05
    assert footprint.sum() > 100, "the image is not drawn"
    scores = []
    for shift in shifts:
        error = ((renderer(trace_only(root, shift), resources) - picture) ** 2)[footprint].mean()
        scores.append(10.0 * math.log10(1.0 / max(error, 1e-12)))
    return scores


def assert_on_image(root: etree._Element, resources: Path, renderer: Renderer = render) -> None:
    """The trace in place beats it shifted by 3 document units in any direction by ≥ 3 dB."""
    exact, *shifted = psnr_on_image(root, resources, [(0, 0), (3, 0), (0, 3), (-3, -2)], renderer)
    assert exact > 17.0, exact
    assert exact > max(shifted) + 3.0, (exact, shifted)
