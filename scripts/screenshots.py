"""Render the editor offscreen to PNG in the states the docs show.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots] [--dark]

Writes empty.png (nothing open), tracing.png (mid-optimization, layers panel filled),
layers.png (a locked and a hidden layer, a shape selected) and gradient.png (a shape switched
to a radial gradient, selected, with its handles and stops). Uses a temporary settings file
and autosave folder, so the user's own editor settings are untouched.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from editor.document import RadialGradient, Shape
from editor.document.fills import move_handle
from editor.engine.snapshot import RunState
from editor.ui import commands as cmd
from editor.ui.dialogs import Dialogs
from editor.ui.fill.stops import add_stop, set_stop
from editor.ui.main_window import MainWindow
from editor.ui.settings import open_settings

SAMPLE = ROOT / "resources" / "samples" / "smiley.png"
SIZE = (1440, 900)


def pump(app: QApplication, seconds: float) -> None:
    """Run the event loop for a while (the optimizer's snapshots arrive meanwhile)."""
    QTimer.singleShot(int(seconds * 1000), app.exit)
    app.exec()


def save(window: MainWindow, app: QApplication, path: Path) -> None:
    pump(app, 0.3)  # let layouts and repaints settle
    window.grab().save(str(path))
    print(f"wrote {path}")


def shaded(shape: Shape) -> RadialGradient:
    """The shape's (flat) radial gradient lit from the top left: a light centre moved off
    the middle, the colour in between, a darker rim."""
    fill = shape.fill
    assert isinstance(fill, RadialGradient)
    r, g, b, a = fill.stops[0].color
    fill = add_stop(fill)
    fill = set_stop(fill, 0, color=(0.6 + 0.4 * r, 0.6 + 0.4 * g, 0.6 + 0.4 * b, a))
    fill = set_stop(fill, 2, color=(0.55 * r, 0.55 * g, 0.55 * b, a))
    cx, cy = fill.center
    return move_handle(fill, "center", (cx - 0.3 * fill.radius[0], cy - 0.3 * fill.radius[1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--dark", action="store_true", help="use the dark palette")
    parser.add_argument("--steps", type=int, default=320, help="optimizer steps before the shots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        settings = open_settings(Path(tmp) / "settings.ini")
        settings.setValue("view/dark", args.dark)
        window = MainWindow(settings, dialogs=Dialogs(), autosave_dir=Path(tmp) / "autosave")
        window.resize(*SIZE)
        window.show()
        suffix = "-dark" if args.dark else ""
        save(window, app, args.out / f"empty{suffix}.png")

        window.open_path(SAMPLE)
        window.optimize.select_method("layerwise")
        for name, value in {"num_paths": 32, "max_steps": 45, "min_steps": 15}.items():
            window.optimize.form.set_value(name, value)
        window.start_optimizing()
        deadline = time.monotonic() + 240
        while (window.runner.last_snapshot is None or window.runner.last_snapshot.step < args.steps) \
                and window.runner.state == RunState.RUNNING and time.monotonic() < deadline:
            pump(app, 0.5)
        save(window, app, args.out / f"tracing{suffix}.png")

        window.runner.pause()
        doc = window.ctl.doc
        top, second = doc.layers[-1], doc.layers[-2]
        window.ctl.push(cmd.SetFlagCommand(window.ctl, "locked", True, {second.id: False}))
        hidden = doc.layers[-3] if len(doc.layers) >= 3 else top
        window.ctl.push(cmd.SetFlagCommand(window.ctl, "visible", False, {hidden.id: True}))
        def area(shape: Shape) -> float:
            x0, y0, x1, y1 = shape.bounds()
            return (x1 - x0) * (y1 - y0)

        window.selection.set([max(top.shapes, key=area).id])
        window.set_tool("node")
        window.layers.tree.collapseAll()  # every layer in view, with its eye and lock
        window.layers.tree.scrollToTop()
        save(window, app, args.out / f"layers{suffix}.png")

        window.set_tool("select")
        editable = [s for s in doc.all_shapes() if window.ctl.is_editable(s.id)]
        shape = max(editable, key=area)
        window.selection.set([shape.id])
        window.fill_panel.kind_actions["radial"].trigger()
        window.ctl.push(cmd.RecolorCommand(window.ctl, shape.id, shape.fill, shaded(shape), "Shade"))
        save(window, app, args.out / f"gradient{suffix}.png")
        window.runner.shutdown()
        window.ctl.mark_saved(None)  # nothing to ask on close
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
