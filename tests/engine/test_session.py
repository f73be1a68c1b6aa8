"""The optimization session: tracing, edits between steps, threading, determinism."""
from __future__ import annotations

import threading

import numpy as np
import pytest
import torch

from editor.document import Document, Shape, SolidFill, circle_points, rect_points
from editor.document.contours import reversed_contour, signed_area
from editor.engine import edits as ed
from editor.engine.session import Session
from editor.engine.snapshot import RunState, ShapeState, Snapshot
from editor.engine.working_scale import WorkingScale
from editor.methods import Method, PlacementContext, Stage, TraceState
from editor.methods.placement import error_region_seeds
from editor.render import get_renderer
from editor.render.scene import background_tensor, scene_from_document

SIZE = 40


def synthetic_target() -> np.ndarray:
    """White canvas, a red disc and a blue square: two flat regions."""
    yy, xx = np.mgrid[0:SIZE, 0:SIZE] + 0.5
    img = np.ones((SIZE, SIZE, 3), dtype=np.float32)
    img[(xx - 14) ** 2 + (yy - 14) ** 2 < 8**2] = (0.9, 0.1, 0.1)
    img[(xx > 24) & (xx < 36) & (yy > 22) & (yy < 34)] = (0.1, 0.2, 0.8)
    return img


class GrowMethod(Method):
    """One circle per stage at the largest error region; plain MSE."""

    name = "grow"
    display_name = "Grow"
    description = "test method"

    def __init__(self, stages: int = 2, steps: int = 60) -> None:
        super().__init__()
        self.stages, self.steps, self.planned = stages, steps, 0

    def next_stage(self, state: TraceState) -> Stage | None:
        if self.planned >= self.stages and state.pending_shapes == 0:
            return None
        self.planned += 1
        add = 1 if self.planned <= self.stages else 0
        return Stage(add=add, max_steps=self.steps, patience=self.steps)

    def place(self, ctx: PlacementContext, count: int) -> list[Shape]:
        shapes = []
        for row, col in error_region_seeds(ctx.error, count):
            color = (*map(float, ctx.target[row, col]), 1.0)
            shapes.append(Shape(circle_points(col + 0.5, row + 0.5, 3.0), fill=SolidFill(color)))
        return shapes


def endless() -> GrowMethod:
    return GrowMethod(stages=1, steps=10**9)


def doc_with_shapes() -> tuple[Document, list[str]]:
    doc = Document(SIZE, SIZE)
    layer = doc.add_layer("base")
    shapes = [
        Shape(circle_points(12, 12, 6), fill=SolidFill((0.5, 0.5, 0.5, 1.0))),
        Shape(rect_points(22, 20, 10, 10), fill=SolidFill((0.3, 0.6, 0.3, 0.8))),
        Shape(circle_points(20, 20, 5), fill=SolidFill((0.2, 0.2, 0.9, 1.0))),
    ]
    layer.shapes.extend(shapes)
    return doc, [s.id for s in shapes]


def reference_render(doc: Document) -> np.ndarray:
    with torch.no_grad():
        image = get_renderer().render(
            scene_from_document(doc), int(doc.width), int(doc.height),
            background=background_tensor(doc),
        )
    return image.numpy()


def wait_for(predicate, timeout: float = 60.0) -> bool:
    """Poll until `predicate()` (the timeout only guards against a hang)."""
    never = threading.Event()
    for _ in range(int(timeout / 0.01)):
        if predicate():
            return True
        never.wait(0.01)
    return False


def steps(session: Session, n: int) -> None:
    for _ in range(n):
        assert session.step()


def assert_finite(session: Session) -> None:
    for state in session.snapshot().shapes.values():
        assert np.isfinite(state.points).all()


def test_traces_a_few_shape_image_to_high_psnr():
    session = Session(synthetic_target(), GrowMethod(stages=2, steps=100), seed=1, device="cpu")
    assert session.run() == RunState.FINISHED
    snap = session.snapshot()
    assert snap.psnr > 24.0
    assert snap.num_shapes == 2
    doc = session.document()
    assert [len(layer.shapes) for layer in doc.layers] == [1, 1]  # one layer per stage
    np.testing.assert_allclose(session.render_image(), reference_render(doc), atol=1e-5)
    assert_finite(session)


def test_locked_shape_is_bit_identical_after_more_steps():
    doc, ids = doc_with_shapes()
    session = Session(synthetic_target(), endless(), doc, device="cpu")
    session.submit(ed.SetSelectionEdit(frozenset(ids)))  # optimize the existing shapes
    steps(session, 10)  # Adam has momentum for every shape now
    before = session.snapshot().shapes
    session.submit(ed.SetLockedEdit(ids[1], True))
    steps(session, 20)
    after = session.snapshot().shapes
    assert np.array_equal(after[ids[1]].points, before[ids[1]].points)
    assert after[ids[1]].fill == before[ids[1]].fill
    assert not np.array_equal(after[ids[0]].points, before[ids[0]].points)
    np.testing.assert_allclose(session.render_image(), reference_render(session.document()), atol=1e-5)


def test_locked_layer_freezes_its_shapes():
    doc, ids = doc_with_shapes()
    session = Session(synthetic_target(), endless(), doc, device="cpu")
    session.submit(ed.SetSelectionEdit(frozenset(ids)))
    session.submit(ed.SetLockedEdit(doc.layers[0].id, True))
    before = session.snapshot().shapes
    steps(session, 10)
    after = session.snapshot().shapes
    for shape_id in ids:
        assert np.array_equal(after[shape_id].points, before[shape_id].points)


def test_deleted_shape_leaves_scene_and_render():
    doc, ids = doc_with_shapes()
    session = Session(synthetic_target(), endless(), doc, device="cpu")
    steps(session, 5)
    session.submit(ed.DeleteEdit(ids[2]))
    steps(session, 1)
    assert ids[2] not in session.snapshot().shapes
    result = session.document()
    assert result.find_shape(ids[2]) is None
    np.testing.assert_allclose(session.render_image(), reference_render(result), atol=1e-5)
    assert session.render_image()[20, 20, 0] > 0.9  # white again where the blue circle was


def test_added_shape_is_optimized():
    session = Session(synthetic_target(), endless(), device="cpu")
    steps(session, 3)
    added = Shape(circle_points(30, 28, 3), fill=SolidFill((0.5, 0.5, 0.5, 1.0)))
    session.submit(ed.AddShapeEdit(added))
    steps(session, 40)
    state = session.snapshot().shapes[added.id]
    assert not np.allclose(state.points, added.points)
    assert state.fill.color[2] > 0.6  # pulled toward the blue square it sits in
    assert_finite(session)


def test_added_layer_receives_shapes():
    doc, ids = doc_with_shapes()
    session = Session(synthetic_target(), endless(), doc, device="cpu")
    layer_edit = ed.AddLayerEdit("Details", index=0)
    shape = Shape(circle_points(30, 28, 3), fill=SolidFill((0.1, 0.2, 0.8, 1.0)))
    session.submit(layer_edit)
    session.submit(ed.AddShapeEdit(shape, layer_edit.layer_id))
    steps(session, 1)
    result = session.document()
    assert result.layers[0].id == layer_edit.layer_id and result.layers[0].name == "Details"
    assert [s.id for s in result.layers[0].shapes] == [shape.id]


def test_add_shapes_at_error_uses_the_method():
    session = Session(synthetic_target(), endless(), device="cpu")
    steps(session, 2)
    ids = session.add_shapes_at_error(1, layer_name="More")
    steps(session, 1)
    doc = session.document()
    assert doc.layers[-1].name == "More"
    assert [s.id for s in doc.layers[-1].shapes] == ids


def test_hide_fill_geometry_reorder_keep_render_consistent():
    doc, ids = doc_with_shapes()
    session = Session(synthetic_target(), endless(), doc, device="cpu")
    steps(session, 3)
    session.submit(ed.SetVisibleEdit(ids[0], False))
    session.submit(ed.SetFillEdit(ids[1], SolidFill((0.0, 1.0, 0.0, 1.0))))
    session.submit(ed.SetGeometryEdit(ids[2], circle_points(8, 30, 4)))
    session.submit(ed.MoveShapeEdit(ids[2], doc.layers[0].id, 0))
    steps(session, 1)
    result = session.document()
    assert [s.id for s in result.layers[0].shapes] == [ids[2], ids[0], ids[1]]
    assert not result.find_shape(ids[0])[1].visible
    np.testing.assert_allclose(session.render_image(), reference_render(result), atol=1e-5)


def test_selection_restricts_optimization():
    doc, ids = doc_with_shapes()
    session = Session(synthetic_target(), endless(), doc, device="cpu")
    session.submit(ed.SetSelectionEdit(frozenset({ids[0]})))
    before = session.snapshot().shapes
    steps(session, 10)
    after = session.snapshot().shapes
    assert not np.array_equal(after[ids[0]].points, before[ids[0]].points)
    for shape_id in ids[1:]:
        assert np.array_equal(after[shape_id].points, before[shape_id].points)


def test_degenerate_shapes_never_produce_nan():
    doc = Document(SIZE, SIZE)
    doc.add_layer().shapes += [
        Shape(np.full((12, 2), 10.0), fill=SolidFill((1.0, 0.0, 0.0, 1.0))),
        Shape(np.array([[5, 5], [5, 5], [30, 30]] * 4, dtype=float), fill=SolidFill((0, 0, 1, 1.0))),
    ]
    session = Session(synthetic_target(), endless(), doc, device="cpu")
    session.submit(ed.SetSelectionEdit(frozenset(s.id for s in doc.all_shapes())))
    steps(session, 20)
    assert_finite(session)
    assert np.isfinite(session.render_image()).all()


def test_same_seed_same_result():
    def run() -> Document:
        session = Session(synthetic_target(), GrowMethod(stages=2, steps=25), seed=7, device="cpu")
        session.run()
        return session.document()

    first, second = run(), run()
    for a, b in zip(first.all_shapes(), second.all_shapes()):
        assert np.array_equal(a.points, b.points)
        assert a.fill == b.fill


def test_pause_resume_cancel_from_another_thread():
    session = Session(synthetic_target(), endless(), device="cpu")
    reports: list[Snapshot] = []
    moved, paused = threading.Event(), threading.Event()

    def on_snapshot(snap: Snapshot) -> None:
        reports.append(snap)
        if snap.step >= 5:
            moved.set()
        if snap.state == RunState.PAUSED:
            paused.set()

    result: list[RunState] = []
    worker = threading.Thread(target=lambda: result.append(session.run(on_snapshot=on_snapshot)))
    worker.start()
    assert moved.wait(60)
    session.pause()
    assert paused.wait(60)
    step_when_paused = session.snapshot().step
    first = session.snapshot().shapes
    shape_id = next(iter(first))
    session.submit(ed.DeleteEdit(shape_id))  # applied while paused, without stepping
    assert wait_for(lambda: shape_id not in session.snapshot().shapes)
    assert session.snapshot().step == step_when_paused
    assert session.state == RunState.PAUSED
    reports.clear()
    session.resume()
    assert wait_for(lambda: any(s.step > step_when_paused + 3 for s in list(reports)))
    session.cancel()
    worker.join(60)
    assert not worker.is_alive()
    assert result == [RunState.CANCELLED]
    assert session.state == RunState.CANCELLED
    assert session.run() == RunState.CANCELLED  # cancel is final


def test_rejects_mismatched_inputs():
    with pytest.raises(ValueError):
        Session(np.zeros((8, 8)), endless(), device="cpu")
    with pytest.raises(ValueError):
        Session(np.zeros((8, 8, 3)), endless(), Document(9, 8), device="cpu")


def test_structure_version_counts_structure_changes_only():
    doc, ids = doc_with_shapes()
    session = Session(synthetic_target(), endless(), doc, device="cpu")
    session.step()
    version = session.snapshot().structure_version
    session.submit(ed.SetFillEdit(ids[0], SolidFill((1.0, 0.0, 0.0, 1.0))))
    session.submit(ed.SetGeometryEdit(ids[1], rect_points(2, 2, 8, 8)))
    session.submit(ed.SetSelectionEdit(frozenset(ids[:1])))
    session.submit(ed.SetLockedEdit(ids[0], True))
    session.submit(ed.SetVisibleEdit(ids[1], False))
    session.submit(ed.DeleteEdit("no-such-shape"))
    session.step()
    assert session.snapshot().structure_version == version  # values and flags, not structure
    for edit in (ed.DeleteEdit(ids[2]), ed.AddLayerEdit("Top"), ed.MoveLayerEdit(doc.layers[0].id, 1)):
        session.submit(edit)
        session.step()
        assert session.snapshot().structure_version > version, edit
        version = session.snapshot().structure_version
    assert ids[2] not in {s.id for s in session.document().all_shapes()}


# -- shapes with holes: every contour is optimized; edits, snapshots, working scale carry them --


def ring_target() -> np.ndarray:
    """A red ring on white: the hole is centred at (22, 18), radius 6."""
    yy, xx = np.mgrid[0:SIZE, 0:SIZE] + 0.5
    img = np.ones((SIZE, SIZE, 3), dtype=np.float32)
    disk = (xx - 20) ** 2 + (yy - 20) ** 2 < 15**2
    hole = (xx - 22) ** 2 + (yy - 18) ** 2 < 6**2
    img[disk & ~hole] = (0.9, 0.1, 0.1)
    return img


def test_optimizer_moves_the_hole_toward_the_image_hole():
    hole = reversed_contour(circle_points(20, 21, 5))
    shape = Shape(circle_points(20, 20, 15), fill=SolidFill((0.9, 0.1, 0.1, 1.0)), subpaths=[hole])
    doc = Document(SIZE, SIZE)
    doc.add_layer("base").shapes.append(shape)
    session = Session(ring_target(), endless(), doc, device="cpu")
    session.submit(ed.SetSelectionEdit(frozenset([shape.id])))
    steps(session, 1)
    psnr_before = session.snapshot().psnr
    steps(session, 60)
    snap = session.snapshot()
    state = snap.shapes[shape.id]
    assert len(state.subpaths) == 1 and np.isfinite(state.subpaths[0]).all()
    assert not np.allclose(state.subpaths[0], hole)
    assert snap.psnr > psnr_before + 3
    image = session.render_image()
    assert image[18, 22, :3].min() > 0.8  # white where the image's hole is
    assert signed_area(state.subpaths[0]) < 0  # still a hole (winding the other way)
    result = session.document()
    assert np.array_equal(result.find_shape(shape.id)[1].subpaths[0], state.subpaths[0])
    np.testing.assert_allclose(image, reference_render(result), atol=1e-5)


def test_set_geometry_replaces_subpaths_and_none_keeps_them():
    shape = Shape(circle_points(20, 20, 15), fill=SolidFill((0.9, 0.1, 0.1, 1.0)),
                  subpaths=[reversed_contour(circle_points(20, 20, 5))])
    doc = Document(SIZE, SIZE)
    doc.add_layer("base").shapes.append(shape)
    session = Session(ring_target(), endless(), doc, device="cpu")
    moved = reversed_contour(circle_points(22, 18, 6))
    session.submit(ed.SetGeometryEdit(shape.id, shape.points, subpaths=(moved,)))
    steps(session, 1)
    assert np.allclose(session.document().find_shape(shape.id)[1].subpaths[0], moved)
    session.submit(ed.SetGeometryEdit(shape.id, shape.points + 1))
    steps(session, 1)
    assert np.allclose(session.document().find_shape(shape.id)[1].subpaths[0], moved)
    session.submit(ed.SetGeometryEdit(shape.id, shape.points, subpaths=()))
    steps(session, 1)
    assert session.document().find_shape(shape.id)[1].subpaths == []


def test_working_scale_maps_subpaths_both_ways():
    scale = WorkingScale((200.0, 100.0), 100, 50)
    hole = circle_points(100, 50, 10)
    edit = scale.edit(ed.SetGeometryEdit("s", circle_points(100, 50, 40), subpaths=(hole,)))
    assert np.allclose(edit.subpaths[0], hole * 0.5)
    working = ShapeState(edit.points, None, None, 0.0, [edit.subpaths[0]])
    snap = Snapshot(step=1, stage=0, stage_step=1, loss=0.0, psnr=0.0, ms_per_step=0.0, num_shapes=1,
                    num_active=1, state=RunState.RUNNING, structure_version=0, shapes={"s": working})
    assert np.allclose(scale.snapshot(snap).shapes["s"].subpaths[0], hole)
