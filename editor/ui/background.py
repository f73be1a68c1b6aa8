"""One job at a time on a helper thread, its result delivered on the GUI thread.

For GUI-side work too slow for an event-loop tick (SVG size of 256 shapes, writing an
autosave): the job gets plain data copied beforehand, never a live Qt or document object,
and the thread makes no Qt call at all — a timer on the GUI thread picks the result up.
The thread is started once and kept: starting one per job makes the GUI thread wait
until the new thread runs, which under a busy optimizer takes tens of milliseconds.
"""
from __future__ import annotations

import queue
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

POLL_MS = 15


class BackgroundJob(QObject):
    finished = Signal(object)  # the job's return value

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs: queue.SimpleQueue[Callable[[], Any]] = queue.SimpleQueue()
        self._results: queue.SimpleQueue[tuple[bool, Any]] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._serve, name=name, daemon=True)
        self.busy = False
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)

    def start(self, job: Callable[[], Any]) -> bool:
        """Run `job` unless one is still running (then False: try again later)."""
        if self.busy:
            return False
        if not self._thread.is_alive():
            self._thread.start()
        self.busy = True
        self._jobs.put(job)
        self._timer.start()
        return True

    def _serve(self) -> None:
        while True:
            job = self._jobs.get()
            try:
                self._results.put((True, job()))
            except Exception:  # noqa: BLE001 — report, and keep serving the next job
                traceback.print_exc()
                self._results.put((False, None))

    def _poll(self, timeout: float | None = None) -> None:
        try:
            ok, result = self._results.get(timeout=timeout) if timeout else self._results.get_nowait()
        except queue.Empty:
            return
        self._timer.stop()
        self.busy = False
        if ok:
            self.finished.emit(result)

    def wait(self, timeout: float = 5.0) -> None:
        """Block until the running job ended and deliver its result (shutdown and tests)."""
        if self.busy:
            self._poll(timeout)
