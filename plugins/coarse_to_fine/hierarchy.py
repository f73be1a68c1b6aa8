"""Progressively simplified versions of an image, made with classical tools.

Superpixels (Felzenszwalb's graph segmentation, which smooths a little and follows edges)
are merged greedily by mean Lab colour (a region adjacency graph), to a colour threshold per
level, finest first. Each level merges the regions of the level below it, so the levels
nest: every coarse region is a union of finer ones. Merging by the mean colour of the
merged region (not by the closest pair of neighbours) stops long chains of similar
neighbours from leaking a region across a soft edge into the background.

A level's simplified image paints every region with the fill fitted to it (solid, linear or
radial): the structure is simplified, the shading that a gradient can carry is kept.
"""
from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from skimage import graph, measure
from skimage.color import rgb2lab
from skimage.segmentation import felzenszwalb

from editor.methods import Fill, FitKind, FittedFill, evaluate, fit_region_fill

SUPERPIXEL_SIGMA = 0.6  # Felzenszwalb's pre-smoothing (px)


@dataclass
class Level:
    """One simplification level: regions 1..n of `labels` and, once asked for, their fills."""

    labels: np.ndarray  # (H, W) int, 1..n
    threshold: float  # Lab colour distance up to which regions were merged
    _fits: dict[tuple[int, tuple[FitKind, ...]], FittedFill] = field(default_factory=dict, repr=False)

    @property
    def count(self) -> int:
        return int(self.labels.max())

    def fit(self, region: int, image: np.ndarray, kinds: Sequence[FitKind]) -> FittedFill:
        """The fill of `kinds` fitted to `image` over a region (cached: `image` must always
        be the image the levels were built from)."""
        key = (region, tuple(kinds))
        if key not in self._fits:
            self._fits[key] = fit_region_fill(self.labels == region, image, kinds)
        return self._fits[key]

    def simplified(self, image: np.ndarray, kinds: Sequence[FitKind]) -> np.ndarray:
        """The image with every region painted by its fitted fill, in the image's form (RGB,
        or premultiplied RGBA), float32."""
        out = np.empty(image.shape, dtype=np.float32)
        for region, (rows, cols) in enumerate(_pixels_by_label(self.labels), start=1):
            fill = self.fit(region, image, kinds).fill
            out[rows, cols] = fill_pixels(fill, rows, cols, image.shape[-1])
        return out


def fill_pixels(fill: Fill, rows: np.ndarray, cols: np.ndarray, channels: int) -> np.ndarray:
    """A fill at pixel centres, (P, channels): RGB, or premultiplied RGBA when channels is 4."""
    rgba = evaluate(fill, cols + 0.5, rows + 0.5)
    if channels == 3:
        return rgba[..., :3]
    return np.concatenate([rgba[..., :3] * rgba[..., 3:], rgba[..., 3:]], axis=-1)


def build_levels(
    image: np.ndarray, thresholds: Sequence[float], superpixel_scale: float, min_size: int
) -> list[Level]:
    """Levels coarse → fine, one per threshold (Lab ΔE; larger merges more).

    A premultiplied RGBA image is segmented as seen over white, and every region is cut
    where the image turns transparent, so no region mixes the subject with empty canvas.
    """
    opaque = None
    if image.shape[-1] == 4:
        opaque = image[..., 3] > 0.5
        image = image[..., :3] + (1.0 - image[..., 3:])
    superpixels = felzenszwalb(image, scale=superpixel_scale, sigma=SUPERPIXEL_SIGMA, min_size=min_size)
    lab = rgb2lab(image)
    labels = superpixels
    levels = []
    for threshold in sorted(thresholds):
        # A min_size as large as the image leaves one superpixel: nothing to merge, and
        # skimage's region graph has no node for a region without neighbours.
        if labels.min() != labels.max():
            rag = graph.rag_mean_color(lab, labels)
            labels = graph.merge_hierarchical(
                labels, rag, thresh=threshold, rag_copy=False, in_place_merge=True,
                merge_func=_merge_mean_color, weight_func=_mean_color_distance,
            )
        levels.append(Level(_compact(labels if opaque is None else 2 * labels + opaque), threshold))
    return levels[::-1]


def _mean_color_distance(rag: graph.RAG, src: int, dst: int, neighbour: int) -> dict[str, float]:
    diff = rag.nodes[dst]["mean color"] - rag.nodes[neighbour]["mean color"]
    return {"weight": float(np.linalg.norm(diff))}


def _merge_mean_color(rag: graph.RAG, src: int, dst: int) -> None:
    node = rag.nodes[dst]
    node["total color"] += rag.nodes[src]["total color"]
    node["pixel count"] += rag.nodes[src]["pixel count"]
    node["mean color"] = node["total color"] / node["pixel count"]


def _compact(labels: np.ndarray) -> np.ndarray:
    """Labels renumbered 1..n, each region one 4-connected piece (a merge only joins
    neighbours, but Felzenszwalb's superpixels may touch diagonally only)."""
    return measure.label(labels + 1, connectivity=1, background=0).astype(np.int32)


def _pixels_by_label(labels: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """(rows, cols) of each label 1..n, in one pass over the image."""
    flat = labels.ravel()
    order = np.argsort(flat, kind="stable")
    bounds = np.searchsorted(flat[order], np.arange(1, int(flat.max()) + 2))
    rows, cols = np.divmod(order, labels.shape[1])
    return [(rows[a:b], cols[a:b]) for a, b in itertools.pairwise(bounds)]
