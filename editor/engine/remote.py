"""A session in a child process, behind the part of `Session`'s interface a UI drives.

Why a process: an optimizer step is thousands of small tensor operations, and PyTorch takes
and releases Python's GIL around each of them. In a thread next to a GUI, every one of those
hand-overs can wait for the GUI's Python code and every GUI slot can wait for the optimizer:
the step slows by half and the event loop stutters. In its own process the optimizer runs at
full speed at a lower scheduling priority, and the GUI process only receives plain data.

    remote = RemoteSession(target_rgb, "layerwise", {"num_paths": 64}, document)  # starts it
    remote.submit(SetLockedEdit(shape_id, True))   # any thread; applied at a coming step
    remote.run(on_report=show)   # blocks, like Session.run; call it from a worker thread

Each `RemoteReport` carries a snapshot; when the structure changed, the document describing
it (so a consumer never pairs a snapshot with a newer structure); and how many of the
submitted edits the snapshot includes, since edits travel through a pipe and may not have
reached the session yet. Messages are pickled dataclasses of numpy/python values.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

import numpy as np

from editor.document import Document
from editor.engine import edits as ed
from editor.engine.run_modes import TRACE, RunMode
from editor.engine.snapshot import RunState, Snapshot
from editor.engine.working_scale import WorkingScale
from editor.errors import LayertraceError
from editor.io.image_io import resize_rgb

CHILD_NICENESS = 5  # below the GUI: when both want a core, the window wins
_REPLY_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class _Start:
    target: np.ndarray
    method: str
    params: dict[str, Any]
    document: Document
    seed: int
    torch_threads: int
    snapshot_interval: float
    mode: RunMode


@dataclass(frozen=True)
class RemoteReport:
    """What the child reported, in document units."""

    snapshot: Snapshot
    document: Document | None  # the session's structure, when it changed since the last report
    edits_applied: int  # of the edits submitted, how many the snapshot includes


ReportCallback = Callable[[RemoteReport], None]


class RemoteError(LayertraceError):
    """The child failed: an exception in the optimizer, or the process died."""


class RemoteSession:
    """Traces `target` with method `method` (by name, with `params`) in a child process.

    Thread-safe like `Session`: one thread runs `run`; any thread may call `submit`,
    `pause`, `resume`, `cancel` and `document`. The process starts at once (the child then
    needs a few seconds to import torch); `run` relays what it reports.

    working_size: the long side, in pixels, of the canvas the child optimizes on (None: the
    document's own size). Everything this object takes and gives is in document units.
    mode: what the session does (`run_modes`: the method's schedule, refine, add paths).
    """

    def __init__(self, target: np.ndarray, method: str, params: dict[str, Any],
                 document: Document, *, seed: int = 0, torch_threads: int = 1,
                 snapshot_interval: float = 0.0, working_size: int | None = None,
                 mode: RunMode = TRACE) -> None:
        context = mp.get_context("spawn")  # never fork a process that runs Qt and torch threads
        self._conn, child_conn = context.Pipe()
        self._process = context.Process(target=_child_main, args=(child_conn,),
                                        name="layertrace-optimizer", daemon=True)
        self._send_lock = threading.Lock()
        self._replies: dict[int, tuple[threading.Event, list[Document]]] = {}
        self._next_request = 0
        self._finished = threading.Event()
        self._pending: list[tuple] = []  # read from the pipe while looking for newer snapshots
        self._working = WorkingScale.fit(document.width, document.height,
                                         working_size or int(round(max(document.width, document.height))))
        target = resize_rgb(np.ascontiguousarray(target, dtype=np.float32),
                            (self._working.width, self._working.height))
        try:
            self._process.start()
        except OSError as err:  # no process, or it died while being handed its set-up
            self._conn.close()
            raise RemoteError(f"the optimizer process could not start: {err}") from None
        finally:
            child_conn.close()  # the child's end lives in the child now: EOF when it dies
        try:
            self._conn.send(("start", _Start(target, method, dict(params),
                                             self._working.to_working(document),
                                             seed, torch_threads, snapshot_interval, mode)))
        except OSError:
            pass  # it died already (BrokenPipeError): `run` reports it with its exit code

    @property
    def pid(self) -> int | None:
        """The child's process id (None before it started)."""
        return self._process.pid

    # ------------------------------------------------------------------ control (any thread)
    def submit(self, edit: ed.Edit) -> None:
        self._send(("edit", self._working.edit(edit)))

    def pause(self) -> None:
        self._send(("pause",))

    def resume(self) -> None:
        self._send(("resume",))

    def cancel(self) -> None:
        self._send(("cancel",))

    def document(self) -> Document:
        """The session's document with its optimized values, asked of the child (which
        answers between two steps)."""
        with self._send_lock:
            request = self._next_request
            self._next_request += 1
            done, slot = self._replies.setdefault(request, (threading.Event(), []))
        self._send(("document", request))
        if not done.wait(_REPLY_TIMEOUT_S) or not slot:
            raise RemoteError("the optimizer process did not answer")
        return self._working.from_working(slot[0])

    def _send(self, message: tuple) -> None:
        if self._finished.is_set():
            return  # nothing listens any more: like editing a finished session
        with self._send_lock:
            try:
                self._conn.send(message)
            except (BrokenPipeError, OSError):
                pass  # the child is gone; `run` reports why

    # ------------------------------------------------------------------ running
    def run(self, on_report: ReportCallback | None = None) -> RunState:
        """Relay the child's reports until it ends; the final state.

        Raises RemoteError when the optimizer failed or its process died.
        """
        try:
            while True:
                kind, *body = self._receive()
                if kind == "snapshot":
                    report = self._newest(body)
                    if on_report is not None:
                        on_report(report)
                elif kind == "document":
                    done, slot = self._replies.pop(body[0], (threading.Event(), []))
                    slot.append(body[1])
                    done.set()
                elif kind == "done":
                    return body[0]
                elif kind == "error":
                    raise RemoteError(body[0])
        finally:
            self._finished.set()
            for done, _ in list(self._replies.values()):
                done.set()  # waiting callers get RemoteError, not a hang
            self._conn.close()
            self._process.join(timeout=5)
            if self._process.is_alive():
                self._process.kill()

    def _receive(self) -> tuple:
        if self._pending:
            return self._pending.pop(0)
        try:
            return self._conn.recv()
        except (EOFError, OSError):
            raise RemoteError(f"the optimizer process ended unexpectedly "
                              f"(exit code {self._exit_code()})") from None

    def _newest(self, body: list) -> RemoteReport:
        """The newest of the snapshots waiting in the pipe: when the consumer falls behind, it
        skips states instead of lagging ever further. A structure document that came with a
        skipped snapshot still describes the newest one unless a newer came."""
        snap, document, applied = body
        while not self._pending and self._conn.poll():
            kind, *more = self._receive()
            if kind != "snapshot":
                self._pending.append((kind, *more))
                break
            snap, applied = more[0], more[2]
            document = more[1] if more[1] is not None else document
        if document is not None:
            document = self._working.from_working(document)
        return RemoteReport(self._working.snapshot(snap), document, applied)

    def _exit_code(self) -> int | None:
        self._process.join(timeout=1)
        return self._process.exitcode


# ---------------------------------------------------------------------- the child process
def _child_main(conn: Connection) -> None:
    """Build the session, serve commands on a thread, run on this one."""
    try:
        os.nice(CHILD_NICENESS)
    except (AttributeError, OSError):
        pass  # not on this platform, or not allowed: run at normal priority
    message = conn.recv()
    if message[0] != "start":
        return
    start: _Start = message[1]
    send_lock = threading.Lock()

    def send(reply: tuple) -> None:
        with send_lock:
            conn.send(reply)

    try:
        import torch

        from editor.engine.session import Session
        from editor.registry.loading import load_method

        torch.set_num_threads(start.torch_threads)
        session = Session(start.target, load_method(start.method, **start.params), start.document,
                          seed=start.seed, mode=start.mode)
    except Exception as err:  # noqa: BLE001 — reported to the parent, which shows it
        send(("error", f"{type(err).__name__}: {err}"))
        return

    received = 0  # edits handed to the session, in the parent's order

    def handle(command: tuple) -> bool:
        """Carry out one command; False once no more will be read."""
        nonlocal received
        kind = command[0]
        if kind == "edit":
            session.submit(command[1])
            received += 1
        elif kind == "pause":
            session.pause()
        elif kind == "resume":
            session.resume()
        elif kind == "cancel":
            session.cancel()
            return False
        elif kind == "document":
            send(("document", command[1], session.document()))
        return True

    def serve() -> None:
        while True:
            try:
                command = conn.recv()
            except (EOFError, OSError):
                session.cancel()  # the parent is gone
                return
            if not handle(command):
                return

    # What the parent sent while this process was starting (edits made meanwhile) counts
    # from the first step.
    while conn.poll():
        if not handle(conn.recv()):
            break
    threading.Thread(target=serve, name="commands", daemon=True).start()
    version = -1
    queued = received  # edits submitted before the previous report: drained before this step

    def on_snapshot(snap: Snapshot) -> None:
        nonlocal version, queued
        document = session.document() if snap.structure_version != version else None
        version = snap.structure_version
        send(("snapshot", snap, document, queued))
        queued = received

    try:
        state = session.run(on_snapshot=on_snapshot, snapshot_interval=start.snapshot_interval)
        send(("done", state))
    except Exception as err:  # noqa: BLE001 — any failure of the run is reported to the parent, which shows it
        send(("error", f"{type(err).__name__}: {err}"))
