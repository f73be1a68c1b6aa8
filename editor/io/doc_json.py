"""The document as JSON-ready data, for projects and autosaves.

Lossless: float64 coordinates survive `json` exactly (it writes the shortest repr), so
saving and reopening a project gives bit-identical shapes — unlike SVG at 2 decimals.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from editor.document import (
    Document,
    Ellipse,
    Fill,
    FillRule,
    GradientStop,
    Layer,
    LinearGradient,
    Origin,
    Primitive,
    RadialGradient,
    Rect,
    Role,
    Shape,
    SolidFill,
)
from editor.io.project_schema import FORMAT_VERSION


def _stops(stops: list[GradientStop]) -> list[dict[str, Any]]:
    return [{"offset": s.offset, "color": list(s.color)} for s in stops]


def fill_to_data(fill: Fill | None) -> dict[str, Any] | None:
    if fill is None:
        return None
    if isinstance(fill, SolidFill):
        return {"type": "solid", "color": list(fill.color)}
    if isinstance(fill, LinearGradient):
        return {"type": "linear", "start": list(fill.start), "end": list(fill.end),
                "stops": _stops(fill.stops)}
    return {"type": "radial", "center": list(fill.center), "radius": list(fill.radius),
            "stops": _stops(fill.stops)}


def fill_from_data(data: dict[str, Any] | None) -> Fill | None:
    if data is None:
        return None
    kind = data["type"]
    if kind == "solid":
        return SolidFill(tuple(data["color"]))
    stops = [GradientStop(float(s["offset"]), tuple(s["color"])) for s in data["stops"]]
    if kind == "linear":
        return LinearGradient(tuple(data["start"]), tuple(data["end"]), stops)
    if kind == "radial":
        return RadialGradient(tuple(data["center"]), tuple(data["radius"]), stops)
    raise ValueError(f"unknown fill type {kind!r}")


def primitive_to_data(primitive: Primitive | None) -> dict[str, Any] | None:
    if primitive is None:
        return None
    if isinstance(primitive, Ellipse):
        return {"type": "ellipse", "cx": primitive.cx, "cy": primitive.cy,
                "rx": primitive.rx, "ry": primitive.ry}
    return {"type": "rect", "x": primitive.x, "y": primitive.y, "width": primitive.width,
            "height": primitive.height, "rx": primitive.rx, "ry": primitive.ry}


def primitive_from_data(data: dict[str, Any] | None) -> Primitive | None:
    if data is None:
        return None
    kind = data["type"]
    if kind == "ellipse":
        return Ellipse(float(data["cx"]), float(data["cy"]), float(data["rx"]), float(data["ry"]))
    if kind == "rect":
        return Rect(float(data["x"]), float(data["y"]), float(data["width"]), float(data["height"]),
                    float(data.get("rx", 0.0)), float(data.get("ry", 0.0)))
    raise ValueError(f"unknown primitive type {kind!r}")


def shape_to_data(shape: Shape) -> dict[str, Any]:
    data = {
        "id": shape.id, "name": shape.name, "points": shape.points.tolist(),
        "closed": shape.closed, "fill": fill_to_data(shape.fill),
        "fill_rule": shape.fill_rule.value,
        "stroke": list(shape.stroke) if shape.stroke is not None else None,
        "stroke_width": shape.stroke_width, "visible": shape.visible, "locked": shape.locked,
        "origin": shape.origin.value, "primitive": primitive_to_data(shape.primitive),
    }
    if shape.subpaths:
        data["subpaths"] = [p.tolist() for p in shape.subpaths]
    if shape.role is not None:
        data["role"] = shape.role.value
    return data


def shape_from_data(data: dict[str, Any]) -> Shape:
    stroke = data.get("stroke")
    return Shape(
        points=np.asarray(data["points"], dtype=np.float64).reshape(-1, 2),
        closed=bool(data["closed"]),
        fill=fill_from_data(data.get("fill")),
        fill_rule=FillRule(data.get("fill_rule", "nonzero")),
        stroke=tuple(stroke) if stroke is not None else None,
        stroke_width=float(data.get("stroke_width", 0.0)),
        name=str(data.get("name", "")),
        id=str(data["id"]),
        visible=bool(data.get("visible", True)),
        locked=bool(data.get("locked", False)),
        subpaths=[np.asarray(p, dtype=np.float64).reshape(-1, 2) for p in data.get("subpaths", [])],
        origin=Origin(data.get("origin", Origin.DESIGNER.value)),
        primitive=primitive_from_data(data.get("primitive")),
        role=Role(data["role"]) if data.get("role") is not None else None,
    )


def document_to_data(doc: Document) -> dict[str, Any]:
    return {
        "format": FORMAT_VERSION,
        "width": doc.width, "height": doc.height,
        "background": list(doc.background) if doc.background is not None else None,
        "layers": [
            {"id": layer.id, "name": layer.name, "visible": layer.visible,
             "locked": layer.locked, "shapes": [shape_to_data(s) for s in layer.shapes]}
            for layer in doc.layers
        ],
    }


def document_from_data(data: dict[str, Any]) -> Document:
    """The document of data that `project_schema.check_document` accepted."""
    background = data.get("background")
    return Document(
        width=float(data["width"]),
        height=float(data["height"]),
        background=tuple(background) if background is not None else None,
        layers=[
            Layer(name=str(layer["name"]), id=str(layer["id"]),
                  visible=bool(layer.get("visible", True)), locked=bool(layer.get("locked", False)),
                  shapes=[shape_from_data(s) for s in layer["shapes"]])
            for layer in data["layers"]
        ],
    )
