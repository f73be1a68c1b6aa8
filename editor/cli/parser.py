"""The command line's argparse parser; the trace command gets the chosen method's flags."""
from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from typing import Any

from editor.cli.common import PROG
from editor.engine.working_scale import DEFAULT_WORKING_SIZE
from editor.registry import DEFAULT_METHOD, ParamSpec


def trace_method_name(argv: Sequence[str]) -> str:
    """The --method value in a trace command line, read before the full parser (which needs
    the method's flags) exists; the rest of the line is left to that parser."""
    parser = argparse.ArgumentParser(add_help=False, exit_on_error=False)
    parser.add_argument("--method", default=DEFAULT_METHOD)
    try:
        known, _ = parser.parse_known_args(argv)
    except argparse.ArgumentError:  # `--method` without a value: the full parser says so
        return DEFAULT_METHOD
    return known.method


def method_schema(name: str) -> tuple[tuple[ParamSpec, ...], str | None]:
    """The schema of method `name`, or () and why it cannot be used here."""
    from editor.registry import discover_methods

    infos = discover_methods()
    for info in infos:
        if info.name == name:
            if not info.available:
                return (), f"method {name!r} is unavailable here: {info.reason}"
            return info.params, None
    known = ", ".join(sorted(info.name for info in infos if info.available)) or "none"
    return (), f"unknown method {name!r} (available: {known}; see `{PROG} methods`)"


def build_parser(schema: Sequence[ParamSpec] = (), method_note: str | None = None) -> argparse.ArgumentParser:
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


def _add_trace_parser(commands: Any, schema: Sequence[ParamSpec], method_note: str | None) -> None:
    from editor.cli.batch import add_batch_arguments
    from editor.cli.trace import cmd_trace, flag_specs

    trace = _add_command(
        commands, "trace", lambda args: cmd_trace(args, schema),
        help="trace an image (or a folder of images) into SVG",
        description=(
            "Trace a raster image into a layered SVG with the same engine as the editor. "
            "The SVG has the input's pixel size; the optimizer works at --size. "
            "Existing output files are replaced only once the new one is complete."
        ),
        epilog=method_note,
    )
    trace.add_argument("input", metavar="IN", nargs="+",
                       help="an image (PNG, JPEG, WebP, BMP, TIFF), or folders and images traced as a batch")
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
        "--size", type=int, default=DEFAULT_WORKING_SIZE, metavar="PX",
        help=f"working size of the long side in pixels (default: {DEFAULT_WORKING_SIZE})",
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
             "buried shapes, merge same-color neighbors, snap primitives, drop redundant nodes)",
    )
    trace.add_argument(
        "--free-outlines", dest="simple_outlines", action="store_false",
        help="let the optimizer's outlines cross themselves (a little more PSNR, outlines a "
             "designer cannot edit; default: every outline a simple closed curve)",
    )
    trace.add_argument(
        "--keep-hidden", dest="remove_hidden", action="store_false",
        help="keep the optimizer's shapes that end up hidden under others (default: remove "
             "each one less than 5%% visible and place a new shape where the error is largest)",
    )
    trace.add_argument("--json", action="store_true", help="print one JSON object per image on stdout")
    trace.add_argument("-q", "--quiet", action="store_true", help="no progress line, notes or summary")
    add_batch_arguments(trace)
    if flag_specs(schema):
        from editor.registry import add_arguments

        group = trace.add_argument_group("options of the chosen method (see --method)")
        add_arguments(group, flag_specs(schema))


def _add_methods_parser(commands: Any) -> None:
    from editor.cli.methods import cmd_methods

    methods = _add_command(
        commands, "methods", cmd_methods,
        help="list the vectorization methods and their options",
        description="List every method found (bundled plug-ins and installed ones), whether "
        "it can run here (and why not), and its parameters.",
    )
    methods.add_argument("--json", action="store_true", help="machine-readable output")


def _add_render_parser(commands: Any) -> None:
    from editor.cli.render import cmd_render

    render = _add_command(
        commands, "render", cmd_render,
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


def _add_command(commands: Any, name: str, handler: Callable[[argparse.Namespace], int],
                 **texts: str | None) -> argparse.ArgumentParser:
    """A subcommand's parser (`texts`: help, description, epilog) that runs `handler`."""
    parser: argparse.ArgumentParser = commands.add_parser(name, **texts)
    parser.set_defaults(handler=handler)
    return parser


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
