"""Layertrace inside Inkscape.

`extension/` holds the files installed into Inkscape's extensions folder (the `.inx`
dialogs and the inkex effects, which run in Inkscape's own Python); `install.py` writes
and removes them (`python main.py inkscape install|uninstall`); `worker.py` is what those
effects run in Layertrace's environment, as a subprocess, to trace or refine.
"""
