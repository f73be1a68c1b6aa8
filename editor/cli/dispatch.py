"""`main(argv)`: the command to run, and errors mapped to exit codes and one-line messages."""
from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from editor.cli.common import (
    COMMANDS,
    EDITOR_DOCUMENTS,
    EXIT_BAD_INPUT,
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    IMAGE_SUFFIXES,
    Interrupted,
    UsageError,
    describe_failure,
    error,
)
from editor.cli.parser import build_parser, method_schema, trace_method_name
from editor.errors import BadInputError, LayertraceError

if TYPE_CHECKING:
    from editor.registry import ParamSpec


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (see editor/cli/__init__.py)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    return _guarded(lambda: _dispatch(argv))


def _dispatch(argv: list[str]) -> int:
    if not argv or _looks_like_files(argv):
        from editor.cli.open_editor import open_editor

        return open_editor(argv)
    schema: tuple[ParamSpec, ...] = ()
    note = None
    if argv[0] == "trace":
        schema, note = method_schema(trace_method_name(argv[1:]))
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
        error(str(err))
        return EXIT_USAGE
    except BadInputError as err:
        error(str(err))
        return EXIT_BAD_INPUT
    except LayertraceError as err:
        error(str(err))
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
        error(describe_failure(err))
        return EXIT_FAILED
