#!/usr/bin/env python3
"""Layertrace: `python main.py` opens the editor (or, with no display, traces a bundled
sample into out/sample.svg); `python main.py trace|methods|render ...` is the command line.
See `python main.py --help` and editor/cli.py."""
import sys

from editor.cli import main

if __name__ == "__main__":
    sys.exit(main())
