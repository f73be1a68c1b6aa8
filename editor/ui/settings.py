"""Persistent editor preferences (recent files, window layout, theme, view, export options).

Every key the editor stores is one `Setting` in the table below, with its type and default;
code reads and writes them only through `read` and `write`. All access goes through one
`QSettings` handed to the main window, so tests can pass an INI file in a temporary folder.
INI files return every value as a string, hence a parser per type.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

from editor.svg import Flavour

ORGANIZATION = "Layertrace"
APPLICATION = "Layertrace"
MAX_RECENT = 10

T = TypeVar("T")


def _bool(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return bool(value)


def _int(value: object) -> int | None:
    if not isinstance(value, (int, float, str)):
        return None
    try:
        return int(value)
    except ValueError:
        return None


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _bytes(value: object) -> QByteArray | None:
    return value if isinstance(value, QByteArray) else None


def _flavour(value: object) -> Flavour | None:
    if value == "plain":
        return "plain"
    return "inkscape" if value == "inkscape" else None


def _paths(value: object) -> list[Path]:
    if isinstance(value, str):  # INI stores a one-element list as a plain string
        value = [value] if value else []
    return [Path(p) for p in value if isinstance(p, str)] if isinstance(value, list) else []


def _same(value: T) -> object:
    return value


@dataclass(frozen=True, eq=False)  # table entries: equal only to themselves
class Setting(Generic[T]):
    """One stored preference: its key, its value when unset or unreadable, and how a stored
    value becomes a `T` (None: unreadable) and a `T` a storable one."""

    key: str
    default: T
    parse: Callable[[object], T | None]
    store: Callable[[T], object] = _same


# The table: every key the editor stores.
DARK_THEME = Setting("view/dark", False, _bool)
FAST_PREVIEW = Setting("view/fast_preview", True, _bool)
SOURCE_VISIBLE = Setting("view/source_visible", True, _bool)
SOURCE_OPACITY = Setting("view/source_opacity", 100, _int)  # percent
SHAPE_OPACITY = Setting("view/shape_opacity", 100, _int)  # percent
SMOOTH_SOURCE = Setting("view/smooth_source", True, _bool)
WINDOW_GEOMETRY: Setting[QByteArray | None] = Setting("window/geometry", None, _bytes)
WINDOW_STATE: Setting[QByteArray | None] = Setting("window/state", None, _bytes)
OPTIMIZER_SETTINGS = Setting("optimizer/settings", "", _str)  # the Optimize panel's, as JSON
RECENT_FILES: Setting[list[Path]] = Setting("recent/files", [], _paths, lambda paths: [str(p) for p in paths])
LAST_DIR = Setting("paths/last_dir", "", _str)  # where the last file was opened or saved
EXPORT_DIR: Setting[str | None] = Setting("paths/export_dir", None, _str)  # None: LAST_DIR
EXPORT_FLAVOUR: Setting[Flavour] = Setting("export/flavour", "inkscape", _flavour)
EXPORT_PRECISION = Setting("export/precision", 2, _int)  # decimals of SVG coordinates

SETTINGS: tuple[Setting, ...] = (
    DARK_THEME, FAST_PREVIEW, SOURCE_VISIBLE, SOURCE_OPACITY, SHAPE_OPACITY, SMOOTH_SOURCE,
    WINDOW_GEOMETRY, WINDOW_STATE, OPTIMIZER_SETTINGS, RECENT_FILES, LAST_DIR, EXPORT_DIR,
    EXPORT_FLAVOUR, EXPORT_PRECISION,
)


def open_settings(ini_path: str | Path | None = None) -> QSettings:
    """The user's settings, or an INI file at `ini_path` (tests, portable installs)."""
    if ini_path is not None:
        return QSettings(str(ini_path), QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                     ORGANIZATION, APPLICATION)


def read(settings: QSettings, setting: Setting[T]) -> T:
    """The stored value of `setting`, or its default when unset or unreadable."""
    value = settings.value(setting.key)
    parsed = setting.parse(value) if value is not None else None
    return setting.default if parsed is None else parsed


def write(settings: QSettings, setting: Setting[T], value: T) -> None:
    settings.setValue(setting.key, setting.store(value))


def add_recent_file(settings: QSettings, path: Path) -> list[Path]:
    path = path.resolve()
    files = [path] + [p for p in read(settings, RECENT_FILES) if p != path]
    files = files[:MAX_RECENT]
    write(settings, RECENT_FILES, files)
    return files
