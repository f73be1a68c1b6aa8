"""The optimizer in a child process: edits in order, counted; failures reported, not hung."""
from __future__ import annotations

import threading

import numpy as np
import pytest

from editor.document import Document, Layer, Shape, SolidFill, circle_points
from editor.engine import edits as ed
from editor.engine.remote import RemoteError, RemoteSession
from editor.engine.snapshot import RunState

PARAMS = {"num_paths": 2, "schedule": "fixed", "paths_per_stage": 2, "max_steps": 10_000,
          "min_steps": 10_000, "final_steps": 0, "udf": False}


def _target() -> np.ndarray:
    yy, xx = np.mgrid[0:40, 0:40] / 40
    return np.stack([xx, yy, 1 - xx], axis=-1).astype(np.float32)


def _document() -> Document:
    doc = Document(width=40, height=40)
    doc.layers.append(Layer(name="Mine", shapes=[
        Shape(circle_points(12, 12, 6), fill=SolidFill((1.0, 0.0, 0.0, 1.0))),
        Shape(circle_points(28, 26, 7), fill=SolidFill((0.0, 0.0, 1.0, 1.0)))]))
    return doc


def test_edits_reach_the_child_in_order_and_snapshots_count_them() -> None:
    doc = _document()
    locked, deleted = (s.id for s in doc.all_shapes())
    remote = RemoteSession(_target(), "layerwise", {**PARAMS, "older_rate": 1.0}, doc)
    remote.submit(ed.SetLockedEdit(locked, True))
    remote.submit(ed.DeleteEdit(deleted))
    seen: list[tuple[int, dict]] = []

    def on_report(report) -> None:
        seen.append((report.edits_applied, report.snapshot.shapes))
        if report.edits_applied == 2 and len(seen) >= 8:
            remote.cancel()

    assert remote.run(on_report) == RunState.CANCELLED
    after = [shapes for applied, shapes in seen if applied == 2]
    assert len(after) >= 2
    assert all(deleted not in shapes for shapes in after)
    first = after[0][locked].points
    assert all(np.array_equal(shapes[locked].points, first) for shapes in after)


def test_document_is_answered_from_another_thread_while_running() -> None:
    remote = RemoteSession(_target(), "layerwise", PARAMS, _document())
    answers: list[int] = []

    def on_report(report) -> None:
        if not answers:
            asker = threading.Thread(target=lambda: answers.append(len(remote.document().all_shapes())))
            asker.start()
        elif report.snapshot.step > 3:
            remote.cancel()

    remote.run(on_report)
    assert answers and answers[0] >= 2


def test_a_failure_in_the_child_is_reported() -> None:
    remote = RemoteSession(_target(), "layerwise", {**PARAMS, "num_paths": -5}, _document())
    with pytest.raises(RemoteError, match="num_paths"):
        remote.run()


def test_a_working_size_maps_edits_in_and_results_out() -> None:
    """The child optimizes a 20×20 canvas; everything seen from here is in the 40×40
    document's units: a shape added by an edit comes back where it was put, and a locked
    one keeps its coordinates exactly (up to the round trip ×0.5 ×2)."""
    doc = _document()
    locked = doc.all_shapes()[0]
    remote = RemoteSession(_target(), "layerwise", PARAMS, doc, working_size=20)
    remote.submit(ed.SetLockedEdit(locked.id, True))
    added = Shape(circle_points(30, 8, 5), fill=SolidFill((0.0, 1.0, 0.0, 1.0)))
    remote.submit(ed.AddShapeEdit(added))
    remote.submit(ed.SetLockedEdit(added.id, True))
    seen = []

    def on_report(report) -> None:
        if report.edits_applied == 3:
            seen.append(report.snapshot)
            remote.cancel()

    remote.run(on_report)
    shapes = seen[-1].shapes
    assert np.allclose(shapes[locked.id].points, locked.points)
    assert np.allclose(shapes[added.id].points, added.points)
    assert shapes[locked.id].points.max() > 15  # document units, not the working 20 px


def test_a_child_that_dies_is_reported_not_waited_for() -> None:
    remote = RemoteSession(_target(), "layerwise", PARAMS, _document())

    def on_report(report) -> None:
        remote._process.kill()  # as the OS would on out-of-memory

    with pytest.raises(RemoteError, match="ended unexpectedly"):
        remote.run(on_report)
