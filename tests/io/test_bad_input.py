"""Bad input for every reader and writer: each case ends in a clear one-line error with the
right exit code, never a traceback, a hang, an overwritten input or a left-over temporary.

Grows with every new reader or writer. The hostile files themselves come from
`bad_input_corpus.py` (also runnable on its own to write the corpus to a folder).
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from editor.batch.plan import plan_batch
from editor.cli import main
from editor.cli.common import EXIT_BAD_INPUT, EXIT_USAGE
from editor.errors import BadInputError, LayertraceError
from editor.io.doc_json import document_to_data
from editor.io.image_io import load_image
from editor.io.outputs import output_names
from editor.io.project_file import ProjectOpenError, read_project, write_project
from editor.io.tempfiles import remove_stale_temporaries, temp_path
from editor.svg import import_svg, import_svg_data
from editor.svg.styles import css_blocks
from tests.io.bad_input_corpus import (
    HOSTILE_TEXT,
    IMAGE_CASES,
    PROJECT_CASES,
    ImageCase,
    write_corpus,
)

REPO = Path(__file__).resolve().parents[2]
FAST = ["--size", "24", "--paths", "2", "--max-steps", "3", "--min-steps", "1", "--final-steps", "0"]


def _png(path: Path, size: tuple[int, int] = (40, 30)) -> Path:
    Image.fromarray(np.random.default_rng(1).integers(0, 256, (size[1], size[0], 3), np.uint8)).save(path)
    return path


def _svg(path: Path) -> Path:
    path.write_text("<svg xmlns='http://www.w3.org/2000/svg' width='8' height='8'>"
                    "<rect width='4' height='4' fill='red'/></svg>")
    return path


def _no_traceback(err: str) -> None:
    assert "Traceback" not in err and "unexpected" not in err, err


# ---------------------------------------------------------------- 1. output over input


def _spellings_of(path: Path) -> list[str]:
    """The same file named through `..`, a symlink and a hard link."""
    folder = path.parent
    (folder / "sub").mkdir(exist_ok=True)
    link = folder / f"link-{path.name}"
    link.symlink_to(path)
    hard = folder / f"hard-{path.name}"
    os.link(path, hard)
    return [str(path), str(folder / "sub" / ".." / path.name), str(link), str(hard)]


def test_trace_refuses_to_overwrite_its_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _png(tmp_path / "in.png")
    before = src.read_bytes()
    for output in _spellings_of(src):
        assert main(["trace", str(src), "-o", output, *FAST]) == EXIT_USAGE
        err = capsys.readouterr().err
        assert "is the input file" in err, err
        _no_traceback(err)
        assert src.read_bytes() == before


def test_render_refuses_to_overwrite_its_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _svg(tmp_path / "in.svg")
    before = src.read_bytes()
    for output in _spellings_of(src):
        assert main(["render", str(src), "-o", output]) == EXIT_USAGE
        err = capsys.readouterr().err
        assert "is the input file" in err, err
        assert src.read_bytes() == before


def test_folder_mode_refuses_an_output_that_is_an_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    src = _png(folder / "a.png")
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.svg").symlink_to(src)  # writing out/a.svg would replace the image
    assert main(["trace", str(folder), "-o", str(out), *FAST]) == EXIT_USAGE
    assert "is the input file" in capsys.readouterr().err
    assert Image.open(src).size == (40, 30)


# ------------------------------------------------------------- 6. colliding output names


def test_colliding_stems_get_distinct_outputs() -> None:
    names = output_names([Path("pic.png"), Path("pic.jpg"), Path("Pic.TIFF"), Path("other.png")])
    assert names == {
        Path("Pic.TIFF"): "Pic.TIFF.svg", Path("other.png"): "other.svg",
        Path("pic.jpg"): "pic.jpg.svg", Path("pic.png"): "pic.png.svg",
    }
    # A name freed by the rule can itself be taken: still distinct.
    tricky = output_names([Path("a.png"), Path("a.jpg"), Path("a.png.png")])
    assert len({n.casefold() for n in tricky.values()}) == 3


def test_output_names_fit_the_file_system_limit() -> None:
    long = Path("é" * 124 + ".png")  # 248 bytes + .png
    names = output_names([long, long.with_suffix(".jpg")])
    assert all(len(n.encode()) <= 255 and n.endswith(".svg") for n in names.values())
    assert len(set(names.values())) == 2


def test_folder_mode_traces_pic_png_and_pic_jpg_to_two_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _png(folder / "pic.png")
    Image.open(folder / "pic.png").save(folder / "pic.jpg")
    out = tmp_path / "out"
    assert main(["trace", str(folder), "-o", str(out), "--json", *FAST]) == 0
    assert sorted(p.name for p in out.glob("*.svg")) == ["pic.jpg.svg", "pic.png.svg"]


def test_folder_mode_lists_what_it_skips(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _png(folder / "a.png")
    Image.open(folder / "a.png").save(folder / "anim.gif")
    (folder / "notes.txt").write_text("hello")
    (folder / "nested").mkdir()
    plan = plan_batch([folder], tmp_path / "out", recursive=False)
    assert [s.path.name for s in plan.skipped] == ["anim.gif", "nested", "notes.txt"]
    assert main(["trace", str(folder), "-o", str(tmp_path / "out"), "--no-recursive", *FAST]) == 0
    err = capsys.readouterr().err
    assert all(f"skipped: {folder / name}" in err for name in ("anim.gif", "nested", "notes.txt")), err


# ------------------------------------------------------------------ 7. Ctrl+C at any moment

_INTERRUPT_IMPORT = """
import runpy, sys
class Interrupter:  # Ctrl+C exactly while main.py imports the command line
    def find_spec(self, name, path=None, target=None):
        if name == "editor.cli":
            raise KeyboardInterrupt
sys.meta_path.insert(0, Interrupter())
sys.argv = ["main.py", "methods"]
runpy.run_path({main!r}, run_name="__main__")
"""


def test_ctrl_c_while_importing_exits_130_quietly() -> None:
    script = _INTERRUPT_IMPORT.format(main=str(REPO / "main.py"))
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                            cwd=REPO, check=False)
    assert result.returncode == 130, result.stderr
    assert result.stderr.strip() == "interrupted"


@pytest.mark.parametrize("delay", [0.0, 0.05, 0.3, 1.5])
def test_sigint_at_any_moment_of_a_real_run(tmp_path: Path, delay: float) -> None:
    """SIGINT sent `delay` s after the process starts importing our code (seen through
    -X importtime), so early ones land in the imports and later ones in the trace."""
    src = _png(tmp_path / "in.png")
    proc = subprocess.Popen(
        [sys.executable, "-X", "importtime", str(REPO / "main.py"), "trace", str(src),
         "-o", str(tmp_path / "out.svg"), "--size", "24", "--max-steps", "10000", "--min-steps", "10000"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO,
    )
    assert proc.stderr is not None
    for line in proc.stderr:
        if "editor" in line:
            break
    time.sleep(delay)
    proc.send_signal(signal.SIGINT)
    _, rest = proc.communicate(timeout=90)
    errors = [line for line in rest.splitlines() if not line.startswith("import time:")]
    assert proc.returncode == 130, errors
    assert not any("Traceback" in line or "terminate called" in line for line in errors), errors
    assert not (tmp_path / "out.svg").exists()


# ------------------------------------------------------------------ 5. long file names


def test_temporary_names_fit_whatever_the_final_name() -> None:
    for final in ("a" * 255, "é" * 127 + ".svg", "x.svg"):
        tmp = temp_path(Path("/some/folder") / final)
        assert len(tmp.name.encode()) <= 255 and tmp.name.startswith(".") and tmp.parent == Path("/some/folder")


def test_trace_of_an_image_with_a_250_character_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _png(tmp_path / ("n" * 246 + ".png"))
    assert main(["trace", str(src), *FAST]) == 0, capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([src.name, "n" * 246 + ".svg"])


# --------------------------------------------------------- 8. temporaries a kill left behind

_WRITE = """
import os, sys, time
from pathlib import Path
from editor.document import Document
from editor.io.project_file import ProjectData, write_project
from editor.io.atomic import write_atomic

def write(path, data):
    if path.suffix == ".ltproj":  # a project save: document, settings and a large source image
        write_project(path, ProjectData(Document(64, 64), {"method": "layerwise"}, "src.png", data))
    else:
        write_atomic(path, data)
"""

_KILLED_WRITE = _WRITE + """
def stop_here(*args):
    print("ready", flush=True)
    time.sleep(600)  # SIGKILL arrives here
setattr(os, sys.argv[2], stop_here)
write(Path(sys.argv[1]), b"x" * 3_000_000)
"""


@pytest.mark.parametrize("name,stage", [("out.svg", "fsync"), ("out.svg", "replace"), ("work.ltproj", "fsync")])
def test_a_killed_write_leaves_a_temporary_that_the_next_write_removes(
    tmp_path: Path, name: str, stage: str
) -> None:
    final = tmp_path / name
    final.write_bytes(b"old")
    proc = subprocess.Popen([sys.executable, "-c", _KILLED_WRITE, str(final), stage],
                            stdout=subprocess.PIPE, text=True, cwd=REPO)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    proc.kill()
    proc.wait(timeout=30)
    left = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert len(left) == 1 and final.read_bytes() == b"old"  # what the issue saw
    # The next write of the same kind into the folder, by another process, cleans up.
    other = tmp_path / f"other{final.suffix}"
    next_write = _WRITE + "write(Path(sys.argv[1]), b'new')"
    subprocess.run([sys.executable, "-c", next_write, str(other)], check=True, cwd=REPO, timeout=60)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, other.name])


def test_only_our_stale_temporaries_are_removed(tmp_path: Path) -> None:
    live_writer = temp_path(tmp_path / "busy.svg")  # this process: still writing
    live_writer.write_bytes(b"partial")
    old_legacy = tmp_path / ".pic.svg.0badc0de.tmp"  # the naming before this change
    fresh_legacy = tmp_path / ".new.svg.12345678.tmp"
    foreign = tmp_path / ".editor-swap.tmp"  # another program's
    visible = tmp_path / "notes.12345678.tmp"
    for path in (old_legacy, fresh_legacy, foreign, visible):
        path.write_bytes(b"?")
    hour_ago = time.time() - 2 * 3600
    for path in (old_legacy, foreign, visible):
        os.utime(path, (hour_ago, hour_ago))
    removed = remove_stale_temporaries(tmp_path)
    assert removed == [old_legacy]
    assert all(p.exists() for p in (live_writer, fresh_legacy, foreign, visible))
    os.utime(live_writer, (hour_ago, hour_ago))  # a write that never finished, an hour on
    assert remove_stale_temporaries(tmp_path) == [live_writer]


# ------------------------------------------------------- 2. parsers linear in their input

HOSTILE_SIZE = 200_000  # characters; quadratic parsers took minutes at this size


@pytest.mark.parametrize("pattern", sorted(HOSTILE_TEXT))
def test_hostile_svg_text_is_read_or_refused(pattern: str) -> None:
    """Each hostile pattern at 200 KB either imports (the rect beside it survives) or is
    refused with a clear message; benchmarks/hostile_parsers.py shows the times grow linearly."""
    svg = HOSTILE_TEXT[pattern](HOSTILE_SIZE)
    try:
        result = import_svg_data(svg, "hostile.svg")
    except BadInputError as err:
        assert str(err).startswith("hostile.svg: "), err  # a bound, or numbers out of range
        return
    assert result.document.width == 64


def test_style_sheets_keep_their_meaning() -> None:
    css = ("@import url(x.css); /* a comment { with braces } */ rect.a{fill:#00f} "
           "@media print { .b { fill: #0f0 } } #c{fill:#f00} @charset 'x';")
    assert css_blocks(css) == [("  rect.a", "fill:#00f"), (" .b ", " fill: #0f0 "), (" #c", "fill:#f00")]
    assert css_blocks("/*" * 1000 + "rect{fill:red}") == []  # an unclosed comment runs to the end
    assert css_blocks("@" * HOSTILE_SIZE + " rect{fill:red}") == [("@" * HOSTILE_SIZE + " rect", "fill:red")]


def test_a_huge_transform_is_refused_by_size(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    svg = tmp_path / "t.svg"
    svg.write_text(HOSTILE_TEXT["transform: no parentheses"](HOSTILE_SIZE))
    assert main(["render", str(svg), "-o", str(tmp_path / "t.png")]) == EXIT_BAD_INPUT
    assert "transform longer than" in capsys.readouterr().err


# ------------------------------------------------------ 4. bad input is exit 3, not exit 4


def test_render_with_nan_transforms_is_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    svg = tmp_path / "nan.svg"
    svg.write_text("<svg xmlns='http://www.w3.org/2000/svg' width='8' height='8'>"
                   "<g transform='rotate(NaN) translate(inf, nan)'><rect width='4' height='4'/></g></svg>")
    assert main(["render", str(svg), "-o", str(tmp_path / "nan.png")]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert str(svg) in err and "not finite" in err
    _no_traceback(err)
    assert not (tmp_path / "nan.png").exists()


def test_shift_jis_svg_is_decoded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    svg = tmp_path / "jis.svg"
    svg.write_bytes("<?xml version='1.0' encoding='Shift_JIS'?>"
                    "<svg xmlns='http://www.w3.org/2000/svg' xmlns:inkscape='http://www.inkscape.org/namespaces/inkscape'"
                    " width='8' height='8'><g inkscape:groupmode='layer' inkscape:label='レイヤー 1'>"
                    "<rect width='4' height='4' fill='red'/></g></svg>".encode("shift_jis"))
    assert import_svg(svg).document.layers[0].name == "レイヤー 1"
    assert main(["render", str(svg), "-o", str(tmp_path / "jis.png")]) == 0
    broken = tmp_path / "broken.svg"
    broken.write_bytes(svg.read_bytes().replace("レ".encode("shift_jis"), b"\x81\xff"))
    assert main(["render", str(broken), "-o", str(tmp_path / "b.png")]) == EXIT_BAD_INPUT
    assert "not valid Shift_JIS" in capsys.readouterr().err


# ------------------------------- 9 and 4. images: incomplete data, NaN pixels, other types


@pytest.mark.parametrize("case", IMAGE_CASES, ids=lambda c: c.name)
def test_broken_images_are_refused_with_exit_3(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: ImageCase
) -> None:
    src = tmp_path / case.name
    src.write_bytes(case.data())
    out = tmp_path / "out.svg"
    assert main(["trace", str(src), "-o", str(out), *FAST]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert str(src) in err and case.reason in err, err
    _no_traceback(err)
    assert sorted(p.name for p in tmp_path.iterdir()) == [case.name]


def test_a_real_large_flat_jpeg_is_not_taken_for_a_lying_one(tmp_path: Path) -> None:
    """The data-size bound (one bit per 8×8 block) holds for the most compressible JPEG."""
    path = tmp_path / "flat.jpg"
    Image.new("L", (6000, 4000), 128).save(path, quality=10, optimize=True)
    assert load_image(path).original_size == (6000, 4000)


def _extremes() -> list[tuple[str, str, float]]:
    from editor.registry import discover_methods

    cases = []
    for info in discover_methods():
        for spec in info.params if info.available else ():
            for value in (spec.minimum, spec.maximum):
                if spec.type in ("int", "float") and value is not None:
                    cases.append((info.name, spec.name, int(value) if spec.type == "int" else value))
    return cases


@pytest.mark.parametrize("method,name,value", _extremes(), ids=lambda v: str(v))
def test_every_legal_parameter_value_runs(method: str, name: str, value: float) -> None:
    """Each numeric parameter of each method at its minimum and its maximum: a few steps on
    a small image run without error (the issue's case: coarse_to_fine --min-region 100000)."""
    from editor.engine.session import Session
    from editor.registry.loading import load_method

    rng = np.random.default_rng(2)
    target = np.repeat(np.repeat(rng.random((4, 4, 3)), 6, axis=0), 6, axis=1).astype(np.float32)
    session = Session(target, load_method(method, **{name: value}), device="cpu")

    def stop_soon(snap: object) -> None:
        if getattr(snap, "step", 0) >= 3:
            session.cancel()

    session.run(on_snapshot=stop_soon)
    assert all(np.isfinite(s.points).all() for s in session.document().drawn_shapes())


def test_coarse_to_fine_with_the_largest_min_region(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _png(tmp_path / "in.png")
    assert main(["trace", str(src), "--method", "coarse_to_fine", "--min-region", "100000", *FAST]) == 0, \
        capsys.readouterr().err


# --------------------------------------------------------- 4. arguments: usage errors (2)


@pytest.mark.parametrize("seed", ["-1", str(2**64), "1.5", "x"])
def test_out_of_range_seeds_are_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str], seed: str) -> None:
    src = _png(tmp_path / "in.png")
    assert main(["trace", str(src), "--seed", seed, *FAST]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "--seed" in err and "Traceback" not in err


# ------------------------------------------------------------------- 3. damaged projects


@pytest.mark.parametrize("case", sorted(PROJECT_CASES))
def test_damaged_projects_cannot_open_with_a_reason(tmp_path: Path, case: str) -> None:
    path = tmp_path / "damaged.ltproj"
    path.write_bytes(PROJECT_CASES[case]())
    with pytest.raises(ProjectOpenError) as caught:
        read_project(path)
    assert str(caught.value).startswith(f"cannot open {path} because "), caught.value
    assert isinstance(caught.value, LayertraceError)  # what the editor catches


def test_a_project_round_trips_through_the_schema(tmp_path: Path) -> None:
    from tests.io.bad_input_corpus import project_zip

    path = tmp_path / "good.ltproj"
    path.write_bytes(project_zip())
    project = read_project(path)
    assert project.document.layers[0].shapes[0].points.shape == (4, 2)
    write_project(tmp_path / "again.ltproj", project)
    again = read_project(tmp_path / "again.ltproj")
    assert document_to_data(again.document) == document_to_data(project.document)


# ------------------------------------------------------------------ the corpus as files


def test_the_written_corpus_is_refused_file_by_file(tmp_path: Path) -> None:
    """`python tests/io/bad_input_corpus.py DIR` writes what the tests above build in memory;
    every image and project in it is refused by its reader, every SVG read or refused."""
    written = write_corpus(tmp_path, text_size=20_000)
    assert len(written) == len(HOSTILE_TEXT) + len(IMAGE_CASES) + len(PROJECT_CASES)
    for path in written:
        kind = path.parent.name
        if kind == "images":
            with pytest.raises(BadInputError):
                load_image(path)
        elif kind == "projects":
            with pytest.raises(ProjectOpenError):
                read_project(path)
        else:
            try:
                import_svg(path)
            except BadInputError as err:
                assert err.path == path
