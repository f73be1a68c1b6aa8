"""Finding methods without importing them: folders with a `manifest.toml` (the bundled
`plugins/` and any extra search paths) and installed distributions' entry points in the group
`layertrace.methods`, whose manifest.toml is found among the distribution's files, next to
the entry point's module.

The manifest says everything the editor needs (texts, requirements, the parameter schema),
so listing methods and building their forms never imports a plug-in, `editor.methods` or
torch; `editor.registry.loading` imports a method where it runs (the optimizer process, the
CLI, batch workers). An entry point whose distribution ships no manifest.toml beside its
module (an editable install, an older plug-in) is imported to read its class's `params`.

A plug-in that lacks a requirement or has a malformed manifest is listed as unavailable with
the reason; discovery never raises because of a plug-in.
"""
from __future__ import annotations

import hashlib
import importlib
import importlib.util
import inspect
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from importlib import metadata
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import ModuleType
from typing import Any

from editor.errors import LayertraceError
from editor.registry.manifest import MANIFEST, Manifest, ManifestError, read_manifest
from editor.registry.params import ParamSpec

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
class Candidate:
    """A method found, not imported: what it says of itself, and how to import its class."""

    info: MethodInfo
    import_class: Callable[[], Any] | None  # None when unavailable
    manifest_params: bool  # its schema comes from a manifest (else from its imported class)

    def unavailable(self, reason: str) -> Candidate:
        return Candidate(replace(self.info, available=False, reason=reason, params=()), None,
                         self.manifest_params)


def discover_methods(
    search_paths: Sequence[str | Path] = (), *, entry_points: bool = True
) -> list[MethodInfo]:
    """Every method found: bundled plug-ins, then `search_paths` (folders holding plug-in
    folders), then entry points. The first of several with the same name wins; the others
    are listed as unavailable. Imports no plug-in that has a manifest."""
    return [candidate.info for candidate in find_candidates(search_paths, entry_points)]


def find_candidates(search_paths: Sequence[str | Path], entry_points: bool) -> list[Candidate]:
    found: list[Candidate] = []
    for root in [BUILTIN_PLUGINS, *map(Path, search_paths)]:
        found += [_from_folder(folder) for folder in _plugin_folders(root)]
    if entry_points:
        found += [_from_entry_point(ep) for ep in metadata.entry_points(group=ENTRY_POINT_GROUP)]
    seen: dict[str, str] = {}
    result = []
    for item in found:
        info = item.info
        if info.name in seen and item.import_class is not None:
            item = item.unavailable(f"shadowed by {seen[info.name]}")
        seen.setdefault(info.name, info.source)
        result.append(item)
    return result


def _plugin_folders(root: Path) -> Iterable[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if (p / MANIFEST).is_file())


def _from_folder(folder: Path) -> Candidate:
    source = str(folder / MANIFEST)
    try:
        manifest = read_manifest(folder)
    except ManifestError as err:
        return Candidate(_unavailable(folder.name, source, f"bad manifest: {err}"), None, True)
    return _from_manifest(manifest.name, source, manifest, lambda: _import_entry(manifest))


def _from_manifest(name: str, source: str, manifest: Manifest,
                   import_class: Callable[[], Any]) -> Candidate:
    info = MethodInfo(name, manifest.display_name, manifest.description, True, "",
                      manifest.params, source)
    candidate = Candidate(info, import_class, manifest_params=True)
    missing = manifest.missing_requirements()
    if missing:
        return candidate.unavailable(f"missing required package(s): {', '.join(missing)}")
    return candidate


def _from_entry_point(ep: metadata.EntryPoint) -> Candidate:
    dist = ep.dist.name if ep.dist is not None else "unknown distribution"
    source = f"entry point {dist}"
    try:
        manifest = _entry_point_manifest(ep)
    except ManifestError as err:
        return Candidate(_unavailable(ep.name, source, f"bad manifest: {err}"), None, True)
    if manifest is not None:
        return _from_manifest(ep.name, source, manifest, ep.load)
    return _imported_entry_point(ep, source)


def _entry_point_manifest(ep: metadata.EntryPoint) -> Manifest | None:
    """The manifest.toml that the entry point's distribution installs next to its module,
    found in the distribution's file list (its RECORD) without importing anything."""
    dist = ep.dist
    files = dist.files if dist is not None else None
    if dist is None or not files:
        return None
    by_path = {file.as_posix(): file for file in files}
    module = ep.module.replace(".", "/")
    for module_file in (f"{module}.py", f"{module}/__init__.py"):
        if module_file in by_path:
            folder = module_file.rpartition("/")[0]
            manifest = by_path.get(f"{folder}/{MANIFEST}" if folder else MANIFEST)
            if manifest is None:
                return None
            return read_manifest(Path(str(dist.locate_file(manifest))).parent)
    return None


def _imported_entry_point(ep: metadata.EntryPoint, source: str) -> Candidate:
    """The fallback for an entry point without a manifest in its distribution's files: import
    it (and so the toolkit, torch) for its class's schema, and read a manifest beside the
    module it came from for its texts (an editable install has one there)."""
    try:
        obj = ep.load()
    except Exception as err:  # noqa: BLE001 — a plug-in's own bug must not take the host down
        return Candidate(_unavailable(ep.name, source, f"failed to import: {type(err).__name__}: {err}"),
                         None, False)
    beside = _manifest_beside(obj)
    if beside is not None:
        return _from_manifest(ep.name, source, beside, lambda: obj)
    info = MethodInfo(ep.name, ep.name, "", True, "", tuple(getattr(obj, "params", ())), source)
    return Candidate(info, lambda: obj, manifest_params=False)


def _manifest_beside(obj: Any) -> Manifest | None:
    """An installed plug-in's manifest.toml, next to the module of its class."""
    try:
        folder = Path(inspect.getfile(obj)).parent
        return read_manifest(folder) if (folder / MANIFEST).is_file() else None
    except (TypeError, OSError, ManifestError):
        return None


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
