"""The command line: exit codes, messages, listings, atomic output, folders, JSON.

Most tests call `main(argv)` in-process (torch is imported once); a few run `main.py` as a
real process where that is the point (import cost, signals). Traces use a tiny working size
and a handful of steps, so they check the plumbing, not the quality.
"""
from __future__ import annotations

import _thread
import json
import os
import re
import signal
import subprocess
import sys
import time
import types
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from editor.cli import common, main, open_editor, progress
from editor.document.scaling import scale_document
from editor.registry import DEFAULT_METHOD
from editor.tracing import planned_stage_steps

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "resources" / "samples"
FAST = ["--size", "24", "--paths", "2", "--max-steps", "3", "--min-steps", "1", "--final-steps", "0"]


def _image(path: Path, color: tuple[int, int, int] = (200, 40, 40)) -> Path:
    im = Image.new("RGB", (40, 30), (255, 255, 255))
    im.paste(color, (8, 6, 30, 24))
    im.save(path)
    return path


def _run_process(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(REPO / "main.py"), *args],
        capture_output=True, text=True, timeout=120, **kwargs,
    )


# ------------------------------------------------------------------- startup and usage


def test_help_does_not_import_torch_or_qt() -> None:
    code = (
        "import sys; from editor.cli import main; rc = main(['methods', '--help']); "
        "heavy = [m for m in ('torch', 'PySide6', 'editor.methods') if m in sys.modules]; "
        "print(rc, heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=REPO, timeout=60)
    assert out.stdout.strip().endswith("0 []"), out.stdout + out.stderr


@pytest.mark.parametrize(
    "argv,expected",
    [
        (["trace"], "required: IN"),
        (["bogus-command"], "invalid choice"),
        (["trace", "x.png", "--size", "2"], "--size 2"),
        (["trace", "x.png", "--method", "nope"], "unknown method 'nope'"),
        (["trace", "x.png", "--max-steps", "many"], "max_steps"),
        (["trace", "x.png", "--paths", "0"], "num_paths"),
        (["trace", "x.png", "--param", "oops"], "NAME=VALUE"),
        (["trace", "x.png", "--param", "no_such=1"], "unknown parameter"),
        (["render", "x.svg", "--scale", "0"], "--scale"),
    ],
)
def test_usage_errors_exit_2(argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == common.EXIT_USAGE
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err


def test_keep_hidden_reaches_the_trace_options() -> None:
    from editor.cli.parser import build_parser

    def parsed(*extra: str):
        return build_parser().parse_args(["trace", "x.png", *extra])

    assert parsed().remove_hidden and not parsed("--keep-hidden").remove_hidden


def test_cuda_request_without_cuda_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA")
    src = _image(tmp_path / "a.png")
    assert main(["trace", str(src), "--device", "cuda", *FAST]) == common.EXIT_USAGE
    assert "CUDA" in capsys.readouterr().err


# ---------------------------------------------------------------------------- bad input


def test_bad_inputs_exit_3_naming_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = tmp_path / "notes.png"
    text.write_text("not pixels")
    empty = tmp_path / "empty.png"
    empty.touch()
    vector = tmp_path / "drawing.svg"
    vector.write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    cases = {
        tmp_path / "missing.png": "not found",
        text: "not an image",
        empty: "empty",
        vector: "render",
    }
    for path, expected in cases.items():
        out = tmp_path / "out.svg"
        assert main(["trace", str(path), "-o", str(out), *FAST]) == common.EXIT_BAD_INPUT
        err = capsys.readouterr().err
        assert str(path) in err and expected in err and "Traceback" not in err
        assert not out.exists()


def test_truncated_png_in_a_real_process(tmp_path: Path) -> None:
    full = tmp_path / "full.png"
    Image.fromarray(np.random.default_rng(0).integers(0, 256, (64, 64, 3), np.uint8)).save(full)
    cut = tmp_path / "cut.png"
    cut.write_bytes(full.read_bytes()[:2000])
    result = _run_process("trace", str(cut), "-o", str(tmp_path / "o.svg"))
    assert result.returncode == common.EXIT_BAD_INPUT
    assert "truncated" in result.stderr and "Traceback" not in result.stderr


# ------------------------------------------------------------------------------ methods


def test_methods_listing(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["methods"]) == 0
    out = capsys.readouterr().out
    assert "layerwise" in out and "available" in out and "--paths N" in out and "--max-steps N" in out


def test_methods_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["methods", "--json"]) == 0
    methods = json.loads(capsys.readouterr().out)
    layerwise = next(m for m in methods if m["name"] == "layerwise")
    assert layerwise["available"] is True and layerwise["reason"] is None
    params = {p["name"]: p for p in layerwise["params"]}
    assert params["num_paths"]["flag"] == "--paths" and params["num_paths"]["type"] == "int"


def test_unavailable_method_shows_its_reason(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from editor.registry import MethodInfo

    broken = MethodInfo("fancy", "Fancy", "", False, "missing required package(s): nothing", (), "test")
    monkeypatch.setattr("editor.registry.loading.verify_methods", lambda *a, **k: [broken])
    assert main(["methods"]) == 0
    assert "fancy" in (out := capsys.readouterr().out) and "missing required package(s): nothing" in out


# ------------------------------------------------------------------------------ tracing


def test_trace_one_image(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _image(tmp_path / "logo.png")
    out = tmp_path / "nested" / "logo.svg"
    assert main(["trace", str(src), "-o", str(out), *FAST]) == 0
    captured = capsys.readouterr()
    assert "2 paths" in captured.out and "PSNR" in captured.out and "bytes" in captured.out
    text = out.read_text()
    assert 'width="40"' in text and 'height="30"' in text  # the input's size, not --size
    assert text.count("<path") == 2


def test_trace_json_and_default_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _image(tmp_path / "logo.png")
    assert main(["trace", str(src), "--json", "--flavour", "plain", *FAST]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["status"] == "ok" and result["paths"] == 2 and result["method"] == DEFAULT_METHOD
    assert result["output"] == str(tmp_path / "logo.svg")
    assert result["svg_bytes"] == (tmp_path / "logo.svg").stat().st_size
    assert result["image_size"] == [40, 30] and result["working_size"] == [24, 18]
    assert isinstance(result["psnr_db"], float) and result["seconds"] > 0
    assert "inkscape" not in (tmp_path / "logo.svg").read_text()


def test_same_seed_same_svg(tmp_path: Path) -> None:
    src = _image(tmp_path / "logo.png")
    for name in ("a.svg", "b.svg"):
        assert main(["trace", str(src), "-o", str(tmp_path / name), "-q", "--seed", "3", *FAST]) == 0
    def without_ids(path: Path) -> str:  # ids (and references to them) are random by design
        return re.sub(r'id="[^"]*"|url\(#[^)]*\)', "", path.read_text())

    assert without_ids(tmp_path / "a.svg") == without_ids(tmp_path / "b.svg")


def test_folder_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _image(folder / "one.png")
    _image(folder / "two.jpg", (20, 120, 200))
    (folder / "broken.png").write_text("nope")
    (folder / "readme.txt").write_text("skipped: not an image suffix")
    out = tmp_path / "out"
    assert main(["trace", str(folder), "-o", str(out), "--json", *FAST]) == common.EXIT_BAD_INPUT
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    status = {Path(r["input"]).name: r["status"] for r in lines}
    assert status == {"broken.png": "bad_input", "one.png": "ok", "two.jpg": "ok", "readme.txt": "skipped"}
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "layertrace-manifest.jsonl", "one.svg", "two.svg"]


def test_folder_without_images(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["trace", str(tmp_path), *FAST]) == common.EXIT_BAD_INPUT
    assert "no images" in capsys.readouterr().err


def test_failed_trace_leaves_existing_output_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from editor.engine.session import Session

    def explode(self, *args, **kwargs):
        raise RuntimeError("the optimizer blew up")

    monkeypatch.setattr(Session, "run", explode)
    src = _image(tmp_path / "logo.png")
    out = tmp_path / "logo.svg"
    out.write_text("precious")
    assert main(["trace", str(src), "-o", str(out), *FAST]) == common.EXIT_FAILED
    err = capsys.readouterr().err
    assert "blew up" in err and "LAYERTRACE_DEBUG" in err and "Traceback" not in err
    assert out.read_text() == "precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["logo.png", "logo.svg"]  # no temp files


def test_ctrl_c_cancels_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Pretend stderr is a terminal so the progress line runs, and press Ctrl+C from it.
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(progress.ProgressLine, "update", lambda self, snap, elapsed: _thread.interrupt_main())
    src = _image(tmp_path / "logo.png")
    out = tmp_path / "logo.svg"
    out.write_text("precious")
    slow = ["--size", "24", "--max-steps", "5000", "--min-steps", "5000"]
    assert main(["trace", str(src), "-o", str(out), *slow]) == common.EXIT_INTERRUPTED
    assert "interrupted" in capsys.readouterr().err
    assert out.read_text() == "precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["logo.png", "logo.svg"]


def test_sigint_in_a_real_process(tmp_path: Path) -> None:
    src = _image(tmp_path / "logo.png")
    out = tmp_path / "logo.svg"
    proc = subprocess.Popen(
        [sys.executable, str(REPO / "main.py"), "trace", str(src), "-o", str(out),
         "--size", "24", "--max-steps", "10000", "--min-steps", "10000"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    time.sleep(3)  # start-up or mid-optimization: the outcome must be the same
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == common.EXIT_INTERRUPTED, err
    assert "Traceback" not in err and "terminate called" not in err
    assert not out.exists()


def test_progress_line_fits_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from editor.engine.snapshot import RunState, Snapshot

    monkeypatch.setattr(progress.shutil, "get_terminal_size", lambda fallback=None: os.terminal_size((50, 20)))
    stream = io.StringIO()
    line = progress.ProgressLine(stream, "photo.png")
    line.start([100, 100])
    snap = Snapshot(step=150, stage=1, stage_step=50, loss=0.01, psnr=27.5, ms_per_step=100.0,
                    num_shapes=2, num_active=1, state=RunState.RUNNING, structure_version=1, shapes={})
    line.update(snap, 15.0)
    text = stream.getvalue().lstrip("\r").rstrip()
    assert len(text) <= 49 and "75%" in text and "ETA 0:05" in text
    line.clear()
    assert stream.getvalue().endswith("\r")


def test_planned_steps_do_not_touch_the_method() -> None:
    from editor.registry.loading import load_method

    method = load_method("layerwise", num_paths=4, max_steps=10, final_steps=5)
    plan = planned_stage_steps(method)
    assert plan == [10, 10, 10, 5]  # stages of 1, 1, 2 paths, then the final pass
    assert planned_stage_steps(method) == plan


def test_scale_document_scales_geometry_and_paints() -> None:
    from editor.document import Document, GradientStop, Layer, RadialGradient, Shape, rect_points

    fill = RadialGradient((10.0, 5.0), (4.0, 2.0), [GradientStop(0, (1, 0, 0, 1)), GradientStop(1, (0, 0, 1, 1))])
    doc = Document(20, 10, layers=[Layer(shapes=[Shape(rect_points(0, 0, 20, 10), fill=fill, stroke_width=1.0)])])
    big = scale_document(doc, 200, 100)
    shape = big.all_shapes()[0]
    assert (big.width, big.height) == (200, 100)
    assert shape.points.max(axis=0).tolist() == [200, 100]
    assert shape.fill.center == (100, 50) and shape.fill.radius == (40, 20)
    assert shape.stroke_width == pytest.approx(10.0)
    assert doc.all_shapes()[0].points.max(axis=0).tolist() == [20, 10]  # the original is kept


# ------------------------------------------------------------------------------- render


def test_render_svg_to_png(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "smiley.png"
    assert main(["render", str(SAMPLES / "smiley.svg"), "-o", str(out), "--scale", "0.25"]) == 0
    assert "64×64" in capsys.readouterr().out
    pixels = np.asarray(Image.open(out).convert("RGB"), dtype=np.float32)
    assert pixels.shape == (64, 64, 3)
    assert pixels[1, 1].tolist() == [255, 255, 255]  # the white background rect
    r, g, b = pixels[25, 32]  # between the eyes: the yellow face
    assert r > 200 and g > 150 and b < 160  # (the radial gradient is lighter up there)


def test_render_bad_svg(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.svg"
    bad.write_text("<svg")
    assert main(["render", str(bad), "-o", str(tmp_path / "bad.png")]) == common.EXIT_BAD_INPUT
    assert "bad.svg" in capsys.readouterr().err
    assert not (tmp_path / "bad.png").exists()


# -------------------------------------------------------------------- editor / no display


def _no_display(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(open_editor.sys, "platform", "linux")


def test_headless_run_traces_the_sample(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    _no_display(monkeypatch)
    calls: list[list[str]] = []
    monkeypatch.setattr("editor.cli.dispatch.main", lambda argv: calls.append(list(argv)) or 0)
    assert open_editor.open_editor([]) == 0
    assert calls == [["trace", str(open_editor.SAMPLE_IMAGE), "-o", str(Path("out") / "sample.svg"),
                      "--paths", str(open_editor.DEMO_PATHS)]]
    assert "No display" in capsys.readouterr().err
    assert open_editor.SAMPLE_IMAGE.is_file()


def test_offscreen_qt_is_no_display(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert not open_editor.has_display()
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    assert open_editor.has_display()


def test_display_opens_the_editor(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.setenv("DISPLAY", ":0")
    seen: list[list[str]] = []
    fake = types.ModuleType("editor.ui.app")

    def run(argv: list[str]) -> int:
        seen.append(list(argv))
        return 0

    fake.__dict__["run"] = run  # a module's attributes live in its __dict__
    monkeypatch.setitem(sys.modules, "editor.ui.app", fake)
    assert main([str(SAMPLES / "smiley.svg")]) == 0
    assert seen and seen[0][1:] == [str(SAMPLES / "smiley.svg")]
