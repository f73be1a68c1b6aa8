"""Layertrace's Inkscape effects (Extensions ▸ Layertrace):

- TraceBitmap: the selected <image> traced into Inkscape layers, stacked directly above
  the layer holding the image and placed exactly over it.
- RefinePaths: the selected paths and shapes over a selected <image> optimized against it
  (geometry and fill, gradients kept) and written back in place, with the same ids.

Runs in Inkscape's Python (inkex, the standard library); the tracing runs in Layertrace's
environment (`layertrace_tracer`). Every problem with the input raises AbortExtension
before the document is touched, so Inkscape shows the message and keeps the document.
"""
from __future__ import annotations

import argparse
import os
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import inkex
from inkex import Transform
from layertrace_image import RasterImage, pixel_transform, read_image
from layertrace_tracer import Tracer

_LAYER = "layer"
_GROUPMODE = "inkscape:groupmode"
_URL = re.compile(r"url\(\s*#([^)\s]+)\s*\)")
REFINABLE = ("path", "rect", "circle", "ellipse", "polygon", "polyline")
_PRIMITIVE_GEOMETRY = ("x", "y", "width", "height", "rx", "ry", "cx", "cy", "r", "points")
_GRADIENTS = ("linearGradient", "radialGradient")
_INKSCAPE_NS = "http://www.inkscape.org/namespaces/inkscape"
_SODIPODI_NS = "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"


@dataclass
class Placed:
    """The selected image: its element, pixels, and pixel → document transform."""

    element: inkex.Image
    raster: RasterImage
    to_document: Transform


class LayertraceEffect(inkex.EffectExtension):
    """What both effects share: the selected image, the tracer, id bookkeeping."""

    def add_arguments(self, pars: argparse.ArgumentParser) -> None:
        pars.add_argument("--tab", default="options", help="the dialog's open tab (unused)")
        pars.add_argument("--size", type=int, default=256, help="working size of the long side (px)")
        pars.add_argument("--seed", type=int, default=0, help="random seed")
        pars.add_argument("--timeout", type=int, default=600, help="seconds before giving up")

    def selected_image(self) -> Placed:
        if not self.svg.selection:
            raise inkex.AbortExtension("Nothing is selected: select a bitmap image first.")
        images = [e for e in self._selected_elements() if isinstance(e, inkex.Image)]
        if not images:
            raise inkex.AbortExtension("The selection holds no bitmap image: select an <image> to trace.")
        if len(images) > 1:
            ids = ", ".join(e.get("id") or "?" for e in images)
            raise inkex.AbortExtension(f"Several images are selected ({ids}): select only one.")
        element = images[0]
        raster = read_image(element, self.svg_path())
        return Placed(element, raster, pixel_transform(element, raster.width, raster.height))

    def _selected_elements(self) -> list[inkex.BaseElement]:
        """The selection in paint order, selected groups (not layers) opened."""
        found: list[inkex.BaseElement] = []
        for element in self.svg.selection.rendering_order().values():
            if isinstance(element, inkex.Group) and not _is_layer(element):
                found += [e for e in element.descendants() if e is not element]
            else:
                found.append(element)
        return found

    def run_tracer(self, placed: Placed, folder: str, args: list[str]) -> None:
        image_path = os.path.join(folder, f"image.{placed.raster.suffix}")
        with open(image_path, "wb") as stream:
            stream.write(placed.raster.data)
        common = ["--size", str(self.options.size), "--seed", str(self.options.seed)]
        Tracer.configured().run([args[0], image_path, *args[1:], *common], folder, self.options.timeout)

    def unique_id(self, prefix: str, taken: set[str]) -> str:
        """`prefix`-N with the smallest N not used in the document (deterministic)."""
        number = 1
        while f"{prefix}-{number}" in taken:
            number += 1
        taken.add(f"{prefix}-{number}")
        return f"{prefix}-{number}"

    def document_ids(self) -> set[str]:
        return {e.get("id") for e in self.svg.iter() if e.get("id")}


class TraceBitmap(LayertraceEffect):
    """Extensions ▸ Layertrace ▸ Trace bitmap…"""

    def add_arguments(self, pars: argparse.ArgumentParser) -> None:
        super().add_arguments(pars)
        pars.add_argument("--method", default="layerwise", help="Layertrace's vectorization method")
        pars.add_argument("--paths", type=int, default=32, help="paths in the result")
        pars.add_argument("--original", choices=("keep", "hide", "remove"), default="keep",
                          help="what happens to the traced image")
        pars.add_argument("--params", default="", help="more method parameters: NAME=VALUE ...")
        pars.add_argument("--cleanup", type=inkex.Boolean, default=True,
                          help="clean the trace up (merge, remove buried shapes, simplify)")

    def effect(self) -> None:
        placed = self.selected_image()
        options = ["--method", self.options.method, "--paths", str(self.options.paths)]
        for item in self.options.params.replace(",", " ").split():
            options += ["--param", item]
        if not self.options.cleanup:
            options.append("--no-cleanup")
        with tempfile.TemporaryDirectory(prefix="layertrace-") as folder:
            output = os.path.join(folder, "traced.svg")
            self.run_tracer(placed, folder, ["trace", output, *options])
            traced = inkex.load_svg(output).getroot()
        self.insert_layers(placed, traced)
        if self.options.original == "hide":
            placed.element.style["display"] = "none"
        elif self.options.original == "remove":
            placed.element.delete()

    def insert_layers(self, placed: Placed, traced: inkex.SvgDocumentElement) -> None:
        """The traced layers, bottom first, right above the layer holding the image."""
        anchor = _holding_layer(placed.element)
        parent = anchor.getparent()
        # Scale the traced picture (its pixel units may differ if Layertrace saw another size).
        scale = Transform(scale=(placed.raster.width / _number(traced.get("width"), placed.raster.width),
                                 placed.raster.height / _number(traced.get("height"), placed.raster.height)))
        placement = -parent.composed_transform() @ placed.to_document @ scale
        ids = self.document_ids()
        renamed = _rename_ids(traced, ids, self.unique_id)
        layers = []
        for child in list(traced):
            if _is_layer(child):
                layers.append(child)
            elif child.TAG in ("rect", "path"):  # the traced background
                layers.append(_wrap_in_layer(child, "Background", self.unique_id("layertrace-layer", ids)))
        for gradient in traced.iter(*(f"{{http://www.w3.org/2000/svg}}{g}" for g in _GRADIENTS)):
            self.svg.defs.append(gradient)
        index = parent.index(anchor)
        for offset, layer in enumerate(layers, start=1):
            _retarget_urls(layer, renamed)
            layer.set("transform", str(placement))
            parent.insert(index + offset, layer)


class RefinePaths(LayertraceEffect):
    """Extensions ▸ Layertrace ▸ Refine selected paths to bitmap"""

    def add_arguments(self, pars: argparse.ArgumentParser) -> None:
        super().add_arguments(pars)
        pars.add_argument("--steps", type=int, default=200, help="optimizer steps")

    def effect(self) -> None:
        placed = self.selected_image()
        shapes = [e for e in self._selected_elements() if e.TAG in REFINABLE]
        if not shapes:
            raise inkex.AbortExtension(
                "No paths or shapes are selected with the image: select the shapes to refine "
                "(path, rect, circle, ellipse, polygon) together with the image they lie on."
            )
        to_pixels = -placed.to_document
        frames = {}
        for shape in shapes:
            frames[shape.get_id()] = to_pixels @ shape.composed_transform()
        _check_overlap(shapes, frames, placed.raster)
        with tempfile.TemporaryDirectory(prefix="layertrace-") as folder:
            request = os.path.join(folder, "shapes.svg")
            with open(request, "w", encoding="utf-8") as stream:
                stream.write(self.shapes_svg(shapes, frames, placed.raster))
            result = os.path.join(folder, "refined.svg")
            self.run_tracer(placed, folder, ["refine", request, result, "--steps", str(self.options.steps)])
            refined = inkex.load_svg(result).getroot()
        by_id = {e.get("id"): e for e in refined.iter() if e.get("id")}
        ids = self.document_ids()
        for shape in shapes:
            path = by_id.get(shape.get("id"))
            if path is not None:
                self.write_back(shape, path, frames[shape.get("id")], by_id, ids)

    def shapes_svg(self, shapes: list[inkex.ShapeElement], frames: dict[str, Transform],
                   raster: RasterImage) -> str:
        """The shapes in the image's pixel frame, ids kept, as an SVG Layertrace reads."""
        body: list[str] = []
        defs: list[str] = []
        for shape in shapes:
            frame = frames[shape.get("id")]
            d = shape.path.to_absolute().transform(frame)
            style = shape.specified_style()
            paint = []
            fill = style.get("fill", "black")
            gradient = self._gradient_of(fill)
            if gradient is not None:
                gid = f"g{len(defs)}"
                defs.append(_flat_gradient(gradient, gid, frame, shape))
                paint.append(f'fill="url(#{gid})"')
            else:
                paint.append(f'fill="{_attr(fill if "url(" not in fill else "black")}"')
            opacity = _number(style.get("fill-opacity"), 1.0) * _number(shape.style.get("opacity"), 1.0)
            paint.append(f'fill-opacity="{opacity:.6g}" fill-rule="{_attr(style.get("fill-rule", "nonzero"))}"')
            stroke = style.get("stroke", "none")
            if stroke != "none" and "url(" not in stroke:
                width = _number(style.get("stroke-width"), 1.0) * _mean_scale(frame)
                paint.append(f'stroke="{_attr(stroke)}" stroke-width="{width:.6g}" '
                             f'stroke-opacity="{_number(style.get("stroke-opacity"), 1.0):.6g}"')
            body.append(f'<path id="{_attr(shape.get("id"))}" d="{d}" {" ".join(paint)}/>')
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{raster.width}" height="{raster.height}" '
            f'viewBox="0 0 {raster.width} {raster.height}"><defs>{"".join(defs)}</defs>'
            f'<g id="refine-layer">{"".join(body)}</g></svg>'
        )

    def _gradient_of(self, paint: str) -> inkex.BaseElement | None:
        match = _URL.search(paint or "")
        element = self.svg.getElementById(match.group(1)) if match else None
        return element if element is not None and element.TAG in _GRADIENTS else None

    def write_back(self, shape: inkex.ShapeElement, refined: inkex.BaseElement, frame: Transform,
                   by_id: dict[str, inkex.BaseElement], ids: set[str]) -> None:
        """New geometry and fill into the designer's element (a <path> in its place for
        rect, circle, ellipse and polygon); its id, layer, stroke and the rest stay."""
        to_local = -frame
        if shape.TAG != "path":
            shape = _as_path(shape)
        shape.set("d", str(inkex.Path(refined.get("d")).transform(to_local)))
        fill = refined.get("fill", "none")
        own_opacity = _number(shape.style.get("opacity"), 1.0)
        alpha = min(_number(refined.get("fill-opacity"), 1.0) / max(own_opacity, 1e-6), 1.0)
        match = _URL.search(fill)
        if match and match.group(1) in by_id:
            old = self._gradient_of(shape.specified_style().get("fill", ""))
            gradient = by_id[match.group(1)]
            gradient.set("id", self.unique_id(old.get("id") if old is not None else "refined-fill", ids))
            gradient.set("gradientTransform", str(to_local @ Transform(gradient.get("gradientTransform"))))
            self.svg.defs.append(gradient)
            shape.style["fill"] = f"url(#{gradient.get('id')})"
            if old is not None and not _referenced(self.svg, old.get("id")):
                old.delete()
        else:
            shape.style["fill"] = fill
        shape.style["fill-opacity"] = f"{alpha:.4g}"


# ------------------------------------------------------------------------------ helpers


def _is_layer(element: inkex.BaseElement) -> bool:
    return element.get(_GROUPMODE) == _LAYER


def _holding_layer(element: inkex.BaseElement) -> inkex.BaseElement:
    """The nearest layer above `element`; without one, its top-level ancestor."""
    node = element
    while node.getparent() is not None:
        parent = node.getparent()
        if _is_layer(parent):
            return parent
        if parent.getparent() is None:
            return node
        node = parent
    return node


def _wrap_in_layer(element: inkex.BaseElement, label: str, layer_id: str) -> inkex.Layer:
    """A locked layer holding `element` (the editor locks its background the same way)."""
    layer = inkex.Layer.new(label, id=layer_id)
    layer.set("sodipodi:insensitive", "true")
    element.attrib.pop(f"{{{_INKSCAPE_NS}}}label", None)
    element.attrib.pop(f"{{{_SODIPODI_NS}}}insensitive", None)
    layer.append(element)
    return layer


def _rename_ids(root: inkex.BaseElement, taken: set[str],
                unique: Callable[[str, set[str]], str]) -> dict[str, str]:
    """Give every element of the traced document a fresh id unique in the host document."""
    renamed = {}
    for element in root.iter():
        old = element.get("id")
        if old and element is not root:
            kind = "fill" if element.TAG in _GRADIENTS else _LAYER if _is_layer(element) else element.TAG
            renamed[old] = unique(f"layertrace-{kind}", taken)
            element.set("id", renamed[old])
    return renamed


def _retarget_urls(root: inkex.BaseElement, renamed: dict[str, str]) -> None:
    for element in root.iter():
        for name in ("fill", "stroke", "style"):
            value = element.get(name)
            if value and "url(" in value:
                element.set(name, _URL.sub(lambda m: f"url(#{renamed.get(m.group(1), m.group(1))})", value))


def _referenced(svg: inkex.SvgDocumentElement, element_id: str) -> bool:
    reference = re.compile(rf"(^|url\(\s*)#{re.escape(element_id)}\s*(\)|$)")
    return any(reference.search(value) for element in svg.iter() for value in element.attrib.values())


def _flat_gradient(gradient: inkex.BaseElement, gid: str, frame: Transform,
                   shape: inkex.ShapeElement) -> str:
    """`gradient` (its href chain followed) in the pixel frame, user-space units."""
    chain = [gradient]
    while True:
        target = chain[-1].href if hasattr(chain[-1], "href") else None
        if target is None or target in chain or len(chain) > 16:
            break
        chain.append(target)

    def attribute(name: str, default: str | None = None) -> str | None:
        return next((g.get(name) for g in chain if g.get(name) is not None), default)

    geometry = Transform(attribute("gradientTransform"))
    if attribute("gradientUnits", "objectBoundingBox") == "objectBoundingBox":
        box = shape.path.bounding_box()
        if box is not None:  # an empty path has no box: its gradient keeps the unit square
            geometry = Transform(translate=(box.left, box.top)) @ Transform(scale=(box.width or 1, box.height or 1)) @ geometry
    names: dict[str, str | None]
    if gradient.TAG == "linearGradient":
        names = {"x1": "0", "y1": "0", "x2": "1", "y2": "0"}
    else:
        names = {"cx": "0.5", "cy": "0.5", "r": "0.5"}
        names.update(fx=attribute("cx", "0.5"), fy=attribute("cy", "0.5"))
    coords = " ".join(f'{name}="{_attr(attribute(name, default))}"' for name, default in names.items())
    holder = next((g for g in chain if len(g.findall("{http://www.w3.org/2000/svg}stop"))), gradient)
    stops = "".join(
        f'<stop offset="{_attr(stop.get("offset", "0"))}" style="{_attr(str(stop.cascaded_style()))}"/>'
        for stop in holder.findall("{http://www.w3.org/2000/svg}stop")
    )
    return (f'<{gradient.TAG} id="{gid}" gradientUnits="userSpaceOnUse" '
            f'gradientTransform="{frame @ geometry}" {coords}>{stops}</{gradient.TAG}>')


def _as_path(shape: inkex.ShapeElement) -> inkex.PathElement:
    """A <path> that replaces a primitive in place: same id, attributes and position."""
    path = inkex.PathElement()
    for name, value in shape.attrib.items():
        if name not in _PRIMITIVE_GEOMETRY:
            path.set(name, value)
    shape.getparent().replace(shape, path)
    return path


def _check_overlap(shapes: Iterable[inkex.ShapeElement], frames: dict[str, Transform],
                   raster: RasterImage) -> None:
    outside = []
    for shape in shapes:
        box = shape.path.transform(frames[shape.get("id")]).bounding_box()
        if box is None or box.right < 0 or box.bottom < 0 or box.left > raster.width or box.top > raster.height:
            outside.append(shape.get("id"))
    if outside:
        raise inkex.AbortExtension(
            f"These shapes do not lie over the selected image: {', '.join(outside)}. "
            "Select only shapes drawn over it."
        )


def _mean_scale(transform: Transform) -> float:
    return abs(transform.a * transform.d - transform.b * transform.c) ** 0.5


def _number(value: object, default: float) -> float:
    """A number attribute or property ("50%" is 0.5); `default` when absent or unreadable."""
    text = str(value).strip() if value is not None else ""
    try:
        return float(text[:-1]) / 100.0 if text.endswith("%") else float(text)
    except ValueError:
        return default


def _attr(value: str | None) -> str:
    return (value or "").replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
