"""A new gradient's stops taken from the image under its shape.

Switching a solid shape to a gradient used to give two stops of the same colour: the fill
changed type and nothing changed on screen. Here the stops (at the centre, half-way and
the rim of a radial gradient; the top, middle and bottom of a linear one) get the colours
that make the gradient closest to the image over the shape's region, so the new gradient
already follows the image and the optimizer starts from there.
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np

from editor.document import (
    RGBA,
    Fill,
    GradientStop,
    LinearGradient,
    RadialGradient,
    Shape,
)
from editor.document.fills import FillKind, convert_fill, gradient_position
from editor.ui.canvas.painting import shape_path
from editor.ui.source import SourceImage
from editor.ui.tools.sampling import coverage

STOP_OFFSETS = (0.0, 0.5, 1.0)
_RIDGE = 1e-3  # pull toward the mean colour, relative to the mean pixel weight per stop
FLAT = 0.06  # stops closer than this in every channel look like one colour
_LIGHTER = 0.4  # a flat region's gradient: its colour, lightened this much at offset 0


def new_gradient(shape: Shape, kind: FillKind, source: SourceImage | None,
                 scale: float) -> Fill:
    """`shape`'s fill switched to `kind`. A solid fill becoming a gradient gets stops
    sampled from `source` (`scale` = image px per document unit); where the image is flat
    there (or there is no image), a lighter-to-own-colour gradient, so the switch shows."""
    fill = convert_fill(shape.fill, kind, shape.bounds())
    if kind == "solid" or not isinstance(fill, (LinearGradient, RadialGradient)) \
            or isinstance(shape.fill, (LinearGradient, RadialGradient)):
        return fill  # to solid, or between gradient types: the exact conversion
    stops = _sampled_stops(fill, shape, source, scale)
    if stops is None or _is_flat(stops):
        stops = _lightened(fill.stops[-1].color)
    return replace(fill, stops=stops)


def _sampled_stops(fill: LinearGradient | RadialGradient, shape: Shape,
                   source: SourceImage | None, scale: float) -> list[GradientStop] | None:
    """The stop colours whose gradient is closest (least squares over the shape's pixels)
    to the image: a gradient is linear between its stops, so each pixel's colour is a
    mix of the two stops around its offset, and the best colours solve a small linear
    system. A light pull toward the mean colour keeps a stop no pixel reaches defined."""
    covered = coverage(source, shape_path(shape), scale)
    if source is None or covered is None:
        return None
    h, w = covered.weight.shape
    # pixel centres, in document units
    xs = (covered.x0 + np.arange(w) + 0.5)[None, :] / scale
    ys = (covered.y0 + np.arange(h) + 0.5)[:, None] / scale
    t = gradient_position(fill, xs, ys).ravel()
    weight = covered.weight.ravel().astype(np.float64)
    pixels = source.rgb[covered.y0:covered.y0 + h, covered.x0:covered.x0 + w].reshape(-1, 3)
    offsets = np.asarray(STOP_OFFSETS)
    hats = np.stack([np.interp(t, offsets, np.eye(len(offsets))[i]) for i in range(len(offsets))],
                    axis=1)  # (pixels, stops): each pixel's share of each stop
    normal = hats.T @ (hats * weight[:, None])
    rhs = hats.T @ (pixels * weight[:, None])
    mean = (pixels * weight[:, None]).sum(axis=0) / weight.sum()
    ridge = _RIDGE * np.trace(normal) / len(offsets)
    colors = np.linalg.solve(normal + ridge * np.eye(len(offsets)), rhs + ridge * mean)
    colors = np.clip(colors, 0.0, 1.0)
    return [GradientStop(float(o), (float(c[0]), float(c[1]), float(c[2]), 1.0))
            for o, c in zip(offsets, colors)]


def _is_flat(stops: list[GradientStop]) -> bool:
    colors = np.asarray([s.color for s in stops])
    return bool(np.all(colors.max(axis=0) - colors.min(axis=0) < FLAT))


def _lightened(color: RGBA) -> list[GradientStop]:
    r, g, b, a = color
    light: RGBA = (r + (1 - r) * _LIGHTER, g + (1 - g) * _LIGHTER, b + (1 - b) * _LIGHTER, a)
    return [GradientStop(0.0, light), GradientStop(1.0, color)]
