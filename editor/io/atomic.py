"""Atomic file writes: a reader (or a crash) sees the old file or the new one, never half of one."""
from __future__ import annotations

import os
from pathlib import Path

from editor.errors import LayertraceError
from editor.io.tempfiles import sweep_once, temp_path


def write_atomic(path: str | Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, fsync it, then rename it over `path`.

    An existing file keeps its permissions; a new one gets the usual 0666 & ~umask (mkstemp
    would make it private). On failure the temporary file is removed, any existing file
    is untouched, and LayertraceError names the file. Temporaries that an earlier, killed
    write left in the folder are removed first (see editor.io.tempfiles).
    """
    path = Path(path)
    sweep_once(path.parent)
    tmp = temp_path(path)
    created = False
    try:
        try:
            mode: int | None = os.stat(path).st_mode & 0o7777
        except FileNotFoundError:
            mode = None
        # 0o666 here lets the kernel apply the umask, as for any newly created file.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        created = True
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
        created = False
    except OSError as e:
        raise LayertraceError(f"cannot write the file: {e.strerror or e}", path) from None
    finally:
        if created:
            try:
                os.unlink(tmp)
            except OSError:
                pass
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX); not possible or needed everywhere."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
