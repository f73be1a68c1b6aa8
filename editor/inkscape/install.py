"""`python main.py inkscape install|uninstall [--dir DIR]`: Layertrace's Inkscape extension.

`install` copies the `.inx` dialogs and the inkex effects into a `layertrace` folder of the
user's Inkscape extensions folder and records, in `layertrace_config.json` there, this
interpreter (Layertrace's environment, with torch; Inkscape's own Python has none) and
Layertrace's folder, plus the list of files written. `uninstall` removes exactly those.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from editor.errors import LayertraceError

SOURCE = Path(__file__).resolve().parent / "extension"
ROOT = Path(__file__).resolve().parents[2]  # the folder holding the `editor` package
FOLDER = "layertrace"
CONFIG = "layertrace_config.json"
FILES = (
    "layertrace_trace.inx", "layertrace_refine.inx", "layertrace_trace.py", "layertrace_refine.py",
    "layertrace_effects.py", "layertrace_image.py", "layertrace_tracer.py",
)


class InstallError(LayertraceError):
    """The extensions folder cannot be written or holds something we did not write."""


def user_extensions_folder(platform: str = sys.platform, env: dict[str, str] | None = None) -> Path:
    """Where Inkscape 1.x looks for a user's extensions on this system."""
    env = dict(os.environ) if env is None else env
    if env.get("INKSCAPE_PROFILE_DIR"):
        return Path(env["INKSCAPE_PROFILE_DIR"]) / "extensions"
    home = Path(env.get("HOME") or env.get("USERPROFILE") or Path.home())
    if platform == "win32":
        return Path(env.get("APPDATA") or home / "AppData" / "Roaming") / "inkscape" / "extensions"
    if platform == "darwin":
        return home / "Library" / "Application Support" / "org.inkscape.Inkscape" / "config" / "inkscape" / "extensions"
    return Path(env.get("XDG_CONFIG_HOME") or home / ".config") / "inkscape" / "extensions"


@dataclass(frozen=True)
class Installation:
    folder: Path  # <extensions folder>/layertrace
    files: tuple[str, ...]


def install(extensions: Path, python: str = sys.executable) -> Installation:
    """Write the extension into `extensions`/layertrace (replacing an earlier install)."""
    folder = extensions / FOLDER
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name in FILES:
            shutil.copyfile(SOURCE / name, folder / name)
        config = {"python": python, "root": str(ROOT), "files": [*FILES, CONFIG]}
        (folder / CONFIG).write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    except OSError as err:
        raise InstallError(f"cannot write the extension: {err.strerror or err}", folder) from None
    return Installation(folder, (*FILES, CONFIG))


def uninstall(extensions: Path) -> Installation | None:
    """Remove what `install` wrote there (and the folder once empty); None if not installed."""
    folder = extensions / FOLDER
    config_path = folder / CONFIG
    if not config_path.is_file():
        return None
    try:
        written = json.loads(config_path.read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        raise InstallError("is not a Layertrace install record; remove the folder by hand", config_path) from None
    names = tuple(name for name in written if isinstance(name, str) and Path(name).name == name)
    try:
        for name in names:
            (folder / name).unlink(missing_ok=True)
        if not any(folder.iterdir()):
            folder.rmdir()
    except OSError as err:
        raise InstallError(f"cannot remove the extension: {err.strerror or err}", folder) from None
    return Installation(folder, names)


# ---------------------------------------------------------------------------- command line


def add_inkscape_parser(commands: Any) -> None:
    """The `inkscape` command of main.py."""
    parser = commands.add_parser(
        "inkscape",
        help="install Layertrace's extension into Inkscape (Extensions ▸ Layertrace)",
        description="Install or remove Layertrace's Inkscape extension: Extensions ▸ Layertrace ▸ "
        "Trace bitmap… and Refine selected paths to bitmap. The extension runs the tracer "
        "with this Python environment.",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    for action, help_text in (("install", "write the extension into Inkscape's extensions folder"),
                              ("uninstall", "remove exactly what install wrote")):
        sub = actions.add_parser(action, help=help_text, description=help_text)
        sub.add_argument("--dir", type=Path, metavar="DIR",
                         help=f"the extensions folder (default: {user_extensions_folder()})")
        sub.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    extensions = args.dir or user_extensions_folder()
    if args.action == "install":
        done = install(extensions)
        print(f"Installed Layertrace's Inkscape extension in {done.folder}; restart Inkscape and "
              "find it under Extensions ▸ Layertrace.")
        return 0
    removed = uninstall(extensions)
    if removed is None:
        print(f"Layertrace's Inkscape extension is not installed in {extensions}.")
    else:
        print(f"Removed Layertrace's Inkscape extension from {removed.folder} ({len(removed.files)} files).")
    return 0
