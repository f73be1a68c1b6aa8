"""`main.py trace`: an image, or a folder of images, traced into SVG through `editor.tracing`,
with a progress line, one summary (or JSON object) per image, and outputs replaced atomically."""
from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from editor.cli.batch import is_batch, run_batch_command
from editor.cli.common import (
    EXIT_OK,
    PROG,
    Interrupted,
    UsageError,
    prepare_output_folder,
    print_json,
)
from editor.cli.progress import ProgressLine
from editor.engine.working_scale import MAX_WORKING_SIZE, MIN_WORKING_SIZE
from editor.errors import BadInputError, LayertraceError
from editor.registry import PATHS_PARAM, given_args
from editor.tracing import (
    ProgressCallback,
    StartCallback,
    TraceCancelled,
    TraceFailure,
    TraceOptions,
    trace_image,
)

if TYPE_CHECKING:
    from editor.registry import ParamSpec
    from editor.svg import Flavour

# The trace command's own options: a method parameter with one of these names is reachable
# only through --param, so a plug-in can never break the command line.
RESERVED_DESTS = {
    "input", "output", "method", "paths", "size", "device", "seed", "flavour", "precision",
    "param", "json", "quiet", "help", "version", "command", "handler", "cleanup",
    "simple_outlines", "remove_hidden",
    "jobs", "backend", "address", "cpus_per_task", "gpus_per_task", "glob", "recursive",
    "retry_failed", "verbose",
}


@dataclass(frozen=True)
class SvgOptions:
    flavour: Flavour = "inkscape"
    precision: int = 2


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


def trace_file(
    src: Path,
    dst: Path,
    options: TraceOptions,
    svg: SvgOptions | None = None,
    *,
    on_progress: ProgressCallback | None = None,
    on_start: StartCallback | None = None,
) -> TraceResult:
    """Trace one image into an SVG written atomically at `dst` (the input's pixel size).

    Raises BadInputError, UsageError (method or parameters), TraceFailure, or TraceCancelled
    (Ctrl+C); in every error case `dst` is left as it was.
    """
    from editor.registry import MethodUnavailableError, ParamError
    from editor.svg import export_svg

    svg = svg or SvgOptions()
    try:
        traced = trace_image(src, options, on_progress=on_progress, on_start=on_start)
    except (MethodUnavailableError, ParamError) as err:
        raise UsageError(str(err)) from err
    try:
        export_svg(traced.document, dst, flavour=svg.flavour, precision=svg.precision)
    except LayertraceError as err:
        raise TraceFailure(err.problem, err.path) from err
    return TraceResult(
        input=src,
        output=dst,
        method=options.method,
        paths=len(traced.document.drawn_shapes()),
        psnr=traced.psnr,
        seconds=traced.seconds,
        svg_bytes=dst.stat().st_size,
        steps=traced.steps,
        image_size=traced.image_size,
        working_size=traced.working_size,
        device=traced.device,
        notices=traced.notices,
        cleanup=traced.cleanup,
    )


def cmd_trace(args: argparse.Namespace, schema: Sequence[ParamSpec]) -> int:
    if not MIN_WORKING_SIZE <= args.size <= MAX_WORKING_SIZE:
        raise UsageError(f"--size {args.size}: choose a working size from "
                         f"{MIN_WORKING_SIZE} to {MAX_WORKING_SIZE} px")
    if not 0 <= args.precision <= 8:
        raise UsageError(f"--precision {args.precision}: choose 0 to 8 decimals")
    _check_device(args.device)
    options = TraceOptions(
        method=args.method, params=method_params(args, schema), size=args.size,
        device=args.device, seed=args.seed, cleanup=args.cleanup,
        simple_outlines=args.simple_outlines, remove_hidden=args.remove_hidden,
    )
    svg = SvgOptions(flavour=args.flavour, precision=args.precision)
    _check_method(options)  # bad parameters are a usage error before any image is read
    if is_batch(args):
        return run_batch_command(args, options, svg.flavour, svg.precision)
    src = Path(args.input[0])
    dst = _output_for(src, Path(args.output) if args.output else None)
    prepare_output_folder(dst.parent)
    progress = ProgressLine(sys.stderr, src.name) if not args.quiet and sys.stderr.isatty() else None
    try:
        result = trace_file(
            src, dst, options, svg,
            on_start=progress.start if progress else None,
            on_progress=progress.update if progress else None,
        )
    except TraceCancelled:
        raise Interrupted(f"{dst} was not written") from None
    finally:
        if progress:
            progress.clear()
    if not args.quiet:
        for notice in result.notices:
            print(f"note: {src}: {notice}", file=sys.stderr)
    if args.json:
        print_json(result.to_json())
    elif not args.quiet:
        print(result.summary(), flush=True)
    return EXIT_OK


def method_params(args: argparse.Namespace, schema: Sequence[ParamSpec]) -> dict[str, Any]:
    """The method's parameters from its own flags, `--param NAME=VALUE` and `--paths`."""
    given = given_args(args, flag_specs(schema))
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


def flag_specs(schema: Sequence[ParamSpec]) -> list[ParamSpec]:
    """The parameters that get their own flag: `num_paths` is `--paths`, and a name that
    would clash with the command's own options is reachable only through --param."""
    return [s for s in schema if s.name != PATHS_PARAM and s.name not in RESERVED_DESTS]


def _check_method(options: TraceOptions) -> None:
    from editor.registry import MethodUnavailableError, ParamError
    from editor.registry.loading import load_method

    try:
        load_method(options.method, **options.params)
    except (MethodUnavailableError, ParamError) as err:
        raise UsageError(str(err)) from err


def _check_device(device: str) -> None:
    if device == "cuda":
        import torch

        if not torch.cuda.is_available():
            raise UsageError("--device cuda: no CUDA device is available here (use auto or cpu)")


def _output_for(src: Path, out: Path | None) -> Path:
    """The SVG one image is traced into (folders and several images go to `editor.cli.batch`).

    Refuses (exit 2, before any work) an output that is the input."""
    from editor.io.outputs import refuse_outputs_over_inputs

    if not src.exists():
        raise BadInputError("file or folder not found", src)
    if src.suffix.lower() in (".svg", ".svgz"):
        raise BadInputError(
            "is an SVG; `trace` takes a raster image (PNG, JPEG, WebP, BMP, TIFF). "
            f"To rasterize an SVG use `{PROG} render`", src
        )
    if out is None:
        dst = src.with_suffix(".svg")
    elif out.is_dir():
        dst = out / (src.stem + ".svg")
    else:
        dst = out
    refuse_outputs_over_inputs([src], [dst])
    return dst
