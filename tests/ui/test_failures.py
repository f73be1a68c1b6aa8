"""Issue 11, problem 8: nothing fails silently. An uncaught exception in the GUI becomes a
dialog with the details, an autosave and a log entry; the optimizer's process dying — at
start or while it runs — or failing to load its method is reported, and the document keeps
what it had."""
from __future__ import annotations

import math
import multiprocessing.spawn
import os
import signal
import threading

import pytest
from PySide6.QtCore import QTimer, qWarning

from editor.document import Document, Layer, Shape, SolidFill, circle_points
from editor.engine.snapshot import RunState
from editor.ui.crash_guard import CrashGuard
from editor.ui.files.project import load_project
from tests.registry.helpers import write_distribution
from tests.ui.helpers import doc_state, start_tracing, wait_steps


@pytest.fixture
def guarded(window, tmp_path):
    """The window with its crash guard installed as `app.run` does, logging to tmp_path."""
    guard = CrashGuard(window.dialogs, window.autosaver.save_immediately,
                       tmp_path / "state" / "layertrace.log")
    guard.install()
    yield window, guard
    guard.uninstall()


def _log(guard: CrashGuard) -> str:
    return guard.log_path.read_text(encoding="utf-8")


def test_an_exception_in_a_slot_shows_details_autosaves_and_logs(guarded, qtbot):
    window, guard = guarded
    shape = Shape(circle_points(20, 20, 8), fill=SolidFill((0.2, 0.6, 0.3, 1.0)), name="mine")
    window.ctl.reset(Document(48, 48, layers=[Layer(name="L", shapes=[shape])]), None)

    def broken_slot() -> None:
        raise ZeroDivisionError("a bug in a slot")

    QTimer.singleShot(0, broken_slot)  # Qt calls it from the event loop, as it calls any slot
    qtbot.waitUntil(lambda: bool(window.dialogs.crashes), timeout=5000)
    summary, details = window.dialogs.crashes[0]
    assert summary == "ZeroDivisionError: a bug in a slot"
    assert "broken_slot" in details and "Traceback" in details  # the details to copy
    assert str(window.autosaver.path) in details and str(guard.log_path) in details
    saved = load_project(window.autosaver.path)  # the autosave holds the document
    assert doc_state(saved.document) == doc_state(window.ctl.doc)
    log = _log(guard)
    assert "uncaught exception: ZeroDivisionError: a bug in a slot" in log
    assert "broken_slot" in log and "autosaved to" in log
    assert window.isVisible()  # and the editor carries on


def test_the_same_failure_repeating_shows_one_dialog_but_is_logged_each_time(guarded, qtbot):
    window, guard = guarded

    def broken_paint() -> None:
        raise RuntimeError("paint failed")

    for _ in range(3):
        QTimer.singleShot(0, broken_paint)
    qtbot.waitUntil(lambda: guard.reports == 3, timeout=5000)
    assert len(window.dialogs.crashes) == 1
    assert _log(guard).count("uncaught exception: RuntimeError: paint failed") == 3


def test_an_exception_in_a_worker_thread_is_shown_on_the_gui_thread(guarded, qtbot):
    window, guard = guarded
    shown_on: list[threading.Thread] = []
    window.dialogs.crash = lambda summary, details: shown_on.append(threading.current_thread())

    def work() -> None:
        raise ValueError("worker failed")

    worker = threading.Thread(target=work, name="some-worker")
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: bool(shown_on), timeout=5000)
    assert shown_on == [threading.main_thread()]
    assert "ValueError: worker failed" in _log(guard)


def test_qt_warnings_go_to_the_log(guarded):
    _window, guard = guarded
    qWarning("a warning from Qt")
    assert "WARNING Qt: a warning from Qt" in _log(guard)


def _assert_failure_reported(window, title: str) -> None:
    titles = [t for t, _ in window.dialogs.errors]
    assert title in titles, window.dialogs.errors
    assert window.status.state.text() == "Failed"
    assert window.runner.state != RunState.RUNNING and not window.runner.active
    assert window.start_action.isEnabled()  # Start is offered again


def test_the_optimizer_process_dying_mid_run_is_reported_and_the_document_kept(window, image_path, qtbot):
    window.files.open_path(image_path)
    start_tracing(window, qtbot)
    wait_steps(window, qtbot, 3)
    os.kill(window.runner._session.pid, signal.SIGKILL)  # as the OS does when memory runs out
    qtbot.waitUntil(lambda: bool(window.dialogs.errors), timeout=10_000)
    _assert_failure_reported(window, "The optimizer stopped")
    assert "ended unexpectedly" in window.dialogs.errors[0][1]
    # the document keeps the optimizer's last applied result, intact
    last = window.runner.last_snapshot
    shapes = {s.id: s for s in window.ctl.doc.all_shapes()}
    assert set(last.shapes) <= set(shapes) and len(shapes) >= 3
    assert all(math.isfinite(float(v)) for s in shapes.values() for v in s.points.ravel())
    # and it is still editable: an edit now goes to the document, not to a dead process
    victim = next(iter(shapes))
    window.selection.set([victim])
    window.layers.delete_selection()
    assert victim not in {s.id for s in window.ctl.doc.all_shapes()}
    window.ctl.undo_stack.undo()
    assert victim in {s.id for s in window.ctl.doc.all_shapes()}


def test_the_optimizer_process_dying_at_start_is_reported_not_raised(window, image_path, qtbot,
                                                                     tmp_path, monkeypatch):
    """The child exits before it reads its set-up (a broken interpreter, a missing library):
    writing the set-up to it raised BrokenPipeError out of start_optimizing."""
    dead_python = tmp_path / "dead-python"
    dead_python.write_text("#!/bin/sh\nexit 3\n")
    dead_python.chmod(0o755)
    executable = multiprocessing.spawn.get_executable()  # bytes or str, by Python version
    monkeypatch.setattr(multiprocessing.spawn, "_python_exe",
                        os.fsencode(dead_python) if isinstance(executable, bytes) else str(dead_python))
    window.files.open_path(image_path)
    before = doc_state(window.ctl.doc)
    window.start_optimizing()
    qtbot.waitUntil(lambda: bool(window.dialogs.errors), timeout=10_000)
    title, message = window.dialogs.errors[0]
    assert title in ("Cannot start the optimizer", "The optimizer stopped")
    assert "optimizer process" in message
    _assert_failure_reported(window, title)
    assert doc_state(window.ctl.doc) == before


def test_a_method_that_fails_to_import_in_the_optimizer_process_is_a_message(
        make_window, image_path, qtbot, tmp_path, monkeypatch):
    """The window lists an installed plug-in from its manifest without importing it; its code
    first runs in the optimizer process, where it fails: the designer gets the reason in a
    message, Start is offered again and the document is untouched. (The child is spawned
    with this process's sys.path, so it finds the same distribution.)"""
    write_distribution(tmp_path / "site", "raise ImportError('libfancy.so.1: cannot open shared object file')\n")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    window = make_window()
    assert window.optimize.select_method("ep_blobs")  # listed as available, form from its manifest
    assert window.optimize.params() == {"level": 2}
    window.files.open_path(image_path)
    before = doc_state(window.ctl.doc)
    assert window.start_optimizing()
    qtbot.waitUntil(lambda: bool(window.dialogs.errors), timeout=120_000)
    _assert_failure_reported(window, "The optimizer stopped")
    message = window.dialogs.errors[0][1]
    assert "method 'ep_blobs' is unavailable: failed to import" in message
    assert "libfancy.so.1: cannot open shared object file" in message
    assert doc_state(window.ctl.doc) == before


def test_parameters_are_checked_against_the_manifest_before_the_optimizer_starts(window, image_path):
    """No import of the method in the window: its manifest's schema refuses a bad value."""
    window.files.open_path(image_path)
    assert window.optimize.select_method("layerwise")
    window.optimize.params = lambda: {"num_paths": 0}  # what a stale setting could hold
    assert not window.start_optimizing()
    title, message = window.dialogs.errors[0]
    assert title == "Cannot start the optimizer" and "'num_paths'" in message and "minimum 1" in message
    assert not window.runner.active
