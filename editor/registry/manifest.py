"""`plugins/<name>/manifest.toml`: what a plug-in is, needs and takes, read without importing it.

    name = "layerwise"                      # the key users type (`--method layerwise`)
    display_name = "Layer-wise (LIVE)"
    description = "Adds paths a few at a time where the error is largest."
    entry = "method:LayerwiseMethod"        # module inside the plug-in's folder : class
    requires = ["scipy", "scikit-image"]    # distribution names that must be installed

    [[params]]                              # one table per parameter, in the form's order
    name = "num_paths"                      # the keyword the class gets (`--num-paths`)
    type = "int"                            # int, float, bool or choice
    default = 64
    help = "paths in the result"            # the form's tooltip and the CLI help
    minimum = 1                             # int and float bounds, inclusive (optional)
    maximum = 4096
    # choices = ["exponential", "fixed"]    # the strings a choice parameter allows

The parameter tables are the method's only schema (`ParamSpec`s): the editor builds its form
and checks values from them without importing the plug-in, and the loader hands them to the
class (`Method.params`).
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, get_args

from editor.registry.params import ParamError, ParamSpec, ParamType

MANIFEST = "manifest.toml"
_DIST_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_ENTRY = re.compile(r"^[A-Za-z_][\w.]*:[A-Za-z_]\w*$")
_PARAM_KEYS = ("name", "type", "default", "help", "minimum", "maximum", "choices")
# The TOML value types a default may have, per parameter type (an int default of a float
# parameter stays an int, as a class attribute would have kept it).
_DEFAULT_TYPES: dict[str, tuple[type, ...]] = {
    "int": (int,), "float": (int, float), "bool": (bool,), "choice": (str,),
}


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
    params: tuple[ParamSpec, ...] = ()

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
        params=_read_params(path, data.get("params", [])),
    )


def _read_params(path: Path, tables: Any) -> tuple[ParamSpec, ...]:
    """The `[[params]]` tables as ParamSpecs; ManifestError names the table and the key."""
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise ManifestError(f"{path}: 'params' must be [[params]] tables")
    specs = [_read_param(path, index, table) for index, table in enumerate(tables, 1)]
    names = [spec.name for spec in specs]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise ManifestError(f"{path}: parameter(s) declared more than once: {', '.join(repeated)}")
    return tuple(specs)


def _read_param(path: Path, index: int, table: dict[str, Any]) -> ParamSpec:
    name = table.get("name")
    where = f"{path}: [[params]] #{index}" + (f" ({name!r})" if isinstance(name, str) else "")

    def problem(what: str) -> ManifestError:
        return ManifestError(f"{where}: {what}")

    unknown = sorted(set(table) - set(_PARAM_KEYS))
    if unknown:
        raise problem(f"unknown key(s) {', '.join(unknown)} (known: {', '.join(_PARAM_KEYS)})")
    missing = [key for key in ("name", "type", "default") if key not in table]
    if missing:
        raise problem(f"missing key(s) {', '.join(missing)}")
    kind = table["type"]
    if kind not in get_args(ParamType):
        raise problem(f"type {kind!r} must be one of: {', '.join(get_args(ParamType))}")
    default = table["default"]
    if isinstance(default, bool) != (kind == "bool") or not isinstance(default, _DEFAULT_TYPES[kind]):
        raise problem(f"default {default!r} is not a {kind}")
    if not isinstance(name, str) or not isinstance(table.get("help", ""), str):
        raise problem("'name' and 'help' must be strings")
    bounds = [table.get(key) for key in ("minimum", "maximum")]
    if any(b is not None and (isinstance(b, bool) or not isinstance(b, int | float)) for b in bounds):
        raise problem("'minimum' and 'maximum' must be numbers")
    choices = table.get("choices", [])
    if not isinstance(choices, list) or not all(isinstance(c, str) for c in choices):
        raise problem("'choices' must be a list of strings")
    try:
        return ParamSpec(name, kind, default, table.get("help", ""), bounds[0], bounds[1],
                         tuple(choices))
    except (ValueError, ParamError) as err:  # a bad name, no choices, a default out of range
        raise problem(str(err)) from None
