"""The trace command's progress: one self-overwriting status line with a bar and an ETA."""
from __future__ import annotations

import math
import shutil
import threading
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from editor.engine.snapshot import Snapshot


class ProgressLine:
    """A single self-overwriting status line (carriage return, no terminal escapes)."""

    def __init__(self, stream: TextIO, label: str) -> None:
        self.stream = stream
        self.label = label
        self.plan: list[int] | None = None
        self._width = 0
        self._lock = threading.Lock()

    def start(self, plan: list[int] | None) -> None:
        self.plan = plan

    def update(self, snap: Snapshot, elapsed: float) -> None:
        fraction, eta = self._estimate(snap)
        # (priority, text) in display order; on a narrow terminal the least useful go first.
        fields: list[tuple[int, str]] = [(0, self.label)]
        if fraction is not None:
            filled = round(fraction * 16)
            fields.append((1, f"[{'#' * filled}{'.' * (16 - filled)}] {fraction:4.0%}"))
        fields.append((5, f"step {snap.step}"))
        fields.append((4, f"{snap.num_shapes} paths"))
        if math.isfinite(snap.loss):
            fields.append((7, f"loss {snap.loss:.4g}"))
        if math.isfinite(snap.psnr):
            fields.append((3, f"PSNR {snap.psnr:.2f} dB"))
        fields.append((6, clock(elapsed)))
        if eta is not None:
            fields.append((2, f"ETA {clock(eta)}"))
        columns = shutil.get_terminal_size((100, 20)).columns - 1
        line = "  ".join(text for _, text in fields)
        while len(line) > columns and len(fields) > 1:
            fields.remove(max(fields))
            line = "  ".join(text for _, text in fields)
        line = line[:columns]
        with self._lock:
            self.stream.write("\r" + line.ljust(self._width))
            self.stream.flush()
            self._width = len(line)

    def clear(self) -> None:
        with self._lock:
            if self._width:
                self.stream.write("\r" + " " * self._width + "\r")
                self.stream.flush()
                self._width = 0

    def _estimate(self, snap: Snapshot) -> tuple[float | None, float | None]:
        """(share of the planned steps done, seconds left); stages that stop early make the
        bar jump ahead, and the rounds that replace hidden shapes (when a trace leaves any)
        come after the plan, at 100 %."""
        plan = self.plan
        if not plan or snap.stage < 0:
            return None, None
        stage = min(snap.stage, len(plan) - 1)
        done = sum(plan[:stage]) + min(snap.stage_step, plan[stage])
        total = sum(plan)
        remaining = max(total - done, 0)
        eta = remaining * snap.ms_per_step / 1000.0 if snap.ms_per_step > 0 else None
        return min(done / total, 1.0), eta


def clock(seconds: float) -> str:
    seconds = int(round(seconds))
    minutes, secs = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
