"""Keep only roles that still hold. A method judged a shape's role when it placed it; the
optimizer may have changed the shape's colour since (a highlight that faded to black), so
before names are given a role stays only while the shape's final colour still plays it on
the paint beneath."""
from __future__ import annotations

import numpy as np
import shapely

from editor.cleanup.scope import fill_area, is_editable
from editor.document import Document, Role, Shape, fill_colors
from editor.document.roles import role_holds

SURFACE_SHARE = 0.5  # the paint beneath is the topmost shape below covering this much of a shape


def check_roles(doc: Document) -> int:
    """Drop, in place, the role of every editable shape whose colour no longer plays it on
    the shape beneath it (the topmost visible one below covering half of it or more); a
    shape over no paint plays none. Returns how many roles went."""
    below: list[tuple[Shape, shapely.Geometry]] = []  # painted so far, bottom first
    dropped = 0
    for layer, shape in doc.iter_shapes():
        if not (layer.visible and shape.visible):
            continue
        region = fill_area(shape)
        # An underlay's role is burial's to judge (it holds while the shape stays hidden).
        if shape.role not in (None, Role.UNDERLAY) and is_editable(layer, shape):
            surface = _surface(region, below)
            color = _paint_rgb(shape)
            if surface is None or color is None or not role_holds(shape.role, color, surface):
                shape.role = None
                dropped += 1
        if not region.is_empty:
            below.append((shape, region))
    return dropped


def _surface(region: shapely.Geometry, below: list[tuple[Shape, shapely.Geometry]]) -> np.ndarray | None:
    if region.area <= 0:
        return None
    for shape, under in reversed(below):
        if under.intersection(region).area >= SURFACE_SHARE * region.area:
            return _paint_rgb(shape)
    return None


def _paint_rgb(shape: Shape) -> np.ndarray | None:
    """The fill's straight RGB as it shows: a gradient's stops weighted by their alpha."""
    colors = np.asarray(fill_colors(shape.fill), dtype=np.float64).reshape(-1, 4)
    if len(colors) == 0:
        return None
    weights = colors[:, 3] if colors[:, 3].sum() > 0 else np.ones(len(colors))
    return np.asarray((colors[:, :3] * weights[:, None]).sum(axis=0) / weights.sum())
