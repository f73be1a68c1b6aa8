"""Can Qt open a window here? Asked before the first window, because when Qt cannot load its
platform plugin it prints a hint and aborts the whole process.

On Linux desktops Qt 6 uses the xcb (X11) platform plugin, which links about twenty system
libraries; a fresh Debian/Ubuntu lacks several of them (libxcb-cursor0 first: "From 6.5.0,
xcb-cursor0 or libxcb-cursor0 is needed to load the Qt xcb platform plugin … Aborted").
`ldd` on the plugin lists every library the loader cannot find, which names the packages
to install. No Qt import here: this runs before Qt loads anything.
"""
from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

SETUP_HINT = "./setup.sh run as root installs them"
_NOT_FOUND = re.compile(r"^\s*(\S+)\s*=>\s*not found", re.MULTILINE)
# Debian names a library package after its soname (libfoo.so.1 → libfoo1, libfoo-x11.so.0 →
# libfoo-x11-0, lower case); these few do not follow the rule.
_PACKAGE_EXCEPTIONS = {
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libgobject-2.0.so.0": "libglib2.0-0",
}


def debian_package(soname: str) -> str:
    """The Debian/Ubuntu package that ships `soname`, by Debian's naming rule."""
    if soname in _PACKAGE_EXCEPTIONS:
        return _PACKAGE_EXCEPTIONS[soname]
    name, _, version = soname.partition(".so")
    version = version.lstrip(".").split(".")[0]
    name = name.lower()
    if not version:
        return name
    return f"{name}-{version}" if name[-1].isdigit() else f"{name}{version}"


def missing_libraries(library: Path) -> list[str]:
    """The sonames `library` needs (directly or through its own dependencies) that the
    dynamic loader cannot find; [] when none, or when `ldd` is not there to ask."""
    ldd = shutil.which("ldd")
    if ldd is None:
        return []
    try:
        result = subprocess.run([ldd, str(library)], capture_output=True, text=True, timeout=20,
                                check=False)
    except (OSError, subprocess.SubprocessError):
        return []
    return sorted(set(_NOT_FOUND.findall(result.stdout)))


def qt_platform() -> str:
    """The platform plugin Qt will load: QT_QPA_PLATFORM's first choice, else Qt's default
    on this system (wayland in a Wayland session, xcb on other Linux desktops)."""
    chosen = os.environ.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip().lower()
    if chosen:
        return chosen
    if sys.platform == "darwin":
        return "cocoa"
    if sys.platform == "win32":
        return "windows"
    if os.environ.get("XDG_SESSION_TYPE") == "wayland" and os.environ.get("WAYLAND_DISPLAY"):
        return "wayland"
    return "xcb"


def platform_plugin(platform: str) -> Path | None:
    """The file of Qt's platform plugin `platform` in the installed PySide6 (not imported)."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    plugin = Path(next(iter(spec.submodule_search_locations))) / "Qt" / "plugins" / "platforms" \
        / f"libq{platform}.so"
    return plugin if plugin.is_file() else None


def platform_problem(platform: str | None = None, plugin: Path | None = None) -> str | None:
    """Why Qt could not open a window with `platform` (default: the one it will use), as a
    message naming the missing libraries and the packages to install; None when nothing is
    known to be missing."""
    if not sys.platform.startswith("linux"):
        return None
    platform = platform or qt_platform()
    if platform == "xcb" and not os.environ.get("DISPLAY"):
        return ("cannot open the editor: Qt is set to the xcb (X11) platform but DISPLAY is "
                "not set; start it from a desktop session, or on a virtual X server with "
                "xvfb-run -a")
    plugin = plugin or platform_plugin(platform)
    if plugin is None:
        return None  # a platform PySide6 does not ship as a plugin file: Qt will say
    missing = missing_libraries(plugin)
    if not missing:
        return None
    packages = sorted({debian_package(lib) for lib in missing})
    return (
        f"cannot open the editor: Qt's {platform} platform plugin needs system libraries "
        f"that are missing: {', '.join(missing)}.\n"
        f"On Debian/Ubuntu: sudo apt-get install {' '.join(packages)}   ({SETUP_HINT})."
    )
