"""Helpers for the registry tests (and the editor's): plug-ins installed as distributions."""
from __future__ import annotations

import textwrap
from pathlib import Path

from editor.registry import ENTRY_POINT_GROUP


def write_distribution(site: Path, module_text: str, manifest: str = "") -> None:
    """An installed distribution as pip leaves it: a package and a dist-info whose RECORD
    lists the package's files (its manifest.toml too, `BLOBS_MANIFEST` unless given) and whose
    entry point names the class `Blobs` in `module_text`."""
    package = site / "ep_blobs_pkg"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "method.py").write_text(module_text)
    (package / "manifest.toml").write_text(textwrap.dedent(manifest or BLOBS_MANIFEST))
    files = ["ep_blobs_pkg/__init__.py", "ep_blobs_pkg/method.py", "ep_blobs_pkg/manifest.toml"]
    info = site / "ep_blobs-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: ep-blobs\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(
        f"[{ENTRY_POINT_GROUP}]\nep_blobs = ep_blobs_pkg.method:Blobs\n")
    files += [f"ep_blobs-1.0.dist-info/{name}" for name in ("METADATA", "entry_points.txt", "RECORD")]
    (info / "RECORD").write_text("".join(f"{name},,\n" for name in files))


# The schema of the test plug-ins: one int parameter, 0..5, default 2.
LEVEL_PARAM = """
[[params]]
name = "level"
type = "int"
default = 2
minimum = 0
maximum = 5
"""
BLOBS_MANIFEST = """
name = "ep_blobs"
display_name = "Installed blobs"
description = "from a distribution's files"
entry = "method:Blobs"
""" + LEVEL_PARAM
