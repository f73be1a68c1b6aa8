"""Nothing fails silently in the editor: every uncaught exception becomes a log entry, an
autosave of the document and a dialog with the details to copy.

Without this, an exception in a Qt slot only reached the terminal the editor was started
from (usually none) and the window carried on in an unknown state. Installed once by
`editor.ui.app.run`:
- `sys.excepthook` (exceptions in slots and event handlers, which PySide hands to it) and
  `threading.excepthook` (worker threads: reported on the GUI thread through a signal);
- a Qt message handler, so Qt's own warnings land in the same log, and a fatal one (after
  which Qt aborts) still gets its autosave first.
The log is `layertrace.log` in the user's state folder (~/.local/state/Layertrace on Linux).
"""
from __future__ import annotations

import logging
import sys
import threading
import time
import traceback
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import (
    QMessageLogContext,
    QObject,
    QStandardPaths,
    QThread,
    QtMsgType,
    Signal,
    qInstallMessageHandler,
)

from editor.ui.dialogs import Dialogs

LOG_NAME = "layertrace.log"
LOGGER = "layertrace"
_LOG_BYTES = 1_000_000  # then rotated: the log never grows without bound
_REPEAT_S = 10.0  # the same failure again within this long: logged, not shown again
_QT_LEVELS = {QtMsgType.QtWarningMsg: logging.WARNING, QtMsgType.QtCriticalMsg: logging.ERROR,
              QtMsgType.QtFatalMsg: logging.CRITICAL}

log = logging.getLogger(LOGGER)


def default_log_path() -> Path:
    state = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.StateLocation)
    return Path(state) / LOG_NAME


def open_log(path: Path) -> logging.Handler:
    """Send the editor's log (logger "layertrace") to the file `path`; returns the handler."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handler = RotatingFileHandler(path, maxBytes=_LOG_BYTES, backupCount=1, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return handler


class CrashGuard(QObject):
    """Reports uncaught exceptions; `autosave` writes the document and returns where."""

    _from_thread = Signal(str, str)  # summary, details: to the GUI thread

    def __init__(self, dialogs: Dialogs, autosave: Callable[[], Path], log_path: Path,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.dialogs = dialogs
        self.autosave = autosave
        self.log_path = log_path
        self.reports = 0  # failures handled (shown or, when repeated, only logged)
        self._handler: logging.Handler | None = None
        self._previous: tuple = ()
        self._showing = False
        self._last: tuple[str, float] = ("", 0.0)
        self._from_thread.connect(self._report)

    def install(self) -> None:
        self._handler = open_log(self.log_path)
        self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = self.handle
        threading.excepthook = self._thread_hook
        qInstallMessageHandler(self._qt_message)
        log.info("editor started (Python %s)", sys.version.split()[0])

    def uninstall(self) -> None:
        if self._previous:
            sys.excepthook, threading.excepthook = self._previous
            self._previous = ()
        qInstallMessageHandler(None)
        if self._handler is not None:
            log.removeHandler(self._handler)
            self._handler.close()
            self._handler = None

    # ------------------------------------------------------------------ hooks
    def handle(self, exc_type: type[BaseException], exc: BaseException,
               tb: TracebackType | None) -> None:
        """sys.excepthook: on the GUI thread (PySide reports slot exceptions here)."""
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        summary = f"{exc_type.__name__}: {exc}" if str(exc) else exc_type.__name__
        if QThread.currentThread() is self.thread():
            self._report(summary, details)
        else:
            self._from_thread.emit(summary, details)

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self.handle(args.exc_type, args.exc_value, args.exc_traceback)

    def _qt_message(self, kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        level = _QT_LEVELS.get(kind)
        if level is None:
            return  # debug and info chatter
        where = f" ({context.file}:{context.line})" if context.file else ""
        log.log(level, "Qt: %s%s", message, where)
        if kind == QtMsgType.QtFatalMsg:
            self._autosave()  # Qt aborts when this returns
        if self._handler is not None:
            self._handler.flush()

    # ------------------------------------------------------------------ reporting
    def _report(self, summary: str, details: str) -> None:
        self.reports += 1
        log.error("uncaught exception: %s\n%s", summary, details)
        saved = self._autosave()
        repeated = self._last[0] == details and time.monotonic() - self._last[1] < _REPEAT_S
        self._last = (details, time.monotonic())
        if self._showing or repeated:
            return  # one dialog at a time; a failure repeating in a paint event is logged
        self._showing = True
        try:
            self.dialogs.crash(summary, f"{saved}\nLog: {self.log_path}\n\n{details}")
        finally:
            self._showing = False

    def _autosave(self) -> str:
        try:
            path = self.autosave()
        except Exception as err:  # noqa: BLE001 — the report itself must not fail
            log.error("autosave after the failure failed: %s", err)
            return f"The document could not be autosaved: {err}"
        log.info("document autosaved to %s", path)
        return f"The document was autosaved to {path}."
