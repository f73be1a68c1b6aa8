"""Command line: `python main.py trace|methods|render ...`, and the editor when run bare.

    python main.py trace photo.png -o photo.svg --paths 32
    python main.py trace images/ -o traced/ --json
    python main.py methods
    python main.py render drawing.svg -o drawing.png --scale 2

Exit codes: 0 ok, 2 usage, 3 bad input, 4 failure while tracing or writing, 130 interrupted.
User errors print one line, never a traceback; set LAYERTRACE_DEBUG=1 to see the traceback
of an unexpected error. Torch, the plug-ins and Qt are imported only by the commands that
need them, so `--help` and usage errors answer at once.
"""
from __future__ import annotations

import argparse
import copy
import io
import json
import math
import os
import shutil
import sys
import textwrap
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Sequence, TextIO

from editor.engine.working_scale import DEFAULT_WORKING_SIZE, MAX_WORKING_SIZE, MIN_WORKING_SIZE
from editor.errors import BadInputError, LayertraceError, UsageError
from editor.io.outputs import IMAGE_SUFFIXES

if TYPE_CHECKING:
    from editor.document import Document
    from editor.engine.snapshot import Snapshot
    from editor.io.outputs import Skipped
    from editor.methods import Method, MethodInfo, ParamSpec

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_BAD_INPUT = 3
EXIT_FAILED = 4
EXIT_INTERRUPTED = 130

PROG = "main.py"
DEFAULT_METHOD = "layerwise"
DEFAULT_SIZE = DEFAULT_WORKING_SIZE
EDITOR_DOCUMENTS = (".svg", ".svgz", ".ltproj")  # what the editor opens besides images
RESOURCES = Path(__file__).resolve().parents[1] / "resources"
SAMPLE_IMAGE = RESOURCES / "samples" / "smiley.png"
DEMO_OUTPUT = Path("out") / "sample.svg"
DEMO_PATHS = 16  # the no-display demo: ~31 dB on the sample in about 2 CPU-minutes (2 cores)
PATHS_PARAM = "num_paths"  # the schema name `--paths` maps to
COMMANDS = ("trace", "methods", "render", "inkscape")


class TraceFailure(LayertraceError):
    """The optimization or the export went wrong for an acceptable input (exit code 4)."""


class Interrupted(Exception):
    """Ctrl+C: the running trace was cancelled and its output was not written."""


# ------------------------------------------------------------------------------ tracing


@dataclass(frozen=True)
class TraceOptions:
    method: str = DEFAULT_METHOD
    params: dict[str, Any] = field(default_factory=dict)  # the method's own, unvalidated
    size: int = DEFAULT_SIZE  # working size of the long side, px
    device: str = "auto"  # auto | cpu | cuda
    seed: int = 0
    flavour: str = "inkscape"
    precision: int = 2
    cleanup: bool = True  # clean the traced document up before export (editor.cleanup)


@dataclass
class TraceResult:
    input: Path
    output: Path
    method: str
    paths: int
    psnr: float  # dB at the working size, as the optimizer measured it
    seconds: float
    svg_bytes: int
    steps: int
    image_size: tuple[int, int]  # the input's (width, height) = the SVG's
    working_size: tuple[int, int]
    device: str
    notices: list[str]
    cleanup: dict[str, Any] | None = None  # what clean-up changed; None when skipped

    def summary(self) -> str:
        return (
            f"{self.input} -> {self.output}: {self.paths} paths, PSNR {self.psnr:.2f} dB, "
            f"{self.seconds:.1f} s, {self.svg_bytes:,} bytes"
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "input": str(self.input),
            "output": str(self.output),
            "status": "ok",
            "method": self.method,
            "paths": self.paths,
            "psnr_db": round(self.psnr, 3) if math.isfinite(self.psnr) else None,
            "seconds": round(self.seconds, 3),
            "svg_bytes": self.svg_bytes,
            "steps": self.steps,
            "image_size": list(self.image_size),
            "working_size": list(self.working_size),
            "device": self.device,
            "notices": self.notices,
            "cleanup": self.cleanup,
        }


ProgressCallback = Callable[["Snapshot", float], None]  # (snapshot, seconds elapsed)


def trace_file(
    src: Path,
    dst: Path,
    options: TraceOptions,
    *,
    on_progress: ProgressCallback | None = None,
    on_start: Callable[[list[int] | None], None] | None = None,
) -> TraceResult:
    """Trace one image into an SVG written atomically at `dst` (the input's pixel size).

    `on_start` receives the planned steps per stage (None when the method cannot say) once
    the method is loaded; `on_progress` is called from the worker thread about 5× a second.
    Raises BadInputError, UsageError (method or parameters), TraceFailure, or Interrupted
    (Ctrl+C); in every error case `dst` is left as it was.
    """
    from editor.document.scaling import scale_document
    from editor.engine.image_io import DEFAULT_MAX_SIZE, load_image, resize_for_trace

    started = time.perf_counter()
    # Load as the editor does (its notices then mean the same), then resample to --size.
    image = load_image(src, max_size=max(options.size, DEFAULT_MAX_SIZE))
    work = resize_for_trace(image, options.size)
    method = _make_method(options)
    if on_start is not None:
        on_start(planned_stage_steps(method))
    document, snap = _optimize(work, method, options, started, on_progress)
    cleanup = None
    if options.cleanup:  # at the working size, where the tolerances mean canvas pixels
        from editor.cleanup import clean_up

        document, report = clean_up(document)
        cleanup = report.to_json()
    # The SVG keeps the input's pixel size, so it lines up with the original in any editor.
    document = scale_document(document, *image.original_size)
    try:
        from editor.svg import export_svg

        export_svg(document, dst, flavour=options.flavour, precision=options.precision)  # type: ignore[arg-type]
    except LayertraceError as err:
        raise TraceFailure(err.problem, err.path) from err
    return TraceResult(
        input=src,
        output=dst,
        method=options.method,
        paths=len(document.drawn_shapes()),
        psnr=snap.psnr,
        seconds=time.perf_counter() - started,
        svg_bytes=dst.stat().st_size,
        steps=snap.step,
        image_size=image.original_size,
        working_size=work.size,
        device=_device_name(options.device),
        notices=image.notices,
        cleanup=cleanup,
    )


def _make_method(options: TraceOptions) -> "Method":
    from editor.methods import MethodUnavailableError, ParamError, load_method

    try:
        return load_method(options.method, **options.params)
    except (MethodUnavailableError, ParamError) as err:
        raise UsageError(str(err)) from err


def _optimize(
    work: Any,
    method: "Method",
    options: TraceOptions,
    started: float,
    on_progress: ProgressCallback | None,
) -> tuple["Document", "Snapshot"]:
    """Run the session on a worker thread so Ctrl+C reaches this (main) thread at once."""
    import torch

    from editor.document import Document
    from editor.engine.session import Session
    from editor.engine.snapshot import RunState

    torch.manual_seed(options.seed)
    # Transparent inputs trace onto a transparent canvas, colour and alpha (no paint where the
    # source is transparent), and the SVG gets no background rectangle.
    background = None if work.alpha is not None else (1.0, 1.0, 1.0, 1.0)
    blank = Document(width=work.width, height=work.height, background=background)
    session = Session(work.target, method, blank, seed=options.seed, device=_device_name(options.device))
    failure: list[BaseException] = []
    finished = threading.Event()

    def report(snap: "Snapshot") -> None:
        if on_progress is not None:
            on_progress(snap, time.perf_counter() - started)

    def work_loop() -> None:
        try:
            session.run(on_snapshot=report, snapshot_interval=0.2)
        except BaseException as err:  # handed to the main thread, which decides what it means
            failure.append(err)
        finally:
            finished.set()

    # An Event, not Thread.join: a KeyboardInterrupt that lands inside join() can leave the
    # thread looking finished while torch still runs in it, and exiting then aborts the
    # process ("terminate called without an active exception").
    threading.Thread(target=work_loop, name="layertrace-trace", daemon=True).start()
    try:
        while not finished.wait(0.1):
            pass
    except KeyboardInterrupt:
        session.cancel()
        _wait_through_interrupts(finished)
        raise Interrupted() from None
    if failure:
        err = failure[0]
        if isinstance(err, LayertraceError):
            raise TraceFailure(err.problem, err.path) from err
        raise err
    snap = session.snapshot()
    if snap.state == RunState.CANCELLED:
        raise Interrupted()
    return session.document(), snap


def _wait_through_interrupts(finished: threading.Event) -> None:
    """Wait for a cancelled session to stop (at most one step); more Ctrl+C cannot hurry it."""
    while True:
        try:
            if finished.wait(0.1):
                return
        except KeyboardInterrupt:
            continue


def planned_stage_steps(method: "Method") -> list[int] | None:
    """The most steps of each stage the method's schedule will run, for progress and ETA.

    Asks a copy of the method for its stages as if each were run to completion; None for a
    method whose schedule cannot be foreseen this way (or does not end).
    """
    from editor.methods import TraceState

    try:
        probe = copy.deepcopy(method)
        plan: list[int] = []
        shapes = 0
        while len(plan) < 1000:
            stage = probe.next_stage(TraceState(stage_index=len(plan), num_shapes=shapes, pending_shapes=0))
            if stage is None:
                return plan or None
            plan.append(stage.max_steps)
            shapes += stage.add
    except Exception:  # noqa: BLE001 — a method that needs a real session to plan: no ETA
        return None
    return None


def _device_name(device: str) -> str:
    if device != "auto":
        return device
    from editor.engine.session import default_device

    return default_device().type


def _check_device(device: str) -> None:
    if device == "cuda":
        import torch

        if not torch.cuda.is_available():
            raise UsageError("--device cuda: no CUDA device is available here (use auto or cpu)")


# ----------------------------------------------------------------------------- progress


class ProgressLine:
    """A single self-overwriting status line (carriage return, no terminal escapes)."""

    def __init__(self, stream: TextIO, label: str) -> None:
        self.stream = stream
        self.label = label
        self.plan: list[int] | None = None
        self._width = 0
        self._lock = threading.Lock()

    def start(self, plan: list[int] | None) -> None:
        self.plan = plan

    def update(self, snap: "Snapshot", elapsed: float) -> None:
        fraction, eta = self._estimate(snap)
        # (priority, text) in display order; on a narrow terminal the least useful go first.
        fields: list[tuple[int, str]] = [(0, self.label)]
        if fraction is not None:
            filled = round(fraction * 16)
            fields.append((1, f"[{'#' * filled}{'.' * (16 - filled)}] {fraction:4.0%}"))
        fields.append((5, f"step {snap.step}"))
        fields.append((4, f"{snap.num_shapes} paths"))
        if math.isfinite(snap.loss):
            fields.append((7, f"loss {snap.loss:.4g}"))
        if math.isfinite(snap.psnr):
            fields.append((3, f"PSNR {snap.psnr:.2f} dB"))
        fields.append((6, _clock(elapsed)))
        if eta is not None:
            fields.append((2, f"ETA {_clock(eta)}"))
        columns = shutil.get_terminal_size((100, 20)).columns - 1
        line = "  ".join(text for _, text in fields)
        while len(line) > columns and len(fields) > 1:
            fields.remove(max(fields))
            line = "  ".join(text for _, text in fields)
        line = line[:columns]
        with self._lock:
            self.stream.write("\r" + line.ljust(self._width))
            self.stream.flush()
            self._width = len(line)

    def clear(self) -> None:
        with self._lock:
            if self._width:
                self.stream.write("\r" + " " * self._width + "\r")
                self.stream.flush()
                self._width = 0

    def _estimate(self, snap: "Snapshot") -> tuple[float | None, float | None]:
        """(share of the planned steps done, seconds left); stages that stop early make the
        bar jump ahead, so the ETA is an upper bound."""
        plan = self.plan
        if not plan or snap.stage < 0:
            return None, None
        stage = min(snap.stage, len(plan) - 1)
        done = sum(plan[:stage]) + min(snap.stage_step, plan[stage])
        total = sum(plan)
        remaining = max(total - done, 0)
        eta = remaining * snap.ms_per_step / 1000.0 if snap.ms_per_step > 0 else None
        return min(done / total, 1.0), eta


def _clock(seconds: float) -> str:
    seconds = int(round(seconds))
    minutes, secs = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


# ------------------------------------------------------------------------- trace command


@dataclass
class _Job:
    src: Path
    dst: Path


def _trace_jobs(src: Path, out: Path | None) -> tuple[list[_Job], list["Skipped"]]:
    """The (input, output) pairs for a file or a folder of images, and what a folder skips.

    Refuses (exit 2, before any work) an output that is one of the inputs."""
    from editor.io.outputs import plan_folder, refuse_outputs_over_inputs

    if not src.exists():
        raise BadInputError("file or folder not found", src)
    if src.is_dir():
        folder = out if out is not None else src
        if (folder.exists() and not folder.is_dir()) or folder.suffix.lower() == ".svg":
            raise UsageError(f"-o {folder}: the input is a folder, so the output must be a folder too")
        plan = plan_folder(src, folder)
        jobs = [_Job(image, dst) for image, dst in plan.jobs]
        skipped = plan.skipped
    elif src.suffix.lower() in (".svg", ".svgz"):
        raise BadInputError(
            "is an SVG; `trace` takes a raster image (PNG, JPEG, WebP, BMP, TIFF). "
            f"To rasterize an SVG use `{PROG} render`", src
        )
    else:
        if out is None:
            dst = src.with_suffix(".svg")
        elif out.is_dir():
            dst = out / (src.stem + ".svg")
        else:
            dst = out
        jobs, skipped = [_Job(src, dst)], []
    refuse_outputs_over_inputs([job.src for job in jobs], [job.dst for job in jobs])
    return jobs, skipped


def _prepare_output_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise UsageError(f"cannot create the output folder: {err.strerror or err}", folder) from err
    if not os.access(folder, os.W_OK):
        raise UsageError("the output folder is not writable", folder)


def _cmd_trace(args: argparse.Namespace, schema: Sequence["ParamSpec"]) -> int:
    if not MIN_WORKING_SIZE <= args.size <= MAX_WORKING_SIZE:
        raise UsageError(f"--size {args.size}: choose a working size from "
                         f"{MIN_WORKING_SIZE} to {MAX_WORKING_SIZE} px")
    if not 0 <= args.precision <= 8:
        raise UsageError(f"--precision {args.precision}: choose 0 to 8 decimals")
    _check_device(args.device)
    options = TraceOptions(
        method=args.method, params=_method_params(args, schema), size=args.size,
        device=args.device, seed=args.seed, flavour=args.flavour, precision=args.precision,
        cleanup=args.cleanup,
    )
    _make_method(options)  # bad parameters are a usage error before any image is read
    jobs, skipped = _trace_jobs(Path(args.input), Path(args.output) if args.output else None)
    _prepare_output_folder(jobs[0].dst.parent)
    for entry in skipped:
        if args.json:
            _print_json({"input": str(entry.path), "status": "skipped", "reason": entry.reason})
        elif not args.quiet:
            print(f"skipped: {entry.path}: {entry.reason}", file=sys.stderr)
    show_progress = not args.quiet and sys.stderr.isatty()
    worst = EXIT_OK
    for index, job in enumerate(jobs):
        label = job.src.name if len(jobs) == 1 else f"[{index + 1}/{len(jobs)}] {job.src.name}"
        progress = ProgressLine(sys.stderr, label) if show_progress else None
        try:
            result = trace_file(
                job.src, job.dst, options,
                on_start=progress.start if progress else None,
                on_progress=progress.update if progress else None,
            )
        except Interrupted:
            raise Interrupted(f"{job.dst} was not written") from None
        except UsageError:
            raise
        except Exception as err:  # noqa: BLE001 — one image's failure must not stop a batch
            code, message = _classify(err)
            worst = max(worst, code)
            _error(message)
            if args.json:
                _print_json({"input": str(job.src), "output": str(job.dst),
                             "status": "bad_input" if code == EXIT_BAD_INPUT else "failed",
                             "error": message, "exit_code": code})
            continue
        finally:
            if progress:
                progress.clear()
        if not args.quiet:
            for notice in result.notices:
                print(f"note: {job.src}: {notice}", file=sys.stderr)
        if args.json:
            _print_json(result.to_json())
        elif not args.quiet:
            print(result.summary(), flush=True)
    return worst


def _classify(err: Exception) -> tuple[int, str]:
    """Exit code and message for an error while tracing one image."""
    if isinstance(err, BadInputError):
        return EXIT_BAD_INPUT, str(err)
    if isinstance(err, LayertraceError):
        return EXIT_FAILED, str(err)
    if isinstance(err, MemoryError) or type(err).__name__ == "OutOfMemoryError":
        return EXIT_FAILED, "out of memory: try a smaller --size, fewer --paths or --device cpu"
    if os.environ.get("LAYERTRACE_DEBUG"):
        traceback.print_exception(err)
    return EXIT_FAILED, (
        f"unexpected {type(err).__name__}: {err} (set LAYERTRACE_DEBUG=1 for the traceback)"
    )


def _method_params(args: argparse.Namespace, schema: Sequence["ParamSpec"]) -> dict[str, Any]:
    """The method's parameters from its own flags, `--param NAME=VALUE` and `--paths`."""
    given = {
        spec.name: getattr(args, spec.name)
        for spec in _flag_specs(schema)
        if getattr(args, spec.name, None) is not None
    }
    for item in args.param or []:
        name, sep, value = item.partition("=")
        name = name.strip().replace("-", "_")
        if not sep or not name:
            raise UsageError(f"--param {item!r}: write it as NAME=VALUE")
        if name in given:
            raise UsageError(f"parameter {name!r} is given twice")
        given[name] = value
    if args.paths is not None:
        if schema and all(spec.name != PATHS_PARAM for spec in schema):
            raise UsageError(f"--paths: method {args.method!r} does not take a path count")
        if PATHS_PARAM in given:
            raise UsageError(f"--paths and --param {PATHS_PARAM}=... both set the path count")
        given[PATHS_PARAM] = args.paths
    return given  # validated (types, ranges, unknown names) by the method's schema


def _flag_specs(schema: Sequence["ParamSpec"]) -> list["ParamSpec"]:
    """The parameters that get their own flag: `num_paths` is `--paths`, and a name that
    would clash with the command's own options is reachable only through --param, so a
    plug-in can never break the command line."""
    return [s for s in schema if s.name != PATHS_PARAM and s.name not in _RESERVED_DESTS]


# ----------------------------------------------------------------------- methods command


def _cmd_methods(args: argparse.Namespace) -> int:
    from editor.methods import discover_methods

    infos = discover_methods()
    if args.json:
        _print_json([_method_json(info) for info in infos], indent=2)
        return EXIT_OK
    if not infos:
        print("No methods found (plug-ins live in plugins/<name>/manifest.toml).")
        return EXIT_OK
    for info in infos:
        status = "available" if info.available else f"unavailable: {info.reason}"
        print(f"{info.name} — {info.display_name} ({status})")
        if info.description:
            print(textwrap.fill(info.description, width=88, initial_indent="    ",
                                subsequent_indent="    "))
        for spec in info.params:
            print(f"    {_spec_usage(spec):<24} {_spec_help(spec)}")
        print()
    print(f"Use one with: {PROG} trace IMAGE --method NAME [its options]")
    return EXIT_OK


def _method_json(info: "MethodInfo") -> dict[str, Any]:
    return {
        "name": info.name,
        "display_name": info.display_name,
        "description": info.description,
        "available": info.available,
        "reason": info.reason or None,
        "source": info.source,
        "params": [
            {
                "name": spec.name,
                "flag": "--paths" if spec.name == PATHS_PARAM else spec.flag,
                "type": spec.type,
                "default": spec.default,
                "help": spec.help,
                "minimum": spec.minimum,
                "maximum": spec.maximum,
                "choices": list(spec.choices) or None,
            }
            for spec in info.params
        ],
    }


def _spec_usage(spec: "ParamSpec") -> str:
    if spec.name == PATHS_PARAM:
        return "--paths N"
    if spec.type == "bool":
        return f"{spec.flag}/--no-{spec.flag[2:]}"
    if spec.type == "choice":
        return f"{spec.flag} CHOICE"
    return f"{spec.flag} {'N' if spec.type == 'int' else 'X'}"


def _spec_help(spec: "ParamSpec") -> str:
    text = spec.help or spec.name
    details = [f"default {spec.default}"]
    if spec.minimum is not None or spec.maximum is not None:
        low = "" if spec.minimum is None else f"{spec.minimum:g}"
        high = "" if spec.maximum is None else f"{spec.maximum:g}"
        details.append(f"{low}..{high}")
    if spec.choices:
        details.append("CHOICE: " + "|".join(spec.choices))
    return f"{text} ({'; '.join(details)})"


# ------------------------------------------------------------------------ render command


def _cmd_render(args: argparse.Namespace) -> int:
    src = Path(args.input)
    dst = Path(args.output) if args.output else src.with_suffix(".png")
    if not 0 < args.scale <= 64:
        raise UsageError(f"--scale {args.scale}: choose a factor above 0 and at most 64")
    from editor.io.outputs import refuse_outputs_over_inputs

    refuse_outputs_over_inputs([src], [dst])
    from editor.svg import import_svg

    imported = import_svg(src)
    doc = imported.document
    width, height = math.ceil(doc.width * args.scale), math.ceil(doc.height * args.scale)
    if width < 1 or height < 1 or width * height > 100_000_000:
        raise UsageError(f"--scale {args.scale} gives a {width}×{height} image; choose another scale")
    png = _render_png(doc, width, height, args.scale, transparent=args.transparent)
    from editor.svg.atomic import write_atomic

    _prepare_output_folder(dst.parent)
    try:
        write_atomic(dst, png)
    except LayertraceError as err:
        raise TraceFailure(err.problem, err.path) from err
    if not args.quiet:
        for warning in imported.warnings:
            print(f"note: {src}: {warning}", file=sys.stderr)
        print(f"{src} -> {dst}: {width}×{height}, {len(doc.drawn_shapes())} paths, {len(png):,} bytes")
    return EXIT_OK


def _render_png(doc: "Document", width: int, height: int, scale: float, *, transparent: bool) -> bytes:
    import numpy as np
    import torch
    from PIL import Image

    from editor.render import background_tensor, get_renderer, scene_from_document

    background = None if transparent else background_tensor(doc)
    with torch.no_grad():
        rgba = get_renderer().render(
            scene_from_document(doc), width, height, scale=scale, background=background
        ).cpu().numpy()
    alpha = rgba[..., 3:4]
    # The renderer returns premultiplied colour; PNG stores straight colour.
    straight = np.where(alpha > 1e-6, rgba[..., :3] / np.maximum(alpha, 1e-6), 0.0)
    pixels = np.concatenate([straight, alpha], axis=-1)
    image = Image.fromarray(np.clip(pixels * 255.0 + 0.5, 0, 255).astype(np.uint8), "RGBA")
    if float(alpha.min()) >= 1.0 - 1e-6:
        image = image.convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


# ------------------------------------------------------------------ editor / no-display


def _has_display() -> bool:
    """A screen the editor can show on. Qt's offscreen/minimal platforms (what tests and CI
    set) count as none: an invisible editor would just wait forever."""
    platform_name = os.environ.get("QT_QPA_PLATFORM", "").split(":")[0].strip().lower()
    if platform_name in ("offscreen", "minimal"):
        return False
    if sys.platform in ("darwin", "win32") or platform_name:
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _open_editor(paths: list[str]) -> int:
    """The editor when a display exists; else a notice and a trace of `paths[0]` or the
    bundled sample, so the plain `python main.py` does something useful everywhere."""
    if _has_display():
        from editor.ui.platform_check import platform_problem

        problem = platform_problem()  # Qt would abort the process instead of saying this
        if problem is not None:
            _error(problem)
            return EXIT_FAILED
        try:
            from editor.ui.app import run
        except ImportError as err:
            _error(f"cannot start the editor ({err}); tracing from the command line instead")
        else:
            return int(run([sys.argv[0], *paths]))
    image_paths = [p for p in paths if Path(p).suffix.lower() not in EDITOR_DOCUMENTS]
    if paths and not image_paths:
        _error(f"no display to open the editor; rasterize an SVG with `{PROG} render FILE.svg`")
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
    return main(args)


# ------------------------------------------------------------------------------ parsers


def _trace_method_name(argv: Sequence[str]) -> str:
    """The --method value in a trace command line, read before the full parser exists."""
    for index, arg in enumerate(argv):
        if arg == "--method" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--method="):
            return arg.split("=", 1)[1]
    return DEFAULT_METHOD


def _method_schema(name: str) -> tuple[tuple["ParamSpec", ...], str | None]:
    """The schema of method `name`, or () and why it cannot be used here."""
    from editor.methods import discover_methods

    infos = discover_methods()
    for info in infos:
        if info.name == name:
            if not info.available:
                return (), f"method {name!r} is unavailable here: {info.reason}"
            return info.params, None
    known = ", ".join(sorted(info.name for info in infos if info.available)) or "none"
    return (), f"unknown method {name!r} (available: {known}; see `{PROG} methods`)"


def build_parser(schema: Sequence["ParamSpec"] = (), method_note: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description=(
            "Layertrace: trace raster images into clean, layered SVG. Without a command, "
            "opens the editor (or, with no display, traces a bundled sample)."
        ),
        epilog=(
            f"Run `{PROG} COMMAND --help` for a command's options. Exit codes: 0 ok, 2 usage, "
            "3 bad input, 4 tracing failed, 130 interrupted."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_trace_parser(commands, schema, method_note)
    _add_methods_parser(commands)
    _add_render_parser(commands)
    from editor.inkscape.install import add_inkscape_parser

    add_inkscape_parser(commands)
    return parser


def _add_trace_parser(commands: Any, schema: Sequence["ParamSpec"], method_note: str | None) -> None:
    trace = commands.add_parser(
        "trace",
        help="trace an image (or a folder of images) into SVG",
        description=(
            "Trace a raster image into a layered SVG with the same engine as the editor. "
            "The SVG has the input's pixel size; the optimizer works at --size. "
            "Existing output files are replaced only once the new one is complete."
        ),
        epilog=method_note,
    )
    trace.add_argument("input", metavar="IN", help="an image (PNG, JPEG, WebP, BMP, TIFF) or a folder of them")
    trace.add_argument(
        "-o", "--output", metavar="OUT",
        help="the SVG to write, or a folder (default: next to the input, with .svg)",
    )
    trace.add_argument(
        "--method", default=DEFAULT_METHOD,
        help=f"vectorization method (default: {DEFAULT_METHOD}; see `{PROG} methods`)",
    )
    trace.add_argument(
        "--paths", type=int, metavar="N",
        help="number of paths in the result (default: the method's)",
    )
    trace.add_argument(
        "--size", type=int, default=DEFAULT_SIZE, metavar="PX",
        help=f"working size of the long side in pixels (default: {DEFAULT_SIZE})",
    )
    trace.add_argument(
        "--device", choices=("auto", "cpu", "cuda"), default="auto",
        help="where to optimize (default: auto = CUDA when available)",
    )
    trace.add_argument(
        "--seed", type=_seed, default=0, metavar="N",
        help=f"random seed from 0 to {MAX_SEED}; same seed, same SVG (default: 0)",
    )
    trace.add_argument(
        "--flavour", choices=("inkscape", "plain"), default="inkscape",
        help="inkscape: editable layers; plain: no editor metadata (default: inkscape)",
    )
    trace.add_argument(
        "--precision", type=int, default=2, metavar="D",
        help="decimals of coordinates in the SVG (default: 2)",
    )
    trace.add_argument(
        "--param", action="append", metavar="NAME=VALUE",
        help="set any method parameter by name (repeatable)",
    )
    trace.add_argument(
        "--no-cleanup", dest="cleanup", action="store_false",
        help="export the optimizer's shapes as they are (default: clip to the canvas, remove "
             "buried shapes, merge same-colour neighbours, snap primitives, drop redundant nodes)",
    )
    trace.add_argument("--json", action="store_true", help="print one JSON object per image on stdout")
    trace.add_argument("-q", "--quiet", action="store_true", help="no progress line, notes or summary")
    if _flag_specs(schema):
        from editor.methods import add_arguments

        group = trace.add_argument_group("options of the chosen method (see --method)")
        add_arguments(group, _flag_specs(schema))
    trace.set_defaults(handler=lambda args: _cmd_trace(args, schema))


_RESERVED_DESTS = {
    "input", "output", "method", "paths", "size", "device", "seed", "flavour", "precision",
    "param", "json", "quiet", "help", "version", "command", "handler", "cleanup",
}


def _add_methods_parser(commands: Any) -> None:
    methods = commands.add_parser(
        "methods",
        help="list the vectorization methods and their options",
        description="List every method found (bundled plug-ins and installed ones), whether "
        "it can run here (and why not), and its parameters.",
    )
    methods.add_argument("--json", action="store_true", help="machine-readable output")
    methods.set_defaults(handler=_cmd_methods)


def _add_render_parser(commands: Any) -> None:
    render = commands.add_parser(
        "render",
        help="rasterize an SVG with Layertrace's renderer",
        description="Render an SVG to PNG with the renderer the optimizer uses (what you see "
        "in the editor), e.g. to check an export.",
    )
    render.add_argument("input", metavar="IN.svg", help="the SVG (or SVGZ) file")
    render.add_argument("-o", "--output", metavar="OUT.png", help="the PNG to write (default: IN with .png)")
    render.add_argument("--scale", type=float, default=1.0, help="pixels per SVG user unit (default: 1)")
    render.add_argument(
        "--transparent", action="store_true", help="leave out the document background",
    )
    render.add_argument("-q", "--quiet", action="store_true", help="no notes or summary")
    render.set_defaults(handler=_cmd_render)


MAX_SEED = 2**32 - 1  # what every generator we seed (numpy, torch) accepts


def _seed(text: str) -> int:
    """argparse type of --seed: a bad value is a usage error (exit 2), not a crash later."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 0 <= value <= MAX_SEED:
        raise argparse.ArgumentTypeError(f"{text} is outside 0..{MAX_SEED}")
    return value


def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version("layertrace")
    except metadata.PackageNotFoundError:
        return "(source checkout)"


# --------------------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (see the module docstring)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    return _guarded(lambda: _dispatch(argv))


def _dispatch(argv: list[str]) -> int:
    if not argv or _looks_like_files(argv):
        return _open_editor(argv)
    schema: tuple["ParamSpec", ...] = ()
    note = None
    if argv[0] == "trace":
        schema, note = _method_schema(_trace_method_name(argv[1:]))
        if note and not {"-h", "--help"} & set(argv):
            # Before argparse, which would only complain about the method's unknown flags.
            raise UsageError(note)
    parser = build_parser(schema, note)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse exits 2 on bad usage and 0 after --help
        return int(exit_.code or 0)
    if getattr(args, "handler", None) is None:
        parser.print_help()
        return EXIT_USAGE
    return args.handler(args)


def _looks_like_files(argv: Sequence[str]) -> bool:
    """`main.py drawing.svg photo.png`: files for the editor, not a mistyped command."""
    known = (*IMAGE_SUFFIXES, *EDITOR_DOCUMENTS)
    return all(
        not arg.startswith("-") and arg not in COMMANDS
        and (Path(arg).suffix.lower() in known or Path(arg).exists())
        for arg in argv
    )


def _guarded(run: Callable[[], int]) -> int:
    """Map errors to exit codes and one-line messages (a traceback only for bugs, on request)."""
    try:
        return run()
    except UsageError as err:
        _error(str(err))
        return EXIT_USAGE
    except BadInputError as err:
        _error(str(err))
        return EXIT_BAD_INPUT
    except LayertraceError as err:
        _error(str(err))
        return EXIT_FAILED
    except BrokenPipeError:
        # `main.py methods | head`: the reader is gone; stop quietly, and keep Python from
        # complaining again when it flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except (Interrupted, KeyboardInterrupt) as err:
        detail = f": {err}" if str(err) else ""
        print(f"interrupted{detail}", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as err:  # noqa: BLE001 — a bug: say so briefly, details on request
        _error(_classify(err)[1])
        return EXIT_FAILED


def _error(message: str) -> None:
    print(f"error: {message}", file=sys.stderr, flush=True)


def _print_json(value: Any, indent: int | None = None) -> None:
    print(json.dumps(value, indent=indent), flush=True)
