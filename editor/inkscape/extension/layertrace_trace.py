#!/usr/bin/env python3
"""Launcher of Extensions ▸ Layertrace ▸ Trace bitmap… (see layertrace_effects.py)."""
from layertrace_effects import TraceBitmap

if __name__ == "__main__":
    TraceBitmap().run()
