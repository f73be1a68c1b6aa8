"""The budget step: importance by leaving one shape out, and Session.reduce_to; the end of
a trace: visible shares, and the optimizer's hidden shapes replaced."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from editor.document import (
    Document,
    Layer,
    Origin,
    Shape,
    SolidFill,
    circle_points,
    rect_points,
)
from editor.engine.reduce import (
    HiddenPolicy,
    ReducePolicy,
    least_important,
    shape_importance,
    traced_paths,
    visible_shares,
)
from editor.engine.run_modes import Refine
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


class DiscsAtTheError(NothingToTrace):
    """No stages of its own; asked for shapes, it places discs where the error is largest."""

    def place(self, ctx: PlacementContext, count: int) -> list[Shape]:
        error = ctx.error.copy()
        discs = []
        for _ in range(count):
            row, col = np.unravel_index(int(np.argmax(error)), error.shape)
            discs.append(_disc(float(col), float(row), 4, tuple(ctx.target[row, col, :3].tolist())))
            error[max(row - 4, 0):row + 5, max(col - 4, 0):col + 5] = 0
        return discs


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


# ----------------------------------------------------------------------------- hidden shapes
FAST = HiddenPolicy(steps=3, min_steps=0, rounds=1)


def _traced(shapes: list[Shape]) -> list[Shape]:
    for shape in shapes:
        shape.origin = Origin.OPTIMIZER
    return shapes


def test_visible_shares_see_through_translucent_paint() -> None:
    shapes = _scene()
    shares = visible_shares(get_renderer(), [render_shape(s) for s in shapes], SIZE, SIZE)
    assert shares[1] == pytest.approx(0.0, abs=1e-6)  # under an opaque disc larger than it
    assert shares[4] == pytest.approx(1.0) and shares[3] == pytest.approx(1.0)  # nothing above
    # The rect shows around the green disc, and at 40 % under the translucent yellow one.
    assert 0.5 < shares[0] < 0.95
    assert shares[2] < 1.0  # the translucent disc overlaps it


def test_a_trace_replaces_the_optimizers_hidden_shape() -> None:
    shapes = _traced(_scene())
    hidden = shapes[1]
    # The image has a black square the scene lacks: the new shape goes there.
    target = _target(shapes).numpy()
    target[38:46, 2:10] = 0.0
    session = Session(target, DiscsAtTheError(), _document(shapes), device="cpu", hidden=FAST)
    session.run()
    doc = session.document()
    ids = [s.id for s in doc.drawn_shapes()]
    assert hidden.id not in ids and len(ids) == len(shapes)
    new = [s for s in doc.drawn_shapes() if s.id not in {s.id for s in shapes}]
    assert len(new) == 1 and new[0].origin == Origin.OPTIMIZER
    x, y = new[0].points[:, 0].mean(), new[0].points[:, 1].mean()
    assert 0 <= x <= 14 and 34 <= y <= 48, (x, y)  # at the black square
    assert doc.layers[-1].shapes == [new[0]] and doc.layers[-1].name  # a layer of its own, named
    shares = visible_shares(get_renderer(), [render_shape(s) for s in doc.drawn_shapes()], SIZE, SIZE)
    assert shares.min() >= FAST.min_visible


def test_the_round_after_the_last_removes_without_placing() -> None:
    shapes = _traced(_scene())
    policy = HiddenPolicy(steps=2, min_steps=0, rounds=0)
    session = Session(_target(shapes).numpy(), DiscsAtTheError(), _document(shapes), device="cpu", hidden=policy)
    session.run()
    ids = [s.id for s in session.document().drawn_shapes()]
    assert ids == [s.id for i, s in enumerate(shapes) if i != 1]


def test_designers_locked_and_refined_shapes_stay_hidden_or_not() -> None:
    designer = _scene()  # origin: the designer
    session = Session(_target(designer).numpy(), DiscsAtTheError(), _document(designer), device="cpu", hidden=FAST)
    session.run()
    assert [s.id for s in session.document().drawn_shapes()] == [s.id for s in designer]

    locked = _traced(_scene())
    locked[1].locked = True
    session = Session(_target(locked).numpy(), DiscsAtTheError(), _document(locked), device="cpu", hidden=FAST)
    session.run()
    assert locked[1].id in {s.id for s in session.document().drawn_shapes()}

    refined = _traced(_scene())  # refining is not tracing: the designer chose these shapes
    session = Session(_target(refined).numpy(), DiscsAtTheError(), _document(refined), device="cpu",
                      hidden=FAST, mode=Refine(steps=2))
    session.run()
    assert refined[1].id in {s.id for s in session.document().drawn_shapes()}

    kept = _traced(_scene())
    session = Session(_target(kept).numpy(), DiscsAtTheError(), _document(kept), device="cpu", hidden=None)
    session.run()
    assert kept[1].id in {s.id for s in session.document().drawn_shapes()}


def test_hidden_policy_rejects_nonsense() -> None:
    with pytest.raises(ValueError):
        HiddenPolicy(min_visible=1.0)
    with pytest.raises(ValueError):
        HiddenPolicy(rounds=-1)
