"""What the commands share: exit codes, the usage error, one-line messages, JSON output."""
from __future__ import annotations

import json
import os
import sys
import traceback
from pathlib import Path
from typing import Any

from editor.errors import LayertraceError, UsageError, describe_error, is_out_of_memory
from editor.io.outputs import IMAGE_SUFFIXES

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_BAD_INPUT = 3
EXIT_FAILED = 4
EXIT_INTERRUPTED = 130

PROG = "main.py"
EDITOR_DOCUMENTS = (".svg", ".svgz", ".ltproj")  # what the editor opens besides images
COMMANDS = ("trace", "methods", "render", "inkscape")
__all__ = [  # UsageError and IMAGE_SUFFIXES are shared with the rest of the editor
    "COMMANDS", "EDITOR_DOCUMENTS", "EXIT_BAD_INPUT", "EXIT_FAILED", "EXIT_INTERRUPTED", "EXIT_OK",
    "EXIT_USAGE", "IMAGE_SUFFIXES", "PROG", "Interrupted", "UsageError", "describe_failure", "error",
    "prepare_output_folder", "print_json",
]


class Interrupted(Exception):
    """Ctrl+C: the running trace was cancelled and its output was not written."""


def describe_failure(err: Exception) -> str:
    """The message for an error no command caught (the traceback too with LAYERTRACE_DEBUG=1)."""
    if os.environ.get("LAYERTRACE_DEBUG") and not isinstance(err, LayertraceError) and not is_out_of_memory(err):
        traceback.print_exception(err)
    return describe_error(err, memory_hint="try a smaller --size, fewer --paths or --device cpu",
                          unexpected_note=" (set LAYERTRACE_DEBUG=1 for the traceback)")


def prepare_output_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise UsageError(f"cannot create the output folder: {err.strerror or err}", folder) from err
    if not os.access(folder, os.W_OK):
        raise UsageError("the output folder is not writable", folder)


def error(message: str) -> None:
    print(f"error: {message}", file=sys.stderr, flush=True)


def print_json(value: Any, indent: int | None = None) -> None:
    print(json.dumps(value, indent=indent), flush=True)
