"""Autosave and crash recovery.

While the document has unsaved changes, a snapshot of it is written every few seconds to
one file in the per-user data folder; a clean exit deletes it. Finding it at start-up means
the last session ended without closing, and the editor offers to restore it.

The GUI thread only takes a cheap snapshot of the document; a background job turns it into
project bytes and writes them, so neither serializing 256 shapes nor a slow disk's fsync
stalls the canvas.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QTimer

from editor.errors import LayertraceError
from editor.io.atomic import write_atomic
from editor.ui.background import BackgroundJob
from editor.ui.controller import DocumentController
from editor.ui.files.project import Project, load_project, project_bytes

AUTOSAVE_NAME = "autosave.ltproj"
INTERVAL_MS = 5_000


def default_directory() -> Path:
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))


class Autosaver(QObject):
    def __init__(self, ctl: DocumentController, collect: Callable[[], Project],
                 directory: Path | None = None, interval_ms: int = INTERVAL_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctl = ctl
        self.collect = collect
        self.directory = directory or default_directory()
        self.path = self.directory / AUTOSAVE_NAME
        self.last_error: str | None = None
        self._saved_revision = -1
        self._writer = BackgroundJob("layertrace-autosave", self)
        self._writer.finished.connect(self._written)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.save_now)

    def start(self) -> None:
        self._timer.start()

    def save_now(self) -> None:
        """Write a snapshot if there are unsaved changes not autosaved yet."""
        if not self.ctl.dirty or self.ctl.revision == self._saved_revision:
            return
        project = self.collect()  # a snapshot: the job never sees the live document
        if self._writer.start(lambda: self._write(project)):
            self._saved_revision = self.ctl.revision
        # else the disk is slow: the next tick tries again

    def save_immediately(self) -> Path:
        """Write the document now, on this thread (after an unexpected error, when waiting
        for a timer is too late); returns the file. Raises LayertraceError or OSError."""
        self.wait()
        self.directory.mkdir(parents=True, exist_ok=True)
        write_atomic(self.path, project_bytes(self.collect()))
        self._saved_revision = self.ctl.revision
        return self.path

    def _write(self, project: Project) -> str | None:
        """On the job's thread; returns the error, if any (autosave never interrupts)."""
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, project_bytes(project))
        except (LayertraceError, OSError) as err:
            return str(err)
        return None

    def _written(self, error: str | None) -> None:
        self.last_error = error

    def wait(self, timeout: float = 5.0) -> None:
        self._writer.wait(timeout)

    # ------------------------------------------------------------------ recovery
    def pending(self) -> Path | None:
        return self.path if self.path.is_file() else None

    def saved_at(self) -> str:
        return datetime.fromtimestamp(self.path.stat().st_mtime).strftime("%Y-%m-%d %H:%M:%S")

    def restore(self) -> Project:
        """The autosaved project; raises BadInputError when it is unreadable."""
        return load_project(self.path)

    def discard(self) -> None:
        """Forget the autosave (clean exit, or the designer declined to restore it)."""
        self.wait()
        self.path.unlink(missing_ok=True)
        self._saved_revision = -1
