"""The optimizer's history: checkpoints of the document while a trace runs, kept apart from
the designer's undo stack, and reverting to one of them as a designer's (undoable) action.

Checkpoints are taken when a run starts, when a stage ends, every CHECKPOINT_S seconds and
when the run ends. Each is a `snapshot_document` (it shares point arrays with the states
around it), and the list is bounded in count and in bytes: the oldest checkpoints after a
run's first go first.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from editor.document import Document
from editor.document.traced import revert_optimizer_work
from editor.engine.snapshot import RunState, Snapshot
from editor.ui import commands as cmd
from editor.ui.controller import DocumentController, snapshot_document

CHECKPOINT_S = 10.0  # a running trace leaves a checkpoint this often
MAX_CHECKPOINTS = 40
MAX_BYTES = 64 * 2**20  # of control points held by checkpoints, however many shapes


@dataclass(frozen=True)
class Checkpoint:
    label: str  # "Start", "Stage 3 done", "Step 1200", "Finished"
    document: Document
    step: int
    psnr: float
    taken: float  # time.time()
    first: bool = False  # a run's starting state: kept while the list is trimmed

    @property
    def nbytes(self) -> int:
        return sum(s.points.nbytes for s in self.document.all_shapes())

    def describe(self) -> str:
        when = time.strftime("%H:%M:%S", time.localtime(self.taken))
        quality = f", {self.psnr:.1f} dB" if math.isfinite(self.psnr) else ""
        return f"{when} — {self.label}{quality}"


class OptimizerHistory(QObject):
    changed = Signal()

    def __init__(self, ctl: DocumentController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctl = ctl
        self.checkpoints: list[Checkpoint] = []
        self._stage: int | None = None
        self._last_taken = 0.0
        self._last: Snapshot | None = None
        ctl.documentReset.connect(self.clear)

    def clear(self) -> None:
        self.checkpoints.clear()
        self.changed.emit()

    # ------------------------------------------------------------------ recording
    def run_started(self) -> None:
        self._stage, self._last = None, None
        self._record("Start", first=True)

    def before_snapshot(self, snap: Snapshot) -> None:
        """A report is about to be applied: when it belongs to a later stage, the document
        still shows the end of the previous one."""
        if self._stage is not None and snap.stage > self._stage:
            self._record(f"Stage {self._stage + 1} done")
        self._stage = snap.stage

    def after_snapshot(self, snap: Snapshot) -> None:
        self._last = snap
        if time.monotonic() - self._last_taken >= CHECKPOINT_S:
            self._record(f"Step {snap.step}")

    def run_ended(self, state: RunState) -> None:
        if state in (RunState.FINISHED, RunState.CANCELLED) and self._last is not None:
            self._record("Finished" if state == RunState.FINISHED else "Stopped")

    def _record(self, label: str, first: bool = False) -> None:
        snap = self._last
        self.checkpoints.append(Checkpoint(
            label, snapshot_document(self.ctl.doc), snap.step if snap else 0,
            snap.psnr if snap else math.nan, time.time(), first))
        self._last_taken = time.monotonic()
        self._trim()
        self.changed.emit()

    def _trim(self) -> None:
        def too_many() -> bool:
            return len(self.checkpoints) > MAX_CHECKPOINTS or \
                sum(c.nbytes for c in self.checkpoints) > MAX_BYTES

        while len(self.checkpoints) > 1 and too_many():
            victim = next((c for c in self.checkpoints[:-1] if not c.first), self.checkpoints[0])
            self.checkpoints.remove(victim)

    # ------------------------------------------------------------------ reverting
    def revert(self, checkpoint: Checkpoint) -> None:
        """Back to `checkpoint`'s shapes, keeping every designer's change since: one undo
        entry, so Ctrl+Z brings the optimizer's later work back."""
        before = snapshot_document(self.ctl.doc)
        after = revert_optimizer_work(self.ctl.doc, checkpoint.document)
        self.ctl.push(cmd.RevertToCheckpointCommand(self.ctl, before, after,
                                             f"Revert to checkpoint “{checkpoint.label}”"))
