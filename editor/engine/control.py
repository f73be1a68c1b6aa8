"""Thread-safe control of a session's run loop: the edit queue and pause/resume/cancel.

Any thread may call `submit`, `pause`, `resume` and `cancel`; the worker thread drains the
queue between steps and blocks in `wait_until_runnable` while paused. One condition
variable guards everything, so a submitted edit or a cancel wakes a paused worker.
"""
from __future__ import annotations

import threading
from collections import deque

from editor.engine.edits import Edit


class RunControl:
    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._edits: deque[Edit] = deque()
        self._paused = False
        self._cancelled = False

    def submit(self, edit: Edit) -> None:
        with self._cond:
            self._edits.append(edit)
            self._cond.notify_all()

    def drain(self) -> list[Edit]:
        with self._cond:
            edits = list(self._edits)
            self._edits.clear()
            return edits

    def pause(self) -> None:
        with self._cond:
            self._paused = True

    def resume(self) -> None:
        with self._cond:
            self._paused = False
            self._cond.notify_all()

    def cancel(self) -> None:
        """Final: a cancelled session does not run again (its results stay readable)."""
        with self._cond:
            self._cancelled = True
            self._cond.notify_all()

    @property
    def paused(self) -> bool:
        with self._cond:
            return self._paused

    @property
    def cancelled(self) -> bool:
        with self._cond:
            return self._cancelled

    def wait_until_runnable(self, timeout: float | None = None) -> bool:
        """Block while paused, until resumed, cancelled or an edit arrives (or `timeout`).

        Returns True when the caller may take a step (not paused, not cancelled).
        """
        with self._cond:
            self._cond.wait_for(
                lambda: not self._paused or self._cancelled or bool(self._edits), timeout
            )
            return not self._paused and not self._cancelled
