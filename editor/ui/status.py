"""The status bar: optimizer progress on the left, cursor and zoom on the right."""
from __future__ import annotations

import math

from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from editor.engine.snapshot import RunState, Snapshot

_STATE_TEXT = {
    RunState.IDLE: "Ready", RunState.RUNNING: "Optimizing", RunState.PAUSED: "Paused",
    RunState.FINISHED: "Finished", RunState.CANCELLED: "Stopped",
}


def _label(tip: str, width: int = 0) -> QLabel:
    label = QLabel()
    label.setToolTip(tip)
    if width:
        label.setMinimumWidth(width)
    return label


class StatusBar(QStatusBar):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = _label("Optimizer state", 80)
        self.step = _label("Optimizer steps taken", 80)
        self.loss = _label("The method's loss at the last step (lower is better)", 100)
        self.psnr = _label("Peak signal-to-noise ratio against the image (higher is better)", 100)
        self.paths = _label("Drawn paths / paths optimized at this step", 110)
        self.speed = _label("Milliseconds per optimizer step (moving average)", 90)
        self.cursor_label = _label("Cursor position in document pixels", 110)
        self.zoom = _label("Zoom (wheel to zoom, Ctrl+0 fit, Ctrl+1 100 %)", 60)
        for widget in (self.state, self.step, self.loss, self.psnr, self.paths, self.speed):
            self.addWidget(widget)
        self.addPermanentWidget(self.cursor_label)
        self.addPermanentWidget(self.zoom)
        self.set_state(RunState.IDLE)

    def set_state(self, state: RunState) -> None:
        self.state.setText(_STATE_TEXT[state])
        self.state.setToolTip("Optimizer state")

    def failed(self, title: str, reason: str) -> None:
        """The optimizer could not start or stopped on an error (until the next start)."""
        self.clear_progress()
        self.state.setText("Failed")
        self.state.setToolTip(f"{title}: {reason}")
        self.showMessage(f"{title}: {reason}", 15_000)

    def show_snapshot(self, snap: Snapshot) -> None:
        self.step.setText(f"Step {snap.step}")
        self.loss.setText(f"Loss {snap.loss:.5f}" if math.isfinite(snap.loss) else "Loss —")
        self.psnr.setText(f"PSNR {snap.psnr:.2f} dB" if math.isfinite(snap.psnr) else "PSNR —")
        self.paths.setText(f"{snap.num_shapes} paths / {snap.num_active} active")
        self.speed.setText(f"{snap.ms_per_step:.0f} ms/step")

    def starting(self) -> None:
        """A session was started; its process reports its first step in a few seconds."""
        self.clear_progress()
        self.step.setText("Starting…")

    def clear_progress(self) -> None:
        for label in (self.step, self.loss, self.psnr, self.paths, self.speed):
            label.clear()

    def set_cursor(self, pos: QPointF) -> None:
        self.cursor_label.setText(f"{pos.x():.1f}, {pos.y():.1f} px")

    def set_zoom(self, zoom: float) -> None:
        self.zoom.setText(f"{zoom * 100:.0f} %")
