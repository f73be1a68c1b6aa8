#!/usr/bin/env python3
"""Layertrace: `python main.py` opens the editor (or, with no display, traces a bundled
sample into out/sample.svg); `python main.py trace|methods|render ...` is the command line.
See `python main.py --help` and editor/cli.py."""
import signal
import sys

EXIT_INTERRUPTED = 130
_interrupted = False


def _on_sigint(signum: int, frame: object) -> None:
    global _interrupted
    _interrupted = True
    raise KeyboardInterrupt


def _run() -> int:
    """The command line, with Ctrl+C at any moment — even while importing, or while the
    interpreter shuts down — ending in exit code 130 and one line, never a traceback."""
    signal.signal(signal.SIGINT, _on_sigint)
    try:
        from editor.cli import main

        return main()
    except (KeyboardInterrupt, ImportError) as err:
        # Ctrl+C inside a C extension's import (numpy's) surfaces as an ImportError.
        if isinstance(err, ImportError) and not _interrupted:
            raise
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    finally:
        # Past this point there is nothing left to cancel: a late Ctrl+C must not turn a
        # finished run into a traceback from the interpreter's shutdown.
        signal.signal(signal.SIGINT, signal.SIG_IGN)


if __name__ == "__main__":
    sys.exit(_run())
