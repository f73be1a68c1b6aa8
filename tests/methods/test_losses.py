"""Shared loss terms and component-wise placement."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from editor.document import Shape, circle_points
from editor.methods.losses import outline_distance, udf_weights, weighted_mse, xing_loss
from editor.methods.placement import error_region_seeds
from editor.render.scene import RenderShape, render_shape


def test_outline_distance_of_a_circle():
    shape = render_shape(Shape(circle_points(20, 20, 8)))
    d = outline_distance([shape], 40, 40)
    assert abs(d[20, 20] - 8) <= 1.0  # centre: one radius from the outline
    assert d[20, 28] <= 1.0 and abs(d[20, 38] - 10) <= 1.0
    assert np.isinf(outline_distance([], 10, 10)).all()


def test_udf_weights_decay_with_distance_and_accumulate():
    d = np.array([[0.0, 5.0, 10.0, 20.0]], dtype=np.float32)
    w = udf_weights(d, tau=10.0)
    np.testing.assert_allclose(w, [[1.0, 0.5, 0.0, 0.0]])
    np.testing.assert_allclose(udf_weights(d, 10.0, previous=np.full_like(d, 0.7)), [[1, 1, 0.7, 0.7]])


def test_weighted_mse_ignores_zero_weight_pixels():
    render = torch.zeros(2, 2, 4)
    target = torch.ones(2, 2, 3)
    weights = torch.tensor([[1.0, 0.0], [0.0, 0.0]])
    assert float(weighted_mse(render, target, weights)) == 0.75  # 3 channels / 4 pixels


def test_xing_loss_is_zero_for_a_circle_and_positive_for_a_fold():
    circle = render_shape(Shape(circle_points(0, 0, 5)))
    assert float(xing_loss([circle])) == 0.0
    # A→B→C→D crosses itself (a bow tie): the first segment scores 1, the second 0.
    folded = torch.tensor([[0, 0], [4, 4], [0, 4], [4, 0], [3, -2], [1, -2]], dtype=torch.float32,
                          requires_grad=True)
    loss = xing_loss([RenderShape(points=folded)])
    assert float(loss.detach()) == pytest.approx(0.5)
    loss.backward()
    assert torch.isfinite(folded.grad).all()
    degenerate = RenderShape(points=torch.zeros(12, 2, requires_grad=True))
    assert torch.isfinite(xing_loss([degenerate]))


def test_seeds_go_to_the_largest_uniform_error_regions_first():
    error = np.zeros((30, 30), dtype=np.float32)
    error[2:12, 2:12] = 0.5  # 100 px
    error[15:28, 15:28] = 0.8  # 169 px: the largest
    error[20, 2] = 0.05  # below the threshold
    seeds = error_region_seeds(error, 3)
    assert len(seeds) == 2  # only two regions matter
    assert 15 <= seeds[0][0] < 28 and 15 <= seeds[0][1] < 28
    assert 2 <= seeds[1][0] < 12 and 2 <= seeds[1][1] < 12
    assert error_region_seeds(np.zeros((5, 5)), 2) == []
