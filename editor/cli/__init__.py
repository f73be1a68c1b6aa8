"""Command line: `python main.py trace|methods|render ...`, and the editor when run bare.

    python main.py trace photo.png -o photo.svg --paths 32
    python main.py trace images/ -o traced/ --json
    python main.py methods
    python main.py render drawing.svg -o drawing.png --scale 2

Exit codes: 0 ok, 2 usage, 3 bad input, 4 failure while tracing or writing, 130 interrupted.
User errors print one line, never a traceback; set LAYERTRACE_DEBUG=1 to see the traceback
of an unexpected error. Torch, the plug-ins and Qt are imported only by the commands that
need them, so `--help` and usage errors answer at once.

One module per command (trace, methods, render, open_editor), the parser, the progress line,
and what they share (common); scripts trace through `editor.tracing`, not through here.
"""
from editor.cli.dispatch import main

__all__ = ["main"]
