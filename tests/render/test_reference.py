"""Our rasterizer against resvg on fixed scenes, with the tolerances stated in the README."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from editor.render import get_renderer
from tests.reference_raster import rasterize_svg_reference
from tests.render_scenes import reference_scenes

MAE_LIMIT = 0.01  # mean absolute error per channel
P99_LIMIT = 0.1  # 99th percentile of the absolute error
WHITE = torch.tensor([1.0, 1.0, 1.0, 1.0])

SCENES = reference_scenes()


@pytest.mark.parametrize("name", sorted(SCENES))
def test_matches_reference_rasterizer(name: str) -> None:
    scene = SCENES[name]
    ours = get_renderer("torch").render(scene.shapes, scene.size, scene.size, background=WHITE).numpy()
    reference = rasterize_svg_reference(scene.svg, scene.size, scene.size)
    error = np.abs(ours[..., :3] - reference[..., :3])
    assert error.mean() <= MAE_LIMIT, f"{name}: mean error {error.mean():.4f}"
    assert np.quantile(error, 0.99) <= P99_LIMIT, f"{name}: p99 error {np.quantile(error, 0.99):.4f}"


def test_fill_rules_differ_where_they_should() -> None:
    """The pentagram's centre is filled under nonzero and empty under even-odd."""
    r = get_renderer("torch")
    center = (50, 48)
    nonzero = r.render(SCENES["star_nonzero"].shapes, 96, 96, background=WHITE)[center]
    evenodd = r.render(SCENES["star_evenodd"].shapes, 96, 96, background=WHITE)[center]
    assert nonzero[0] < 0.3 and torch.allclose(evenodd, WHITE, atol=1e-4)


def test_output_is_premultiplied_over_transparent() -> None:
    scene = SCENES["translucent_overlap"]
    image = get_renderer("torch").render(scene.shapes[1:2], 96, 96)  # one 50 %-opaque blue disk
    inside = image[45, 55]
    assert inside[3].item() == pytest.approx(0.5, abs=1e-5)
    assert torch.allclose(inside[:3], torch.tensor([0.1, 0.3, 0.9]) * 0.5, atol=1e-5)
    assert image[0, 95].abs().sum() == 0


def test_scale_renders_user_units_at_a_larger_size() -> None:
    scene = SCENES["gradients"]
    r = get_renderer("torch")
    small = r.render(scene.shapes, 96, 96, background=WHITE)
    large = r.render(scene.shapes, 192, 192, scale=2.0, background=WHITE)
    downsampled = large.reshape(96, 2, 96, 2, 4).mean((1, 3))
    assert (downsampled - small).abs().mean() < 2e-3


def test_exact_area_coverage_of_an_axis_aligned_rectangle() -> None:
    """Box-filter coverage is exact for polygons: fractional pixel areas come out exactly."""
    from editor.document import rect_points
    from editor.render import RenderShape, SolidPaint

    shape = RenderShape(torch.tensor(rect_points(10.25, 10.5, 20, 30.5), dtype=torch.float32),
                        fill=SolidPaint(torch.tensor([0.0, 0.0, 1.0, 1.0])))
    alpha = get_renderer("torch").render([shape], 64, 64)[..., 3]
    assert alpha[10, 10].item() == pytest.approx(0.75 * 0.5, abs=1e-5)
    assert alpha[20, 10].item() == pytest.approx(0.75, abs=1e-5)
    assert alpha[20, 20].item() == pytest.approx(1.0, abs=1e-5)
    assert alpha.sum().item() == pytest.approx(20 * 30.5, rel=1e-5)


def test_holes_follow_the_fill_rule() -> None:
    """Same-direction contours: the inner one is a hole only under even-odd; a contour winding
    the other way is a hole under nonzero too, and an island inside it is filled again."""
    r = get_renderer("torch")
    hole_center, island_edge = (46, 52), (46, 61)

    def at(name: str, where) -> torch.Tensor:
        return r.render(SCENES[name].shapes, 96, 96, background=WHITE)[where]

    assert at("ring_same_direction_nonzero", hole_center)[2] < 0.2
    assert torch.allclose(at("ring_same_direction_evenodd", hole_center), WHITE, atol=1e-4)
    assert at("ring_reversed_hole_with_island", hole_center)[0] < 0.3  # the island
    assert torch.allclose(at("ring_reversed_hole_with_island", island_edge), WHITE, atol=1e-4)
