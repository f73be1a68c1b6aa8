"""`main.py [FILES]`: the editor when a display exists; else a notice and a trace of the
first image (or the bundled sample), so the plain `python main.py` does something everywhere."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from editor.cli.common import EDITOR_DOCUMENTS, EXIT_FAILED, EXIT_USAGE, PROG, error

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
SAMPLE_IMAGE = RESOURCES / "samples" / "smiley.png"
DEMO_OUTPUT = Path("out") / "sample.svg"
DEMO_PATHS = 16  # the no-display demo: ~31 dB on the sample in about 2 CPU-minutes (2 cores)


def has_display() -> bool:
    """A screen the editor can show on. Qt's offscreen/minimal platforms (what tests and CI
    set) count as none: an invisible editor would just wait forever."""
    platform_name = os.environ.get("QT_QPA_PLATFORM", "").split(":")[0].strip().lower()
    if platform_name in ("offscreen", "minimal"):
        return False
    if sys.platform in ("darwin", "win32") or platform_name:
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def open_editor(paths: list[str]) -> int:
    if has_display():
        from editor.ui.platform_check import platform_problem

        problem = platform_problem()  # Qt would abort the process instead of saying this
        if problem is not None:
            error(problem)
            return EXIT_FAILED
        try:
            from editor.ui.app import run
        except ImportError as err:
            error(f"cannot start the editor ({err}); tracing from the command line instead")
        else:
            return int(run([sys.argv[0], *paths]))
    image_paths = [p for p in paths if Path(p).suffix.lower() not in EDITOR_DOCUMENTS]
    if paths and not image_paths:
        error(f"no display to open the editor; rasterize an SVG with `{PROG} render FILE.svg`")
        return EXIT_USAGE
    src = Path(image_paths[0]) if image_paths else SAMPLE_IMAGE
    dst = DEMO_OUTPUT if not image_paths else DEMO_OUTPUT.with_name(src.stem + ".svg")
    args = ["trace", str(src), "-o", str(dst)]
    if not image_paths:
        args += ["--paths", str(DEMO_PATHS)]
    print(
        "No display found (DISPLAY / WAYLAND_DISPLAY unset, or Qt set to offscreen), so the "
        "editor cannot open here. On a desktop it opens a window; on a server, run it on a "
        f"virtual display: xvfb-run -a {sys.executable} {PROG}\n"
        f"Running `{PROG} {' '.join(args)}` instead; see `{PROG} --help` for more.",
        file=sys.stderr,
    )
    from editor.cli.dispatch import main  # the trace command line, as if typed

    return main(args)
