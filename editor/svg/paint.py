"""Fill and stroke paints for SVG import: colours, and gradients read from the XML ourselves
(svgelements does not parse paint servers).

Gradients follow `href`/`xlink:href` chains (attributes and stops are inherited, as Noto emoji
rely on), honour both gradientUnits and gradientTransform, and are mapped exactly into document
coordinates: a linear gradient stays linear under any affine map (its direction becomes
A⁻ᵀ·d); a radial one becomes an ellipse, exact when that ellipse is axis-aligned and otherwise
replaced by the axis-aligned one that agrees with it along the axes through the centre (noted).
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from editor.document import Fill, GradientStop, LinearGradient, RadialGradient, SolidFill
from editor.svg.geometry import Subpath, cubic_bounds, parse_length, parse_transform
from editor.svg.notes import Notes
from editor.svg.styles import StyleSheet, local_name, parse_color, parse_fraction

XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_COMMON = ("gradientUnits", "gradientTransform", "spreadMethod")
_GEOMETRY: dict[str, dict[str, str | None]] = {
    "linearGradient": {"x1": "0%", "y1": "0%", "x2": "100%", "y2": "0%"},
    "radialGradient": {"cx": "50%", "cy": "50%", "r": "50%", "fx": None, "fy": None, "fr": "0%"},
}
_MAX_HREF_CHAIN = 32


def split_url(value: str) -> tuple[str, str] | None:
    """`url(#id) fallback` → ('#id', 'fallback'); None when `value` is not a url() paint.

    Plain string scanning: the regular expression this replaces backtracked for minutes on
    `url(` followed by a few thousand spaces."""
    text = value.strip()
    if not text.startswith("url("):
        return None
    close = text.find(")", 4)
    if close < 0:
        return None
    reference = text[4:close].strip()
    reference = reference[1:] if reference[:1] in ("'", '"') else reference
    reference = reference[:-1] if reference[-1:] in ("'", '"') else reference
    if "'" in reference or '"' in reference:
        return None
    return reference, text[close + 1:].strip()


def href(elem: ET.Element) -> str | None:
    return elem.get("href", elem.get(XLINK_HREF))


@dataclass
class PaintTarget:
    """What a paint is applied to: its user space and geometry (bounds only if a gradient asks)."""

    ctm: np.ndarray  # (3, 3) element user space → document
    subpaths: list[Subpath]  # in user space
    viewport: tuple[float, float]  # for percentages in userSpaceOnUse

    @cached_property
    def bbox(self) -> tuple[float, float, float, float] | None:
        return cubic_bounds(self.subpaths)


class Paints:
    def __init__(self, by_id: dict[str, ET.Element], sheet: StyleSheet, notes: Notes) -> None:
        self.by_id = by_id
        self.sheet = sheet
        self.notes = notes

    def resolve(self, value: str, current_color: str, alpha: float, target: PaintTarget) -> Fill | None:
        """The fill for a `fill`/`stroke` value, with `alpha` (opacities) folded into its colours."""
        url = split_url(value)
        if url is None:
            return _solid(parse_color(value, current_color), alpha)
        reference, fallback = url
        local = reference.startswith("#")
        server = self.by_id.get(reference[1:]) if local else None
        kind = None if server is None else local_name(server.tag)
        if server is not None and kind in _GEOMETRY:
            return self._gradient(server, alpha, target)
        if not local:
            self.notes.skipped["reference to another file (not read)"] += 1
        else:
            self.notes.skipped["pattern paint" if kind == "pattern" else "paint referring to a missing element"] += 1
        return _solid(parse_color(fallback, current_color), alpha) if fallback else None

    def _gradient(self, elem: ET.Element, alpha: float, target: PaintTarget) -> Fill | None:
        kind = local_name(elem.tag)
        attrs, stop_elems = self._inherited(elem)
        stops = self._stops(stop_elems, alpha)
        if not stops:
            return None  # no stops: painted as none
        if len(stops) == 1:
            return SolidFill(stops[0].color)
        if attrs.get("spreadMethod", "pad") != "pad":
            self.notes.approximated["gradient repeat/reflect (drawn as pad)"] += 1
        if attrs.get("gradientUnits") == "userSpaceOnUse":
            box = np.eye(3)
            w, h = target.viewport
            rel = {"x": w, "y": h, "r": float(np.hypot(w, h) / np.sqrt(2))}
        else:  # objectBoundingBox: unit square → the element's bounds
            if target.bbox is None or target.bbox[2] <= target.bbox[0] or target.bbox[3] <= target.bbox[1]:
                return None  # zero-area bounds: the gradient is not used (SVG 1.1, 13.2.2)
            x0, y0, x1, y1 = target.bbox
            box = np.array([[x1 - x0, 0, x0], [0, y1 - y0, y0], [0, 0, 1.0]])
            rel = {"x": 1.0, "y": 1.0, "r": 1.0}
        g = target.ctm @ box @ parse_transform(attrs.get("gradientTransform"))

        def value(name: str) -> float:
            axis = "r" if name in ("r", "fr") else "x" if "x" in name else "y"
            return parse_length(attrs.get(name, _GEOMETRY[kind][name]), rel[axis]) or 0.0

        if not np.isfinite(g).all():
            self.notes.skipped["invalid gradient"] += 1
            return None
        if kind == "linearGradient":
            return self._linear(g, value("x1"), value("y1"), value("x2"), value("y2"), stops)
        cx, cy = value("cx"), value("cy")
        fx = value("fx") if "fx" in attrs else cx
        fy = value("fy") if "fy" in attrs else cy
        return self._radial(g, (cx, cy), value("r"), (fx, fy), value("fr"), stops)

    def _inherited(self, elem: ET.Element) -> tuple[dict[str, str], list[ET.Element]]:
        """Attributes and stops of a gradient, filled in along its href chain."""
        chain = [elem]
        while len(chain) < _MAX_HREF_CHAIN:
            ref = href(chain[-1])
            nxt = self.by_id.get(ref[1:]) if ref and ref.startswith("#") else None
            if nxt is None or local_name(nxt.tag) not in _GEOMETRY or any(nxt is e for e in chain):
                break
            chain.append(nxt)
        kind = local_name(elem.tag)
        attrs: dict[str, str] = {}
        for e in chain:
            names = _COMMON + (tuple(_GEOMETRY[kind]) if local_name(e.tag) == kind else ())
            for name in names:
                given = e.get(name)
                if name not in attrs and given is not None:
                    attrs[name] = given
        for e in chain:
            stops = [c for c in e if local_name(c.tag) == "stop"]
            if stops:
                return attrs, stops
        return attrs, []

    def _stops(self, elems: list[ET.Element], alpha: float) -> list[GradientStop]:
        stops: list[GradientStop] = []
        last = 0.0
        for e in elems:
            spec = self.sheet.specified(e)
            last = max(parse_fraction(e.get("offset"), 0.0), last)  # offsets never decrease
            color = parse_color(spec.get("stop-color", "black"), spec.get("color", "black")) or (0, 0, 0, 0)
            a = color[3] * parse_fraction(spec.get("stop-opacity")) * alpha
            stops.append(GradientStop(last, (color[0], color[1], color[2], a)))
        return stops

    @staticmethod
    def _linear(g: np.ndarray, x1: float, y1: float, x2: float, y2: float, stops: list[GradientStop]) -> Fill:
        d = np.array([x2 - x1, y2 - y1])
        a = g[:2, :2]
        if d @ d == 0 or abs(np.linalg.det(a)) < 1e-12:
            return SolidFill(stops[-1].color)  # zero-length vector: the last stop's colour
        start = g[:2, :2] @ [x1, y1] + g[:2, 2]
        v = np.linalg.solve(a.T, d) / (d @ d)  # t = (q - start)·v in document space
        end = start + v / (v @ v)
        return LinearGradient((float(start[0]), float(start[1])), (float(end[0]), float(end[1])), stops)

    def _radial(
        self, g: np.ndarray, c: tuple[float, float], r: float, f: tuple[float, float], fr: float,
        stops: list[GradientStop],
    ) -> Fill:
        a = g[:2, :2]
        if r <= 0 or abs(np.linalg.det(a)) < 1e-12:
            return SolidFill(stops[-1].color)  # r = 0: the last stop's colour
        # t(q)² = (q - centre)ᵀ S⁻¹ (q - centre) / r², with S = A·Aᵀ. Axis-aligned radii taken from
        # the diagonal of S⁻¹ are exact for axis-aligned ellipses and, for rotated ones, keep t exact
        # along the horizontal and vertical lines through the centre.
        s = a @ a.T
        radius = r / np.sqrt(np.diag(np.linalg.inv(s)))
        if abs(s[0, 1]) > 1e-9 * s.diagonal().max():
            self.notes.approximated["rotated or skewed radial gradient"] += 1
        if np.hypot(f[0] - c[0], f[1] - c[1]) > 1e-6 * r or fr > 0:
            self.notes.approximated["radial gradient focal point (drawn centered)"] += 1
        center = a @ c + g[:2, 2]
        return RadialGradient((float(center[0]), float(center[1])), (float(radius[0]), float(radius[1])), stops)


def _solid(color: tuple[float, float, float, float] | None, alpha: float) -> SolidFill | None:
    if color is None:
        return None
    return SolidFill((color[0], color[1], color[2], color[3] * alpha))


def mean_color(fill: Fill) -> tuple[float, float, float, float]:
    """One colour standing in for a paint (a stroke can only hold one)."""
    if isinstance(fill, SolidFill):
        return fill.color
    c = np.mean([s.color for s in fill.stops], axis=0)
    return (float(c[0]), float(c[1]), float(c[2]), float(c[3]))
