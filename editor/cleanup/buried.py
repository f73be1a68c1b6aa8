"""Remove buried shapes: optimizer shapes that hardly show in the rendered document.

A shape of which less than `min_visible` shows is buried. When what does show is still real
paint (a large shape whose visible 4 % is a wide band of the picture, a watermelon's rind),
removing it would leave a hole, 3 dB on that image: such a shape is trimmed instead to the
part that shows (Illustrator's Pathfinder > Trim), cut where the paint above lets less than
HIDDEN_LIGHT through. What the cut takes away changes no pixel by more than that share of
its colour, and the trimmed shape, all of it now in view, is no longer buried.
"""
from __future__ import annotations

from editor.cleanup.coverage import CoverageGrid
from editor.cleanup.refit import refit
from editor.cleanup.scope import cover_with, fill_area, fill_opacity, is_editable, painted_area
from editor.document import Document, Role, Shape

MIN_SHOWN_PAINT = 16.0  # px of opaque paint: a shape showing more is trimmed, not removed
# Light reaching a point under the paint above, below which a trim may cut there: at most
# 2.5/255 of a channel changes (a removed shape 1 % shows through nearly opaque paint).
HIDDEN_LIGHT = 0.01
# Nor may the refit move an edge that shows by more than 1/20 px (a pixel it crosses changes
# by up to that share of the colour): a cut along a thin visible sliver refits the sliver's
# edge too, and a loose fit there would redraw what showed.
MAX_TRIM_CHANGE = 0.05
TRIM_OVERLAP = 1.0  # px: a trimmed shape still reaches this far under the paint that hides it


def remove_buried(doc: Document, min_visible: float, tolerance: float) -> tuple[int, int]:
    """Delete, in place, every editable shape of which less than `min_visible` (a share of
    its paint, weighted by its own alpha) shows: the rest lies outside the canvas or under
    the paint above it, weighted by how much light that paint lets through where it lies.
    A shape that still shows MIN_SHOWN_PAINT px of paint stays, trimmed to what shows (its
    outline within `tolerance` px), or whole when no trim brings it into view (a hole in
    the picture is worse than a hidden shape): it is then an underlay (`Role.UNDERLAY`),
    and says so in its name. Returns how many shapes went and how many were trimmed."""
    grid = CoverageGrid(doc)
    buried, trimmed = set(), 0
    for layer, shape in reversed(list(doc.iter_shapes())):  # top first
        if not (layer.visible and shape.visible):
            continue
        if is_editable(layer, shape):
            area = painted_area(shape)
            # A stroke counts in full over its own area, as its paint has no gradient.
            opacity = fill_opacity(shape) if shape.stroke is None else 1.0
            share, paint = grid.shown(area, opacity) if area.area > 0 else (0.0, 0.0)
            if share < min_visible and paint < MIN_SHOWN_PAINT:
                buried.add(id(shape))
                continue
            if share < min_visible and _trim(shape, grid, min_visible, tolerance):
                trimmed += 1
            elif share < min_visible:
                shape.role = Role.UNDERLAY
            elif shape.role is Role.UNDERLAY:  # in view now
                shape.role = None
        cover_with(grid, shape)
    for layer in doc.layers:
        layer.shapes = [s for s in layer.shapes if id(s) not in buried]
    return len(buried), trimmed


def _trim(shape: Shape, grid: CoverageGrid, min_visible: float, tolerance: float) -> bool:
    """Cut `shape` to what the paint above (recorded in `grid`) leaves in view, reaching
    TRIM_OVERLAP under that paint's edge so a refit within tolerance opens no gap; True when
    at least `min_visible` of the trimmed shape shows. On False the shape is as it was."""
    if shape.stroke is not None:  # a cut would draw the stroke along it
        return False
    region = fill_area(shape)
    cut = region.difference(grid.dark(region, HIDDEN_LIGHT).buffer(-TRIM_OVERLAP))
    before = (shape.points, list(shape.subpaths), shape.fill_rule, shape.primitive)
    if cut.area >= region.area or not refit(shape, cut, tolerance):
        return False
    opacity = fill_opacity(shape)
    if (grid.change(region, fill_area(shape), opacity) <= MAX_TRIM_CHANGE
            and grid.shown(fill_area(shape), opacity)[0] >= min_visible):
        return True
    shape.points, shape.subpaths, shape.fill_rule, shape.primitive = before
    return False
