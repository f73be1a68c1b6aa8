"""Importing methods where they run: the optimizer process, the CLI, batch workers and tests.

This is the only part of the registry that imports a plug-in (and with it `editor.methods`
and torch); the editor's window lists methods and checks parameters with
`editor.registry.discover_methods` and `validate_params`, which import neither.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from editor.methods import Method
from editor.registry.discovery import (
    Candidate,
    MethodInfo,
    MethodUnavailableError,
    find_candidates,
)


def load_method(
    name: str, /, search_paths: Sequence[str | Path] = (), **params: Any
) -> Method:
    """An instance of method `name` configured with `params` (validated against its schema).

    Raises MethodUnavailableError for an unknown or unavailable method, or one whose code
    fails to import, and ParamError for bad parameters.
    """
    found = find_candidates(search_paths, entry_points=True)
    matching = [item for item in found if item.info.name == name]
    for item in matching:
        if item.import_class is not None:
            method_class = _method_class(item)
            if isinstance(method_class, str):
                raise MethodUnavailableError(f"method {name!r} is unavailable: {method_class}")
            return method_class(**params)
    if matching:
        raise MethodUnavailableError(f"method {name!r} is unavailable: {matching[0].info.reason}")
    known = ", ".join(sorted({item.info.name for item in found})) or "none"
    raise MethodUnavailableError(f"unknown method {name!r} (known: {known})")


def verify_methods(
    search_paths: Sequence[str | Path] = (), *, entry_points: bool = True
) -> list[MethodInfo]:
    """`discover_methods`, with every available method imported and checked as
    `load_method` would: one that fails to import is listed unavailable, with the reason
    (`main.py methods`)."""
    result = []
    for item in find_candidates(search_paths, entry_points):
        if item.import_class is not None and isinstance(problem := _method_class(item), str):
            item = item.unavailable(problem)
        result.append(item.info)
    return result


def _method_class(item: Candidate) -> type[Method] | str:
    """The method's class, its parameter schema given from its manifest; or why not."""
    assert item.import_class is not None
    try:
        obj = item.import_class()
    except Exception as err:  # noqa: BLE001 — a plug-in's own bug must not take the host down
        return f"failed to import: {type(err).__name__}: {err}"
    if not (isinstance(obj, type) and issubclass(obj, Method)):
        return f"{obj!r} is not a subclass of editor.methods.Method"
    if item.manifest_params:
        schema = item.info.params
        if obj.params and obj.params != schema:
            # Two schemas would drift apart: the manifest's is the one the editor shows.
            return (f"{obj.__qualname__} declares its own `params`, unlike its manifest's; "
                    "they belong in manifest.toml as [[params]] tables (docs/writing-a-method.md)")
        obj.params = schema
    return obj

