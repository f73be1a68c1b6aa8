"""Helpers for the editor tests (pytest-qt, offscreen): scripted dialogs, a test image,
starting the optimizer and waiting for it, mouse input in document coordinates.

The fixtures that build windows are in conftest.py.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image
from PySide6.QtCore import QPoint, QPointF, Qt

from editor.document import Document, Layer, Shape, SolidFill, circle_points
from editor.engine.snapshot import RunState
from editor.io.doc_json import document_to_data
from editor.ui.dialogs import Dialogs, SaveChoice, SvgExportOptions
from editor.ui.main_window import MainWindow

# A long first stage: the optimizer is still running whatever the test does meanwhile.
FAST_PARAMS: dict[str, Any] = {
    "num_paths": 3, "schedule": "fixed", "paths_per_stage": 3, "max_steps": 10_000,
    "min_steps": 10_000, "final_steps": 0, "udf": False, "xing_weight": 0.0,
}


@dataclass
class ScriptedDialogs(Dialogs):
    """Answers every question from its fields and records what was shown."""

    save_choice: SaveChoice = SaveChoice.DISCARD
    restore: bool = True
    trace_again: bool = True
    open_answer: Path | None = None
    save_answer: Path | None = None
    export_answer: SvgExportOptions | None = None
    color_answer: tuple[float, float, float, float] | None = None
    errors: list[tuple[str, str]] = field(default_factory=list)
    infos: list[tuple[str, str]] = field(default_factory=list)
    crashes: list[tuple[str, str]] = field(default_factory=list)
    asked_save: int = 0
    asked_restore: int = 0
    asked_trace_again: int = 0

    def __post_init__(self) -> None:
        super().__init__(None)

    def error(self, title: str, message: str) -> None:
        self.errors.append((title, message))

    def info(self, title: str, message: str) -> None:
        self.infos.append((title, message))

    def crash(self, summary: str, details: str) -> None:
        self.crashes.append((summary, details))

    def ask_save_changes(self, what: str) -> SaveChoice:
        self.asked_save += 1
        return self.save_choice

    def ask_restore(self, saved_at: str) -> bool:
        self.asked_restore += 1
        return self.restore

    def ask_trace_again(self, count: int) -> bool:
        self.asked_trace_again += 1
        return self.trace_again

    def open_path(self, caption: str, filters: str, directory: str = "") -> Path | None:
        return self.open_answer

    def save_path(self, caption: str, filters: str, suggested: str = "") -> Path | None:
        return self.save_answer

    def export_svg_options(self, suggested: SvgExportOptions) -> SvgExportOptions | None:
        return self.export_answer

    def pick_color(self, initial: tuple[float, float, float, float]) -> tuple | None:
        return self.color_answer


def write_test_image(path: Path, size: int = 48, alpha: bool = False) -> Path:
    """Flat regions a few shapes can trace: white, a red disc, a blue square."""
    yy, xx = np.mgrid[0:size, 0:size] + 0.5
    rgb = np.full((size, size, 3), 255, np.uint8)
    s = size / 48
    rgb[(xx - 16 * s) ** 2 + (yy - 16 * s) ** 2 < (10 * s) ** 2] = (230, 30, 30)
    rgb[(xx > 28 * s) & (xx < 44 * s) & (yy > 26 * s) & (yy < 42 * s)] = (30, 50, 210)
    if alpha:
        a = np.full((size, size, 1), 255, np.uint8)
        a[:, : size // 6] = 0
        Image.fromarray(np.concatenate([rgb, a], axis=2), "RGBA").save(path)
    else:
        Image.fromarray(rgb, "RGB").save(path)
    return path


def named_document(layers: dict[str, list[str]], width: float = 64, height: float = 48) -> Document:
    """Layers (bottom first) of small circles named as given, 10 px apart along a row."""
    names = [name for shapes in layers.values() for name in shapes]

    def shape(name: str) -> Shape:
        x = 10 + 10 * names.index(name)
        return Shape(circle_points(x, 20, 6), fill=SolidFill((0.2, 0.4, 0.6, 1.0)), name=name)

    return Document(width, height, layers=[Layer(name=layer, shapes=[shape(n) for n in shapes])
                                           for layer, shapes in layers.items()])


def ids_by_name(window: MainWindow) -> dict[str, str]:
    """Every layer's and shape's id by its name."""
    doc = window.ctl.doc
    return {item.name: item.id for item in doc.layers + doc.all_shapes()}


def doc_state(doc: Document) -> dict:
    """Everything about a document, comparable with ==."""
    return document_to_data(doc)


def start_tracing(window: MainWindow, qtbot, params: dict[str, Any] | None = None,
                  min_shapes: int = 3) -> None:
    """Start the optimizer with a long first stage and wait until its shapes exist."""
    assert window.optimize.select_method("layerwise")
    for name, value in {**FAST_PARAMS, **(params or {})}.items():
        window.optimize.form.set_value(name, value)
    window.start_optimizing()
    assert window.runner.state == RunState.RUNNING, getattr(window.dialogs, "errors", None)  # ScriptedDialogs' record
    # the child process imports torch first: slow on a busy machine
    qtbot.waitUntil(lambda: len(window.ctl.doc.all_shapes()) >= min_shapes, timeout=120_000)


def wait_steps(window: MainWindow, qtbot, steps: int, timeout: int = 60_000) -> int:
    """Wait until the GUI has applied a snapshot that includes every edit submitted so far,
    then `steps` more optimizer steps; returns the step reached. The timeout covers a
    first step too: the child imports torch first, which takes long on a loaded machine."""
    submitted = window.runner.edits_submitted
    qtbot.waitUntil(lambda: window.runner.edits_seen >= submitted, timeout=timeout)
    start = window.runner.last_snapshot.step if window.runner.last_snapshot else 0
    qtbot.waitUntil(lambda: window.runner.last_snapshot is not None
                    and window.runner.last_snapshot.step >= start + steps, timeout=timeout)
    snapshot = window.runner.last_snapshot
    assert snapshot is not None  # the wait above saw one
    return snapshot.step


def view_point(window: MainWindow, x: float, y: float) -> QPoint:
    """Viewport pixel of document position (x, y)."""
    return window.view.mapFromScene(QPointF(x, y))


def click(qtbot, window: MainWindow, x: float, y: float,
          modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, modifier,
                     view_point(window, x, y))


def drag(qtbot, window: MainWindow, points: list[tuple[float, float]]) -> None:
    """Press at the first point, move through the others, release at the last."""
    viewport = window.view.viewport()
    first = view_point(window, *points[0])
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=first)
    for x, y in points[1:]:
        qtbot.mouseMove(viewport, view_point(window, x, y))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=view_point(window, *points[-1]))
