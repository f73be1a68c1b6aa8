"""The budget step: importance by leaving one shape out, and Session.reduce_to."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from editor.document import (
    Document,
    Layer,
    Shape,
    SolidFill,
    circle_points,
    rect_points,
)
from editor.engine.reduce import (
    ReducePolicy,
    least_important,
    shape_importance,
    traced_paths,
)
from editor.engine.session import Session
from editor.methods import Method, PlacementContext, Stage, TraceState
from editor.render import get_renderer
from editor.render.scene import render_shape

SIZE = 48
WHITE = torch.ones(4)


class NothingToTrace(Method):
    """A method whose schedule is empty: the session goes straight to the budget rounds."""

    name = "nothing"
    display_name = "Nothing"
    description = "No stages."

    def next_stage(self, state: TraceState) -> Stage | None:
        return None

    def place(self, ctx: PlacementContext, count: int) -> list[Shape]:
        return []


def _disc(cx: float, cy: float, r: float, rgb: tuple[float, float, float], alpha: float = 1.0) -> Shape:
    return Shape(circle_points(cx, cy, r), fill=SolidFill((*rgb, alpha)))


def _scene() -> list[Shape]:
    return [
        Shape(rect_points(4, 4, 30, 30), fill=SolidFill((0.9, 0.2, 0.1, 1.0))),
        _disc(20, 20, 6, (0.1, 0.3, 0.9)),  # hidden below the next one: worthless
        _disc(20, 20, 9, (0.2, 0.8, 0.2)),
        _disc(34, 30, 10, (0.9, 0.9, 0.1), alpha=0.6),
        _disc(12, 36, 5, (0.5, 0.1, 0.6)),
    ]


def _target(shapes: list[Shape]) -> torch.Tensor:
    """The scene itself, with a little noise, as the image to match."""
    with torch.no_grad():
        image = get_renderer().render([render_shape(s) for s in shapes], SIZE, SIZE, background=WHITE)
    noise = torch.from_numpy(np.random.default_rng(0).normal(0, 0.02, (SIZE, SIZE, 3)).astype(np.float32))
    return (image[..., :3] + noise).clamp(0, 1)


def _document(shapes: list[Shape]) -> Document:
    doc = Document(SIZE, SIZE)
    doc.layers = [Layer(name="bottom", shapes=shapes[:3]), Layer(name="top", shapes=shapes[3:])]
    return doc


def test_importance_matches_leaving_each_shape_out() -> None:
    shapes = _scene()
    target = _target(shapes)
    renderer = get_renderer()
    render = [render_shape(s) for s in shapes]

    def loss(subset: list) -> float:
        with torch.no_grad():
            image = renderer.render(subset, SIZE, SIZE, background=WHITE)
        return float((image[..., :3] - target).square().mean())

    expected = [loss(render[:i] + render[i + 1:]) - loss(render) for i in range(len(render))]
    importance = shape_importance(renderer, render, target, WHITE)
    np.testing.assert_allclose(importance, expected, atol=1e-6)
    assert importance[1] == pytest.approx(0.0, abs=1e-9)  # fully covered by the disc above it


def test_least_important_skips_locked_shapes() -> None:
    importance = np.array([0.3, 0.0, 0.1, 0.2])
    assert least_important(importance, [True, True, True, True], 2) == [1, 2]
    assert least_important(importance, [True, False, True, True], 2) == [2, 3]


def test_policy_rounds_and_traced_paths() -> None:
    policy = ReducePolicy(fraction=0.5)
    assert [policy.removals(n, 32) for n in (48, 40, 36, 34, 33, 32)] == [8, 4, 2, 1, 1, 0]
    assert traced_paths(32) == 48
    with pytest.raises(ValueError):
        traced_paths(0)


def test_session_reduces_to_the_exact_budget_least_important_first() -> None:
    shapes = _scene()
    target = _target(shapes).numpy()
    hidden_id = shapes[1].id
    session = Session(target, NothingToTrace(), _document(shapes), device="cpu")
    session.reduce_to(4, ReducePolicy(fraction=1.0, steps=2, min_steps=0))
    session.run()
    ids = {s.id for s in session.document().drawn_shapes()}
    assert len(ids) == 4 and hidden_id not in ids

    session.reduce_to(2, ReducePolicy(fraction=0.5, steps=3, min_steps=0))
    session.run()
    doc = session.document()
    assert len(doc.drawn_shapes()) == 2
    assert all(layer.shapes for layer in doc.layers)  # emptied layers are dropped


def test_locked_shapes_survive_the_budget() -> None:
    shapes = _scene()
    shapes[1].locked = True  # worthless, but the designer wants it
    session = Session(_target(shapes).numpy(), NothingToTrace(), _document(shapes), device="cpu")
    session.reduce_to(1, ReducePolicy(fraction=1.0, steps=1, min_steps=0))
    session.run()
    assert [s.id for s in session.document().drawn_shapes()] == [shapes[1].id]
