"""Gradients of the rasterizer: finite differences, and small optimizations that must converge."""
from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
import torch

from editor.document import circle_points
from editor.render import LinearPaint, RadialPaint, RenderShape, SolidPaint, get_renderer

SIZE = 48
WHITE = torch.tensor([1.0, 1.0, 1.0, 1.0])
RENDER = get_renderer("torch")


def _target(seed: int = 0) -> torch.Tensor:
    g = torch.Generator().manual_seed(seed)
    return torch.rand(SIZE, SIZE, 4, generator=g, dtype=torch.float64)


def _check(make: Callable[[dict[str, torch.Tensor]], list[RenderShape]], params: dict[str, torch.Tensor],
           probes: list[tuple[str, tuple[int, ...], float]]) -> None:
    """Compare autograd with central differences of a smooth loss at a few coordinates."""
    target = _target()

    def loss(p: dict[str, torch.Tensor]) -> torch.Tensor:
        image = RENDER.render(make(p), SIZE, SIZE, background=WHITE).double()
        return ((image - target) ** 2).sum()

    leaves = {k: v.clone().requires_grad_(True) for k, v in params.items()}
    loss(leaves).backward()
    for name, index, h in probes:
        plus = {k: v.detach().clone() for k, v in params.items()}
        minus = {k: v.detach().clone() for k, v in params.items()}
        plus[name][index] += h
        minus[name][index] -= h
        numeric = (loss(plus) - loss(minus)).item() / (2 * h)
        analytic = leaves[name].grad[index].item()
        assert analytic == pytest.approx(numeric, rel=0.03, abs=0.05), f"{name}{index}"


def test_gradients_of_points_and_solid_color() -> None:
    params = {"points": torch.tensor(circle_points(22, 25, 14)), "color": torch.tensor([0.2, 0.5, 0.7, 0.8])}

    def make(p):
        return [RenderShape(p["points"].float(), fill=SolidPaint(p["color"].float()))]

    _check(make, params, [("points", (1, 1), 0.02), ("points", (4, 0), 0.02), ("points", (7, 1), 0.02),
                          ("color", (0,), 1e-3), ("color", (3,), 1e-3)])


def test_gradients_of_linear_gradient_parameters() -> None:
    params = {
        "start": torch.tensor([8.0, 10.0]), "end": torch.tensor([40.0, 36.0]),
        "offsets": torch.tensor([0.1, 0.9]), "colors": torch.tensor([[0.8, 0.2, 0.1, 0.9], [0.1, 0.3, 0.9, 0.7]]),
    }
    points = torch.tensor(circle_points(24, 24, 20), dtype=torch.float32)

    def make(p):
        paint = LinearPaint(p["start"].float(), p["end"].float(), p["offsets"].float(), p["colors"].float())
        return [RenderShape(points, fill=paint)]

    _check(make, params, [("start", (0,), 0.05), ("end", (1,), 0.05), ("offsets", (0,), 1e-3),
                          ("offsets", (1,), 1e-3), ("colors", (0, 0), 1e-3), ("colors", (1, 3), 1e-3)])


def test_gradients_of_radial_gradient_parameters() -> None:
    params = {
        "center": torch.tensor([22.0, 26.0]), "radius": torch.tensor([15.0, 12.0]),
        "colors": torch.tensor([[0.9, 0.8, 0.1, 0.9], [0.1, 0.5, 0.8, 0.6]]),
    }
    points = torch.tensor(circle_points(24, 24, 20), dtype=torch.float32)

    def make(p):
        paint = RadialPaint(p["center"].float(), p["radius"].float(), torch.tensor([0.0, 1.0]), p["colors"].float())
        return [RenderShape(points, fill=paint)]

    _check(make, params, [("center", (0,), 0.05), ("center", (1,), 0.05), ("radius", (0,), 0.05),
                          ("radius", (1,), 0.05), ("colors", (1, 2), 1e-3)])


def test_gradient_of_stroke_width() -> None:
    line = torch.tensor([[5.0, 40.0], [15.0, 5.0], [30.0, 45.0], [43.0, 20.0]])
    params = {"width": torch.tensor([4.0]), "points": line.double()}

    def make(p):
        return [RenderShape(p["points"].float(), closed=False, stroke=torch.tensor([0.1, 0.2, 0.3, 0.9]),
                            stroke_width=p["width"].float()[0])]

    _check(make, params, [("width", (0,), 0.05), ("points", (1, 0), 0.05), ("points", (2, 1), 0.05)])


def _fit(groups: list[dict], make, target: torch.Tensor, steps: int) -> float:
    optimizer = torch.optim.Adam(groups)
    for _ in range(steps):
        optimizer.zero_grad()
        loss = ((RENDER.render(make(), SIZE, SIZE, background=WHITE) - target) ** 2).mean()
        loss.backward()
        optimizer.step()
    with torch.no_grad():
        mse = ((RENDER.render(make(), SIZE, SIZE, background=WHITE) - target)[..., :3] ** 2).mean().item()
    return 10 * np.log10(1 / max(mse, 1e-12))


def test_optimizing_a_circle_fits_a_target_disk() -> None:
    target_shape = RenderShape(torch.tensor(circle_points(28, 20, 12), dtype=torch.float32),
                               fill=SolidPaint(torch.tensor([0.9, 0.2, 0.1, 1.0])))
    target = RENDER.render([target_shape], SIZE, SIZE, background=WHITE).detach()
    points = torch.tensor(circle_points(20, 26, 6), dtype=torch.float32, requires_grad=True)
    color = torch.tensor([0.5, 0.5, 0.5, 1.0], requires_grad=True)
    psnr = _fit([{"params": [points], "lr": 0.5}, {"params": [color], "lr": 0.02}],
                lambda: [RenderShape(points, fill=SolidPaint(color))], target, 300)
    assert psnr > 35
    with torch.no_grad():
        alpha = RENDER.render([RenderShape(points, fill=SolidPaint(color))], SIZE, SIZE)[..., 3]
    ys, xs = torch.meshgrid(torch.arange(SIZE) + 0.5, torch.arange(SIZE) + 0.5, indexing="ij")
    centroid = torch.stack([(alpha * xs).sum(), (alpha * ys).sum()]) / alpha.sum()
    assert torch.allclose(centroid, torch.tensor([28.0, 20.0]), atol=0.3)
    assert alpha.sum().item() == pytest.approx(np.pi * 12**2, rel=0.03)


def test_optimizing_a_linear_gradient_fits_a_target_ramp() -> None:
    square = torch.tensor(circle_points(24, 24, 40), dtype=torch.float32)  # covers the canvas
    ramp = LinearPaint(torch.tensor([6.0, 24.0]), torch.tensor([42.0, 24.0]), torch.tensor([0.0, 1.0]),
                       torch.tensor([[0.1, 0.2, 0.9, 1.0], [0.9, 0.8, 0.1, 1.0]]))
    target = RENDER.render([RenderShape(square, fill=ramp)], SIZE, SIZE, background=WHITE).detach()
    start = torch.tensor([20.0, 10.0], requires_grad=True)
    end = torch.tensor([28.0, 30.0], requires_grad=True)
    colors = torch.full((2, 4), 0.5, requires_grad=True)
    offsets = torch.tensor([0.0, 1.0])
    psnr = _fit([{"params": [start, end], "lr": 0.5}, {"params": [colors], "lr": 0.02}],
                lambda: [RenderShape(square, fill=LinearPaint(start, end, offsets, colors))], target, 300)
    assert psnr > 30


@pytest.mark.parametrize("even_odd", [False, True])
def test_gradients_reach_every_contour_of_a_shape_with_a_hole(even_odd: bool) -> None:
    from editor.document.contours import reversed_contour

    hole = circle_points(25.3, 23.4, 7.2)  # off the pixel grid: nodes on a pixel line are kinks
    params = {"outer": torch.tensor(circle_points(22.2, 25.3, 16.1)),
              "hole": torch.tensor(hole if even_odd else reversed_contour(hole))}

    def make(p):
        return [RenderShape(p["outer"].float(), fill=SolidPaint(torch.tensor([0.2, 0.5, 0.7, 0.9])),
                            even_odd=even_odd, subpaths=[p["hole"].float()])]

    _check(make, params, [("hole", (0, 0), 0.02), ("hole", (4, 1), 0.02), ("hole", (9, 0), 0.02),
                          ("outer", (1, 1), 0.02)])


def test_optimizing_a_hole_fits_a_target_ring() -> None:
    """Only the hole's points are free: they must move onto the target's hole."""
    from editor.document.contours import reversed_contour

    outer = torch.tensor(circle_points(24, 24, 18), dtype=torch.float32)
    paint = SolidPaint(torch.tensor([0.1, 0.3, 0.8, 1.0]))
    target_hole = torch.tensor(reversed_contour(circle_points(27, 22, 8)), dtype=torch.float32)
    target = RENDER.render([RenderShape(outer, fill=paint, subpaths=[target_hole])], SIZE, SIZE,
                           background=WHITE).detach()
    hole = torch.tensor(reversed_contour(circle_points(22, 26, 5)), dtype=torch.float32, requires_grad=True)
    psnr = _fit([{"params": [hole], "lr": 0.3}], lambda: [RenderShape(outer, fill=paint, subpaths=[hole])],
                target, 200)
    assert psnr > 30
    with torch.no_grad():
        disk = RENDER.render([RenderShape(outer, fill=paint)], SIZE, SIZE)[..., 3]
        hollow = disk - RENDER.render([RenderShape(outer, fill=paint, subpaths=[hole])], SIZE, SIZE)[..., 3]
    ys, xs = torch.meshgrid(torch.arange(SIZE) + 0.5, torch.arange(SIZE) + 0.5, indexing="ij")
    centroid = torch.stack([(hollow * xs).sum(), (hollow * ys).sum()]) / hollow.sum()
    assert torch.allclose(centroid, torch.tensor([27.0, 22.0]), atol=0.3)
    assert hollow.sum().item() == pytest.approx(np.pi * 8**2, rel=0.03)
