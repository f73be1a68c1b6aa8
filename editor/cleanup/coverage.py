"""A cheap coverage raster of the canvas: which sample points a region covers, and how much
light (transmittance) still reaches each point through the paint above it."""
from __future__ import annotations

from collections.abc import Callable

import numpy as np
import shapely
from PIL import Image, ImageDraw

from editor.document import Document

# A paint's alpha: one value, or a function of cell-centre coordinates (xs, ys) -> alphas.
Opacity = float | Callable[[np.ndarray, np.ndarray], np.ndarray]

MAX_SAMPLES = 1024  # per side: the grid is at most 1024 × 1024 whatever the canvas size
SAMPLES_PER_PX = 2.0  # per side, on canvases small enough


class CoverageGrid:
    """Sample points at cell centres over the canvas, with the transmittance left at each."""

    def __init__(self, doc: Document) -> None:
        self.step = 1.0 / min(SAMPLES_PER_PX, MAX_SAMPLES / max(doc.width, doc.height, 1.0))
        self.cols = max(int(np.ceil(doc.width / self.step)), 1)
        self.rows = max(int(np.ceil(doc.height / self.step)), 1)
        self.transmittance = np.ones((self.rows, self.cols))

    def cells(self, region: shapely.Geometry) -> tuple[slice, slice, np.ndarray] | None:
        """The rows and columns of the region's bounding box, and how much of each of their
        cells it covers; None when it covers none."""
        if region.is_empty:
            return None
        x0, y0, x1, y1 = region.bounds
        c0, c1 = max(int(np.floor(x0 / self.step)), 0), min(int(np.ceil(x1 / self.step)), self.cols)
        r0, r1 = max(int(np.floor(y0 / self.step)), 0), min(int(np.ceil(y1 / self.step)), self.rows)
        if c0 >= c1 or r0 >= r1:
            return None
        return slice(r0, r1), slice(c0, c1), _rasterize(region, self.step, c0, r0, c1 - c0, r1 - r0)

    def shown_share(self, region: shapely.Geometry, opacity: Opacity) -> float:
        """Share of the paint of opacity `opacity` over the region that shows through the
        paint recorded so far (each cell weighted by the paint's own alpha there, so the
        transparent rim of a gradient counts for little); 0 when it paints nothing."""
        found = self.cells(region)
        if found is None:
            return 0.0
        rows, cols, coverage = found
        painted = coverage * self._alpha(opacity, rows, cols)
        total = float(painted.sum())
        return float((self.transmittance[rows, cols] * painted).sum()) / total if total > 0 else 0.0

    def cover(self, region: shapely.Geometry, opacity: Opacity) -> None:
        """Record paint of opacity `opacity` over the region."""
        found = self.cells(region)
        if found is not None and (callable(opacity) or opacity > 0):  # clear paint hides nothing
            rows, cols, coverage = found
            self.transmittance[rows, cols] *= 1.0 - self._alpha(opacity, rows, cols) * coverage

    def _alpha(self, opacity: Opacity, rows: slice, cols: slice) -> np.ndarray | float:
        if not callable(opacity):
            return opacity
        ys = (np.arange(rows.start, rows.stop) + 0.5) * self.step
        xs = (np.arange(cols.start, cols.stop) + 0.5) * self.step
        return opacity(xs[None, :], ys[:, None])


def _rasterize(region: shapely.Geometry, step: float, col: int, row: int, cols: int, rows: int) -> np.ndarray:
    """(rows, cols) coverage in {0, 1} of the grid cells from (row, col), holes taken out:
    Pillow's scan conversion, which counts cells the boundary touches in full — a thin sliver
    counts as a little more visible than it is, so burial errs on keeping a shape."""
    image = Image.new("L", (cols, rows), 0)
    draw = ImageDraw.Draw(image)
    origin = np.array([col, row], dtype=np.float64) + 0.5  # Pillow's cell (i, j) is centred at (i, j)

    def grid(ring: shapely.LinearRing) -> list[tuple[float, float]]:
        return [tuple(p) for p in np.asarray(ring.coords) / step - origin]

    for piece in shapely.get_parts(region):
        if isinstance(piece, shapely.Polygon) and not piece.is_empty:
            draw.polygon(grid(piece.exterior), fill=1)
            for hole in piece.interiors:
                draw.polygon(grid(hole), fill=0)
    return np.asarray(image, dtype=np.float64)
