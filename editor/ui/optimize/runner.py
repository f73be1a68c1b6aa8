"""Runs an optimization session in a child process and feeds its results to the GUI.

The session runs in its own process (`editor.engine.remote`): an optimizer step is
thousands of small tensor operations, each a hand-over of Python's GIL, and next to the GUI
thread that would halve the step rate and make the window stutter. Here, a relay thread
receives the child's snapshots and meets the GUI in three narrow places only:
- GUI → child: `RemoteSession.submit` (edits, through a pipe, in order) and
  pause/resume/cancel;
- relay → GUI: a one-slot mailbox holding the latest `Report` (plain numpy/python data
  and reentrant Qt value types), which a GUI timer empties at a fixed rate — snapshots are
  applied in batches, however fast the optimizer steps. The relay also builds the canvas
  paths of the shapes a step changed, so the GUI thread only hands them to their items;
- `_seq`, the count of edits submitted; each snapshot says how many of them it includes.
The relay never touches a Qt object and the GUI thread never waits for a step.
"""
from __future__ import annotations

import gc
import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal

from editor.document import Document, FillRule, Shape
from editor.document.contours import same_contours
from editor.engine import edits as ed
from editor.engine.remote import RemoteReport, RemoteSession
from editor.engine.run_modes import TRACE, RunMode
from editor.engine.snapshot import RunState, ShapeState, Snapshot
from editor.engine.working_scale import DEFAULT_WORKING_SIZE
from editor.registry import MethodInfo, MethodUnavailableError, validate_params
from editor.ui.canvas.painting import Painted, painted
from editor.ui.controller import DocumentController

DEFAULT_INTERVAL_MS = 40  # GUI refresh while running: up to 25 canvas updates per second
# How long a thread waiting for the GIL lets the holder run (Python's default: 5 ms). The
# GUI thread needs the GIL for every Python slot; with a busy worker each wait would eat up
# to the whole interval, so switch sooner.
GIL_SWITCH_INTERVAL_S = 0.001


def default_torch_threads() -> int:
    """Leave one core to the GUI: a parallel torch operation waits for its slowest thread,
    and a thread the window preempts would stall the whole step."""
    return max(1, (os.cpu_count() or 2) - 1)


@dataclass(frozen=True)
class Report:
    snapshot: Snapshot | None  # None: the session failed before its first step
    document: Document | None  # the session's structure, when it changed since the last report
    edits_seen: int  # every edit with a lower or equal sequence number is in the snapshot
    generation: int  # which session made it (stale after a stop or restart)
    error: str | None = None
    prepared: dict[str, Painted] = field(default_factory=dict)  # changed shapes' paths


class _Mailbox:
    """The newest report wins; a structure document is carried over until delivered."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._report: Report | None = None

    def put(self, report: Report) -> None:
        with self._lock:
            old = self._report
            if old is not None and old.generation == report.generation:
                # no structure change since `old`: its document still describes `report`;
                # its prepared paths still help for shapes this step left alone
                report = replace(report, document=report.document or old.document,
                                 prepared={**old.prepared, **report.prepared})
            self._report = report

    def take(self) -> Report | None:
        with self._lock:
            report, self._report = self._report, None
            return report


class OptimizerRunner(QObject):
    """Start/pause/resume/stop a session; the controller's edit sink while one exists."""

    stateChanged = Signal(object)  # RunState
    snapshotArriving = Signal(object)  # Snapshot, about to be applied to the document
    progressed = Signal(object)  # Snapshot (applied): statistics for the status bar and the plot
    failed = Signal(str)

    def __init__(self, ctl: DocumentController,
                 adopt_paths: Callable[[dict[str, Painted]], None] | None = None,
                 interval_ms: int = DEFAULT_INTERVAL_MS, torch_threads: int | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctl = ctl
        self.adopt_paths = adopt_paths  # the canvas, which takes the worker's paths
        self.torch_threads = torch_threads or default_torch_threads()
        self.state = RunState.IDLE
        self.last_snapshot: Snapshot | None = None
        self.edits_seen = 0  # the last applied snapshot includes every edit up to this number
        self._session: RemoteSession | None = None
        self._threads: list[threading.Thread] = []  # cancelled ones may still finish a step
        self._mailbox = _Mailbox()
        self._generation = 0
        self._seq = 0
        self._seq_lock = threading.Lock()
        self._report_interval_s = interval_ms / 1000  # read by the worker: no Qt call there
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.poll)
        sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)

    # ------------------------------------------------------------------ state
    @property
    def active(self) -> bool:
        """A session exists (running or paused): edits go to it."""
        return self._session is not None

    @property
    def running(self) -> bool:
        return self.state == RunState.RUNNING

    def _set_state(self, state: RunState) -> None:
        if state != self.state:
            self.state = state
            self.stateChanged.emit(state)

    # ------------------------------------------------------------------ control (GUI thread)
    def start(self, method: MethodInfo, params: dict[str, Any],
              working_size: int = DEFAULT_WORKING_SIZE, mode: RunMode = TRACE) -> None:
        """Trace the current document toward the source image with a fresh session that
        optimizes at `working_size` px (long side) and does what `mode` says.

        Raises LayertraceError (unavailable method, bad parameter) or ValueError (no image).
        The method's code is imported by the optimizer process only: one that fails there
        is reported through `failed`, like any error of the optimizer.
        """
        if self.ctl.source is None:
            raise ValueError("open an image to trace first")
        self.stop()
        if not method.available:
            raise MethodUnavailableError(f"method {method.name!r} is unavailable: {method.reason}")
        params = validate_params(method.params, params)  # raises before anything changes
        with self._seq_lock:
            base = self._seq  # the document the session starts from has every edit so far
        session = RemoteSession(self.ctl.source.target, method.name, params, self.ctl.doc,
                                torch_threads=self.torch_threads,
                                snapshot_interval=self._report_interval_s,
                                working_size=working_size, mode=mode)
        # A full garbage collection walks every object the process holds (torch and Qt make
        # that ~400k) with the GIL held: 150-200 ms during which the GUI cannot run a single
        # slot. Everything alive now lives as long as the editor: exempt it from collection.
        gc.freeze()
        self._generation += 1
        self._session = session
        self.ctl.sink = self
        thread = threading.Thread(target=self._work, args=(session, self._generation, base),
                                  name="layertrace-optimizer", daemon=True)
        self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()
        self._timer.start()
        self._set_state(RunState.RUNNING)

    def pause(self) -> None:
        if self._session is not None and self.running:
            self._session.pause()
            self._set_state(RunState.PAUSED)

    def resume(self) -> None:
        if self._session is not None and self.state == RunState.PAUSED:
            self._session.resume()
            self._set_state(RunState.RUNNING)

    def stop(self) -> None:
        """Cancel the session after its current step; the document keeps its results."""
        self.poll()  # the last finished step is worth showing
        if self._session is None:
            return
        self._session.cancel()
        self._detach(RunState.CANCELLED)

    def _detach(self, state: RunState) -> None:
        self._session = None
        self._generation += 1  # anything still in flight is stale
        self._timer.stop()
        self.ctl.sink = None
        self._set_state(state)

    def add_shapes_at_error(self, count: int) -> None:
        if self._session is not None and count > 0:
            self.submit(ed.AddShapesAtErrorEdit(count))

    @property
    def edits_submitted(self) -> int:
        with self._seq_lock:
            return self._seq

    # ------------------------------------------------------------------ EditSink
    def submit(self, edit: ed.Edit) -> int:
        assert self._session is not None
        self._session.submit(edit)
        with self._seq_lock:  # after the submit: a seq the worker reads is already queued
            self._seq += 1
            return self._seq

    # ------------------------------------------------------------------ relay thread
    def _work(self, session: RemoteSession, generation: int, base: int) -> None:
        outline: dict[str, tuple[bool, FillRule]] = {}  # per shape: closed, fill rule
        previous: dict[str, ShapeState] = {}
        last: RemoteReport | None = None

        def on_report(report: RemoteReport) -> None:
            nonlocal outline, previous, last
            snap, doc = report.snapshot, report.document
            if doc is not None:
                outline = {s.id: (s.closed, s.fill_rule) for s in doc.all_shapes()}
            prepared = _prepare(snap.shapes, previous, outline)
            previous, last = snap.shapes, report
            self._mailbox.put(Report(snap, doc, base + report.edits_applied, generation,
                                     prepared=prepared))

        try:
            session.run(on_report=on_report)
        except Exception as err:  # noqa: BLE001 — shown to the designer, never swallowed
            # Carries the last snapshot again: it replaces an unread one in the mailbox.
            self._mailbox.put(Report(last.snapshot if last else None, None,
                                     base + (last.edits_applied if last else 0),
                                     generation, error=str(err)))

    # ------------------------------------------------------------------ GUI side
    def poll(self) -> None:
        """Apply the newest report (timer-driven while a session runs)."""
        report = self._mailbox.take()
        if report is None or report.generation != self._generation:
            return
        snap = report.snapshot
        self.edits_seen = report.edits_seen
        if snap is not None:
            self.last_snapshot = snap
            self.snapshotArriving.emit(snap)
            if self.adopt_paths is not None:
                self.adopt_paths(report.prepared)
            self.ctl.apply_snapshot(snap, report.document, report.edits_seen)
            self.progressed.emit(snap)
        if report.error is not None:
            self._detach(RunState.CANCELLED)
            self.failed.emit(report.error)
        elif snap is not None and snap.state == RunState.FINISHED:
            self._detach(RunState.FINISHED)

    def shutdown(self, timeout: float = 5.0) -> None:
        """Stop and wait for every worker thread (closing the window, tests)."""
        self.stop()
        for thread in self._threads:
            thread.join(timeout)
        self._threads.clear()


def _prepare(states: dict[str, ShapeState], previous: dict[str, ShapeState],
             outline: dict[str, tuple[bool, FillRule]]) -> dict[str, Painted]:
    """Canvas paths and brushes (worker thread) for the shapes that changed since the
    previous report."""
    prepared = {}
    for shape_id, state in states.items():
        old = previous.get(shape_id)
        if shape_id not in outline or (
                old is not None and np.array_equal(old.points, state.points)
                and same_contours(old.subpaths, state.subpaths)
                and old.fill == state.fill and old.stroke == state.stroke
                and old.stroke_width == state.stroke_width):
            continue
        closed, fill_rule = outline[shape_id]
        shape = Shape(state.points, closed=closed, fill=state.fill, fill_rule=fill_rule,
                      stroke=state.stroke, stroke_width=state.stroke_width, id=shape_id)
        shape.points, shape.subpaths = state.points, state.subpaths  # the very arrays the GUI's shape will hold
        prepared[shape_id] = painted(shape)
    return prepared
