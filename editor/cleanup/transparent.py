"""Keep paint off the source's transparent pixels: where the traced image has alpha 0 the
trace paints nothing a designer would see. A smooth outline can cut across a one-pixel gap
of the source (between a balloon and its knot) by more than half a pixel; such a pixel is
notched out of the shapes that paint it, with the clear pixels around it."""
from __future__ import annotations

import numpy as np
import shapely
from skimage.morphology import dilation, footprint_rectangle

from editor.cleanup.coverage import CoverageGrid
from editor.cleanup.refit import refit
from editor.cleanup.scope import cover_with, editable_shapes, fill_area
from editor.document import Document
from editor.geometry.repair import MIN_PIECE_AREA

MAX_ALPHA = 0.5  # a pixel painted more opaquely than this, where the source is clear, is paint
ROUNDS = 2  # a notch refitted within tolerance can still leave a pixel over MAX_ALPHA: once more


def clear_transparent(doc: Document, source_alpha: np.ndarray, tolerance: float) -> int:
    """Notch, in place, every pixel where the source's `source_alpha` (its (H, W) alpha, over
    the whole canvas) is 0 but the document paints more than MAX_ALPHA out of the editable
    filled shapes that paint it (a shape left in crumbs beside the notch, none of them
    MIN_PIECE_AREA, goes when no outline fits them); returns how many such pixels no longer are."""
    grid = CoverageGrid(doc)  # its cells are fixed by the canvas size: the clear ones once
    step, clear = grid.step, _clear_cells(source_alpha, grid)
    leaking_before = leaking = _leaking(doc, clear)
    for _ in range(ROUNDS):
        if not leaking.any():
            break
        # The clear pixels next to those too: a cut of the leaking ones alone would leave the
        # two sides joined by slivers over the gap's faintly painted ends.
        rows, cols = np.nonzero(dilation(leaking, footprint_rectangle((5, 5))) & clear)
        notch = shapely.union_all(shapely.box(cols * step, rows * step, (cols + 1) * step, (rows + 1) * step))
        slivers = set()
        for _, shape in editable_shapes(doc):
            region = fill_area(shape)
            if shape.stroke is None and region.intersection(notch).area > 0:
                rest = region.difference(notch)
                crumbs = max((piece.area for piece in shapely.get_parts(rest)), default=0.0) < MIN_PIECE_AREA
                if not refit(shape, rest, tolerance / 2) and crumbs:
                    slivers.add(id(shape))  # a shape painted over the gap itself, in crumbs beside it
        for layer in doc.layers:
            layer.shapes = [s for s in layer.shapes if id(s) not in slivers]
        leaking = _leaking(doc, clear)
    return int((leaking_before & ~leaking).sum())


def _leaking(doc: Document, clear: np.ndarray) -> np.ndarray:
    """(rows, cols) of the coverage grid: True where the source is `clear` but the document
    paints more than MAX_ALPHA."""
    return (1.0 - _painted(doc).transmittance > MAX_ALPHA) & clear


def _painted(doc: Document) -> CoverageGrid:
    """The grid with every visible shape's paint recorded: 1 - transmittance is its alpha."""
    grid = CoverageGrid(doc)
    for layer, shape in doc.iter_shapes():
        if layer.visible and shape.visible:
            cover_with(grid, shape)
    return grid


def _clear_cells(source_alpha: np.ndarray, grid: CoverageGrid) -> np.ndarray:
    """(rows, cols): True for the grid cells in which every source pixel is clear (the
    source spans the canvas, at its own resolution)."""
    height, width = source_alpha.shape
    row_starts = np.minimum((np.arange(grid.rows) * height) // grid.rows, height - 1)
    col_starts = np.minimum((np.arange(grid.cols) * width) // grid.cols, width - 1)
    painted = np.maximum.reduceat(np.maximum.reduceat(source_alpha > 0, row_starts, axis=0), col_starts, axis=1)
    return ~painted
