"""The colour side of a shape's role: what a colour does to the paint beneath it.

Shading keeps the surface's colour and changes its light: a shadow is the surface multiplied
by a grey, a highlight the surface screened with a grey (its colour moves toward white). A
colour of another hue, or one that keeps too little of the light (brown eyes on a yellow
face, the white of an eye) is no shading. A line's colour is ink: much darker than the paint
it is drawn over, whatever its hue. Methods judge a placed region with these tests
(`editor.methods.roles`); clean-up checks a role again against the final colours.
"""
from __future__ import annotations

import numpy as np
from skimage.color import rgb2lab

from editor.document.model import Role

LIGHTNESS_STEP = 5.0  # CIELAB L*: shading changes the light at least this much …
SHADOW_KEPT = (0.55, 0.92)  # … a shadow keeping this share of the light,
HIGHLIGHT_KEPT = (0.3, 0.92)  # … a highlight this share of the darkness (white keeps none)
SHADING_FIT = 0.12  # largest residual of that one-grey fit, relative to the surface colour
INK_STEP = 20.0  # CIELAB L*: ink is at least this much darker than the paint beneath


def shading(color: np.ndarray, surface: np.ndarray) -> Role | None:
    """SHADOW or HIGHLIGHT when straight RGB `color` is `surface` with less or more light;
    None otherwise."""
    lightness = lightness_change(color, surface)
    if lightness <= -LIGHTNESS_STEP and _one_grey(color, surface, SHADOW_KEPT):
        return Role.SHADOW
    if lightness >= LIGHTNESS_STEP and _one_grey(1.0 - color, 1.0 - surface, HIGHLIGHT_KEPT):
        return Role.HIGHLIGHT  # screen: the distance to white is a grey times the surface's
    return None


def is_ink(color: np.ndarray, surface: np.ndarray) -> bool:
    return lightness_change(color, surface) <= -INK_STEP


def role_holds(role: Role, color: np.ndarray, surface: np.ndarray) -> bool:
    """Whether `color` over `surface` still plays `role` (a line's shape is not judged here)."""
    return is_ink(color, surface) if role is Role.LINE else shading(color, surface) is role


def lightness_change(color: np.ndarray, surface: np.ndarray) -> float:
    lab = rgb2lab(np.clip(np.stack([color, surface]), 0.0, 1.0)[None, :, :])[0]
    return float(lab[0, 0] - lab[1, 0])


def _one_grey(color: np.ndarray, surface: np.ndarray, kept: tuple[float, float]) -> bool:
    """Whether color ≈ k · surface (least squares) for a grey k in `kept`."""
    norm = float(surface @ surface)
    if norm <= 1e-6:
        return False
    k = float(color @ surface) / norm
    residual = float(np.linalg.norm(color - k * surface)) / np.sqrt(norm)
    low, high = kept
    return low <= k <= high and residual <= SHADING_FIT
