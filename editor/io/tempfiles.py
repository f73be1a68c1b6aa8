"""Names for the temporary files of atomic writes, and removal of the ones a crash left.

A temporary sits beside its final file (so the rename is atomic) and is called
`.{final name}.lt-{host}-{pid}-{random}.tmp`, the final name shortened when needed so the
whole stays within the 255-byte limit of file names. A process killed between creating it
and renaming it (SIGKILL, power loss) leaves it behind; the next write into that folder
removes temporaries of this pattern — and only these — when the process that made them is
gone (same host) or they are older than `STALE_AFTER_S`.
"""
from __future__ import annotations

import os
import re
import socket
import time
import uuid
import zlib
from pathlib import Path

from editor.io.outputs import fit_name

STALE_AFTER_S = 3600.0  # no write of ours takes an hour; a writer on another host may be slow
_OURS = re.compile(r"^\..+\.lt-(?P<host>[0-9a-f]{4})-(?P<pid>\d{1,10})-[0-9a-f]{8}\.tmp$")
# Layertrace before this module: `.{final name}.{8 hex}.tmp`, recognised by age only.
_LEGACY = re.compile(r"^\..+\.[0-9a-f]{8}\.tmp$")
_cleaned: set[str] = set()  # folders already swept by this process


def _host_tag() -> str:
    return f"{zlib.crc32(socket.gethostname().encode()) & 0xFFFF:04x}"


def temp_path(final: Path) -> Path:
    """A fresh temporary name beside `final`, never longer than a file name may be."""
    suffix = f".lt-{_host_tag()}-{os.getpid()}-{uuid.uuid4().hex[:8]}.tmp"
    return final.with_name(fit_name(f".{final.name}", suffix))


def is_stale(name: str, age_s: float, *, max_age_s: float = STALE_AFTER_S) -> bool:
    """Whether `name` is one of our temporaries that no running write can still need."""
    match = _OURS.match(name)
    if match is None:
        return _LEGACY.match(name) is not None and age_s > max_age_s
    if age_s > max_age_s:
        return True
    pid = int(match["pid"])
    return match["host"] == _host_tag() and pid != os.getpid() and not _process_exists(pid)


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # someone else's process (or a pid we cannot ask about): leave it
    return True


def remove_stale_temporaries(folder: Path, *, max_age_s: float = STALE_AFTER_S) -> list[Path]:
    """Delete our stale temporaries in `folder`; returns what was removed. Never raises:
    a folder that cannot be listed, or a file someone else removed first, is left alone."""
    removed: list[Path] = []
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not entry.name.endswith(".tmp") or not entry.name.startswith("."):
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            if is_stale(entry.name, now - entry.stat(follow_symlinks=False).st_mtime, max_age_s=max_age_s):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def sweep_once(folder: Path) -> None:
    """`remove_stale_temporaries` the first time this process writes into `folder` (a batch
    writing a thousand files into one folder lists it once)."""
    key = os.path.abspath(folder)
    if key not in _cleaned:
        _cleaned.add(key)
        remove_stale_temporaries(folder)
