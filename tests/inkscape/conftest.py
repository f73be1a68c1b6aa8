"""Inkscape extension tests: the extension's modules import as Inkscape imports them (from
their own folder), and the tracer subprocess runs on one thread so references are stable."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

EXTENSION = Path(__file__).resolve().parents[2] / "editor" / "inkscape" / "extension"
sys.path.insert(0, str(EXTENSION))


@pytest.fixture(autouse=True)
def _single_threaded_tracer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
