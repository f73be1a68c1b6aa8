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
_SELECTOR_PART = re.compile(r"([#.])([\w-]+)")
_AT_STATEMENT_END = re.compile(r"[{};]")


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

    @property
    def key(self) -> str:
        """The most selective part of the selector, for the sheet's index."""
        if self.id is not None:
            return f"#{self.id}"
        if self.classes:
            return f".{min(self.classes)}"
        return f"<{self.tag}" if self.tag is not None else "*"

    def matches(self, tag: str, elem_id: str | None, classes: set[str]) -> bool:
        return (
            (self.tag is None or self.tag == tag)
            and (self.id is None or self.id == elem_id)
            and self.classes <= classes
        )


@dataclass
class StyleSheet:
    """The rules of an SVG's <style> sheets, indexed so that matching an element looks only at
    rules that name its id, one of its classes, its tag, or no tag at all."""

    rules: list[_Rule] = field(default_factory=list)
    unsupported_rules: int = 0
    _index: dict[str, list[_Rule]] = field(default_factory=dict, repr=False)

    @classmethod
    def from_root(cls, root: ET.Element) -> StyleSheet:
        sheet = cls()
        for elem in root.iter():
            if local_name(elem.tag) == "style" and elem.get("type", "text/css") == "text/css":
                sheet._add(elem.text or "")
        sheet.rules.sort(key=lambda r: (r.specificity, r.order))
        for rule in sheet.rules:  # each list stays in cascade order
            sheet._index.setdefault(rule.key, []).append(rule)
        return sheet

    def _add(self, css: str) -> None:
        for selectors, body in css_blocks(css):
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
        parts = _SELECTOR_PART.findall(m["rest"])
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
            elem_id = elem.get("id")
            classes = set(elem.get("class", "").split())
            keys = ["*", f"<{tag}"] + [f".{c}" for c in classes] + ([f"#{elem_id}"] if elem_id else [])
            candidates = {id(r): r for key in keys for r in self._index.get(key, ())}
            for rule in sorted(candidates.values(), key=lambda r: (r.specificity, r.order)):
                if rule.matches(tag, elem_id, classes):
                    out.update(rule.declarations)
        out.update(parse_declarations(elem.get("style", "")))
        return out


def css_blocks(css: str) -> list[tuple[str, str]]:
    """(selectors, declarations) of each `selectors { declarations }` in a style sheet.

    A linear scan (hostile sheets with no braces, or full of `@` or `/*`, made the regular
    expressions this replaces quadratic). Comments are dropped, at-statements such as
    `@import …;` are dropped (never fetched), and a block holding another block (`@media`)
    contributes its innermost `selectors { declarations }`, as browsers without media support do.
    """
    text = _drop_at_statements(_drop_comments(css))
    pieces = re.split(r"([{}])", text)  # text, brace, text, brace, …, text
    blocks: list[tuple[str, str]] = []
    i = 0
    while i + 3 < len(pieces):
        prelude, opening, body, closing = pieces[i:i + 4]
        if opening == "{" and closing == "}" and prelude:
            blocks.append((prelude, body))
            i += 4
        else:
            i += 2
    return blocks


def _drop_comments(css: str) -> str:
    kept: list[str] = []
    at = 0
    while (start := css.find("/*", at)) >= 0:
        kept.append(css[at:start])
        end = css.find("*/", start + 2)
        if end < 0:
            return "".join(kept)  # an unclosed comment runs to the end
        at = end + 2
    kept.append(css[at:])
    return "".join(kept)


def _drop_at_statements(css: str) -> str:
    """Remove `@…;` where no brace comes before the `;` (`@import`, `@charset`)."""
    kept: list[str] = []
    at = 0
    while (start := css.find("@", at)) >= 0:
        stop = _AT_STATEMENT_END.search(css, start)
        if stop is None:
            break
        if stop.group() == ";":
            kept.append(css[at:start])
            at = stop.end()
        else:
            kept.append(css[at:stop.start()])  # not a statement: keep it up to the brace
            at = stop.start()
            kept.append(css[at])
            at += 1
    kept.append(css[at:])
    return "".join(kept)


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
