"""Fixtures for the editor tests: every window gets its own INI settings file, autosave
folder and scripted dialogs, so tests never touch the user's settings and never block on a
modal dialog."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from editor.ui.main_window import MainWindow
from editor.ui.settings import open_settings
from tests.ui.helpers import ScriptedDialogs, write_test_image


@pytest.fixture
def make_window(qtbot, tmp_path: Path) -> Iterator[Callable[..., MainWindow]]:
    """A factory: several windows may share one autosave folder (crash recovery tests)."""
    made: list[MainWindow] = []

    def make(dialogs: ScriptedDialogs | None = None, autosave_dir: Path | None = None) -> MainWindow:
        window = MainWindow(
            open_settings(tmp_path / f"settings-{len(made)}.ini"),
            dialogs=dialogs or ScriptedDialogs(),
            autosave_dir=autosave_dir or tmp_path / "autosave",
            refresh_ms=15,
            torch_threads=1,
        )
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        made.append(window)
        return window

    yield make
    for window in made:
        window.runner.shutdown()


@pytest.fixture
def window(make_window) -> MainWindow:
    return make_window()


@pytest.fixture
def image_path(tmp_path: Path) -> Path:
    return write_test_image(tmp_path / "target.png")
