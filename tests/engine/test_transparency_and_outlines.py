"""Transparency is part of the target; the optimizer's outlines end simple.

Small canvases and few paths: these check behaviour (no paint where the source is
transparent, semi-transparent edges kept, knots repaired, designer shapes untouched), not
tracing quality.
"""
from __future__ import annotations

import numpy as np
import pytest

from editor.document import Document, Layer, Shape, SolidFill
from editor.engine.session import Session
from editor.geometry import is_simple
from editor.io.image_io import trace_target
from editor.methods import Method, PlacementContext, Stage, TraceState
from editor.registry.loading import load_method

SIZE = 48
FAST = {"num_paths": 3, "max_steps": 60, "min_steps": 20, "final_steps": 30}


def transparent_source() -> tuple[np.ndarray, np.ndarray]:
    """Straight RGB and alpha: a red disk with an anti-aliased rim and a half-transparent
    blue band on the left, on a fully transparent canvas."""
    yy, xx = np.mgrid[0:SIZE, 0:SIZE] + 0.5
    alpha = np.clip(14.0 - np.hypot(xx - 28, yy - 24) + 0.5, 0.0, 1.0)
    rgb = np.zeros((SIZE, SIZE, 3))
    rgb[...] = (0.9, 0.2, 0.1)
    alpha[:, :6] = 0.5
    rgb[:, :6] = (0.1, 0.2, 0.9)
    return rgb.astype(np.float32), alpha.astype(np.float32)


def over_white(rgb: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    return rgb * alpha[..., None] + (1.0 - alpha[..., None])


def test_trace_target_is_premultiplied_rgba_and_rgb_when_opaque() -> None:
    rgb, alpha = transparent_source()
    target = trace_target(over_white(rgb, alpha), alpha)
    assert target.shape == (SIZE, SIZE, 4)
    np.testing.assert_allclose(target[..., :3], rgb * alpha[..., None], atol=1e-6)
    np.testing.assert_allclose(target[..., 3], alpha)
    opaque = over_white(rgb, alpha)
    assert trace_target(opaque, None) is opaque


@pytest.mark.parametrize("method", ["layerwise", "segmentation", "coarse_to_fine"])
def test_transparent_source_traces_with_no_paint_outside_its_alpha(method: str) -> None:
    rgb, alpha = transparent_source()
    target = trace_target(over_white(rgb, alpha), alpha)
    session = Session(target, load_method(method, **FAST), Document(SIZE, SIZE, background=None),
                      device="cpu", repair=True)
    session.run()
    render = session.render_image()
    leak = (render[..., 3] > 0.5) & (alpha == 0)
    assert int(leak.sum()) == 0
    # The half-transparent band stays half transparent (not opaque, not dropped).
    band = render[8:40, 1:5, 3]
    assert abs(float(band.mean()) - 0.5) < 0.15
    assert float(render[20:28, 24:32, 3].mean()) > 0.9  # the disk is opaque
    assert all(is_simple(s) for s in session.document().drawn_shapes())


def test_rgba_target_over_an_opaque_background_is_traced_as_seen() -> None:
    rgb, alpha = transparent_source()
    target = trace_target(over_white(rgb, alpha), alpha)
    session = Session(target, load_method("layerwise", **FAST), Document(SIZE, SIZE), device="cpu")
    np.testing.assert_allclose(session._target.pixels, over_white(rgb, alpha), atol=1e-5)


# ------------------------------------------------------------------ simple outlines


def bow_tie(offset: float = 0.0) -> np.ndarray:
    corners = np.array([[8, 8], [40, 40 + offset], [40, 8], [8, 40]], dtype=float)
    following = np.roll(corners, -1, axis=0)
    thirds = [corners, corners + (following - corners) / 3, corners + 2 * (following - corners) / 3]
    return np.stack(thirds, axis=1).reshape(-1, 2)


class BowTieMethod(Method):
    """Places one knotted shape and barely moves it: what the repair pass must fix."""

    name = "bow-tie"
    display_name = "Bow tie"
    description = "test method"

    def next_stage(self, state: TraceState) -> Stage | None:
        return Stage(add=1, max_steps=2) if state.stage_index == 0 else None

    def place(self, ctx: PlacementContext, count: int) -> list[Shape]:
        return [Shape(bow_tie(), fill=SolidFill((1.0, 0.0, 0.0, 1.0))) for _ in range(count)]


def test_session_repairs_its_own_knots_but_not_the_designers() -> None:
    designer = Shape(bow_tie(3.0), fill=SolidFill((0.0, 0.0, 1.0, 1.0)))
    doc = Document(SIZE, SIZE, layers=[Layer("Mine", [designer])])
    target = np.ones((SIZE, SIZE, 3), np.float32)
    session = Session(target, BowTieMethod(), doc, device="cpu", repair=True)
    session.run()
    result = session.document()
    mine = result.find_shape(designer.id)
    assert mine is not None and not is_simple(mine[1])  # still the designer's knot
    np.testing.assert_allclose(mine[1].points, designer.points, atol=1e-5)  # float32 round trip
    placed = [s for s in result.all_shapes() if s.id != designer.id]
    assert placed
    assert all(is_simple(s) for s in placed)
