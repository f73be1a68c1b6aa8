"""SVG import: a file (or bytes) → a Document plus warnings, or BadInputError; never half a document.

We walk the XML ourselves (parsed by `xmlsafe`, which refuses entity bombs) and use svgelements
for geometry, lengths, transforms and colours. Its own tree is not used because it renders the
content of <mask>, <symbol> and <marker> as drawing, overwrites nested group opacity instead of
multiplying it, turns gradient fills into black and expands <use> without limit.

Structure: Inkscape layers (`<g inkscape:groupmode="layer">`) become layers with their label,
id, hidden and locked state; in files without them, top-level groups are the layers (as
Illustrator writes them). Content outside any layer goes into a layer of its own (one per run,
so the paint order is kept); nested groups are flattened into their layer, passing their hidden
and locked state, transform and opacity down to the shapes. A first-drawn rect that exactly
covers the canvas with a solid fill becomes the document background (our exporter writes one).
Hidden elements are kept with visible=False. Nothing outside the file is ever read.

Canvas: width × height in px (mm, in, pt … at 96 dpi, as Inkscape and browsers use), with the
viewBox mapped into it, so pictures keep their size on the page; with only a viewBox, its size.
A path with several subpaths becomes one shape with several contours (`Shape.subpaths`), filled
together under its fill rule, so holes stay holes; contours that paint nothing (zero area, fewer
than 3 points) are dropped with a warning.
What cannot be represented is skipped or approximated and reported in one warning per kind.
"""
from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from editor.document import (
    RGBA,
    Document,
    Fill,
    FillRule,
    Layer,
    LinearGradient,
    Origin,
    Role,
    Shape,
    SolidFill,
    new_id,
)
from editor.document.contours import repair_shape, shape_problem
from editor.errors import BadInputError
from editor.svg.geometry import (
    Subpath,
    element_primitive,
    element_subpaths,
    parse_length,
    parse_transform,
    parse_viewbox,
    viewbox_transform,
)
from editor.svg.notes import Notes
from editor.svg.paint import Paints, PaintTarget, href, mean_color
from editor.svg.styles import (
    INHERITED_INITIAL,
    StyleSheet,
    inherit,
    local_name,
    parse_color,
    parse_fraction,
)
from editor.svg.xmlsafe import SVG_NS, parse_svg_root, read_svg_file

MAX_CANVAS_SIDE = 32768.0  # px; the renderer allocates H × W images
COORD_LIMIT = 1e6  # px; float32 (renderer) keeps ~0.06 px of precision out there
MAX_ELEMENTS = 200_000  # counting every <use> copy: stops <use> expansion bombs
MAX_DEPTH = 200  # keeps the recursive walk far from Python's recursion limit

INKSCAPE_NS = "http://www.inkscape.org/namespaces/inkscape"
SODIPODI_NS = "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
LAYERTRACE_NS = "urn:layertrace:document"  # our own metadata (who made a shape)
_GROUPMODE = f"{{{INKSCAPE_NS}}}groupmode"
_LABEL = f"{{{INKSCAPE_NS}}}label"
_INSENSITIVE = f"{{{SODIPODI_NS}}}insensitive"
_ORIGIN = f"{{{LAYERTRACE_NS}}}origin"
_ROLE = f"{{{LAYERTRACE_NS}}}role"
_ROLES = {role.value: role for role in Role}

_SHAPES = {"path", "rect", "circle", "ellipse", "line", "polyline", "polygon"}
# Never drawn where they stand (definitions, metadata, animation): ignored without a warning.
_NOT_DRAWN = {
    "defs", "style", "title", "desc", "metadata", "script", "linearGradient", "radialGradient",
    "stop", "clipPath", "mask", "pattern", "marker", "symbol", "filter", "font", "font-face",
    "cursor", "view", "color-profile", "set", "animate", "animateTransform", "animateMotion",
    "animateColor",
}
_EFFECTS = ("clip-path", "mask", "filter", "marker", "marker-start", "marker-mid", "marker-end")


@dataclass
class ImportResult:
    document: Document
    warnings: list[str]


def import_svg(path: str | Path) -> ImportResult:
    """Read an SVG or SVGZ file. Raises BadInputError (naming the file) when it cannot be used."""
    return import_svg_data(read_svg_file(path), path)


def import_svg_data(data: bytes | str, source: str | Path | None = None) -> ImportResult:
    """Read SVG text or bytes; `source` names it in error messages."""
    root = parse_svg_root(data, source)
    # Overflow to inf/NaN is expected from hostile numbers: every result is checked explicitly.
    try:
        with np.errstate(all="ignore"):
            return _Reader(root, source).read()
    except BadInputError as err:
        if err.path is not None or source is None:
            raise
        raise BadInputError(err.problem, source) from None  # from a helper that knows no file


@dataclass(frozen=True)
class _Context:
    style: dict[str, str]  # computed, inherited properties
    ctm: np.ndarray  # user space → document
    opacity: float  # product of ancestors' opacity
    hidden: bool  # inside a display:none element (below the layer)
    locked: bool  # inside a sodipodi:insensitive element (below the layer)
    viewport: tuple[float, float]  # for percentage lengths
    depth: int


class _Reader:
    def __init__(self, root: ET.Element, source: str | Path | None) -> None:
        self.root = root
        self.source = source
        self.notes = Notes()
        self.sheet = StyleSheet.from_root(root)
        self.by_id: dict[str, ET.Element] = {}
        for elem in root.iter():
            ident = elem.get("id")
            if ident:
                self.by_id.setdefault(ident, elem)  # the first of duplicates wins
        self.paints = Paints(self.by_id, self.sheet, self.notes)
        self.layers: list[Layer] = []
        self.loose: Layer | None = None
        self.ids: set[str] = set()
        self.suffixes: dict[str, int] = {}
        self.use_stack: list[ET.Element] = []
        self.background: RGBA | None = None
        self.size: tuple[float, float] | None = None  # None: fitted to the content at the end

    # -- document level -----------------------------------------------------------------------

    def read(self) -> ImportResult:
        if self._expanded_size() > MAX_ELEMENTS:
            raise BadInputError(f"too many elements (over {MAX_ELEMENTS:,}, counting <use> copies)", self.source)
        self.size, ctm, viewport = self._canvas()
        spec = self.sheet.specified(self.root)
        ctx = _Context(
            style=inherit(INHERITED_INITIAL, spec), ctm=ctm, opacity=parse_fraction(spec.get("opacity")),
            hidden=spec.get("display") == "none", locked=False, viewport=viewport, depth=0,
        )
        children = self._drawn(self.root)
        while len(children) == 1 and self._is_wrapper(children[0]):
            wrapper = children[0]  # Illustrator's <switch><g i:extraneous="self"> around the layers
            self._check_depth(ctx.depth)
            ctx = self._enter(wrapper, self.sheet.specified(wrapper), ctx)
            chosen = self._switch_choice(wrapper) if self._tag(wrapper) == "switch" else None
            children = [chosen] if chosen is not None else self._drawn(wrapper)
        inkscape = any(self._is_inkscape_layer(c) for c in children)
        for i, child in enumerate(children):
            if i == 0 and self._background(child, ctx):
                continue
            if self._is_inkscape_layer(child) or (not inkscape and self._tag(child) == "g"):
                self._layer(child, ctx)
            else:
                if self.loose is None:
                    self.loose = self._new_layer(None, f"Layer {len(self.layers) + 1}")
                self._walk(child, ctx, self.loose)
        width, height = self.size or self._content_size()
        self.notes.skipped["CSS rule with an unsupported selector"] += self.sheet.unsupported_rules
        self.notes.skipped = +self.notes.skipped  # drop zero counts
        doc = Document(width=width, height=height, background=self.background, layers=self.layers)
        return ImportResult(doc, self.notes.messages())

    def _expanded_size(self) -> int:
        """Elements in the file with every <use> expanded, counted without expanding anything
        (iterative, memoized; a circular reference counts once), so bombs are refused at once."""
        sizes: dict[int, int] = {}
        pending: set[int] = set()
        stack: list[tuple[ET.Element, bool]] = [(self.root, False)]
        while stack:
            elem, done = stack.pop()
            key = id(elem)
            parts = list(elem)
            ref = href(elem) if self._tag(elem) == "use" else None
            target = self.by_id.get(ref[1:]) if ref and ref.startswith("#") else None
            if target is not None:
                parts.append(target)
            if done:
                sizes[key] = min(1 + sum(sizes.get(id(p), 0) for p in parts), MAX_ELEMENTS + 1)
                pending.discard(key)
            elif key not in sizes and key not in pending:
                pending.add(key)
                stack.append((elem, True))
                stack.extend((p, False) for p in parts if id(p) not in sizes and id(p) not in pending)
        return sizes[id(self.root)]

    def _canvas(self) -> tuple[tuple[float, float] | None, np.ndarray, tuple[float, float]]:
        """Canvas size (None: fit to content), the viewBox transform and the viewport for %."""
        box = parse_viewbox(self.root.get("viewBox"))

        def absolute(name: str) -> float | None:
            value = self.root.get(name)
            return None if value is None or value.strip().endswith("%") else parse_length(value, 0.0, None)

        w, h = absolute("width"), absolute("height")
        if box is not None:
            if w is None and h is None:
                w, h = box[2], box[3]
            elif w is None and h is not None:
                w = h * box[2] / box[3]
            elif h is None and w is not None:
                h = w * box[3] / box[2]
        if w is None or h is None:
            self.notes.canvas_from_content = True
            return None, np.eye(3), (w or 100.0, h or 100.0)
        self._check_canvas(w, h)
        ctm = viewbox_transform(0, 0, w, h, self.root.get("viewBox"), self.root.get("preserveAspectRatio"))
        return (w, h), ctm, (box[2], box[3]) if box else (w, h)

    def _check_canvas(self, w: float, h: float) -> None:
        if not all(math.isfinite(v) and 1 <= v <= MAX_CANVAS_SIDE for v in (w, h)):
            raise BadInputError(
                f"canvas size {w:g} × {h:g} px is outside the supported range "
                f"(1 to {MAX_CANVAS_SIDE:g} px per side)", self.source,
            )

    def _content_size(self) -> tuple[float, float]:
        shapes = [s for layer in self.layers for s in layer.shapes]
        hi = np.max([s.bounds()[2:] for s in shapes], axis=0) if shapes else np.array([100.0, 100.0])
        w, h = float(max(math.ceil(hi[0]), 1)), float(max(math.ceil(hi[1]), 1))
        self._check_canvas(w, h)
        return w, h

    def _background(self, elem: ET.Element, ctx: _Context) -> bool:
        """Take a canvas-covering, solid, unstroked, visible first rect as the background."""
        if self._tag(elem) != "rect" or len(elem) or self.size is None:
            return False
        spec = self.sheet.specified(elem)
        style = inherit(ctx.style, spec)
        if (
            spec.get("display") == "none" or ctx.hidden or style["visibility"] != "visible"
            or parse_color(style["stroke"]) is not None or any(spec.get(k, "none") != "none" for k in _EFFECTS)
            or style["fill"].startswith("url(")
        ):
            return False
        color = parse_color(style["fill"], style["color"])
        subs, _ = element_subpaths(elem, "rect", ctx.viewport)
        if color is None or len(subs) != 1 or len(subs[0].points) != 12:  # rounded corners: not a background
            return False
        m = ctx.ctm @ parse_transform(elem.get("transform"))
        nodes = subs[0].transformed(m).points[::3].round(6)
        w, h = self.size
        corners = [[0.0, 0.0], [0.0, h], [w, 0.0], [w, h]]
        if not np.allclose(sorted(nodes.tolist()), corners, rtol=0, atol=1e-6 * max(w, h)):
            return False
        alpha = parse_fraction(spec.get("opacity")) * parse_fraction(style["fill-opacity"]) * ctx.opacity
        self.background = (color[0], color[1], color[2], color[3] * alpha)
        return True

    # -- layers and elements --------------------------------------------------------------------

    def _drawn(self, elem: ET.Element) -> list[ET.Element]:
        return [c for c in elem if self._tag(c) not in (None, *_NOT_DRAWN)]

    def _is_wrapper(self, elem: ET.Element) -> bool:
        """A lone top-level <switch>, or <g> without an id, is looked into for layers."""
        tag = self._tag(elem)
        return tag == "switch" or (tag == "g" and not elem.get("id") and not self._is_inkscape_layer(elem))

    def _switch_choice(self, elem: ET.Element) -> ET.Element | None:
        """The child a <switch> draws: the first without required extensions (Illustrator's fallback)."""
        return next((c for c in self._drawn(elem) if c.get("requiredExtensions") is None), None)

    def _is_inkscape_layer(self, elem: ET.Element) -> bool:
        return self._tag(elem) == "g" and elem.get(_GROUPMODE) == "layer"

    def _new_layer(self, elem: ET.Element | None, default_name: str) -> Layer:
        name = default_name
        if elem is not None:
            name = elem.get(_LABEL) or _decode_illustrator_id(elem.get("id")) or default_name
        layer = Layer(name=name, id=self._unique(elem.get("id") if elem is not None else None, "layer"))
        self.layers.append(layer)
        return layer

    def _layer(self, elem: ET.Element, ctx: _Context) -> None:
        self.loose = None
        self._check_depth(ctx.depth)
        spec = self.sheet.specified(elem)
        layer = self._new_layer(elem, f"Layer {len(self.layers) + 1}")
        layer.visible = spec.get("display") != "none"
        layer.locked = elem.get(_INSENSITIVE) == "true"
        # The layer's own hidden/locked state lives on the Layer, not on its shapes.
        inner = replace(self._enter(elem, spec, ctx), hidden=ctx.hidden, locked=ctx.locked)
        for child in elem:
            self._walk(child, inner, layer)

    def _walk(self, elem: ET.Element, ctx: _Context, layer: Layer) -> None:
        tag = self._tag(elem)
        if tag is None or tag in _NOT_DRAWN:
            return
        self._check_depth(ctx.depth)
        spec = self.sheet.specified(elem)
        ctx = self._enter(elem, spec, ctx)
        if tag in ("g", "a"):
            self._children(elem, ctx, layer)
        elif tag == "switch":
            chosen = self._switch_choice(elem)
            if chosen is not None:
                self._walk(chosen, ctx, layer)
        elif tag == "svg":
            w, h = ctx.viewport
            x, y = parse_length(elem.get("x"), w), parse_length(elem.get("y"), h)
            vw, vh = parse_length(elem.get("width", "100%"), w), parse_length(elem.get("height", "100%"), h)
            box = parse_viewbox(elem.get("viewBox"))
            m = viewbox_transform(x, y, vw, vh, elem.get("viewBox"), elem.get("preserveAspectRatio"))
            self._children(elem, replace(ctx, ctm=ctx.ctm @ m, viewport=(box[2], box[3]) if box else (vw, vh)), layer)
        elif tag == "use":
            self._use(elem, ctx, layer)
        elif tag in _SHAPES:
            self._shape(elem, tag, ctx, layer)
        else:
            self.notes.skipped[f"<{tag}>"] += 1

    def _children(self, elem: ET.Element, ctx: _Context, layer: Layer) -> None:
        for child in elem:
            self._walk(child, ctx, layer)

    def _enter(self, elem: ET.Element, spec: dict[str, str], ctx: _Context) -> _Context:
        for effect in _EFFECTS:
            if spec.get(effect, "none") != "none":
                self.notes.skipped["marker" if effect.startswith("marker") else effect] += 1
        return _Context(
            style=inherit(ctx.style, spec),
            ctm=ctx.ctm @ parse_transform(elem.get("transform")),
            opacity=ctx.opacity * parse_fraction(spec.get("opacity")),
            hidden=ctx.hidden or spec.get("display") == "none",
            locked=ctx.locked or elem.get(_INSENSITIVE) == "true",
            viewport=ctx.viewport,
            depth=ctx.depth + 1,
        )

    def _use(self, elem: ET.Element, ctx: _Context, layer: Layer) -> None:
        ref = href(elem)
        if not ref:
            return
        if not ref.startswith("#"):
            self.notes.skipped["reference to another file (not read)"] += 1
            return
        target = self.by_id.get(ref[1:])
        if target is None or any(target is e for e in self.use_stack):
            self.notes.skipped["<use> of a missing or circular reference"] += 1
            return
        w, h = ctx.viewport
        ctm = ctx.ctm @ parse_transform(f"translate({parse_length(elem.get('x'), w)}, {parse_length(elem.get('y'), h)})")
        ctx = replace(ctx, ctm=ctm)
        self.use_stack.append(target)
        if self._tag(target) == "symbol":
            sw = parse_length(elem.get("width", "100%"), w)
            sh = parse_length(elem.get("height", "100%"), h)
            inner = self._enter(target, self.sheet.specified(target), ctx)
            m = viewbox_transform(0, 0, sw, sh, target.get("viewBox"), target.get("preserveAspectRatio"))
            self._children(target, replace(inner, ctm=inner.ctm @ m), layer)
        else:
            self._walk(target, ctx, layer)
        self.use_stack.pop()

    # -- shapes --------------------------------------------------------------------------------

    def _shape(self, elem: ET.Element, tag: str, ctx: _Context, layer: Layer) -> None:
        local, valid = element_subpaths(elem, tag, ctx.viewport)
        if not valid:
            self.notes.approximated["path data with errors (drawn up to the error)"] += 1
        if not local:
            return
        subs = [s.transformed(ctx.ctm) for s in local]
        self._check_numbers(np.concatenate([s.points for s in subs]), elem)
        style = ctx.style
        target = PaintTarget(ctx.ctm, local, ctx.viewport)
        fill = None
        if tag != "line":  # a line has no inside
            alpha = parse_fraction(style["fill-opacity"]) * ctx.opacity
            fill = self.paints.resolve(style["fill"], style["color"], alpha, target)
        stroke, width = self._stroke(style, ctx, target, subs)
        self._check_numbers(np.array([width, *_fill_numbers(fill)]), elem)
        rule = FillRule.EVENODD if style["fill-rule"] == "evenodd" else FillRule.NONZERO
        visible = not ctx.hidden and style["visibility"] == "visible"
        base_id = elem.get("id")
        origin = Origin.OPTIMIZER if elem.get(_ORIGIN) == Origin.OPTIMIZER.value else Origin.DESIGNER
        pieces = self._pieces(subs, fill, stroke)
        primitive = None
        if len(pieces) == 1 and pieces[0][1] and len(pieces[0][0]) == 1:
            primitive = element_primitive(elem, tag, ctx.viewport, ctx.ctm, pieces[0][0][0])
        k = 0
        for contours, closed, piece_fill, piece_stroke in pieces:
            shape = Shape(
                points=primitive.outline() if primitive is not None else contours[0], closed=closed,
                fill=piece_fill, fill_rule=rule, stroke=piece_stroke,
                stroke_width=width if piece_stroke is not None else 0.0, subpaths=contours[1:],
                visible=visible, locked=ctx.locked, origin=origin, primitive=primitive,
                role=_ROLES.get(elem.get(_ROLE, "")),  # an unknown role is no role
            )
            self.notes.degenerate_contours += len(repair_shape(shape))
            if shape_problem(shape) is not None:
                self.notes.degenerate_shapes += 1
                continue
            k += 1
            wanted = base_id if k == 1 or base_id is None else f"{base_id}-{k}"
            shape.id = self._unique(wanted, "path")
            shape.name = elem.get(_LABEL) or shape.id
            layer.shapes.append(shape)

    @staticmethod
    def _pieces(
        subs: list[Subpath], fill: Fill | None, stroke: RGBA | None
    ) -> list[tuple[list[np.ndarray], bool, Fill | None, RGBA | None]]:
        """Shapes (contours, closed, fill, stroke) drawing like the element, in paint order.

        Closed subpaths make one shape, filled together and then stroked, as SVG paints them.
        Open subpaths are filled as if closed, so a stroked path with any of them becomes a
        fill shape below one stroke shape per subpath.
        """
        if all(s.closed for s in subs):
            return [([s.points for s in subs], True, fill, stroke)]
        if fill is None:
            return [([s.points], s.closed, None, stroke) for s in subs]
        outlines = [s.closed_outline() for s in subs]
        if stroke is None:
            return [(outlines, True, fill, None)]
        return [(outlines, True, fill, None)] + [([s.points], s.closed, None, stroke) for s in subs]

    def _stroke(
        self, style: dict[str, str], ctx: _Context, target: PaintTarget, subs: list[Subpath]
    ) -> tuple[RGBA | None, float]:
        w, h = ctx.viewport
        width = parse_length(style["stroke-width"], math.hypot(w, h) / math.sqrt(2), 1.0) or 0.0
        alpha = parse_fraction(style["stroke-opacity"]) * ctx.opacity
        paint = self.paints.resolve(style["stroke"], style["color"], alpha, target) if width > 0 else None
        if paint is None:
            return None, 0.0
        if not isinstance(paint, SolidFill):
            self.notes.approximated["gradient on a stroke (drawn in its average color)"] += 1
        has_caps = any(not s.closed for s in subs)
        has_joins = any(s.closed or len(s.points) > 4 for s in subs)
        if (has_joins and style["stroke-linejoin"] != "round") or (has_caps and style["stroke-linecap"] != "round"):
            self.notes.approximated["stroke caps/joins (drawn round)"] += 1
        if style["stroke-dasharray"] not in ("none", ""):
            self.notes.approximated["dashed stroke (drawn solid)"] += 1
        if style.get("vector-effect") != "non-scaling-stroke":
            sv = np.linalg.svd(ctx.ctm[:2, :2], compute_uv=False)
            if sv[0] > 1.01 * sv[1]:
                self.notes.approximated["non-uniformly scaled stroke"] += 1
            width *= float(np.sqrt(sv[0] * sv[1]))
        return mean_color(paint), width

    # -- bookkeeping ---------------------------------------------------------------------------

    def _tag(self, elem: ET.Element) -> str | None:
        """The SVG element name; None for comments and other namespaces (editor metadata)."""
        if not isinstance(elem.tag, str):
            return None
        ns, _, name = elem.tag.rpartition("}")
        return name if ns in ("", f"{{{SVG_NS}") else None

    def _check_depth(self, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise BadInputError(f"elements nested more than {MAX_DEPTH} deep", self.source)

    def _check_numbers(self, values: np.ndarray, elem: ET.Element) -> None:
        if not np.isfinite(values).all() or (values.size and np.abs(values).max() > COORD_LIMIT):
            what = f'<{local_name(elem.tag)} id="{elem.get("id")}">' if elem.get("id") else f"<{local_name(elem.tag)}>"
            raise BadInputError(f"{what} has coordinates that are not finite or beyond ±{COORD_LIMIT:g}", self.source)

    def _unique(self, wanted: str | None, prefix: str) -> str:
        """`wanted` if free, else `wanted-2`, `wanted-3` … (remembering where each base got to)."""
        if not wanted:
            candidate = new_id(prefix)
            while candidate in self.ids:
                candidate = new_id(prefix)
        else:
            candidate = wanted
            while candidate in self.ids:
                self.suffixes[wanted] = self.suffixes.get(wanted, 1) + 1
                candidate = f"{wanted}-{self.suffixes[wanted]}"
        self.ids.add(candidate)
        return candidate


def _fill_numbers(fill: Fill | None) -> list[float]:
    if fill is None or isinstance(fill, SolidFill):
        return []
    geometry = (*fill.start, *fill.end) if isinstance(fill, LinearGradient) else (*fill.center, *fill.radius)
    return [float(v) for v in geometry]


def _decode_illustrator_id(value: str | None) -> str | None:
    """Illustrator writes layer names as ids, escaping characters: `Layer_x20_2` → `Layer 2`."""
    if not value:
        return None
    return re.sub(r"_x([0-9A-Fa-f]{2,4})_", lambda m: chr(int(m[1], 16)), value)
