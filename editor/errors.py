"""Errors a user may see: each names the file (when there is one) and the problem.

The CLI and the editor catch `LayertraceError` and show its message; anything else is a bug.
"""
from __future__ import annotations

from pathlib import Path


class LayertraceError(Exception):
    """A problem the user can act on; `str(err)` is the complete message."""

    def __init__(self, problem: str, path: str | Path | None = None) -> None:
        self.problem = problem
        self.path = None if path is None else Path(path)
        super().__init__(f"{self.path}: {problem}" if self.path is not None else problem)


class BadInputError(LayertraceError):
    """An input file (image, SVG, project) that cannot be used as it is."""


class UsageError(LayertraceError):
    """Options that cannot work together, a value out of range, or an output that would
    destroy an input (exit code 2)."""


def is_out_of_memory(err: BaseException) -> bool:
    """MemoryError, or torch's OutOfMemoryError (known by name: this module imports no torch)."""
    return isinstance(err, MemoryError) or type(err).__name__ == "OutOfMemoryError"


def describe_error(err: BaseException, *, memory_hint: str, unexpected_note: str = "") -> str:
    """The one-line message for a failure: a LayertraceError's own message; out of memory
    with `memory_hint` (what to try, in the caller's options); anything else is a bug,
    said briefly (`unexpected_note`: where the details are)."""
    if isinstance(err, LayertraceError):
        return str(err)
    if is_out_of_memory(err):
        return f"out of memory: {memory_hint}"
    return f"unexpected {type(err).__name__}: {err}{unexpected_note}"
