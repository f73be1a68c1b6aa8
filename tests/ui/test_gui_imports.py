"""Issue 11 "Start fast", issue 9 item 5: the editor's GUI process never imports torch — not
to build its window (method forms come from the manifests), not to open an image, not to
start or stop the optimizer (whose own process imports it). The import-linter contract in
pyproject.toml checks the import graph; this checks a running editor, in a fresh interpreter
(this one has imported torch for other tests long ago)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.ui.helpers import write_test_image

ROOT = Path(__file__).resolve().parents[2]
_EDITOR = """
import json, sys, time
from pathlib import Path
from PySide6.QtWidgets import QApplication
from editor.ui.main_window import MainWindow
from editor.ui.settings import open_settings
from tests.ui.helpers import ScriptedDialogs

def wait(app, done, timeout):
    end = time.monotonic() + timeout
    while not done() and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)
    return done()

tmp, image = Path(sys.argv[1]), Path(sys.argv[2])
app = QApplication([])
seen = {}
window = MainWindow(open_settings(tmp / "settings.ini"), dialogs=ScriptedDialogs(),
                    autosave_dir=tmp / "autosave", torch_threads=1)
window.show()
seen["window"] = "torch" in sys.modules
seen["opened"] = window.open_path(image)
seen["open"] = "torch" in sys.modules
window.optimize.form.set_value("num_paths", 2)
seen["started"] = window.start_optimizing()
seen["shapes"] = wait(app, lambda: len(window.ctl.doc.all_shapes()) >= 2, 300)
seen["running"] = "torch" in sys.modules
window.runner.shutdown()
seen["stopped"] = "torch" in sys.modules
seen["errors"] = window.dialogs.errors
print(json.dumps(seen))
"""


def test_the_editor_process_never_imports_torch(tmp_path: Path) -> None:
    image = write_test_image(tmp_path / "target.png")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-c", _EDITOR, str(tmp_path), str(image)], cwd=ROOT,
                         env=env, capture_output=True, text=True, timeout=600, check=False)
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    # the optimizer really ran (its process traced shapes into the window's document) ...
    assert seen["opened"] and seen["started"] and seen["shapes"] and not seen["errors"], seen
    # ... and the window's process never imported torch, at any point
    assert [seen[k] for k in ("window", "open", "running", "stopped")] == [False] * 4, seen
