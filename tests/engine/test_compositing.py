"""Cached compositing of frozen runs gives the same image as rendering everything."""
from __future__ import annotations

import numpy as np
import torch

from editor.document import Shape, SolidFill, circle_points
from editor.engine.compositing import ActiveRun, FrozenRun, build_plan
from editor.render import get_renderer
from editor.render.scene import render_shape


def test_interleaved_frozen_and_active_runs_match_a_full_render():
    rng = np.random.default_rng(3)
    shapes = [
        render_shape(Shape(circle_points(*rng.uniform(8, 40, 2), rng.uniform(4, 12)),
                           fill=SolidFill((*rng.uniform(0, 1, 3), rng.uniform(0.3, 1.0)))))
        for _ in range(7)
    ]
    active = [False, False, True, False, True, True, False]
    stack = [(str(i), s, a) for i, (s, a) in enumerate(zip(shapes, active))]
    renderer = get_renderer()
    background = torch.tensor([1.0, 0.9, 0.8, 1.0])
    plan = build_plan(renderer, stack, 48, 48, background)
    assert [type(run) for run in plan.runs] == [ActiveRun, FrozenRun, ActiveRun, FrozenRun]
    with torch.no_grad():
        cached = plan.composite(renderer, {str(i): s for i, s in enumerate(shapes)}, 48, 48)
        full = renderer.render(shapes, 48, 48, background=background)
    torch.testing.assert_close(cached, full, atol=1e-5, rtol=0)


def test_everything_frozen_is_a_single_image():
    shape = render_shape(Shape(circle_points(10, 10, 5), fill=SolidFill((0, 0, 1, 1.0))))
    plan = build_plan(get_renderer(), [("a", shape, False)], 20, 20, torch.tensor([1.0, 1, 1, 1]))
    assert plan.runs == []
    assert plan.below[10, 10, 2] > 0.99 and plan.below[10, 10, 0] < 0.01
