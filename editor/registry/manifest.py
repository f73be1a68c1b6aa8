"""`plugins/<name>/manifest.toml`: what a plug-in is and needs, read without importing it.

    name = "layerwise"                      # the key users type (`--method layerwise`)
    display_name = "Layer-wise (LIVE)"
    description = "Adds paths a few at a time where the error is largest."
    entry = "method:LayerwiseMethod"        # module inside the plug-in's folder : class
    requires = ["scipy", "scikit-image"]    # distribution names that must be installed
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

MANIFEST = "manifest.toml"
_DIST_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_ENTRY = re.compile(r"^[A-Za-z_][\w.]*:[A-Za-z_]\w*$")


class ManifestError(ValueError):
    """A manifest that cannot be used; the message says which key and why."""


@dataclass(frozen=True)
class Manifest:
    folder: Path
    name: str
    display_name: str
    description: str
    entry: str
    requires: tuple[str, ...]

    @property
    def module(self) -> str:
        return self.entry.partition(":")[0]

    @property
    def attribute(self) -> str:
        return self.entry.partition(":")[2]

    def missing_requirements(self) -> list[str]:
        """The required distributions that are not installed."""
        missing = []
        for dist in self.requires:
            try:
                metadata.distribution(dist)
            except metadata.PackageNotFoundError:
                missing.append(dist)
        return missing


def read_manifest(folder: Path) -> Manifest:
    path = folder / MANIFEST
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise ManifestError(f"{path}: cannot read: {err}") from err

    def text(key: str, required: bool = True) -> str:
        value = data.get(key, "")
        if not isinstance(value, str) or (required and not value.strip()):
            raise ManifestError(f"{path}: '{key}' must be a non-empty string")
        return value.strip()

    name, entry = text("name"), text("entry")
    if not name.isidentifier():
        raise ManifestError(f"{path}: name {name!r} must be an identifier")
    if not _ENTRY.match(entry):
        raise ManifestError(f"{path}: entry {entry!r} must look like 'module:ClassName'")
    requires = data.get("requires", [])
    if not isinstance(requires, list) or not all(
        isinstance(r, str) and _DIST_NAME.match(r) for r in requires
    ):
        raise ManifestError(f"{path}: 'requires' must be a list of distribution names")
    return Manifest(
        folder=folder,
        name=name,
        display_name=text("display_name", required=False) or name,
        description=text("description", required=False),
        entry=entry,
        requires=tuple(requires),
    )
