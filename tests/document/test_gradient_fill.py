"""Gradient fills as trainable parameters, fill-type switches, and the region fill fits."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from editor.document import (
    Document,
    GradientStop,
    Layer,
    LinearGradient,
    RadialGradient,
    Shape,
    SolidFill,
    rect_points,
)
from editor.document.fills import (
    convert_fill,
    evaluate,
    fill_kind,
    gradient_handles,
    move_handle,
    to_linear,
    to_radial,
    to_solid,
)
from editor.engine.edits import SetFillEdit
from editor.engine.parameters import ShapeTensors
from editor.engine.session import Session
from editor.methods import LearningRates, Method, PlacementContext, Stage, TraceState
from editor.methods.region_fill import fit_region_fill
from editor.render.scene import LinearPaint

SIZE = 48
GREY = (0.5, 0.5, 0.5, 1.0)
INNER, OUTER = np.array([1.0, 0.8, 0.2]), np.array([0.5, 0.1, 0.35])


class FitExisting(Method):
    """One stage that optimizes the document's own shapes (geometry frozen: only the fill)."""

    name = "fit_existing"
    display_name = "Fit existing"
    description = "Optimizes the shapes already there."

    def __init__(self, steps: int) -> None:
        super().__init__()
        self.steps, self.done = steps, False

    def next_stage(self, state: TraceState) -> Stage | None:
        if self.done:
            return None
        self.done = True
        rates = LearningRates(points=0.0, color=0.02, paint=1.0)
        return Stage(add=0, max_steps=self.steps, min_steps=self.steps, rates=rates, older_rate_scale=1.0)

    def place(self, ctx: PlacementContext, count: int) -> list[Shape]:
        return []


def _ramp(t: np.ndarray) -> np.ndarray:
    t = np.clip(t, 0.0, 1.0)[..., None]
    return (INNER * (1 - t) + OUTER * t).astype(np.float32)


def _grid() -> tuple[np.ndarray, np.ndarray]:
    ys, xs = np.mgrid[0:SIZE, 0:SIZE] + 0.5
    return xs, ys


def _psnr(a: np.ndarray, b: np.ndarray) -> float:
    return float(10 * np.log10(1.0 / np.mean(np.square(a - b))))


def _fit(target: np.ndarray, fill, steps: int = 150) -> tuple[float, Document]:
    doc = Document(SIZE, SIZE)
    doc.layers.append(Layer(shapes=[Shape(rect_points(-1, -1, SIZE + 2, SIZE + 2), fill=fill)]))
    session = Session(target, FitExisting(steps), doc, device="cpu")
    session.run()
    return _psnr(session.render_image()[..., :3], target), session.document()


def _flat_stops() -> list[GradientStop]:
    return [GradientStop(0.0, GREY), GradientStop(1.0, GREY)]


def test_radial_ramp_is_fitted_by_one_radial_gradient() -> None:
    xs, ys = _grid()
    target = _ramp(np.hypot((xs - 30) / 20, (ys - 18) / 14))
    psnr, doc = _fit(target, RadialGradient((24.0, 24.0), (12.0, 12.0), _flat_stops()))
    fill = doc.all_shapes()[0].fill
    assert psnr > 35.0
    assert isinstance(fill, RadialGradient)
    assert np.allclose(fill.center, (30, 18), atol=2.0)  # it moved ~8 px to get there


def test_linear_ramp_is_fitted_by_one_linear_gradient() -> None:
    xs, _ = _grid()
    target = _ramp((xs - 8) / 30)
    psnr, doc = _fit(target, LinearGradient((24.0, 10.0), (24.0, 40.0), _flat_stops()))
    assert psnr > 35.0
    assert isinstance(doc.all_shapes()[0].fill, LinearGradient)


def test_stop_offsets_train_and_stay_ordered() -> None:
    fill = LinearGradient((0.0, 0.0), (10.0, 0.0), [GradientStop(0.2, GREY), GradientStop(0.7, GREY)])
    tensors = ShapeTensors.from_shape(Shape(rect_points(0, 0, 10, 10), fill=fill), torch.device("cpu"))
    paint = tensors.render.fill
    assert isinstance(paint, LinearPaint)
    assert any(t is paint.offsets for t in tensors.by_kind()["color"])
    with torch.no_grad():
        paint.offsets.copy_(torch.tensor([0.9, 0.4]))  # crossed by an optimizer step
        paint.end.copy_(paint.start)  # collapsed
    tensors.clamp_()
    assert paint.offsets.tolist() == pytest.approx([0.9, 0.9])
    assert float((paint.end - paint.start).detach().norm()) >= 0.5


def test_fill_conversions_keep_the_look() -> None:
    bounds = (4.0, 6.0, 40.0, 30.0)
    xs, ys = _grid()
    solid = SolidFill((0.2, 0.4, 0.6, 1.0))
    for kind in ("linear", "radial"):
        converted = convert_fill(solid, kind, bounds)
        assert fill_kind(converted) == kind
        assert np.allclose(evaluate(converted, xs, ys), solid.color)
    linear = LinearGradient((10.0, 10.0), (30.0, 10.0), [GradientStop(0.0, GREY), GradientStop(1.0, (1, 0, 0, 1))])
    radial = to_radial(linear, bounds)
    ray = np.linspace(10, 30, 9)
    assert np.allclose(evaluate(radial, ray, 10.0), evaluate(linear, ray, 10.0))  # along its axis
    back = to_linear(radial, (10.0, 0.0, 50.0, 20.0))  # bounds' centre lies along +x
    assert np.allclose(evaluate(back, ray, 10.0), evaluate(linear, ray, 10.0), atol=1e-6)
    mean = to_solid(linear, (10.0, 0.0, 30.0, 20.0)).color
    assert mean[0] == pytest.approx(0.75, abs=0.02) and mean[3] == pytest.approx(1.0)


def test_gradient_handles_move_geometry_and_stops() -> None:
    stops = [GradientStop(0.0, GREY), GradientStop(0.5, GREY), GradientStop(1.0, GREY)]
    linear = LinearGradient((10.0, 10.0), (30.0, 10.0), stops)
    assert gradient_handles(linear)["stop1"] == pytest.approx((20.0, 10.0))
    moved = move_handle(linear, "stop1", (40.0, 3.0))  # past the last stop: held at its offset
    assert [s.offset for s in moved.stops] == [0.0, 1.0, 1.0] and linear.stops[1].offset == 0.5
    assert move_handle(linear, "end", (30.0, 20.0)).end == (30.0, 20.0)

    radial = RadialGradient((20.0, 20.0), (8.0, 4.0), stops)
    handles = gradient_handles(radial)
    assert handles["radius_x"] == (28.0, 20.0) and handles["radius_y"] == (20.0, 24.0)
    assert move_handle(radial, "radius_y", (0.0, 10.0)).radius == (8.0, 10.0)
    assert move_handle(radial, "center", (5.0, 6.0)).center == (5.0, 6.0)
    assert gradient_handles(SolidFill(GREY)) == {}
    with pytest.raises(ValueError):
        move_handle(radial, "start", (0.0, 0.0))


def test_session_accepts_a_fill_type_change() -> None:
    xs, ys = _grid()
    target = _ramp(np.hypot((xs - 24) / 20, (ys - 24) / 20))
    doc = Document(SIZE, SIZE)
    shape = Shape(rect_points(-1, -1, SIZE + 2, SIZE + 2), fill=SolidFill(GREY))
    doc.layers.append(Layer(shapes=[shape]))
    session = Session(target, FitExisting(60), doc, device="cpu")
    session.run(max_steps=5)
    flat = _psnr(session.render_image()[..., :3], target)
    radial = convert_fill(session.document().all_shapes()[0].fill, "radial", shape.bounds())
    session.submit(SetFillEdit(shape.id, radial))
    session.run()
    fill = session.document().all_shapes()[0].fill
    assert isinstance(fill, RadialGradient)
    assert fill.stops[0].color != fill.stops[1].color  # the new stops were optimized
    assert _psnr(session.render_image()[..., :3], target) > flat + 5.0


def test_region_fit_picks_the_kind_the_region_has() -> None:
    xs, ys = _grid()
    mask = np.hypot(xs - 24, ys - 24) < 20
    radial = _ramp(np.hypot(xs - 26, ys - 22) / 20)
    linear = _ramp((ys - 4) / 40)
    flat = np.broadcast_to(INNER.astype(np.float32), radial.shape)
    assert isinstance(fit_region_fill(mask, radial).fill, RadialGradient)
    assert isinstance(fit_region_fill(mask, linear).fill, LinearGradient)
    assert isinstance(fit_region_fill(mask, flat).fill, SolidFill)
    fill = fit_region_fill(mask, radial).fill
    assert isinstance(fill, RadialGradient)
    assert np.allclose(fill.center, (26, 22), atol=1.5)


def test_gradient_document_survives_svg_round_trip() -> None:
    svg = pytest.importorskip("editor.svg")
    doc = Document(SIZE, SIZE)
    stops = [GradientStop(0.0, (1.0, 0.8, 0.2, 1.0)), GradientStop(0.6, (0.5, 0.1, 0.35, 1.0))]
    doc.layers.append(Layer(name="L", shapes=[
        Shape(rect_points(2, 2, 20, 40), fill=LinearGradient((2.0, 2.0), (22.0, 30.0), stops)),
        Shape(rect_points(24, 4, 20, 30), fill=RadialGradient((34.0, 19.0), (10.0, 15.0), stops)),
    ]))
    back = svg.import_svg_data(svg.svg_string(doc)).document.all_shapes()
    assert [fill_kind(s.fill) for s in back] == ["linear", "radial"]
    for original, imported in zip(doc.all_shapes(), back):
        xs, ys = _grid()
        inside = (xs > original.bounds()[0]) & (xs < original.bounds()[2])
        expected = evaluate(original.fill, xs, ys)[inside]
        assert np.allclose(evaluate(imported.fill, xs, ys)[inside], expected, atol=0.01)
