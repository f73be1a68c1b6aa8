"""What the Inkscape effects run in Layertrace's environment (a subprocess of Inkscape's Python):

    python -m editor.inkscape.worker trace IMAGE OUT.svg --method layerwise --paths 16 --size 256 [--no-cleanup]
    python -m editor.inkscape.worker refine IMAGE SHAPES.svg OUT.svg --steps 200 --size 256

`trace` writes the image traced into Inkscape layers, in the image's pixel units. `refine`
reads shapes in the image's pixel frame (SHAPES.svg, ids kept), optimizes them against the
image and writes them back with the same ids. Exit codes and one-line errors as the CLI's.
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from editor.cli.trace import trace_file
from editor.errors import BadInputError, LayertraceError, UsageError
from editor.registry import DEFAULT_METHOD, PATHS_PARAM
from editor.tracing import TraceOptions


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m editor.inkscape.worker")
    commands = parser.add_subparsers(dest="command", required=True)
    trace = commands.add_parser("trace", help="trace an image into Inkscape layers")
    trace.add_argument("image", type=Path)
    trace.add_argument("output", type=Path)
    trace.add_argument("--method", default=DEFAULT_METHOD)
    trace.add_argument("--paths", type=int)
    trace.add_argument("--param", action="append", default=[], metavar="NAME=VALUE")
    trace.add_argument("--no-cleanup", dest="cleanup", action="store_false",
                       help="keep the optimizer's shapes as they are (as `main.py trace`)")
    refine = commands.add_parser("refine", help="optimize given shapes against an image")
    refine.add_argument("image", type=Path)
    refine.add_argument("shapes", type=Path)
    refine.add_argument("output", type=Path)
    refine.add_argument("--steps", type=int, default=200)
    for command in (trace, refine):
        command.add_argument("--size", type=int, default=256, help="working size (px)")
        command.add_argument("--seed", type=int, default=0)
    return parser


def run_trace(args: argparse.Namespace) -> int:
    params: dict[str, object] = {}
    for item in args.param:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise UsageError(f"parameter {item!r}: write it as NAME=VALUE")
        params[name.strip()] = value.strip()
    if args.paths is not None:
        params[PATHS_PARAM] = args.paths
    options = TraceOptions(method=args.method, params=params, size=args.size, seed=args.seed,
                           cleanup=args.cleanup)
    trace_file(args.image, args.output, options)
    return 0


def run_refine(args: argparse.Namespace) -> int:
    from editor.document.scaling import scale_document
    from editor.inkscape.refine import refine_document
    from editor.io.image_io import load_image, resize_for_trace
    from editor.svg import export_svg
    from editor.svg.importer import import_svg

    image = load_image(args.image, max_size=max(args.size, 1024))
    work = resize_for_trace(image, args.size)
    shapes = import_svg(args.shapes).document
    if not shapes.all_shapes():
        raise UsageError("no shapes to refine")
    refined = refine_document(work.rgb, scale_document(shapes, *work.size), args.steps, args.seed)
    export_svg(scale_document(refined, *image.original_size), args.output, flavour="plain", precision=3)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Exit 0 ok, 2 usage, 3 bad input, 4 failed; the effect shows stderr's last line."""
    args = build_parser().parse_args(argv)
    run = run_trace if args.command == "trace" else run_refine
    try:
        return run(args)
    except LayertraceError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2 if isinstance(err, UsageError) else 3 if isinstance(err, BadInputError) else 4
    except Exception as err:  # noqa: BLE001 — a bug, but Inkscape should still say something
        print(f"error: unexpected {type(err).__name__}: {err}", file=sys.stderr)
        return 4


if __name__ == "__main__":
    sys.exit(main())
