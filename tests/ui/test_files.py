"""Opening, saving, exporting and recovering: nothing is lost, nothing is half-written."""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from editor.document import (
    Document,
    GradientStop,
    Layer,
    LinearGradient,
    RadialGradient,
    Shape,
    SolidFill,
    circle_points,
    rect_points,
)
from editor.errors import LayertraceError
from editor.svg import import_svg
from editor.ui import commands as cmd
from editor.ui.dialogs import SaveChoice, SvgExportOptions
from editor.ui.files.project import load_project, save_project
from tests.ui.helpers import (
    ScriptedDialogs,
    doc_state,
    start_tracing,
    wait_steps,
    write_test_image,
)


def _design() -> Document:
    stops = [GradientStop(0.0, (1.0, 0.8, 0.2, 1.0)), GradientStop(1.0, (0.8, 0.2, 0.1, 1.0))]
    return Document(64, 48, layers=[
        Layer(name="Base", shapes=[
            Shape(rect_points(2, 2, 40, 30), fill=LinearGradient((2, 2), (42, 32), stops), name="sky"),
            Shape(circle_points(30, 24, 10), fill=RadialGradient((30, 24), (10, 6), stops), name="sun"),
        ]),
        Layer(name="Details", locked=True, shapes=[
            Shape(circle_points(12, 30, 5), fill=SolidFill((0.1, 0.5, 0.2, 0.8)), name="bush"),
        ]),
        Layer(name="Hidden", visible=False, shapes=[
            Shape(rect_points(40, 5, 8, 8), fill=SolidFill((0, 0, 0, 1)), name="box"),
        ]),
    ])


def test_export_svg_then_reimport_round_trips(window, tmp_path):
    window.ctl.reset(_design(), None)
    target = tmp_path / "out.svg"
    window.dialogs.export_answer = SvgExportOptions(target, "inkscape", 3)
    assert window.files.export_svg()
    result = import_svg(target)
    ours, theirs = window.ctl.doc, result.document
    assert (theirs.width, theirs.height) == (ours.width, ours.height)
    assert [la.name for la in theirs.layers] == [la.name for la in ours.layers]
    assert [la.locked for la in theirs.layers] == [la.locked for la in ours.layers]
    assert [la.visible for la in theirs.layers] == [la.visible for la in ours.layers]
    for mine, back in zip(ours.all_shapes(), theirs.all_shapes()):
        assert np.allclose(mine.points, back.points, atol=1e-3)
        assert type(mine.fill) is type(back.fill)
    assert isinstance(theirs.all_shapes()[1].fill, RadialGradient)
    assert np.allclose(theirs.all_shapes()[1].fill.radius, (10, 6), atol=1e-3)


def test_open_svg_keeps_matching_source_image(window, tmp_path):
    image = write_test_image(tmp_path / "t.png", size=48)
    window.files.open_path(image)
    design = Document(48, 48, layers=[Layer(name="L", shapes=[Shape(circle_points(10, 10, 4),
                                                                     fill=SolidFill((1, 0, 0, 1)))])])
    window.ctl.reset(design, window.ctl.source)
    window.dialogs.export_answer = SvgExportOptions(tmp_path / "d.svg", "plain", 2)
    window.files.export_svg()
    assert window.files.open_path(tmp_path / "d.svg")
    assert window.ctl.source is not None and window.ctl.source.name == "t.png"
    assert len(window.ctl.doc.all_shapes()) == 1
    assert window.optimize.start.isEnabled()


@pytest.mark.parametrize("name, data", [
    ("broken.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40),
    ("notes.jpg", b"this is not a jpeg"),
    ("broken.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><path d='M0 0 L"),
    ("empty.webp", b""),
    ("bad.ltproj", b"PK\x03\x04 not a zip"),
])
def test_corrupt_file_shows_error_and_keeps_document(window, image_path, tmp_path, name, data):
    window.files.open_path(image_path)
    window.ctl.push(cmd.AddShapeCommand(window.ctl, window.ctl.doc.add_layer("L").id, 0,
                                 Shape(circle_points(10, 10, 5), fill=SolidFill((1, 0, 0, 1)))))
    before, source = doc_state(window.ctl.doc), window.ctl.source
    bad = tmp_path / name
    bad.write_bytes(data)
    assert not window.open_path(bad)
    title, message = window.dialogs.errors[-1]
    assert name in message
    assert doc_state(window.ctl.doc) == before
    assert window.ctl.source is source
    assert window.ctl.undo_stack.count() == 1


def test_project_save_and_reopen_is_lossless(window, make_window, image_path, tmp_path, qtbot):
    window.files.open_path(image_path)
    start_tracing(window, qtbot)
    wait_steps(window, qtbot, 5)
    window.runner.stop()
    window.optimize.form.set_value("num_paths", 7)
    project = tmp_path / "work.ltproj"
    window.dialogs.save_answer = project
    assert window.files.save()
    assert not window.ctl.dirty and window.windowTitle().startswith("work.ltproj")
    saved = doc_state(window.ctl.doc)

    other = make_window()
    assert other.open_path(project)
    assert doc_state(other.ctl.doc) == saved  # float64 coordinates, bit for bit
    assert other.ctl.source.data == image_path.read_bytes()
    assert other.optimize.params()["num_paths"] == 7
    assert other.ctl.path == project and not other.ctl.dirty


def test_failed_save_leaves_previous_project_intact(tmp_path, monkeypatch):
    path = tmp_path / "p.ltproj"
    from editor.ui.files.project import Project

    save_project(path, Project(_design()))
    original = path.read_bytes()
    changed = _design()
    changed.layers[0].name = "Changed"

    def crash(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(LayertraceError):
        save_project(path, Project(changed))
    assert path.read_bytes() == original
    assert load_project(path).document.layers[0].name == "Base"
    assert [p.name for p in tmp_path.iterdir()] == ["p.ltproj"]  # no temp file left behind


def test_crash_recovery_restores_autosave(make_window, image_path, tmp_path, qtbot):
    autosave = tmp_path / "recovery"
    crashed = make_window(autosave_dir=autosave)
    crashed.files.open_path(image_path)
    ctl = crashed.ctl
    ctl.push(cmd.AddShapeCommand(ctl, ctl.doc.add_layer("Mine").id, 0,
                          Shape(circle_points(20, 20, 6), fill=SolidFill((0.3, 0.3, 0.9, 1.0)))))
    crashed.autosaver.save_now()
    crashed.autosaver.wait()
    state = doc_state(ctl.doc)
    # no close(): the process "dies" and the next start finds the autosave
    dialogs = ScriptedDialogs(restore=True)
    restarted = make_window(dialogs=dialogs, autosave_dir=autosave)
    assert restarted.files.offer_recovery()
    assert dialogs.asked_restore == 1
    assert doc_state(restarted.ctl.doc) == state
    assert restarted.ctl.source is not None and restarted.ctl.source.name == image_path.name
    assert restarted.ctl.dirty  # restored work is not saved anywhere yet


def test_declined_recovery_and_clean_exit_remove_autosave(make_window, image_path, tmp_path):
    autosave = tmp_path / "recovery"
    first = make_window(autosave_dir=autosave)
    first.files.open_path(image_path)
    first.ctl.push(cmd.AddLayerCommand(first.ctl, 0, Layer(name="x")))
    first.autosaver.save_now()
    first.autosaver.wait()
    declined = make_window(dialogs=ScriptedDialogs(restore=False), autosave_dir=autosave)
    assert not declined.files.offer_recovery()
    assert not (autosave / "autosave.ltproj").exists()
    first.autosaver.save_now()  # nothing changed since its last autosave: nothing written
    first.autosaver.wait()
    assert not (autosave / "autosave.ltproj").exists()
    first.ctl.push(cmd.AddLayerCommand(first.ctl, 0, Layer(name="y")))
    first.autosaver.save_now()
    first.autosaver.wait()
    assert (autosave / "autosave.ltproj").exists()
    first.close()  # discard answered by the scripted dialogs
    assert not (autosave / "autosave.ltproj").exists()


def test_unsaved_changes_prompt_on_close(window, image_path, tmp_path):
    window.files.open_path(image_path)
    window.ctl.push(cmd.AddLayerCommand(window.ctl, 0, Layer(name="x")))
    window.dialogs.save_choice = SaveChoice.CANCEL
    assert not window.close()
    assert window.dialogs.asked_save == 1
    window.dialogs.save_choice = SaveChoice.SAVE
    window.dialogs.save_answer = tmp_path / "kept.ltproj"
    assert window.close()
    assert load_project(tmp_path / "kept.ltproj").document.layers[0].name == "x"


def test_export_png_matches_document_size(window, tmp_path):
    window.ctl.reset(_design(), None)
    window.dialogs.save_answer = tmp_path / "out.png"
    assert window.files.export_png()
    from PIL import Image

    with Image.open(tmp_path / "out.png") as im:
        assert im.size == (64, 48)


def test_recent_files_and_layout_persist(window, make_window, image_path):
    window.files.open_path(image_path)
    window.close()
    settings = window.settings
    from editor.ui.settings import RECENT_FILES, WINDOW_STATE, read

    assert read(settings, RECENT_FILES)[0] == Path(image_path).resolve()
    assert read(settings, WINDOW_STATE) is not None
