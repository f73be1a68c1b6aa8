"""Fills fitted to an image region by least squares: a solid colour, a linear gradient along
the direction the colour changes most, or a radial gradient around the shading's centre.

Methods use these to start a path from a region with the fill that already looks right, so
the optimizer refines instead of discovering; every fit is a few small linear solves.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

from editor.document import (
    Fill,
    GradientStop,
    LinearGradient,
    RadialGradient,
    SolidFill,
)

FitKind = Literal["solid", "linear", "radial"]
_RIDGE = 1e-3  # per pixel: keeps a region whose t barely varies well-posed
_MIN_SPAN = 1.0  # px: a gradient shorter than this is a solid colour


@dataclass(frozen=True)
class FittedFill:
    fill: Fill
    sse: float  # summed squared RGB error of the fit over the region


def region_pixels(mask: np.ndarray, image: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pixel centres (P, 2) as x, y and their colours (P, C) inside `mask` (RGB, or
    premultiplied RGBA: fits then run on premultiplied values and stops come out straight)."""
    rows, cols = np.nonzero(mask)
    return np.stack([cols + 0.5, rows + 0.5], axis=1), image[rows, cols].astype(np.float64)


def fit_solid(colors: np.ndarray) -> FittedFill:
    mean = colors.mean(axis=0)
    return FittedFill(SolidFill(target_color(mean)), float(np.square(colors - mean).sum()))


def fit_ramp(t: np.ndarray, colors: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """Stop colours c0, c1 minimising Σ |(1 − t)·c0 + t·c1 − colour|² over t in [0, 1],
    pulled slightly towards the mean colour; returns them clipped to [0, 1] and the SSE."""
    t = np.clip(t, 0.0, 1.0)
    basis = np.stack([1.0 - t, t], axis=1)
    ridge = _RIDGE * len(t)
    mean = colors.mean(axis=0)
    gram = basis.T @ basis + ridge * np.eye(2)
    c0, c1 = np.clip(np.linalg.solve(gram, basis.T @ colors + ridge * mean[None, :]), 0.0, 1.0)
    sse = float(np.square(basis @ np.stack([c0, c1]) - colors).sum())
    return c0, c1, sse


def fit_radial(
    points: np.ndarray, colors: np.ndarray, center: ArrayLike, radius: ArrayLike
) -> FittedFill:
    """The two-stop radial gradient with this centre and these radii that fits best."""
    middle = np.asarray(center, dtype=np.float64)
    radii = np.maximum(np.asarray(radius, dtype=np.float64), 0.5)
    t = np.hypot(*((points - middle) / radii).T)
    c0, c1, sse = fit_ramp(t, colors)
    fill = RadialGradient(_pair(middle), _pair(radii), _stops(c0, c1))
    return FittedFill(fill, sse)


def fit_linear(points: np.ndarray, colors: np.ndarray) -> FittedFill | None:
    """A two-stop linear gradient along the direction in which the colour changes most (from
    an affine least-squares fit), spanning the region; None when the colour is flat."""
    centroid = points.mean(axis=0)
    offsets = points - centroid
    design = np.column_stack([np.ones(len(points)), offsets])
    coef, *_ = np.linalg.lstsq(design, colors, rcond=None)
    slopes = coef[1:].T  # (3, 2): colour change per px in x and y
    if not np.any(slopes):
        return None
    direction = np.linalg.svd(slopes)[2][0]
    along = offsets @ direction
    low, high = float(along.min()), float(along.max())
    if high - low < _MIN_SPAN:
        return None
    c0, c1, sse = fit_ramp((along - low) / (high - low), colors)
    start, end = centroid + low * direction, centroid + high * direction
    return FittedFill(LinearGradient(_pair(start), _pair(end), _stops(c0, c1)), sse)


def shading_center(points: np.ndarray, colors: np.ndarray) -> np.ndarray:
    """Where the region's brightness peaks or dips (stationary point of a quadratic fit),
    or its centroid when that point is ill-defined or far outside the region's box."""
    centroid = points.mean(axis=0)
    if len(points) < 6:
        return centroid
    x, y = (points - centroid).T
    design = np.column_stack([np.ones_like(x), x, y, x * x, x * y, y * y])
    _, bx, by, dxx, dxy, dyy = np.linalg.lstsq(design, colors.mean(axis=1), rcond=None)[0]
    hessian = np.array([[2 * dxx, dxy], [dxy, 2 * dyy]])
    if abs(np.linalg.det(hessian)) < 1e-12:
        return centroid
    peak = centroid + np.linalg.solve(hessian, -np.array([bx, by]))
    low, high = points.min(axis=0), points.max(axis=0)
    margin = 0.25 * (high - low)
    inside = np.all(peak >= low - margin) and np.all(peak <= high + margin)
    return peak if inside and np.isfinite(peak).all() else centroid


def fit_region_fill(
    mask: np.ndarray, image: np.ndarray, kinds: Sequence[FitKind] = ("solid", "linear", "radial"),
    gradient_gain: float = 0.2,
) -> FittedFill:
    """The best of `kinds` for the region; a gradient must cut the solid fit's error by
    `gradient_gain` (a share) to be chosen, so flat regions stay flat and simple."""
    points, colors = region_pixels(mask, image)
    solid = fit_solid(colors)
    candidates: list[FittedFill] = []
    if "linear" in kinds:
        linear = fit_linear(points, colors)
        if linear is not None:
            candidates.append(linear)
    if "radial" in kinds:
        center = shading_center(points, colors)
        reach = np.abs(points - center).max(axis=0)
        candidates.append(fit_radial(points, colors, center, reach))
    best = min(candidates, key=lambda fit: fit.sse, default=None)
    if best is None or ("solid" in kinds and best.sse > (1.0 - gradient_gain) * solid.sse):
        return solid
    return best


def _stops(c0: np.ndarray, c1: np.ndarray) -> list[GradientStop]:
    return [GradientStop(0.0, target_color(c0)), GradientStop(1.0, target_color(c1))]


def target_color(pixel: np.ndarray) -> tuple[float, float, float, float]:
    """A target pixel (RGB, or premultiplied RGBA) as the straight RGBA colour a fill uses."""
    values = np.clip(np.asarray(pixel, dtype=np.float64), 0.0, 1.0)
    if len(values) == 3:
        return (float(values[0]), float(values[1]), float(values[2]), 1.0)
    alpha = float(values[3])
    rgb = values[:3] / alpha if alpha > 1e-6 else np.zeros(3)
    r, g, b = (float(c) for c in np.clip(rgb, 0.0, 1.0))
    return (r, g, b, alpha)


def _pair(values: np.ndarray) -> tuple[float, float]:
    return float(values[0]), float(values[1])
