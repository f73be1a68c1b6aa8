"""Switching a fill between solid, linear and radial while keeping its look.

The editor calls these when the designer changes a shape's fill type, then sends the result
to a running session as `SetFillEdit` (the session rebuilds that shape's tensors and optimizer
state). `bounds` is the shape's (x0, y0, x1, y1), e.g. `Shape.bounds()`.

    fill = convert_fill(shape.fill, "radial", shape.bounds())
    session.submit(SetFillEdit(shape.id, fill))

A conversion to a gradient keeps the old look exactly where the new type can express it
(a solid colour becomes a gradient with two equal stops; a linear gradient becomes the radial
one that matches it along its axis, and back); a conversion to solid keeps the average colour
over the bounds. `gradient_handles` / `move_handle` are the on-canvas gradient editing (drag
a handle, send the returned fill as `SetFillEdit`); `translate_fill` carries a gradient along
when its shape moves. `evaluate` mirrors the renderer's gradient rules (pad spread, stops
ordered by a running maximum, straight-colour interpolation), in numpy for UI code.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Literal

import numpy as np

from editor.document import (
    RGBA,
    Fill,
    GradientStop,
    LinearGradient,
    RadialGradient,
    SolidFill,
)

FillKind = Literal["solid", "linear", "radial"]
Bounds = tuple[float, float, float, float]  # x0, y0, x1, y1
FILL_KINDS: tuple[FillKind, ...] = ("solid", "linear", "radial")
_TRANSPARENT: RGBA = (0.0, 0.0, 0.0, 0.0)
_MIN_EXTENT = 0.5  # px: gradients of a degenerate (zero-size) shape still get a direction
_SAMPLES = 32  # per axis, for averaging a gradient over its bounds


def fill_kind(fill: Fill | None) -> FillKind | None:
    """"solid", "linear" or "radial"; None for no fill."""
    if fill is None:
        return None
    if isinstance(fill, SolidFill):
        return "solid"
    return "linear" if isinstance(fill, LinearGradient) else "radial"


def convert_fill(fill: Fill | None, kind: FillKind, bounds: Bounds) -> Fill:
    """`fill` as a fill of `kind`, looking as close to the original as that kind allows."""
    if kind == "solid":
        return to_solid(fill, bounds)
    if kind == "linear":
        return to_linear(fill, bounds)
    if kind == "radial":
        return to_radial(fill, bounds)
    raise ValueError(f"unknown fill kind {kind!r}: use one of {', '.join(FILL_KINDS)}")


def to_solid(fill: Fill | None, bounds: Bounds) -> SolidFill:
    """The average colour of `fill` over `bounds` (premultiplied average: what the eye sees)."""
    if fill is None:
        return SolidFill(_TRANSPARENT)
    if isinstance(fill, SolidFill):
        return SolidFill(fill.color)
    x0, y0, x1, y1 = bounds
    xs = np.linspace(x0, x1, _SAMPLES)[None, :]
    ys = np.linspace(y0, y1, _SAMPLES)[:, None]
    rgba = evaluate(fill, xs, ys).reshape(-1, 4)
    alpha = float(rgba[:, 3].mean())
    if alpha <= 0.0:
        return SolidFill(_TRANSPARENT)
    rgb = (rgba[:, :3] * rgba[:, 3:]).mean(axis=0) / alpha
    return SolidFill(_rgba(np.append(rgb, alpha)))


def to_linear(fill: Fill | None, bounds: Bounds) -> LinearGradient:
    """A linear gradient: top to bottom of `bounds` for a solid colour (two equal stops),
    from the centre outwards for a radial gradient (exact along that ray)."""
    if isinstance(fill, LinearGradient):
        return LinearGradient(fill.start, fill.end, _copy_stops(fill.stops))
    if isinstance(fill, RadialGradient):
        center = np.asarray(fill.center, dtype=np.float64)
        direction = _box_center(bounds) - center
        norm = float(np.linalg.norm(direction))
        direction = direction / norm if norm > 1e-6 else np.array([0.0, 1.0])
        radius = np.maximum(np.abs(np.asarray(fill.radius, dtype=np.float64)), 1e-3)
        reach = 1.0 / float(np.linalg.norm(direction / radius))  # ellipse radius along it
        return LinearGradient(_pair(center), _pair(center + reach * direction), _copy_stops(fill.stops))
    x0, y0, x1, y1 = bounds
    cx = 0.5 * (x0 + x1)
    return LinearGradient((cx, y0), (cx, max(y1, y0 + _MIN_EXTENT)), _flat_stops(fill))


def to_radial(fill: Fill | None, bounds: Bounds) -> RadialGradient:
    """A radial gradient: centred in `bounds` for a solid colour (two equal stops); centred
    on the start of a linear gradient with its length as radius (exact along its axis)."""
    if isinstance(fill, RadialGradient):
        return RadialGradient(fill.center, fill.radius, _copy_stops(fill.stops))
    if isinstance(fill, LinearGradient):
        length = float(np.hypot(fill.end[0] - fill.start[0], fill.end[1] - fill.start[1]))
        length = max(length, _MIN_EXTENT)
        return RadialGradient(fill.start, (length, length), _copy_stops(fill.stops))
    x0, y0, x1, y1 = bounds
    radius = (max(0.5 * (x1 - x0), _MIN_EXTENT), max(0.5 * (y1 - y0), _MIN_EXTENT))
    return RadialGradient(_pair(_box_center(bounds)), radius, _flat_stops(fill))


def gradient_handles(fill: Fill | None) -> dict[str, tuple[float, float]]:
    """On-canvas handles of a gradient, by name (none for solid fills): "start"/"end" of a
    linear one, "center", "radius_x" and "radius_y" of a radial one, and "stop<i>" where each
    stop sits on the gradient's axis (for a radial one, along its x radius)."""
    if not isinstance(fill, (LinearGradient, RadialGradient)):
        return {}
    origin, axis = _axis(fill)
    if isinstance(fill, LinearGradient):
        handles = {"start": fill.start, "end": fill.end}
    else:
        cx, cy = fill.center
        handles = {"center": fill.center, "radius_x": (cx + abs(fill.radius[0]), cy),
                   "radius_y": (cx, cy + abs(fill.radius[1]))}
    for i, stop in enumerate(fill.stops):
        handles[f"stop{i}"] = _pair(origin + stop.offset * axis)
    return handles


def move_handle(fill: Fill, name: str, position: tuple[float, float]) -> Fill:
    """A copy of gradient `fill` with handle `name` (see `gradient_handles`) dragged to
    `position`. Moving "center" carries the whole radial gradient; a stop slides along the
    axis, kept between its neighbours so the stops stay ordered."""
    if not isinstance(fill, (LinearGradient, RadialGradient)):
        raise ValueError(f"{type(fill).__name__} has no handle {name!r}")
    point = np.asarray(position, dtype=np.float64)
    stops = _copy_stops(fill.stops)
    if name.startswith("stop") and name[4:].isdigit() and int(name[4:]) < len(stops):
        i = int(name[4:])
        origin, axis = _axis(fill)
        offset = float((point - origin) @ axis / max(float(axis @ axis), 1e-12))
        low = stops[i - 1].offset if i > 0 else 0.0
        high = stops[i + 1].offset if i + 1 < len(stops) else 1.0
        stops[i] = GradientStop(min(max(offset, low), high), stops[i].color)
        return replace(fill, stops=stops)
    if isinstance(fill, LinearGradient) and name in ("start", "end"):
        return replace(fill, **{name: _pair(point)}, stops=stops)
    if isinstance(fill, RadialGradient) and name == "center":
        return replace(fill, center=_pair(point), stops=stops)
    if isinstance(fill, RadialGradient) and name in ("radius_x", "radius_y"):
        axis_index = 0 if name == "radius_x" else 1
        radius = list(fill.radius)
        radius[axis_index] = max(abs(float(point[axis_index]) - fill.center[axis_index]), _MIN_EXTENT)
        return replace(fill, radius=(radius[0], radius[1]), stops=stops)
    raise ValueError(f"{type(fill).__name__} has no handle {name!r}")


def translate_fill(fill: Fill | None, dx: float, dy: float) -> Fill | None:
    """`fill` moved by (dx, dy) along with its shape; solid fills (and None) are returned
    as they are, so `translate_fill(f, dx, dy) is f` tells that nothing moved."""
    if isinstance(fill, LinearGradient):
        return LinearGradient((fill.start[0] + dx, fill.start[1] + dy),
                              (fill.end[0] + dx, fill.end[1] + dy), _copy_stops(fill.stops))
    if isinstance(fill, RadialGradient):
        return RadialGradient((fill.center[0] + dx, fill.center[1] + dy), fill.radius,
                              _copy_stops(fill.stops))
    return fill


def evaluate(fill: Fill, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """Straight RGBA of `fill` at points (xs, ys) (broadcastable arrays), shape (..., 4)."""
    xs, ys = np.broadcast_arrays(np.asarray(xs, dtype=np.float64), np.asarray(ys, dtype=np.float64))
    if isinstance(fill, SolidFill):
        return np.broadcast_to(np.asarray(fill.color, dtype=np.float64), (*xs.shape, 4)).copy()
    offsets = np.maximum.accumulate(np.clip([s.offset for s in fill.stops], 0.0, 1.0))
    colors = np.asarray([s.color for s in fill.stops], dtype=np.float64)
    t = gradient_position(fill, xs, ys)
    # np.interp holds the end values beyond the first and last stop: SVG's pad spread.
    return np.stack([np.interp(t, offsets, colors[:, c]) for c in range(4)], axis=-1)


def gradient_position(fill: LinearGradient | RadialGradient, xs: np.ndarray,
                      ys: np.ndarray) -> np.ndarray:
    """The gradient offset in [0, 1] at points (xs, ys): the position along a linear
    gradient's axis, the elliptical distance from a radial one's centre (pad spread)."""
    xs, ys = np.broadcast_arrays(np.asarray(xs, dtype=np.float64), np.asarray(ys, dtype=np.float64))
    if isinstance(fill, LinearGradient):
        start = np.asarray(fill.start, dtype=np.float64)
        d = np.asarray(fill.end, dtype=np.float64) - start
        t = ((xs - start[0]) * d[0] + (ys - start[1]) * d[1]) / max(float(d @ d), 1e-8)
    else:
        center = np.asarray(fill.center, dtype=np.float64)
        radius = np.maximum(np.abs(np.asarray(fill.radius, dtype=np.float64)), 1e-3)
        t = np.hypot((xs - center[0]) / radius[0], (ys - center[1]) / radius[1])
    return np.clip(t, 0.0, 1.0)


def _axis(fill: LinearGradient | RadialGradient) -> tuple[np.ndarray, np.ndarray]:
    """Where offset 0 sits and the vector to offset 1 (a radial gradient's x radius)."""
    if isinstance(fill, LinearGradient):
        start = np.asarray(fill.start, dtype=np.float64)
        return start, np.asarray(fill.end, dtype=np.float64) - start
    return np.asarray(fill.center, dtype=np.float64), np.array([abs(fill.radius[0]), 0.0])


def _flat_stops(fill: Fill | None) -> list[GradientStop]:
    color = fill.color if isinstance(fill, SolidFill) else _TRANSPARENT
    return [GradientStop(0.0, color), GradientStop(1.0, color)]


def _copy_stops(stops: list[GradientStop]) -> list[GradientStop]:
    return [GradientStop(s.offset, s.color) for s in stops]


def _box_center(bounds: Bounds) -> np.ndarray:
    x0, y0, x1, y1 = bounds
    return np.array([0.5 * (x0 + x1), 0.5 * (y0 + y1)])


def _pair(values: np.ndarray) -> tuple[float, float]:
    return float(values[0]), float(values[1])


def _rgba(values: np.ndarray) -> RGBA:
    r, g, b, a = (float(v) for v in np.clip(values, 0.0, 1.0))
    return (r, g, b, a)
