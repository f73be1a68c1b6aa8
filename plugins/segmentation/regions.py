"""Gradient-aware segmentation of the residual (SGLIVE's placement, re-implemented from the
paper's description with scikit-image), and the radial gradient that starts a region's path.

Inside a region the target differs from the render by a smooth gradient, whose Laplacian is
~0; at the region's border it spikes. So the Laplacian of the residual, binarised, is a map
of region borders, and a watershed of it splits the residual into regions that one
radial-gradient path each can fix.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import ndimage
from skimage.filters import threshold_multiotsu, threshold_otsu
from skimage.morphology import closing, diamond
from skimage.segmentation import expand_labels, watershed

from editor.methods import RadialGradient, fit_radial, region_pixels

# Squared-error threshold below which a pixel counts as fixed: Otsu's, kept in this range.
ERROR_THRESHOLD_RANGE = (0.04, 0.1)
EXPAND_PX = 2  # labels grow over the border pixels the closing left unlabelled
GRADIENT_DIAMETER_RANGE = (0.2, 1.0)  # of the canvas size, per axis
_LAPLACIAN = np.array([[1, 1, 1], [1, -8, 1], [1, 1, 1]], dtype=np.float32)


@dataclass(frozen=True)
class Region:
    """A part of the residual that one new path should fix."""

    mask: np.ndarray  # (H, W) bool, grown by EXPAND_PX over the border around it
    core: np.ndarray  # (H, W) bool: the mask's pixels above the error threshold
    error: float  # summed squared error inside the mask
    seed: tuple[int, int]  # (row, col): the core's pixel nearest its centroid
    box: tuple[int, int, int, int]  # row0, col0, row1, col1 (exclusive) of the core

    @property
    def area(self) -> int:
        return int(self.mask.sum())


def error_threshold(error: np.ndarray) -> float:
    """Otsu's threshold of the squared error, clipped to ERROR_THRESHOLD_RANGE."""
    low, high = ERROR_THRESHOLD_RANGE
    if float(error.max()) <= float(error.min()):
        return low
    return min(max(float(threshold_otsu(error)), low), high)


def residual_labels(render: np.ndarray, target: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """Labels (H, W) int of the residual's regions (0: nothing to fix), the per-pixel squared
    error (H, W) and the threshold that decides what is fixed. Labels run 1..max without
    gaps; each region is connected (a watershed basin, grown by EXPAND_PX)."""
    residual = render - target
    error = np.square(residual).sum(axis=-1)
    threshold = error_threshold(error)
    significant = error >= threshold
    if not significant.any():
        return np.zeros(error.shape, dtype=np.int32), error, threshold
    residual = np.where(significant[..., None], residual, 0.0)
    edges = sum(
        np.abs(ndimage.convolve(residual[..., c], _LAPLACIAN, mode="nearest"))
        for c in range(residual.shape[-1])
    )
    peak = float(edges.max())
    border = np.zeros(error.shape, dtype=bool)
    if peak > 0:
        edges = edges / peak
        if np.unique(edges).size >= 3:  # multi-Otsu needs at least as many values as classes
            border = edges > threshold_multiotsu(edges)[0]
    border = closing(border, diamond(1))
    # Without markers, every flat basin of the border map (a region's inside) seeds a label
    # and the flood hands each border pixel to a neighbouring basin.
    labels = watershed(border.astype(np.uint8), connectivity=1, mask=significant)
    return expand_labels(labels, EXPAND_PX), error, threshold


def ranked_regions(render: np.ndarray, target: np.ndarray, count: int) -> list[Region]:
    """Up to `count` regions of the residual, largest summed squared error first; regions
    whose mean error is below the threshold are skipped."""
    labels, error, threshold = residual_labels(render, target)
    num = int(labels.max())
    if num == 0:
        return []
    index = np.arange(1, num + 1)
    sums = ndimage.sum_labels(error, labels, index)
    areas = ndimage.sum_labels(np.ones_like(error), labels, index)
    means = sums / np.maximum(areas, 1)
    order = [int(i) for i in np.argsort(-sums, kind="stable") if means[i] >= threshold]
    significant = error >= threshold
    regions = []
    for i in order[:count]:
        mask = labels == i + 1
        core = mask & significant
        if not core.any():  # a mean above the threshold has pixels above it; be safe anyway
            core = mask
        rows, cols = ndimage.find_objects(core.astype(np.int8))[0]
        regions.append(Region(mask, core, float(sums[i]), _nearest_to_centroid(core),
                              (rows.start, cols.start, rows.stop, cols.stop)))
    return regions


def region_gradient(region: Region, target: np.ndarray) -> RadialGradient:
    """A radial gradient centred on the region's seed, its radii from the region's box
    (diameter clipped to GRADIENT_DIAMETER_RANGE of the canvas), its two stop colours the
    least-squares fit of the target over the region's core (not just the seed's colour
    twice, as SGLIVE starts: the fit is free and leaves the optimizer less to do; the grown
    border would mix in the colour around the region)."""
    height, width = region.mask.shape
    row0, col0, row1, col1 = region.box
    low, high = GRADIENT_DIAMETER_RANGE
    radius = (0.5 * float(np.clip(col1 - col0, low * width, high * width)),
              0.5 * float(np.clip(row1 - row0, low * height, high * height)))
    center = (region.seed[1] + 0.5, region.seed[0] + 0.5)
    points, colors = region_pixels(region.core, target)
    fill = fit_radial(points, colors, center, radius).fill
    assert isinstance(fill, RadialGradient)
    return fill


def _nearest_to_centroid(mask: np.ndarray) -> tuple[int, int]:
    rows, cols = np.nonzero(mask)
    i = int(((rows - rows.mean()) ** 2 + (cols - cols.mean()) ** 2).argmin())
    return int(rows[i]), int(cols[i])
