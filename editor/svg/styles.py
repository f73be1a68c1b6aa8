"""CSS for SVG import: presentation attributes, <style> sheets, style="" and inheritance.

Cascade, lowest priority first: presentation attribute, stylesheet rules (by specificity, then
order), the style attribute. Selectors: `*`, `tag`, `#id`, `.class` and their compounds
(`path.st0`), which covers what Inkscape and Illustrator write; rules with other selectors
(combinators, pseudo-classes, attributes) are counted and ignored. `!important` is ignored.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

import svgelements

from editor.document import RGBA

INHERITED_INITIAL = {
    "fill": "black",
    "fill-opacity": "1",
    "fill-rule": "nonzero",
    "stroke": "none",
    "stroke-opacity": "1",
    "stroke-width": "1",
    "stroke-linecap": "butt",
    "stroke-linejoin": "miter",
    "stroke-dasharray": "none",
    "visibility": "visible",
    "color": "black",
}
# Not inherited: each element starts from the initial value (opacity multiplies in the walker).
NOT_INHERITED = {
    "opacity", "display", "clip-path", "mask", "filter", "stop-color", "stop-opacity",
    "vector-effect", "marker-start", "marker-mid", "marker-end", "marker",
}
PROPERTIES = set(INHERITED_INITIAL) | NOT_INHERITED

_SELECTOR = re.compile(r"^(?P<tag>\*|[A-Za-z][\w-]*)?(?P<rest>(?:[#.][\w-]+)*)$")
_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")


def local_name(tag: str) -> str:
    return tag.rpartition("}")[2]


def parse_declarations(text: str) -> dict[str, str]:
    """`fill:#fff; stroke : none` → {'fill': '#fff', 'stroke': 'none'} (known properties only)."""
    out: dict[str, str] = {}
    for item in text.split(";"):
        name, sep, value = item.partition(":")
        name = name.strip().lower()
        if sep and name in PROPERTIES:
            out[name] = value.replace("!important", "").strip()
    return out


@dataclass
class _Rule:
    specificity: tuple[int, int, int]
    order: int
    tag: str | None
    id: str | None
    classes: frozenset[str]
    declarations: dict[str, str]

    def matches(self, tag: str, elem_id: str | None, classes: set[str]) -> bool:
        return (
            (self.tag is None or self.tag == tag)
            and (self.id is None or self.id == elem_id)
            and self.classes <= classes
        )


@dataclass
class StyleSheet:
    rules: list[_Rule] = field(default_factory=list)
    unsupported_rules: int = 0

    @classmethod
    def from_root(cls, root: ET.Element) -> "StyleSheet":
        sheet = cls()
        for elem in root.iter():
            if local_name(elem.tag) == "style" and elem.get("type", "text/css") == "text/css":
                sheet._add(elem.text or "")
        sheet.rules.sort(key=lambda r: (r.specificity, r.order))
        return sheet

    def _add(self, css: str) -> None:
        css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
        css = re.sub(r"@[^{};]*;", "", css)  # @import, @charset: never fetched, nothing to apply
        for selectors, body in _RULE.findall(css):
            declarations = parse_declarations(body)
            for selector in selectors.split(","):
                rule = self._rule(selector.strip(), declarations)
                if rule is None:
                    self.unsupported_rules += 1
                else:
                    self.rules.append(rule)

    def _rule(self, selector: str, declarations: dict[str, str]) -> _Rule | None:
        m = _SELECTOR.match(selector)
        if not selector or m is None:
            return None
        tag = m["tag"] if m["tag"] not in (None, "*") else None
        parts = re.findall(r"([#.])([\w-]+)", m["rest"])
        ids = [name for kind, name in parts if kind == "#"]
        classes = frozenset(name for kind, name in parts if kind == ".")
        if len(ids) > 1:
            return None
        specificity = (len(ids), len(classes), int(tag is not None))
        return _Rule(specificity, len(self.rules), tag, ids[0] if ids else None, classes, declarations)

    def specified(self, elem: ET.Element) -> dict[str, str]:
        """The properties set on `elem` itself, cascade applied (no inheritance)."""
        out = {k: v.strip() for k, v in elem.attrib.items() if k in PROPERTIES}
        if self.rules:
            tag = local_name(elem.tag)
            classes = set(elem.get("class", "").split())
            for rule in self.rules:
                if rule.matches(tag, elem.get("id"), classes):
                    out.update(rule.declarations)
        out.update(parse_declarations(elem.get("style", "")))
        return out


def inherit(parent: dict[str, str], specified: dict[str, str]) -> dict[str, str]:
    """The computed style of an element from its parent's and its own specified values."""
    out = {k: v for k, v in parent.items() if k in INHERITED_INITIAL}
    for name, value in specified.items():
        if value == "inherit":
            if name in parent:
                out[name] = parent[name]
        else:
            out[name] = value
    return out


def parse_color(value: str, current: str = "black") -> RGBA | None:
    """A CSS colour as straight RGBA floats; None for `none` or anything unparseable."""
    value = value.strip()
    if value.lower() == "currentcolor":
        value = current
    if not value or value.lower() == "none":
        return None
    c = svgelements.Color(value)
    if c.value is None:
        return None
    return (c.red / 255, c.green / 255, c.blue / 255, c.alpha / 255)


def parse_fraction(value: str | None, default: float = 1.0) -> float:
    """An opacity or offset: a number or a percentage, clamped to [0, 1]."""
    if value is None:
        return default
    value = value.strip()
    try:
        number = float(value[:-1]) / 100 if value.endswith("%") else float(value)
    except ValueError:
        return default
    if number != number:  # NaN
        return default
    return min(max(number, 0.0), 1.0)
