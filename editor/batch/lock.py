"""One batch run per output folder: a lock file held with an OS lock for the run's lifetime.

`flock` is released by the kernel when the holder dies, even by SIGKILL, so a killed run never
leaves a stale lock behind; the file itself stays (empty of meaning once unlocked).
"""
from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType
from typing import Self

from editor.errors import LayertraceError

LOCK_NAME = ".layertrace-batch.lock"


class FolderBusyError(LayertraceError):
    """Another batch run is writing to the same output folder."""


class OutputFolderLock:
    def __init__(self, folder: Path) -> None:
        self.path = folder / LOCK_NAME
        self._fd: int | None = None

    def __enter__(self) -> Self:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 64).decode(errors="replace").strip() or "unknown"
            os.close(fd)
            raise FolderBusyError(
                f"another Layertrace batch run (process {holder}) is writing to this folder; "
                "wait for it to finish or choose another -o", self.path.parent,
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._fd = fd
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing releases the lock
            self._fd = None
