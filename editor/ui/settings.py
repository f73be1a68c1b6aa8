"""Persistent editor preferences (recent files, window layout, theme, export options).

All access goes through one `QSettings` handed to the main window, so tests can pass an
INI file in a temporary folder. INI files return every value as a string, hence the typed
readers below.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

ORGANIZATION = "Layertrace"
APPLICATION = "Layertrace"
MAX_RECENT = 10


def open_settings(ini_path: str | Path | None = None) -> QSettings:
    """The user's settings, or an INI file at `ini_path` (tests, portable installs)."""
    if ini_path is not None:
        return QSettings(str(ini_path), QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                     ORGANIZATION, APPLICATION)


def read_bool(settings: QSettings, key: str, default: bool) -> bool:
    value = settings.value(key, default)
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return bool(value)


def read_int(settings: QSettings, key: str, default: int) -> int:
    try:
        return int(settings.value(key, default))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return default


def read_str(settings: QSettings, key: str, default: str) -> str:
    value = settings.value(key, default)
    return value if isinstance(value, str) else default


def recent_files(settings: QSettings) -> list[Path]:
    value = settings.value("recent/files", [])
    if isinstance(value, str):  # INI stores a one-element list as a plain string
        value = [value] if value else []
    return [Path(p) for p in value or [] if isinstance(p, str)]


def add_recent_file(settings: QSettings, path: Path) -> list[Path]:
    path = path.resolve()
    files = [path] + [p for p in recent_files(settings) if p != path]
    files = files[:MAX_RECENT]
    settings.setValue("recent/files", [str(p) for p in files])
    return files
