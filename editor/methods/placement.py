"""Where new shapes go: component-wise placement at the largest error regions (LIVE's
"component-wise" initialisation, re-implemented from the paper's description)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import ndimage

_FOUR_CONNECTED = ndimage.generate_binary_structure(2, 1)


@dataclass(frozen=True)
class ErrorRegion:
    row: int  # the region's pixel nearest its centroid
    col: int
    area: int  # pixels in the region


def error_regions(
    error: np.ndarray, count: int, threshold: float = 0.1, bins: int = 200
) -> list[ErrorRegion]:
    """Up to `count` regions to fix, largest first.

    Errors below `threshold` are ignored (LIVE drops its lowest bin for this; dropping a
    bin too would lose whole regions when errors tie); the rest are binned by quantiles of
    their value, so a region of uniform colour error falls into one bin. For each region:
    the bin with most unclaimed pixels, its largest 4-connected component, and the
    component's pixel nearest its centroid; the component is then claimed so the next
    region is elsewhere. Fewer than `count` when the image is already close everywhere.
    """
    significant = error >= threshold
    if not significant.any():
        return []
    edges = np.unique(np.quantile(error[significant], np.linspace(0.0, 1.0, bins + 1)))
    labels = np.where(significant, np.digitize(error, edges[1:-1]), -1)
    regions: list[ErrorRegion] = []
    while len(regions) < count:
        counts = np.bincount(labels[labels >= 0].ravel())
        if counts.size == 0 or counts.max() == 0:
            break
        components, _ = ndimage.label(labels == int(counts.argmax()), structure=_FOUR_CONNECTED)
        sizes = np.bincount(components.ravel())
        sizes[0] = 0
        largest = int(sizes.argmax())
        component = components == largest
        regions.append(ErrorRegion(*_nearest_to_centroid(component), area=int(sizes[largest])))
        labels[component] = -1
    return regions


def error_region_seeds(
    error: np.ndarray, count: int, threshold: float = 0.1, bins: int = 200
) -> list[tuple[int, int]]:
    """The (row, col) of each of `error_regions`."""
    return [(r.row, r.col) for r in error_regions(error, count, threshold, bins)]


def _nearest_to_centroid(mask: np.ndarray) -> tuple[int, int]:
    rows, cols = np.nonzero(mask)
    d2 = (rows - rows.mean()) ** 2 + (cols - cols.mean()) ** 2
    i = int(d2.argmin())
    return int(rows[i]), int(cols[i])
