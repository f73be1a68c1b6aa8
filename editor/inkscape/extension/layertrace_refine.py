#!/usr/bin/env python3
"""Launcher of Extensions ▸ Layertrace ▸ Refine selected paths to bitmap (see layertrace_effects.py)."""
from layertrace_effects import RefinePaths

if __name__ == "__main__":
    RefinePaths().run()
