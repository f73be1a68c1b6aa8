"""Starting the editor: `run(argv)` is what `main.py` calls when a display exists."""
from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from editor.ui.crash_guard import CrashGuard, default_log_path
from editor.ui.main_window import APP_NAME, MainWindow
from editor.ui.settings import APPLICATION, ORGANIZATION, open_settings


def run(argv: list[str]) -> int:
    """Show the editor; `argv[1:]` may name an image, SVG or project to open. Returns the
    exit status."""
    app = QApplication.instance() or QApplication([argv[0] if argv else APP_NAME])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    QApplication.setApplicationDisplayName(APP_NAME)  # static, like the two above
    window = MainWindow(open_settings())
    guard = CrashGuard(window.dialogs, window.autosaver.save_immediately, default_log_path(), window)
    guard.install()
    window.show()
    # Recovery first: the autosave is newer than any file named on the command line.
    if not window.files.offer_recovery():
        paths = [Path(a) for a in argv[1:] if not a.startswith("-")]
        if paths:
            window.open_path(paths[0])
    return app.exec()


if __name__ == "__main__":
    sys.exit(run(sys.argv))
