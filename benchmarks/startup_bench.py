"""How long `main.py IMAGE` takes to show its window, on a real X server (Xvfb, Qt's xcb
platform), and whether the GUI process imports torch.

    .venv/bin/python benchmarks/startup_bench.py [--runs 3] [--image resources/samples/smiley.png]

Each run starts `main.py IMAGE` as a user would (fresh settings folders, so no recovery
question, and Python's bytecode cache on: an untimed first start compiles it into a temporary
`PYTHONPYCACHEPREFIX`, as a user's first start writes `__pycache__`, even where the calling
environment sets PYTHONDONTWRITEBYTECODE), and polls the X server's window list: "window" is when the main window is mapped,
"image" when its title names the image (the image is opened after the window shows). The
editor is then closed with SIGTERM. A separate process reports what the GUI imports:
`import editor.ui.app` time, and whether torch is in sys.modules after building the window.
Prints a Markdown table; needs Xvfb and xwininfo (./setup.sh --test as root installs Xvfb).
"""
from __future__ import annotations

import argparse
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from xvfb import start_xvfb

SAMPLE = ROOT / "resources" / "samples" / "smiley.png"
POLL_S = 0.02
TIMEOUT_S = 180.0  # a loaded machine takes that long
_IMPORTS = """
import sys, time
started = time.perf_counter()
import editor.ui.app
imported = time.perf_counter() - started
from PySide6.QtWidgets import QApplication
from editor.ui.main_window import MainWindow
from editor.ui.settings import open_settings
app = QApplication([])
window = MainWindow(open_settings(sys.argv[1]))
print(f"{imported:.3f} {'torch' in sys.modules}")
"""


def user_env(home: Path, display: str, pycache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("QT_", "XDG_")) and k != "PYTHONDONTWRITEBYTECODE"}
    env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb", HOME=str(home), PYTHONPYCACHEPREFIX=str(pycache),
               XDG_CONFIG_HOME=str(home / "config"), XDG_DATA_HOME=str(home / "data"),
               XDG_STATE_HOME=str(home / "state"), XDG_CACHE_HOME=str(home / "cache"))
    return env


def window_titles(display: str) -> str:
    return subprocess.run(["xwininfo", "-root", "-tree", "-display", display], capture_output=True,
                          text=True, check=False).stdout


def one_run(image: Path, display: str, pycache: Path) -> tuple[float, float]:
    """Seconds from launch to the window mapped, and to its title naming the image."""
    with tempfile.TemporaryDirectory() as home, open(Path(home) / "stderr", "w+") as errors:
        started = time.perf_counter()
        editor = subprocess.Popen([sys.executable, str(ROOT / "main.py"), str(image)],
                                  env=user_env(Path(home), display, pycache), cwd=ROOT,
                                  stdout=subprocess.DEVNULL, stderr=errors)
        shown = named = float("nan")
        try:
            while time.perf_counter() - started < TIMEOUT_S and editor.poll() is None:
                titles = window_titles(display)
                now = time.perf_counter() - started
                if math.isnan(shown) and "— Layertrace" in titles:
                    shown = now
                if f"\"{image.name} — Layertrace" in titles:
                    named = now
                    break
                time.sleep(POLL_S)
        finally:
            exited = editor.poll()
            editor.terminate()
            editor.wait(10)
        if math.isnan(named):  # a run without a number says why
            errors.seek(0)
            print(f"run without a window (exit code {exited}): {errors.read()[-2000:]}", file=sys.stderr)
        return shown, named


def gui_imports(pycache: Path) -> tuple[float, bool]:
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env.update(QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT), PYTHONPYCACHEPREFIX=str(pycache))
        out = subprocess.run([sys.executable, "-c", _IMPORTS, str(Path(tmp) / "s.ini")], env=env,
                             capture_output=True, text=True, check=True, cwd=ROOT).stdout.split()
    return float(out[-2]), out[-1] == "True"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--image", type=Path, default=SAMPLE)
    args = parser.parse_args()
    if shutil.which("Xvfb") is None or shutil.which("xwininfo") is None:
        print("needs Xvfb and xwininfo (x11-utils)", file=sys.stderr)
        return 2
    server, display = start_xvfb()
    with tempfile.TemporaryDirectory() as pycache_dir:
        pycache = Path(pycache_dir)
        try:
            one_run(args.image.resolve(), display, pycache)  # compiles the bytecode cache
            runs = [one_run(args.image.resolve(), display, pycache) for _ in range(args.runs)]
        finally:
            server.terminate()
            server.wait(10)
        imported, torch = gui_imports(pycache)
    print(f"`main.py {args.image.name}` on Xvfb (xcb), {os.cpu_count()} CPUs, {args.runs} runs\n")
    print("| run | window shown s | image open s |")
    print("|---|---|---|")
    for i, (shown, named) in enumerate(runs, 1):
        print(f"| {i} | {shown:.2f} | {named:.2f} |")
    print(f"| median | {statistics.median(r[0] for r in runs):.2f} | "
          f"{statistics.median(r[1] for r in runs):.2f} |")
    print(f"\n`import editor.ui.app`: {imported:.2f} s; torch imported by the GUI process: "
          f"{'yes' if torch else 'no'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
