"""A placed region's role in the picture, for methods that place a shape for a known region.

A designer names the patches of a drawing by what they do to the paint beneath: a highlight
lightens it, a shadow darkens it, a line is drawn over it. A method that knows the region a
shape is for, and the render beneath it, can tell those apart: the region's mean colour
against the render's there (`editor.document.roles`: shading keeps the surface's colour, ink
is much darker), and the region's shape (a line is thin and long).

Regions that do not lie on paint (the first shapes, over the background) and slivers along
an edge get no role: when in doubt, a shape is named by its colour alone.
"""
from __future__ import annotations

import numpy as np
from scipy import ndimage

from editor.document import Role
from editor.document.roles import is_ink, shading
from editor.methods.base import PlacementContext
from editor.methods.region_fill import target_color

ON_PAINT = 0.9  # mean alpha of the shapes beneath the region, for it to lie on paint
MIN_WIDTH = 2.5  # px: a thinner region is the anti-aliased residue of an edge, no part of the picture
LINE_WIDTH = 0.05  # a line is at most this wide (of the canvas's short side),
LINE_ELONGATION = 5.0  # and its area at least this many squares of its width


def region_role(mask: np.ndarray, ctx: PlacementContext) -> Role | None:
    """The role of the shape placed for `mask` (H, W bool), from the target there and the
    render beneath it; None when the region lies on no paint or has no clear role."""
    width = 2.0 * float(ndimage.distance_transform_edt(mask).max()) if mask.any() else 0.0
    if width < MIN_WIDTH or float(ctx.painted[mask].mean()) < ON_PAINT:
        return None
    region = np.array(target_color(ctx.target[mask].mean(axis=0))[:3])
    surface = np.array(target_color(ctx.render[mask].mean(axis=0))[:3])
    role = shading(region, surface)
    if role is None and is_ink(region, surface) and width <= LINE_WIDTH * min(mask.shape) \
            and float(mask.sum()) >= LINE_ELONGATION * width * width:
        return Role.LINE
    return role

