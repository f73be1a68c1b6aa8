"""Editing while the optimizer runs: every edit reaches the session at its next step."""
from __future__ import annotations

import numpy as np

from editor.engine.snapshot import RunState
from editor.svg import svg_string
from editor.ui import commands as cmd
from tests.ui.helpers import click, start_tracing, wait_steps


def test_start_traces_the_image(window, image_path, qtbot):
    assert window.files.open_path(image_path)
    start_tracing(window, qtbot)
    first = window.runner.last_snapshot.psnr
    wait_steps(window, qtbot, 40)
    assert window.runner.last_snapshot.psnr > first
    assert "PSNR" in window.status.psnr.text()
    assert len(window.optimize.plot.points) >= 2
    assert len(window.scene.shape_items()) == len(window.ctl.doc.all_shapes())


def test_locked_shape_stays_bit_identical_while_running(window, image_path, qtbot):
    window.files.open_path(image_path)
    start_tracing(window, qtbot)
    wait_steps(window, qtbot, 5)
    locked, other = window.ctl.doc.all_shapes()[:2]
    window.selection.set([locked.id])
    window.lock_action.trigger()
    assert locked.locked
    points, fill = locked.points.copy(), locked.fill
    other_before = other.points.copy()
    wait_steps(window, qtbot, 30)
    assert np.array_equal(locked.points, points)  # bit-identical, not just close
    assert locked.fill == fill
    assert not np.array_equal(other.points, other_before)  # the rest still moves
    session_shape = window.runner._session.document().find_shape(locked.id)[1]
    assert session_shape.locked
    assert np.allclose(session_shape.points, points, atol=1e-4)  # float32 inside the session
    item = window.scene.item_for(locked.id)
    assert not item.acceptedMouseButtons()  # and the canvas will not pick it


def test_deleted_shape_is_gone_everywhere(window, image_path, qtbot):
    window.files.open_path(image_path)
    start_tracing(window, qtbot)
    victim = window.ctl.doc.all_shapes()[0]
    window.selection.set([victim.id])
    window.delete_action.trigger()
    wait_steps(window, qtbot, 10)
    assert window.ctl.doc.find_shape(victim.id) is None
    assert window.scene.item_for(victim.id) is None
    assert victim.id not in {s.id for s in window.runner._session.document().all_shapes()}
    assert victim.id not in svg_string(window.ctl.doc)
    window.ctl.undo_stack.undo()  # and it can come back, into the running session too
    wait_steps(window, qtbot, 5)
    assert window.ctl.doc.find_shape(victim.id) is not None
    assert victim.id in {s.id for s in window.runner._session.document().all_shapes()}


def test_pen_shape_joins_the_optimization(window, image_path, qtbot):
    window.files.open_path(image_path)
    start_tracing(window, qtbot)
    window.set_tool("pen")
    for x, y in [(30.0, 30.0), (44.0, 30.0), (44.0, 44.0), (30.0, 30.0)]:  # last click closes
        click(qtbot, window, x, y)
    drawn = window.ctl.doc.find_shape(window.selection.ids[0])[1]
    assert drawn.closed and len(drawn.points) == 9
    red, green, blue, _ = drawn.fill.color
    assert blue > red and blue > green  # coloured from the blue square under it
    before = drawn.points.copy()
    wait_steps(window, qtbot, 30)
    assert not np.array_equal(drawn.points, before)  # the optimizer moved it
    assert drawn.id in {s.id for s in window.runner._session.document().all_shapes()}


def test_recolor_move_reorder_hide_reach_the_session(window, image_path, qtbot):
    window.files.open_path(image_path)
    start_tracing(window, qtbot)
    ctl = window.ctl
    a, b = ctl.doc.all_shapes()[:2]
    for shape in (a, b):  # lock them so the optimizer cannot blur what we check
        ctl.push(cmd.SetFlagCommand(ctl, "locked", True, {shape.id: False}))
    ctl.push(cmd.RecolorCommand(ctl, a.id, a.fill, type(a.fill)((0.0, 1.0, 0.0, 1.0))))
    ctl.push(cmd.TranslateCommand(ctl, [b.id], 3.0, -2.0))
    layer = ctl.doc.layers[-1]
    ctl.push(cmd.ReorderShapesCommand(ctl, [a.id], layer.id, len(layer.shapes)))
    ctl.push(cmd.SetFlagCommand(ctl, "visible", False, {b.id: True}))
    wait_steps(window, qtbot, 5)
    session_doc = window.runner._session.document()
    sa, sb = session_doc.find_shape(a.id)[1], session_doc.find_shape(b.id)[1]
    assert np.allclose(sa.fill.color, (0.0, 1.0, 0.0, 1.0))
    assert np.allclose(sb.points, ctl.shape(b.id).points, atol=1e-4)
    assert not sb.visible
    assert session_doc.find_shape(a.id)[0].shapes[-1].id == a.id


def test_pause_resume_stop_and_add_shapes(window, image_path, qtbot):
    window.files.open_path(image_path)
    start_tracing(window, qtbot)
    window.runner.pause()
    assert window.optimize.pause.text() == "Resume"
    qtbot.wait(300)  # the step in flight ends and is shown
    step = window.runner.last_snapshot.step
    qtbot.wait(300)
    assert window.runner.last_snapshot.step == step  # and no other
    window.runner.resume()
    count = len(window.ctl.doc.all_shapes())
    window.optimize.add_count.setValue(2)
    window.optimize.add_button.click()
    qtbot.waitUntil(lambda: len(window.ctl.doc.all_shapes()) == count + 2, timeout=20_000)
    assert window.ctl.doc.layers[-1].name == "Added"
    window.runner.stop()
    assert window.runner.state == RunState.CANCELLED
    assert not window.optimize.stop.isEnabled()
    assert window.ctl.sink is None


def test_status_bar_says_starting_until_the_first_step_arrives(window, image_path, qtbot):
    window.files.open_path(image_path)
    window.start_optimizing()
    assert window.status.step.text() == "Starting…"  # the optimizer process is still starting
    wait_steps(window, qtbot, 1)
    assert window.status.step.text().startswith("Step ")
