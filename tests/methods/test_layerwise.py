"""The layer-wise (LIVE) method: schedule, placement, losses, and an end-to-end trace."""
from __future__ import annotations

import numpy as np
import pytest

from editor.document import SolidFill
from editor.engine.session import Session
from editor.methods import PlacementContext, TraceState
from editor.methods.schedule import FINAL_LR_FACTOR, stage_sizes
from editor.registry.loading import load_method
from plugins.layerwise import method as layerwise

SIZE = 48


def flat_target() -> np.ndarray:
    """Three flat regions on white: an orange disc, a green bar, a dark dot on the disc."""
    yy, xx = np.mgrid[0:SIZE, 0:SIZE] + 0.5
    img = np.ones((SIZE, SIZE, 3), dtype=np.float32)
    img[(xx - 18) ** 2 + (yy - 20) ** 2 < 12**2] = (1.0, 0.6, 0.1)
    img[(xx > 6) & (xx < 42) & (yy > 36) & (yy < 44)] = (0.1, 0.6, 0.2)
    img[(xx - 20) ** 2 + (yy - 18) ** 2 < 3**2] = (0.2, 0.1, 0.1)
    return img


@pytest.mark.parametrize(
    "num_paths, schedule, per_stage, expected",
    [
        (16, "exponential", 4, [1, 1, 2, 4, 8]),
        (64, "exponential", 4, [1, 1, 2, 4, 8, 16, 32]),
        (20, "exponential", 4, [1, 1, 2, 4, 8, 4]),
        (10, "fixed", 4, [4, 4, 2]),
        (1, "exponential", 4, [1]),
    ],
)
def test_stage_sizes(num_paths, schedule, per_stage, expected):
    assert stage_sizes(num_paths, schedule, per_stage) == expected


def test_schedule_then_final_stage_then_done():
    method = load_method("layerwise", num_paths=4, final_steps=10, older_rate=0.0)
    adds = []
    while (stage := method.next_stage(TraceState(len(adds), 0, 0))) is not None:
        adds.append((stage.add, stage.older_rate_scale))
    assert adds == [(1, 0.0), (1, 0.0), (2, 0.0), (0, 1.0)]  # the last trains everything
    refine = method.next_stage(TraceState(4, 4, pending_shapes=1))
    assert refine is not None and refine.add == 0  # designer-added shapes still get a stage


def test_learning_rate_decays_linearly_within_a_stage():
    method = load_method("layerwise", max_steps=100)
    stage = method.next_stage(TraceState(0, 0, 0))
    assert method.lr_scale(stage, 0) == 1.0
    assert method.lr_scale(stage, 100) == pytest.approx(FINAL_LR_FACTOR)


def test_place_puts_target_colored_circles_on_the_largest_error_regions():
    target = flat_target()
    render = np.ones_like(target)
    ctx = PlacementContext(target, render, ((render - target) ** 2).sum(-1), np.random.default_rng(0),
                           np.zeros(target.shape[:2]))
    shapes = load_method("layerwise", segments=4, init_scale=0.0).place(ctx, 2)
    assert len(shapes) == 2
    first = shapes[0]
    cx, cy = first.points.mean(axis=0)
    assert (cx - 18) ** 2 + (cy - 20) ** 2 < 12**2  # inside the disc, the largest region
    assert isinstance(first.fill, SolidFill)
    np.testing.assert_allclose(first.fill.color, (1.0, 0.6, 0.1, 1.0), atol=1e-6)
    assert first.points.shape == (12, 2) and first.closed  # 4 cubic segments
    np.testing.assert_allclose(np.linalg.norm(first.points[::3] - (cx, cy), axis=1), 5.0)  # LIVE's


def test_place_sizes_circles_to_their_region():
    target = flat_target()
    render = np.ones_like(target)
    ctx = PlacementContext(target, render, ((render - target) ** 2).sum(-1), np.random.default_rng(0),
                           np.zeros(target.shape[:2]))
    disc = load_method("layerwise", segments=8, init_scale=1.0).place(ctx, 1)[0]
    assert disc.points.shape == (24, 2)
    radius = np.linalg.norm(disc.points[::3] - disc.points[::3].mean(axis=0), axis=1)
    assert 9.0 < radius.mean() < 13.0  # about the orange disc's radius (12 px, dot excluded)


def test_traces_flat_image_with_few_paths_and_one_distance_per_stage(monkeypatch):
    calls = []
    real = layerwise.outline_distance
    monkeypatch.setattr(layerwise, "outline_distance", lambda *a: calls.append(1) or real(*a))
    method = load_method("layerwise", num_paths=4, max_steps=80, final_steps=40, udf=True)
    # The method's own structure: without the repair's pieces of knotted outlines.
    session = Session(flat_target(), method, seed=0, device="cpu", simple_outlines=False)
    session.run()
    snap = session.snapshot()
    assert snap.psnr > 27.0
    doc = session.document()
    assert [len(layer.shapes) for layer in doc.layers] == [1, 1, 2]  # a layer per stage
    assert len(calls) == 3  # once per stage that added paths, not per step
    for shape in doc.all_shapes():
        assert np.isfinite(shape.points).all()
        assert all(0.0 <= c <= 1.0 for c in shape.fill.color)
