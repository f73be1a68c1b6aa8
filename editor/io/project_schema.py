"""The schema of a project's `document.json` and `settings.json`, checked before anything is built.

A project is untrusted input (a file from a colleague, a half-synced cloud copy): every value
is checked for type and range here — including NaN, ±inf and negative widths, which JSON
from Python may contain — so that `doc_json.document_from_data` only ever sees valid data.
The first problem found is reported with where it is (`layers[0].shapes[3].stroke_width`).

The format has a version (`"format"` in document.json). `SCHEMAS` maps each version this
Layertrace reads to its checker; a change to the format adds a version and a checker.
Unknown keys are ignored, so a file from a slightly newer Layertrace of the same version
still opens.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from editor.document import Origin, Role

FORMAT_VERSION = 1
COORD_LIMIT = 1e7  # px; the SVG importer allows ±1e6 after its transforms
MAX_ITEMS = 1_000_000  # layers, shapes or points in one list
MAX_TEXT = 10_000  # characters of a name or id
MAX_SETTINGS_DEPTH = 32

Check = Callable[[Any, str], None]


class SchemaError(ValueError):
    """Where in the data (a JSON path) and what is wrong."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where or 'the document'}: {problem}")


# ----------------------------------------------------------------------------- checkers


def _number(low: float = -COORD_LIMIT, high: float = COORD_LIMIT) -> Check:
    def check(value: Any, where: str) -> None:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise SchemaError(where, f"must be a number, not {_kind(value)}")
        if not math.isfinite(value):
            raise SchemaError(where, f"must be a finite number, not {value}")
        if not low <= value <= high:
            raise SchemaError(where, f"must be from {low:g} to {high:g}, not {value:g}")
    return check


def _boolean(value: Any, where: str) -> None:
    if not isinstance(value, bool):
        raise SchemaError(where, f"must be true or false, not {_kind(value)}")


def _text(value: Any, where: str) -> None:
    if not isinstance(value, str):
        raise SchemaError(where, f"must be text, not {_kind(value)}")
    if len(value) > MAX_TEXT:
        raise SchemaError(where, f"is longer than {MAX_TEXT:,} characters")


def _one_of(*choices: str) -> Check:
    def check(value: Any, where: str) -> None:
        if value not in choices:
            raise SchemaError(where, f"must be one of {', '.join(choices)}, not {value!r}")
    return check


def _optional(inner: Check) -> Check:
    def check(value: Any, where: str) -> None:
        if value is not None:
            inner(value, where)
    return check


def _list(item: Check, min_len: int = 0, max_len: int = MAX_ITEMS) -> Check:
    def check(value: Any, where: str) -> None:
        if not isinstance(value, list):
            raise SchemaError(where, f"must be a list, not {_kind(value)}")
        if not min_len <= len(value) <= max_len:
            size = f"{min_len}" if min_len == max_len else f"{min_len} to {max_len:,}"
            raise SchemaError(where, f"must have {size} items, not {len(value):,}")
        for index, entry in enumerate(value):
            item(entry, f"{where}[{index}]")
    return check


def _object(required: dict[str, Check], optional: dict[str, Check] | None = None) -> Check:
    def check(value: Any, where: str) -> None:
        if not isinstance(value, dict):
            raise SchemaError(where, f"must be an object, not {_kind(value)}")
        for key, inner in required.items():
            if key not in value:
                raise SchemaError(where, f"lacks {key!r}")
            inner(value[key], _join(where, key))
        for key, inner in (optional or {}).items():
            if key in value:
                inner(value[key], _join(where, key))
    return check


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _kind(value: Any) -> str:
    names = {type(None): "null", bool: "true/false", int: "a number", float: "a number",
             str: "text", list: "a list", dict: "an object"}
    return names.get(type(value), type(value).__name__)


# ----------------------------------------------------------------------- version 1


_UNIT = _number(0.0, 1.0)
_COLOR = _list(_UNIT, 4, 4)
_POINT = _list(_number(), 2, 2)
_POINTS = _list(_POINT, 1)
_STOPS = _list(_object({"offset": _UNIT, "color": _COLOR}), 1)


def _fill_v1(value: Any, where: str) -> None:
    if value is None:
        return
    _object({"type": _one_of("solid", "linear", "radial")})(value, where)
    kind = value["type"]
    if kind == "solid":
        _object({"color": _COLOR})(value, where)
    elif kind == "linear":
        _object({"start": _POINT, "end": _POINT, "stops": _STOPS})(value, where)
    else:
        radius = _list(_number(0.0), 2, 2)
        _object({"center": _POINT, "radius": radius, "stops": _STOPS})(value, where)


def _primitive_v1(value: Any, where: str) -> None:
    """What a shape was recognised as (clean-up): kept so the SVG can say <ellipse>/<rect>."""
    if value is None:
        return
    _object({"type": _one_of("ellipse", "rect")})(value, where)
    size = _number(0.0)
    if value["type"] == "ellipse":
        _object({"cx": _number(), "cy": _number(), "rx": size, "ry": size})(value, where)
    else:
        _object({"x": _number(), "y": _number(), "width": size, "height": size},
                {"rx": size, "ry": size})(value, where)


_SHAPE_V1 = _object(
    {"id": _text, "points": _POINTS, "closed": _boolean},
    {
        "name": _text, "fill": _fill_v1, "fill_rule": _one_of("nonzero", "evenodd"),
        "stroke": _optional(_COLOR), "stroke_width": _number(0.0), "visible": _boolean,
        "locked": _boolean, "subpaths": _list(_POINTS),
        "origin": _one_of(*(origin.value for origin in Origin)), "primitive": _primitive_v1,
        "role": _one_of(*(role.value for role in Role)),
    },
)
_LAYER_V1 = _object(
    {"id": _text, "name": _text, "shapes": _list(_SHAPE_V1)},
    {"visible": _boolean, "locked": _boolean},
)
_DOCUMENT_V1 = _object(
    {"width": _number(1e-6), "height": _number(1e-6), "layers": _list(_LAYER_V1)},
    {"background": _optional(_COLOR)},
)

SCHEMAS: dict[int, Check] = {1: _DOCUMENT_V1}


# --------------------------------------------------------------------------- entry points


def check_document(data: Any) -> None:
    """Raise SchemaError unless `data` (parsed document.json) is a document this version reads."""
    if not isinstance(data, dict):
        raise SchemaError("", f"must be a JSON object, not {_kind(data)}")
    version = data.get("format")
    if isinstance(version, bool) or not isinstance(version, int):
        raise SchemaError("format", f"must be a version number, not {_kind(version)}")
    if version > FORMAT_VERSION:
        raise SchemaError("format", f"is version {version}, from a newer Layertrace "
                                    f"(this one reads up to {FORMAT_VERSION})")
    if version not in SCHEMAS:
        raise SchemaError("format", f"version {version} does not exist")
    SCHEMAS[version](data, "")


def check_settings(data: Any) -> None:
    """Raise SchemaError unless `data` (parsed settings.json) is an object of plain values,
    nested at most MAX_SETTINGS_DEPTH deep, with no NaN or infinite number."""
    if not isinstance(data, dict):
        raise SchemaError("settings", f"must be a JSON object, not {_kind(data)}")
    stack: list[tuple[Any, str, int]] = [(data, "settings", 0)]
    while stack:  # iterative: depth is what is being checked
        value, where, depth = stack.pop()
        if depth > MAX_SETTINGS_DEPTH:
            raise SchemaError(where, f"is nested more than {MAX_SETTINGS_DEPTH} deep")
        if isinstance(value, float) and not math.isfinite(value):
            raise SchemaError(where, f"must be a finite number, not {value}")
        if isinstance(value, dict):
            stack.extend((v, f"{where}.{k}", depth + 1) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, f"{where}[{i}]", depth + 1) for i, v in enumerate(value))
