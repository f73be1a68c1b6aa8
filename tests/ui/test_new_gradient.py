"""Issue 11, problem 7: Solid → Radial / Linear starts from the image under the shape, so the
switch is visible at once (it used to make two identical stops)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import Qt

from editor.document import (
    Document,
    Layer,
    LinearGradient,
    RadialGradient,
    Shape,
    SolidFill,
    circle_points,
    rect_points,
)
from editor.document.fills import fill_kind
from editor.ui.source import SourceImage

SIZE = 64
RED, BLUE = np.array([0.9, 0.1, 0.1]), np.array([0.1, 0.2, 0.9])


def _image(path: Path, color_at) -> SourceImage:
    """A SIZE² image whose pixel (x, y) has colour `colour_at(x, y)` (pixel centres)."""
    yy, xx = np.mgrid[0:SIZE, 0:SIZE] + 0.5
    rgb = color_at(xx[..., None], yy[..., None])
    Image.fromarray(np.round(rgb * 255).astype(np.uint8), "RGB").save(path)
    return SourceImage.open(path)


def _load(window, source: SourceImage, shape: Shape) -> None:
    window.ctl.reset(Document(SIZE, SIZE, layers=[Layer(name="L", shapes=[shape])]), source)
    window.selection.set([shape.id])


def _radial_color(x, y):
    """Red at the centre (32, 32), blue from 24 px out, a linear blend between."""
    return RED + (BLUE - RED) * np.clip(np.hypot(x - 32, y - 32) / 24, 0, 1)


def _radial_image(tmp_path: Path) -> SourceImage:
    return _image(tmp_path / "radial.png", _radial_color)


def test_solid_to_radial_samples_center_and_rim_colors_from_the_image(window, tmp_path):
    source = _radial_image(tmp_path)
    disc = Shape(circle_points(32, 32, 24), fill=SolidFill((0.5, 0.5, 0.5, 1.0)))
    _load(window, source, disc)
    window.fill_panel.kind_actions["radial"].trigger()
    fill = window.ctl.shape(disc.id).fill
    assert isinstance(fill, RadialGradient)
    colors = np.array([s.color[:3] for s in fill.stops])
    assert np.abs(colors[0] - colors[-1]).max() > 0.5  # visibly a gradient
    # each stop is the image's colour where it sits (along the x radius from the centre)
    x = fill.center[0] + np.array([s.offset for s in fill.stops]) * fill.radius[0]
    assert np.abs(colors - _radial_color(x[:, None], np.full((len(x), 1), 32.0))).max() < 0.06
    # and what the canvas paints is a gradient of those stops
    brush = window.scene.item_for(disc.id).brush()
    assert brush.style() == Qt.BrushStyle.RadialGradientPattern
    colors = {stop[1].name() for stop in brush.gradient().stops()}
    assert len(colors) >= 2


def test_solid_to_linear_samples_top_and_bottom_and_undo_restores_the_solid(window, tmp_path):
    source = _image(tmp_path / "vertical.png",
                    lambda x, y: RED + (BLUE - RED) * np.clip((y - 8) / 48, 0, 1))
    square = Shape(rect_points(8, 8, 56, 56), fill=SolidFill((0.5, 0.5, 0.5, 1.0)))
    _load(window, source, square)
    window.fill_panel.kind_actions["linear"].trigger()
    fill = window.ctl.shape(square.id).fill
    assert isinstance(fill, LinearGradient)
    colors = np.array([s.color[:3] for s in fill.stops])
    offsets = np.array([s.offset for s in fill.stops])
    # the image along the gradient's axis, at each stop's offset
    y = fill.start[1] + offsets * (fill.end[1] - fill.start[1])
    expected = RED + (BLUE - RED) * np.clip((y - 8) / 48, 0, 1)[:, None]
    assert np.abs(colors - expected).max() < 0.12
    assert np.abs(colors[0] - colors[-1]).max() > 0.5
    window.ctl.undo_stack.undo()
    assert window.ctl.shape(square.id).fill == SolidFill((0.5, 0.5, 0.5, 1.0))


@pytest.mark.parametrize("with_image", [True, False])
def test_a_flat_region_still_gets_a_visible_gradient(window, tmp_path, with_image):
    source = _image(tmp_path / "flat.png", lambda x, y: np.broadcast_to(RED, x.shape[:2] + (3,))) \
        if with_image else None
    disc = Shape(circle_points(32, 32, 20), fill=SolidFill((*RED, 1.0)))
    _load(window, source, disc)
    window.fill_panel.kind_actions["radial"].trigger()
    fill = window.ctl.shape(disc.id).fill
    first, last = (np.array(fill.stops[i].color[:3]) for i in (0, -1))
    assert np.abs(first - last).max() > 0.1  # lighter centre
    assert np.allclose(last, RED, atol=0.02)  # the shape's own colour at the rim


def test_switching_between_gradient_types_keeps_the_stops(window, tmp_path):
    source = _radial_image(tmp_path)
    disc = Shape(circle_points(32, 32, 24), fill=SolidFill((0.5, 0.5, 0.5, 1.0)))
    _load(window, source, disc)
    window.fill_panel.kind_actions["radial"].trigger()
    stops = window.ctl.shape(disc.id).fill.stops
    window.fill_panel.kind_actions["linear"].trigger()
    assert fill_kind(window.ctl.shape(disc.id).fill) == "linear"
    assert window.ctl.shape(disc.id).fill.stops == stops
