"""SVG export: Inkscape-layered (editable) or plain (production) SVG text, written atomically.

Every number goes through one formatter (fixed decimals, trailing zeros stripped), so the text
is a pure function of the document and export → import → export gives identical text.
Opacities, gradient offsets and the canvas size get at least 3 decimals (2 would be coarser
than 8-bit colour; rounding the canvas would change the picture's frame).
"""
from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Literal
from xml.sax.saxutils import escape

import numpy as np

from editor.document import RGBA, Document, FillRule, Layer, LinearGradient, Origin, RadialGradient, Shape, SolidFill
from editor.document.contours import closed_segments, contour_problem
from editor.document.primitives import Ellipse, current_primitive
from editor.errors import LayertraceError
from editor.io.atomic import write_atomic

Flavour = Literal["inkscape", "plain"]

_NAMESPACES = {
    "inkscape": ' xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"'
                ' xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"'
                ' xmlns:layertrace="urn:layertrace:document"',
    "plain": "",
}
_ATTR_ESCAPES = {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}


def export_svg(doc: Document, path: str | Path, *, flavour: Flavour = "inkscape", precision: int = 2) -> None:
    """Write `doc` as SVG to `path` atomically; LayertraceError names the file on failure."""
    try:
        text = svg_string(doc, flavour=flavour, precision=precision)
    except LayertraceError as e:
        raise LayertraceError(e.problem, path) from None
    write_atomic(path, text.encode("utf-8"))


def svg_string(doc: Document, *, flavour: Flavour = "inkscape", precision: int = 2) -> str:
    """The SVG text for `doc`. Raises LayertraceError for non-finite numbers in the document."""
    if flavour not in _NAMESPACES:
        raise ValueError(f"unknown SVG flavour {flavour!r}")
    return _Writer(doc, flavour, precision).text()


class _Writer:
    def __init__(self, doc: Document, flavour: Flavour, precision: int) -> None:
        self.doc = doc
        self.editor = flavour == "inkscape"
        self.flavour = flavour
        self.precision = precision
        self.reserved = {layer.id for layer in doc.layers} | {s.id for s in doc.all_shapes()}
        self.used: set[str] = set()
        self.defs: list[str] = []

    def num(self, value: float, precision: int | None = None) -> str:
        value = float(value)
        if not math.isfinite(value):
            raise LayertraceError("the document holds a number that is not finite (NaN or infinity)")
        text = f"{value:.{self.precision if precision is None else precision}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return "0" if text == "-0" else text

    def fraction(self, value: float) -> str:
        return self.num(min(max(value, 0.0), 1.0), max(self.precision, 3))

    def unique(self, wanted: str, generated: bool = False) -> str:
        """Document ids are kept; our own ids (and duplicates) get a suffix avoiding all of them."""
        candidate, n = wanted, 1
        while candidate in self.used or ((generated or n > 1) and candidate in self.reserved):
            n += 1
            candidate = f"{wanted}-{n}"
        self.used.add(candidate)
        return candidate

    def text(self) -> str:
        doc = self.doc
        w, h = (self.num(v, max(self.precision, 3)) for v in (doc.width, doc.height))
        body: list[str] = []
        if doc.background is not None:
            body.append(self.background(doc.background, w, h))
        for layer in doc.layers:
            if self.editor or layer.visible:
                body += self.layer(layer)
        lines = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            f'<svg xmlns="http://www.w3.org/2000/svg"{_NAMESPACES[self.flavour]} '
            f'width="{w}" height="{h}" viewBox="0 0 {w} {h}">',
        ]
        if self.defs:
            lines += ["  <defs>", *self.defs, "  </defs>"]
        return "\n".join(lines + body + ["</svg>", ""])

    def background(self, color: RGBA, w: str, h: str) -> str:
        editor = ""
        if self.editor:
            editor = f' id="{self.unique("background", generated=True)}" inkscape:label="Background" sodipodi:insensitive="true"'
        return f'  <rect{editor} x="0" y="0" width="{w}" height="{h}"{self.paint("fill", color)}/>'

    def layer(self, layer: Layer) -> list[str]:
        attrs = f' id="{_esc(self.unique(layer.id))}"'
        if self.editor:
            attrs = f' inkscape:groupmode="layer" inkscape:label="{_esc(layer.name)}"' + attrs
            if layer.locked:
                attrs += ' sodipodi:insensitive="true"'
            if not layer.visible:
                attrs += ' style="display:none"'
        shapes = [self.shape(s) for s in layer.shapes if (self.editor or s.visible) and s.num_segments > 0]
        return [f"  <g{attrs}>", *shapes, "  </g>"]

    def shape(self, shape: Shape) -> str:
        sid = self.unique(shape.id)
        attrs = f'id="{_esc(sid)}"'
        if self.editor and shape.name != shape.id:
            attrs += f' inkscape:label="{_esc(shape.name)}"'
        tag, geometry = self.geometry(shape)
        attrs += geometry
        fill = shape.fill if shape.closed else None
        if isinstance(fill, SolidFill):
            attrs += self.paint("fill", fill.color)
        elif fill is not None:
            attrs += f' fill="url(#{self.gradient(fill, sid)})"'
        else:
            attrs += ' fill="none"'
        if fill is not None and shape.fill_rule == FillRule.EVENODD:
            attrs += ' fill-rule="evenodd"'
        if shape.stroke is not None and shape.stroke_width > 0:
            attrs += self.paint("stroke", shape.stroke)
            attrs += f' stroke-width="{self.num(shape.stroke_width)}" stroke-linecap="round" stroke-linejoin="round"'
        if self.editor:
            if shape.locked:
                attrs += ' sodipodi:insensitive="true"'
            if not shape.visible:
                attrs += ' style="display:none"'
            if shape.origin == Origin.OPTIMIZER:
                attrs += f' layertrace:origin="{Origin.OPTIMIZER.value}"'
            if shape.role is not None:
                attrs += f' layertrace:role="{shape.role.value}"'
        return f"    <{tag} {attrs}/>"

    def geometry(self, shape: Shape) -> tuple[str, str]:
        """The element and its geometry attributes: a primitive's own, else path data."""
        primitive = current_primitive(shape)
        if isinstance(primitive, Ellipse):
            center = f' cx="{self.num(primitive.cx)}" cy="{self.num(primitive.cy)}"'
            rx, ry = self.num(primitive.rx), self.num(primitive.ry)
            if rx == ry:
                return "circle", f'{center} r="{rx}"'
            return "ellipse", f'{center} rx="{rx}" ry="{ry}"'
        if primitive is not None:
            p = primitive
            attrs = (f' x="{self.num(p.x)}" y="{self.num(p.y)}" width="{self.num(p.width)}"'
                     f' height="{self.num(p.height)}"')
            if p.rx > 0 and p.ry > 0:
                attrs += f' rx="{self.num(p.rx)}" ry="{self.num(p.ry)}"'
            return "rect", attrs
        return "path", f' d="{self.path_data(shape)}"'


    def paint(self, prop: str, color: RGBA) -> str:
        out = f' {prop}="{_hex(color)}"'
        alpha = self.fraction(color[3])
        return out if alpha == "1" else out + f' {prop}-opacity="{alpha}"'

    def path_data(self, shape: Shape) -> str:
        """`d` of every contour (`points`, then the subpaths that paint anything)."""
        if not np.isfinite(shape.points).all():
            raise LayertraceError(f"shape '{shape.name}' has coordinates that are not finite (NaN or infinity)")
        if not shape.closed:
            return self.contour_data(shape.segments(), closed=False)
        need_area = shape.stroke is None or not shape.stroke_width > 0
        contours = [shape.points] + [p for p in shape.subpaths if contour_problem(p, need_area=need_area) is None]
        return "".join(self.contour_data(closed_segments(c), closed=True) for c in contours)

    def contour_data(self, segs: np.ndarray, closed: bool) -> str:
        """`M…C…[Z]` of one contour's segments (S, 4, 2)."""
        coords = [self.point(segs[0, 0])]
        coords += [" ".join(self.point(p) for p in seg[1:]) for seg in segs]
        return "M" + coords[0] + "C" + " ".join(coords[1:]) + ("Z" if closed else "")

    def point(self, p: np.ndarray) -> str:
        return f"{self.num(p[0])},{self.num(p[1])}"

    def gradient(self, fill: LinearGradient | RadialGradient, shape_id: str) -> str:
        gid = self.unique(re.sub(r"[^\w.-]", "_", shape_id) + "-fill", generated=True)
        stops, last = [], 0.0
        for stop in fill.stops:
            last = max(last, stop.offset)  # SVG clamps decreasing offsets; writing them so keeps import stable
            alpha = self.fraction(stop.color[3])
            opacity = "" if alpha == "1" else f' stop-opacity="{alpha}"'
            stops.append(f'      <stop offset="{self.fraction(last)}" stop-color="{_hex(stop.color)}"{opacity}/>')
        if isinstance(fill, LinearGradient):
            (x1, y1), (x2, y2) = fill.start, fill.end
            geometry = f'x1="{self.num(x1)}" y1="{self.num(y1)}" x2="{self.num(x2)}" y2="{self.num(y2)}"'
            tag = "linearGradient"
        else:
            tag = "radialGradient"
            (cx, cy), (rx, ry) = fill.center, fill.radius
            if self.num(rx) == self.num(ry):
                geometry = f'cx="{self.num(cx)}" cy="{self.num(cy)}" r="{self.num(rx)}"'
            else:
                # A unit circle mapped onto the ellipse: exact, and resvg, browsers and Inkscape agree.
                geometry = (f'cx="0" cy="0" r="1" gradientTransform="matrix({self.num(rx)} 0 0 '
                            f'{self.num(ry)} {self.num(cx)} {self.num(cy)})"')
        self.defs.append(f'    <{tag} id="{_esc(gid)}" gradientUnits="userSpaceOnUse" {geometry}>')
        self.defs += stops
        self.defs.append(f"    </{tag}>")
        return gid


def _hex(color: RGBA) -> str:
    return "#" + "".join(f"{round(min(max(float(c), 0.0), 1.0) * 255):02x}" for c in color[:3])


def _esc(text: str) -> str:
    """An attribute value: XML-escaped, without characters XML 1.0 cannot hold."""
    text = "".join(ch for ch in text if ch in "\t\n\r" or ord(ch) >= 0x20)
    return escape(text, _ATTR_ESCAPES)
