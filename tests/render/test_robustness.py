"""Degenerate, off-canvas and huge scenes: finite images and gradients, sensible results."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from editor.document import circle_points
from editor.render import RadialPaint, RenderShape, SolidPaint, available_renderers, get_renderer
from editor.render.torch_renderer import composite_background
from tests.render_scenes import blob_scene

WHITE = torch.tensor([1.0, 1.0, 1.0, 1.0])
RENDER = get_renderer("torch")


def _grad_leaves(points: np.ndarray) -> tuple[torch.Tensor, torch.Tensor, RenderShape]:
    pts = torch.tensor(points, dtype=torch.float32, requires_grad=True)
    color = torch.tensor([0.3, 0.6, 0.9, 0.8], requires_grad=True)
    return pts, color, RenderShape(pts, fill=SolidPaint(color))


DEGENERATE = {
    "all_points_equal": np.full((12, 2), 20.0),
    "zero_area_line": np.stack([np.linspace(5, 40, 12), np.linspace(5, 40, 12)], 1),
    "coincident_controls": np.repeat(circle_points(24, 24, 10)[::3], 3, axis=0),
    "fully_outside": circle_points(-500, 900, 30),
    "huge_coordinates": circle_points(24, 24, 1e9),
    "tiny": circle_points(24.3, 24.7, 1e-4),
    "nan_and_inf": np.where(np.arange(24).reshape(12, 2) % 5 == 0, np.nan, circle_points(24, 24, 10)),
}


@pytest.mark.parametrize("name", sorted(DEGENERATE))
def test_degenerate_paths_give_finite_images_and_gradients(name: str) -> None:
    points = DEGENERATE[name]
    if name == "nan_and_inf":
        points = points.copy()
        points[1] = [np.inf, -np.inf]
    pts, color, shape = _grad_leaves(points)
    other = RenderShape(torch.tensor(circle_points(20, 20, 8), dtype=torch.float32),
                        fill=SolidPaint(torch.tensor([1.0, 0.0, 0.0, 0.5])))
    image = RENDER.render([other, shape], 48, 48, background=WHITE)
    assert torch.isfinite(image).all()
    assert image.min() >= -1e-6 and image.max() <= 1 + 1e-6
    image.sum().backward()
    assert torch.isfinite(pts.grad).all() and torch.isfinite(color.grad).all()


def test_zero_area_shapes_draw_nothing() -> None:
    for name in ("all_points_equal", "zero_area_line", "fully_outside"):
        _, _, shape = _grad_leaves(DEGENERATE[name])
        image = RENDER.render([shape], 48, 48)
        assert image.abs().max() < 1e-6, name


def test_shape_covering_the_canvas_fills_every_pixel() -> None:
    _, _, shape = _grad_leaves(DEGENERATE["huge_coordinates"])
    alpha = RENDER.render([shape], 48, 48)[..., 3]
    assert torch.allclose(alpha, torch.full_like(alpha, 0.8), atol=1e-5)


def test_degenerate_gradient_parameters_are_finite() -> None:
    center = torch.tensor([24.0, 24.0], requires_grad=True)
    radius = torch.tensor([0.0, 0.0], requires_grad=True)  # zero radius
    offsets = torch.tensor([0.5, 0.5], requires_grad=True)  # coincident stops
    colors = torch.tensor([[1.0, 0.0, 0.0, 1.0], [0.0, 0.0, 1.0, 1.0]], requires_grad=True)
    shape = RenderShape(torch.tensor(circle_points(24, 24, 15), dtype=torch.float32),
                        fill=RadialPaint(center, radius, offsets, colors))
    image = RENDER.render([shape], 48, 48, background=WHITE)
    image.sum().backward()
    assert torch.isfinite(image).all()
    for t in (center, radius, offsets, colors):
        assert torch.isfinite(t.grad).all()


def test_thousands_of_shapes() -> None:
    scene = blob_scene(2000, 256, seed=3)
    for s in scene.shapes:
        s.points.requires_grad_(True)
    image = RENDER.render(scene.shapes, 256, 256, background=WHITE)
    image.mean().backward()
    assert torch.isfinite(image).all()
    assert all(torch.isfinite(s.points.grad).all() for s in scene.shapes)
    assert (image[..., :3] < 0.99).float().mean() > 0.9  # the canvas is covered


@pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA device")
def test_cuda_matches_cpu() -> None:
    scene = blob_scene(64, 128, seed=2)
    cpu = RENDER.render(scene.shapes, 128, 128, background=WHITE)
    cuda_shapes = [RenderShape(s.points.cuda(), fill=SolidPaint(s.fill.color.cuda())) for s in scene.shapes]
    cuda = RENDER.render(cuda_shapes, 128, 128, background=WHITE.cuda()).cpu()
    assert (cpu - cuda).abs().max() < 1e-4


def test_diffvg_is_reported_with_a_reason_when_absent() -> None:
    reason = available_renderers()["diffvg"]
    if reason is None:
        pytest.skip("pydiffvg is installed")
    assert "pydiffvg" in reason
    with pytest.raises(RuntimeError, match="pydiffvg"):
        get_renderer("diffvg")


@pytest.mark.skipif(available_renderers()["diffvg"] is not None, reason="pydiffvg is not installed")
def test_diffvg_backend_agrees_with_ours() -> None:
    scene = blob_scene(16, 96, seed=4)
    ours = RENDER.render(scene.shapes, 96, 96, background=WHITE)
    theirs = get_renderer("diffvg").render(scene.shapes, 96, 96, background=WHITE)
    assert (ours - theirs).abs().mean() < 0.01


def test_unknown_renderer_name_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown renderer"):
        get_renderer("cairo")


def test_batched_render_equals_shape_by_shape_compositing() -> None:
    """Shapes are batched by control-point count, paints premultiplied together: the result
    and every gradient must still be those of drawing one shape after the other in paint
    order (each over the image of the ones before) — with sizes, paint kinds, strokes and
    fill rules interleaved so that no batch is contiguous in paint order."""
    from tests.render_scenes import reference_scenes

    scenes = reference_scenes()
    shapes = [s for name in ("blobs64", "star_evenodd", "translucent_overlap", "gradients", "strokes") for s in scenes[name].shapes]
    shapes = shapes[::2] + shapes[1::2]
    renderer = get_renderer("torch")

    def leaves() -> list[RenderShape]:
        return [RenderShape(s.points.detach().clone().requires_grad_(True), closed=s.closed,
                            fill=s.fill, even_odd=s.even_odd, stroke=s.stroke,
                            stroke_width=s.stroke_width) for s in shapes]

    weights = torch.linspace(0.2, 1.0, 4)
    together = leaves()
    image = renderer.render(together, 128, 128, background=WHITE)
    (image * weights).sum().backward()
    one_by_one = leaves()
    chained = torch.zeros(128, 128, 4)
    for shape in one_by_one:
        chained = renderer.render([shape], 128, 128, below=chained)
    chained = composite_background(chained, WHITE)
    (chained * weights).sum().backward()
    assert (image - chained).abs().max() < 1e-5
    for a, b in zip(together, one_by_one):
        assert torch.allclose(a.points.grad, b.points.grad, rtol=1e-4, atol=1e-4)
