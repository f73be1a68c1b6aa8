"""Gradient stop edits as pure functions: each returns a new gradient, the old one stays.

Offsets stay ordered (a stop is kept between its neighbours, as a dragged stop handle is),
so what the stops list shows is what the renderer and the SVG export use.
"""
from __future__ import annotations

from dataclasses import replace

from editor.document import RGBA, GradientStop, LinearGradient, RadialGradient

Gradient = LinearGradient | RadialGradient
MIN_STOPS = 2


def add_stop(fill: Gradient) -> Gradient:
    """A stop in the middle of the widest gap between two stops, with the colour the
    gradient already has there: the look does not change until it is edited."""
    stops = fill.stops
    if len(stops) < 2:
        offset = 1.0 if not stops or stops[0].offset < 0.5 else 0.0
        color = stops[0].color if stops else (0.0, 0.0, 0.0, 1.0)
        return replace(fill, stops=sorted([*stops, GradientStop(offset, color)],
                                          key=lambda s: s.offset))
    gap = max(range(len(stops) - 1), key=lambda i: stops[i + 1].offset - stops[i].offset)
    low, high = stops[gap], stops[gap + 1]
    middle = GradientStop(0.5 * (low.offset + high.offset), _mix(low.color, high.color))
    return replace(fill, stops=[*stops[:gap + 1], middle, *stops[gap + 1:]])


def remove_stop(fill: Gradient, index: int) -> Gradient:
    if len(fill.stops) <= MIN_STOPS:
        raise ValueError(f"a gradient keeps at least {MIN_STOPS} stops")
    return replace(fill, stops=[s for i, s in enumerate(fill.stops) if i != index])


def set_stop(fill: Gradient, index: int, offset: float | None = None,
             color: RGBA | None = None) -> Gradient:
    """Stop `index` with a new offset (kept between its neighbours) and/or colour."""
    stops = list(fill.stops)
    stop = stops[index]
    if offset is not None:
        low = stops[index - 1].offset if index > 0 else 0.0
        high = stops[index + 1].offset if index + 1 < len(stops) else 1.0
        offset = min(max(float(offset), low), high)
    stops[index] = GradientStop(stop.offset if offset is None else offset,
                                stop.color if color is None else color)
    return replace(fill, stops=stops)


def _mix(a: RGBA, b: RGBA) -> RGBA:
    r, g, bl, al = (0.5 * (x + y) for x, y in zip(a, b))
    return (r, g, bl, al)
