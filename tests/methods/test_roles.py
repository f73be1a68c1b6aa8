"""A placed region's role: highlight and shadow are shading of the paint beneath, a line is
thin, long and dark; anything else (another colour, the background, a sliver) has none."""
from __future__ import annotations

import numpy as np
import pytest

from editor.document import Role
from editor.methods import PlacementContext, region_role
from editor.registry.loading import load_method

SIZE = 128
GOLD = np.array([1.0, 0.8, 0.1])


def disk(cx: float, cy: float, r: float) -> np.ndarray:
    rows, cols = np.mgrid[:SIZE, :SIZE]
    return (cols + 0.5 - cx) ** 2 + (rows + 0.5 - cy) ** 2 <= r * r


FACE = disk(64, 64, 56)


def context(patch: np.ndarray, color: np.ndarray, rgba: bool = False) -> PlacementContext:
    """A gold face over white (RGB) or over nothing (premultiplied RGBA); the target has
    `patch` painted `color` on top of it."""
    render = np.where(FACE[..., None], GOLD, 1.0)
    target = np.where(patch[..., None], color, render)
    if rgba:
        alpha = FACE.astype(np.float64)[..., None]
        render = np.concatenate([render * alpha, alpha], axis=-1)
        target = np.concatenate([target * alpha, alpha], axis=-1)
    return PlacementContext(target, render, np.square(render - target).sum(-1), np.random.default_rng(0),
                            FACE.astype(np.float32))


SPOT = disk(40, 50, 7)
BAND = np.zeros((SIZE, SIZE), dtype=bool)
BAND[80:83, 30:100] = True  # 3 px wide, 70 px long


@pytest.mark.parametrize("rgba", [False, True])
@pytest.mark.parametrize("patch, color, role", [
    (SPOT, GOLD * 0.75, Role.SHADOW),  # the face's colour, less light
    (SPOT, 1.0 - (1.0 - GOLD) * 0.5, Role.HIGHLIGHT),  # halfway to white
    (BAND, np.array([0.3, 0.15, 0.05]), Role.LINE),  # a dark brown stroke
    (SPOT, np.array([0.3, 0.15, 0.05]), None),  # a brown eye: keeps too little light for shading
    (SPOT, np.array([0.05, 0.05, 0.05]), None),  # a pupil
    (SPOT, np.array([1.0, 1.0, 1.0]), None),  # the white of an eye
    (SPOT, np.array([0.2, 0.4, 0.9]), None),  # another colour
    (disk(4, 4, 4), GOLD * 0.75, None),  # over the background, not on the face
])
def test_a_region_gets_the_role_its_colour_plays_on_the_paint_beneath(patch, color, role, rgba) -> None:
    assert region_role(patch, context(patch, color, rgba)) == role


def test_a_sliver_along_an_edge_gets_no_role() -> None:
    sliver = np.zeros((SIZE, SIZE), dtype=bool)
    sliver[60, 20:100] = True  # one pixel wide: an edge's anti-aliased residue
    assert region_role(sliver, context(sliver, GOLD * 0.75)) is None


def test_segmentation_places_a_glint_as_a_highlight() -> None:
    ctx = context(SPOT, 1.0 - (1.0 - GOLD) * 0.5)
    shapes = load_method("segmentation").place(ctx, 1)
    assert [s.role for s in shapes] == [Role.HIGHLIGHT]
