"""The document: a canvas with a background and an ordered stack of layers of Bézier shapes.

Plain data (dataclasses + numpy), no torch and no Qt, so every part of Layertrace — the
engine, SVG I/O, the editor — can share it. Coordinates are user units (pixels of the
canvas), colours are straight (non-premultiplied) RGBA floats in [0, 1].
"""
from __future__ import annotations

import copy
import itertools
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum

import numpy as np

from editor.document.primitives import Primitive

RGBA = tuple[float, float, float, float]


def new_id(prefix: str) -> str:
    """A unique id that is also a valid XML id (SVG export uses it as-is)."""
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


class FillRule(str, Enum):
    NONZERO = "nonzero"
    EVENODD = "evenodd"


class Origin(str, Enum):
    """Who made a shape. Clean-up only ever changes the optimizer's shapes; anything not
    known to come from the optimizer (drawn, imported, from an old project) is the designer's."""

    DESIGNER = "designer"
    OPTIMIZER = "optimizer"


class Role(str, Enum):
    """What a shape is in the picture, where the method that placed it knows (its name then
    says so: "Gold highlight")."""

    HIGHLIGHT = "highlight"  # lighter than the paint it lies on
    SHADOW = "shadow"  # darker than the paint it lies on
    LINE = "line"  # a thin dark line drawn over other paint
    # Mostly hidden under the shapes above it, it paints their anti-aliased edges and seams
    # (given by clean-up to a shape it keeps although less than 5 % of it shows).
    UNDERLAY = "underlay"


@dataclass
class GradientStop:
    offset: float
    color: RGBA


@dataclass
class SolidFill:
    color: RGBA


@dataclass
class LinearGradient:
    start: tuple[float, float]
    end: tuple[float, float]
    stops: list[GradientStop]


@dataclass
class RadialGradient:
    """An axis-aligned elliptical radial gradient: t = |(p - center) / radius|.

    A circle when both radii are equal; exported with a gradientTransform otherwise.
    """

    center: tuple[float, float]
    radius: tuple[float, float]
    stops: list[GradientStop]


Fill = SolidFill | LinearGradient | RadialGradient


def _as_points(points: np.ndarray | list) -> np.ndarray:
    arr = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    return arr


@dataclass(eq=False)
class Shape:
    """One path of cubic Bézier segments, possibly with further closed contours.

    `points` holds the control points. A closed path of S segments has 3·S points
    (segment k is points[3k], points[3k+1], points[3k+2], points[(3k+3) % N]); an open path
    has 3·S + 1. Open paths are drawn with their stroke only.

    `subpaths` are further closed contours of the same shape (holes or islands), each in
    the closed layout of `points`. All contours are filled together under `fill_rule`
    (diffvg's shape group over several paths; SVG's `d="M… Z M… Z"`), so a hole is a
    contour that winds the other way (nonzero) or any inner contour (evenodd).
    """

    points: np.ndarray
    closed: bool = True
    fill: Fill | None = None
    fill_rule: FillRule = FillRule.NONZERO
    stroke: RGBA | None = None
    stroke_width: float = 0.0
    name: str = ""
    id: str = field(default_factory=lambda: new_id("path"))
    visible: bool = True
    locked: bool = False
    subpaths: list[np.ndarray] = field(default_factory=list)
    origin: Origin = Origin.DESIGNER
    primitive: Primitive | None = None  # the circle/ellipse/rect the points trace, if any
    role: Role | None = None

    def __post_init__(self) -> None:
        self.points = _as_points(self.points)
        self.subpaths = [_as_points(p) for p in self.subpaths]
        if not self.name:
            self.name = self.id

    @property
    def contours(self) -> list[np.ndarray]:
        """Every contour's control points: `points` first, then the subpaths."""
        return [self.points, *self.subpaths]

    @property
    def num_segments(self) -> int:
        n = len(self.points)
        return n // 3 if self.closed else max((n - 1) // 3, 0)

    def segments(self) -> np.ndarray:
        """The control points of every segment, shape (S, 4, 2)."""
        s = self.num_segments
        idx = np.arange(s)[:, None] * 3 + np.arange(4)[None, :]
        if self.closed:
            idx %= len(self.points)
        return self.points[idx]

    def bounds(self) -> tuple[float, float, float, float]:
        """(x0, y0, x1, y1) of the control points of every contour (a superset of the
        curve's bounds)."""
        every = np.concatenate(self.contours) if self.subpaths else self.points
        lo = every.min(axis=0)
        hi = every.max(axis=0)
        return float(lo[0]), float(lo[1]), float(hi[0]), float(hi[1])

    def copy(self) -> Shape:
        return copy.deepcopy(self)


@dataclass(eq=False)
class Layer:
    name: str = ""
    shapes: list[Shape] = field(default_factory=list)  # bottom to top
    id: str = field(default_factory=lambda: new_id("layer"))
    visible: bool = True
    locked: bool = False

    def __post_init__(self) -> None:
        if not self.name:
            self.name = self.id


@dataclass(eq=False)
class Document:
    width: float
    height: float
    background: RGBA | None = (1.0, 1.0, 1.0, 1.0)  # None: transparent
    layers: list[Layer] = field(default_factory=list)  # bottom to top

    def iter_shapes(self) -> Iterator[tuple[Layer, Shape]]:
        """Every shape with its layer, in paint order (bottom first)."""
        for layer in self.layers:
            for shape in layer.shapes:
                yield layer, shape

    def all_shapes(self) -> list[Shape]:
        return [shape for _, shape in self.iter_shapes()]

    def drawn_shapes(self) -> list[Shape]:
        """The shapes that appear in the image: visible themselves and in a visible layer."""
        return [s for layer, s in self.iter_shapes() if layer.visible and s.visible]

    def find_shape(self, shape_id: str) -> tuple[Layer, Shape] | None:
        for layer, shape in self.iter_shapes():
            if shape.id == shape_id:
                return layer, shape
        return None

    def locate_shape(self, shape_id: str) -> tuple[Layer, Shape]:
        """The layer and the shape with this id, for an id the caller knows is live; KeyError
        when the document holds no such shape."""
        found = self.find_shape(shape_id)
        if found is None:
            raise KeyError(shape_id)
        return found

    def find_layer(self, layer_id: str) -> Layer | None:
        return next((layer for layer in self.layers if layer.id == layer_id), None)

    def find_item(self, item_id: str) -> Layer | Shape | None:
        """The layer or the shape with this id."""
        layer = self.find_layer(item_id)
        if layer is not None:
            return layer
        found = self.find_shape(item_id)
        return found[1] if found else None

    def is_shape_locked(self, shape_id: str) -> bool:
        found = self.find_shape(shape_id)
        return found is not None and (found[0].locked or found[1].locked)

    def is_shape_editable(self, shape_id: str) -> bool:
        """Visible and unlocked, itself and its layer: what the designer can select and the
        optimizer may change."""
        found = self.find_shape(shape_id)
        if found is None:
            return False
        layer, shape = found
        return layer.visible and shape.visible and not (layer.locked or shape.locked)

    # The mutators the editor's controller and the optimizer's session share. Each raises
    # KeyError for an id the document does not hold, before changing anything.

    def insert_shape(self, shape: Shape, layer: Layer, index: int | None = None) -> None:
        """Put `shape` into `layer` at paint index `index` (bottom first; None: on top)."""
        layer.shapes.insert(len(layer.shapes) if index is None else index, shape)

    def insert_layer(self, layer: Layer, index: int | None = None) -> None:
        self.layers.insert(len(self.layers) if index is None else index, layer)

    def remove_shape(self, shape_id: str) -> tuple[Layer, int, Shape]:
        """Take a shape out; (its layer, its index there, the shape)."""
        layer, shape = self.locate_shape(shape_id)
        index = layer.shapes.index(shape)
        del layer.shapes[index]
        return layer, index, shape

    def remove_layer(self, layer_id: str) -> tuple[int, Layer]:
        """Take a layer (with its shapes) out; (its index, the layer)."""
        layer = self._layer(layer_id)
        index = self.layers.index(layer)
        del self.layers[index]
        return index, layer

    def remove_item(self, item_id: str) -> list[str]:
        """Take out a layer or a shape; the ids of the shapes that left the document."""
        if self.find_layer(item_id) is not None:
            return [s.id for s in self.remove_layer(item_id)[1].shapes]
        self.remove_shape(item_id)
        return [item_id]

    def move_shape(self, shape_id: str, layer_id: str, index: int | None = None) -> None:
        """Put a shape into layer `layer_id` at paint index `index` (bottom first; None: on top)."""
        target = self._layer(layer_id)
        shape = self.remove_shape(shape_id)[2]
        self.insert_shape(shape, target, index)

    def move_layer(self, layer_id: str, index: int) -> None:
        layer = self._layer(layer_id)
        self.layers.remove(layer)
        self.layers.insert(index, layer)

    def _layer(self, layer_id: str) -> Layer:
        layer = self.find_layer(layer_id)
        if layer is None:
            raise KeyError(layer_id)
        return layer

    def add_layer(self, name: str = "") -> Layer:
        layer = Layer(name=name or f"Layer {len(self.layers) + 1}")
        self.layers.append(layer)
        return layer

    def copy(self) -> Document:
        return copy.deepcopy(self)

    def unique_ids(self) -> bool:
        ids = [layer.id for layer in self.layers] + [s.id for s in self.all_shapes()]
        return len(ids) == len(set(ids))


def fill_colors(fill: Fill | None) -> list[RGBA]:
    """The colours a fill uses (one for solid, one per stop for gradients)."""
    if fill is None:
        return []
    if isinstance(fill, SolidFill):
        return [fill.color]
    return [stop.color for stop in fill.stops]


def circle_points(cx: float, cy: float, r: float, segments: int = 4) -> np.ndarray:
    """Control points of a closed cubic approximation of a circle (LIVE's initial shape)."""
    k = 4.0 / 3.0 * np.tan(np.pi / (2 * segments))
    pts = []
    for i in range(segments):
        a0 = 2 * np.pi * i / segments
        a1 = 2 * np.pi * (i + 1) / segments
        p0 = np.array([np.cos(a0), np.sin(a0)])
        p3 = np.array([np.cos(a1), np.sin(a1)])
        t0 = np.array([-np.sin(a0), np.cos(a0)])
        t1 = np.array([-np.sin(a1), np.cos(a1)])
        pts += [p0, p0 + k * t0, p3 - k * t1]
    return np.array(pts) * r + np.array([cx, cy])


def rect_points(x: float, y: float, w: float, h: float) -> np.ndarray:
    """A closed 4-segment path along a rectangle (straight cubic segments)."""
    corners = np.array([[x, y], [x + w, y], [x + w, y + h], [x, y + h]], dtype=np.float64)
    pts = []
    for a, b in itertools.pairwise(np.vstack([corners, corners[:1]])):
        pts += [a, a + (b - a) / 3, a + 2 * (b - a) / 3]
    return np.array(pts)
