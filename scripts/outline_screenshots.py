"""Traced SVGs in the editor's outline view (paths without paint, thin strokes), offscreen.

    .venv/bin/python scripts/outline_screenshots.py before.svg after.svg [--out docs/screenshots]

Each SVG is opened as a designer would open an export and shown in outline view, fitted to
the window; the PNG is named after the SVG (outline-<stem>.png). Used for the before/after
shots of the repair pass (issue 10). A temporary settings file keeps the user's untouched.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtWidgets import QApplication

from editor.ui.dialogs import Dialogs
from editor.ui.main_window import MainWindow
from editor.ui.settings import open_settings
from scripts.screenshots import pump

SIZE = (1100, 800)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("svgs", type=Path, nargs="+")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--name", action="append", default=[], help="PNG name per SVG (default outline-<stem>)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    for index, svg in enumerate(args.svgs):
        with tempfile.TemporaryDirectory() as tmp:
            window = MainWindow(open_settings(Path(tmp) / "settings.ini"), dialogs=Dialogs(),
                                autosave_dir=Path(tmp) / "autosave")
            window.resize(*SIZE)
            window.show()
            window.open_path(svg)
            window.view_bar.outline.setChecked(True)
            pump(app, 0.5)
            window.view.zoom_fit()
            pump(app, 0.3)
            name = args.name[index] if index < len(args.name) else f"outline-{svg.stem}"
            path = args.out / f"{name}.png"
            window.grab().save(str(path))
            print(f"wrote {path}")
            window.ctl.mark_saved(None)
            window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
