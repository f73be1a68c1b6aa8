"""Finding methods: folders with a `manifest.toml` (the bundled `plugins/` and any extra
search paths) and installed distributions' entry points in the group `layertrace.methods`.

A plug-in that lacks a requirement, fails to import or is malformed is listed as
unavailable with the reason; discovery never raises because of a plug-in.
"""
from __future__ import annotations

import hashlib
import importlib
import importlib.util
import inspect
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib import metadata
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from editor.errors import LayertraceError
from editor.registry.manifest import MANIFEST, Manifest, ManifestError, read_manifest
from editor.registry.params import ParamSpec

if TYPE_CHECKING:
    from editor.methods import Method

ENTRY_POINT_GROUP = "layertrace.methods"
DEFAULT_METHOD = "layerwise"  # the best-known method: the CLI's default, preselected in the editor
BUILTIN_PLUGINS = Path(__file__).resolve().parents[2] / "plugins"


class MethodUnavailableError(LayertraceError):
    """A method that is unknown here, or known but cannot run (the message says why)."""


@dataclass(frozen=True)
class MethodInfo:
    name: str
    display_name: str
    description: str
    available: bool
    reason: str  # why it is unavailable; "" when available
    params: tuple[ParamSpec, ...]  # empty when unavailable
    source: str  # the manifest's path or "entry point <dist>"


@dataclass(frozen=True)
class _Found:
    info: MethodInfo
    method_class: type[Method] | None


def discover_methods(
    search_paths: Sequence[str | Path] = (), *, entry_points: bool = True
) -> list[MethodInfo]:
    """Every method found: bundled plug-ins, then `search_paths` (folders holding plug-in
    folders), then entry points. The first of several with the same name wins; the others
    are listed as unavailable."""
    return [found.info for found in _discover(search_paths, entry_points)]


def load_method(
    name: str, /, search_paths: Sequence[str | Path] = (), **params: Any
) -> Method:
    """An instance of method `name` configured with `params` (validated against its schema).

    Raises MethodUnavailableError for an unknown or unavailable method and ParamError for
    bad parameters.
    """
    found = _discover(search_paths, entry_points=True)
    for item in found:
        if item.info.name == name and item.method_class is not None:
            return item.method_class(**params)
    matching = [item.info for item in found if item.info.name == name]
    if matching:
        raise MethodUnavailableError(f"method {name!r} is unavailable: {matching[0].reason}")
    known = ", ".join(sorted({item.info.name for item in found})) or "none"
    raise MethodUnavailableError(f"unknown method {name!r} (known: {known})")


def _discover(search_paths: Sequence[str | Path], entry_points: bool) -> list[_Found]:
    found: list[_Found] = []
    for root in [BUILTIN_PLUGINS, *map(Path, search_paths)]:
        found += [_from_folder(folder) for folder in _plugin_folders(root)]
    if entry_points:
        found += [_from_entry_point(ep) for ep in metadata.entry_points(group=ENTRY_POINT_GROUP)]
    seen: dict[str, str] = {}
    result = []
    for item in found:
        info = item.info
        if info.name in seen and item.method_class is not None:
            reason = f"shadowed by {seen[info.name]}"
            item = _Found(_unavailable(info.name, info.source, reason, info.display_name), None)
        seen.setdefault(info.name, info.source)
        result.append(item)
    return result


def _plugin_folders(root: Path) -> Iterable[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if (p / MANIFEST).is_file())


def _from_folder(folder: Path) -> _Found:
    source = str(folder / MANIFEST)
    try:
        manifest = read_manifest(folder)
    except ManifestError as err:
        return _Found(_unavailable(folder.name, source, f"bad manifest: {err}"), None)
    missing = manifest.missing_requirements()
    if missing:
        reason = f"missing required package(s): {', '.join(missing)}"
        return _Found(_unavailable(manifest.name, source, reason, manifest.display_name,
                                   manifest.description), None)
    return _load(manifest.name, source, lambda: _import_entry(manifest), manifest)


def _from_entry_point(ep: metadata.EntryPoint) -> _Found:
    dist = ep.dist.name if ep.dist is not None else "unknown distribution"
    return _load(ep.name, f"entry point {dist}", ep.load, None)


def _manifest_beside(obj: Any) -> Manifest | None:
    """An installed plug-in's manifest.toml, next to the module of its class (its texts)."""
    try:
        folder = Path(inspect.getfile(obj)).parent
        return read_manifest(folder) if (folder / MANIFEST).is_file() else None
    except (TypeError, OSError, ManifestError):
        return None


def _load(
    name: str, source: str, loader: Callable[[], Any], manifest: Manifest | None
) -> _Found:
    from editor.methods import (
        Method,  # the toolkit (and torch) only once a plug-in loads
    )

    display = manifest.display_name if manifest else name
    description = manifest.description if manifest else ""
    try:
        obj = loader()
    except Exception as err:  # noqa: BLE001 — a plug-in's own bug must not take the host down
        reason = f"failed to import: {type(err).__name__}: {err}"
        return _Found(_unavailable(name, source, reason, display, description), None)
    if not (isinstance(obj, type) and issubclass(obj, Method)):
        reason = f"{obj!r} is not a subclass of editor.methods.Method"
        return _Found(_unavailable(name, source, reason, display, description), None)
    if manifest is None and (beside := _manifest_beside(obj)) is not None:
        display, description = beside.display_name, beside.description
    info = MethodInfo(
        name=name,
        display_name=display,
        description=description,
        available=True,
        reason="",
        params=tuple(obj.params),
        source=source,
    )
    return _Found(info, obj)


def _unavailable(
    name: str, source: str, reason: str, display_name: str = "", description: str = ""
) -> MethodInfo:
    return MethodInfo(name, display_name or name, description, False, reason, (), source)


def _import_entry(manifest: Manifest) -> Any:
    package = _import_package(manifest.folder)
    module = importlib.import_module(f"{package}.{manifest.module}")
    return getattr(module, manifest.attribute)


def _import_package(folder: Path) -> str:
    """The importable name of a plug-in folder: `plugins.<name>` for bundled ones, and a
    package registered under a name unique to the folder's path for the others (so two
    folders with the same name never collide and nothing is added to sys.path)."""
    folder = folder.resolve()
    if folder.parent == BUILTIN_PLUGINS:
        return f"plugins.{folder.name}"
    digest = hashlib.sha1(str(folder).encode()).hexdigest()[:10]
    package = f"_layertrace_plugin_{digest}"
    if package not in sys.modules:
        init = folder / "__init__.py"
        if init.is_file():
            spec = importlib.util.spec_from_file_location(
                package, init, submodule_search_locations=[str(folder)]
            )
        else:
            spec = ModuleSpec(package, None, is_package=True)
            spec.submodule_search_locations = [str(folder)]
        assert spec is not None
        module: ModuleType = importlib.util.module_from_spec(spec)
        sys.modules[package] = module
        try:
            if spec.loader is not None:
                spec.loader.exec_module(module)
        except BaseException:
            del sys.modules[package]
            raise
    return package
