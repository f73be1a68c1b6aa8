"""Run the editor as `main.py IMAGE` does, on the platform Qt is set to, and use it as a
designer would: wait for the window, start the optimizer, let it take a few steps, close
the window and answer the real "Unsaved changes" box with Discard.

    QT_QPA_PLATFORM=xcb DISPLAY=:99 python tests/desktop_driver.py image.png

Exits with the editor's own exit status (3 when it did not get that far in time) and prints
what it saw, one `key: value` per line, for tests/test_ui_desktop.py.
"""
from __future__ import annotations

import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from editor.cli import main
from editor.ui.main_window import MainWindow

STEPS = 3
TIMEOUT_S = 150
PARAMS = {"num_paths": 3, "schedule": "fixed", "paths_per_stage": 3, "max_steps": 10_000,
          "min_steps": 10_000, "final_steps": 0, "udf": False}


class Designer:
    def __init__(self) -> None:
        self.phase = "waiting for the window"
        self.deadline = time.monotonic() + TIMEOUT_S
        self.timer = QTimer()
        self.timer.setInterval(100)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            print(f"timeout: {self.phase}", flush=True)
            QApplication.exit(3)
            return
        modal = QApplication.activeModalWidget()
        if isinstance(modal, QMessageBox):
            self.answer(modal)
            return
        window = next((w for w in QApplication.topLevelWidgets()
                       if isinstance(w, MainWindow) and w.isVisible()), None)
        if self.phase == "waiting for the window" and window is not None and window.ctl.source:
            print(f"platform: {QGuiApplication.platformName()}", flush=True)
            print(f"window: {window.windowTitle()} {window.width()}x{window.height()}", flush=True)
            for name, value in PARAMS.items():
                window.optimize.form.set_value(name, value)
            window.start_optimizing()
            self.phase = "optimizing"
        elif self.phase == "optimizing" and window is not None:
            snap = window.runner.last_snapshot
            if snap is not None and snap.step >= STEPS:
                print(f"steps: {snap.step}", flush=True)
                print(f"shapes: {len(window.ctl.doc.all_shapes())}", flush=True)
                self.phase = "closing"
                # not from inside this tick: Qt does not fire a timer again while its handler
                # runs, and the close waits in the "Unsaved changes" box's event loop
                QTimer.singleShot(0, window.close)

    def answer(self, box: QMessageBox) -> None:
        if box.windowTitle() == "Unsaved changes":
            print("asked: unsaved changes", flush=True)
            box.button(QMessageBox.StandardButton.Discard).click()
        else:  # an error or a crash report: show it and stop
            print(f"dialog: {box.windowTitle()}: {box.text()} {box.detailedText()}", flush=True)
            QApplication.exit(4)


if __name__ == "__main__":
    app = QApplication(sys.argv[:1])
    designer = Designer()
    status = main(sys.argv[1:])
    print(f"closed: {status}", flush=True)
    sys.exit(status)
