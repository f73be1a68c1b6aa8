"""The optimizer moves every contour of a shape with a hole; edits, snapshots and the working
scale carry subpaths."""
from __future__ import annotations

import numpy as np

from editor.document import Document, Shape, SolidFill, circle_points
from editor.document.contours import reversed_contour, signed_area
from editor.engine import edits as ed
from editor.engine.session import Session
from editor.engine.snapshot import RunState, ShapeState, Snapshot
from editor.engine.working_scale import WorkingScale
from test_engine_session import SIZE, endless, reference_render, steps


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
    session.submit(ed.SetSelection(frozenset([shape.id])))
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
    session.submit(ed.SetGeometry(shape.id, shape.points, subpaths=(moved,)))
    steps(session, 1)
    assert np.allclose(session.document().find_shape(shape.id)[1].subpaths[0], moved)
    session.submit(ed.SetGeometry(shape.id, shape.points + 1))
    steps(session, 1)
    assert np.allclose(session.document().find_shape(shape.id)[1].subpaths[0], moved)
    session.submit(ed.SetGeometry(shape.id, shape.points, subpaths=()))
    steps(session, 1)
    assert session.document().find_shape(shape.id)[1].subpaths == []


def test_working_scale_maps_subpaths_both_ways():
    scale = WorkingScale((200.0, 100.0), 100, 50)
    hole = circle_points(100, 50, 10)
    edit = scale.edit(ed.SetGeometry("s", circle_points(100, 50, 40), subpaths=(hole,)))
    assert np.allclose(edit.subpaths[0], hole * 0.5)
    working = ShapeState(edit.points, None, None, 0.0, [edit.subpaths[0]])
    snap = Snapshot(step=1, stage=0, stage_step=1, loss=0.0, psnr=0.0, ms_per_step=0.0, num_shapes=1,
                    num_active=1, state=RunState.RUNNING, structure_version=0, shapes={"s": working})
    assert np.allclose(scale.snapshot(snap).shapes["s"].subpaths[0], hole)
