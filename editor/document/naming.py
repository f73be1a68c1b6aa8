"""Meaningful names: shapes after their colour and role, layers after their depth.

A shape is named after the nearest CSS named colour in CIELAB (CIEDE2000 distance), then its
role where the method that placed it knew one, with a number when the name repeats in the
document ("Gold", "Gold 2", "Dark brown shadow"). Only names nobody chose are replaced: an
optimizer shape's id-like default or an earlier automatic name. Ids never change.
"""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
from skimage.color import deltaE_ciede2000, rgb2lab

from editor.document.color_names import NAMED_COLORS
from editor.document.model import RGBA, Document, Origin, Role, Shape, fill_colors

_DEPTH_NAMES = ("Base", "Shapes")
_AUTOMATIC_NAME = re.compile(
    "^(" + "|".join(re.escape(name) for name, _ in NAMED_COLORS) + ")"
    "( (" + "|".join(role.value for role in Role) + r"))?( \d+)?$"
)


def depth_layer_name(index: int) -> str:
    """The name of the `index`-th layer a trace adds, bottom first: Base, Shapes, Details 1…"""
    if index < len(_DEPTH_NAMES):
        return _DEPTH_NAMES[index]
    return f"Details {index - len(_DEPTH_NAMES) + 1}"


@lru_cache(maxsize=1)
def _palette_lab() -> np.ndarray:
    rgb = np.array([[int(h[i:i + 2], 16) for i in (1, 3, 5)] for _, h in NAMED_COLORS]) / 255.0
    return rgb2lab(rgb[None, :, :])[0]


def color_name(color: RGBA) -> str:
    """The CSS named colour nearest to `color` (its alpha is ignored)."""
    rgb = np.clip(np.asarray(color[:3], dtype=np.float64), 0.0, 1.0)
    lab = rgb2lab(rgb[None, None, :])[0, 0]
    distance = deltaE_ciede2000(_palette_lab(), lab[None, :])
    return NAMED_COLORS[int(np.argmin(distance))][0]


def shape_color(shape: Shape) -> RGBA | None:
    """The colour a designer sees: the fill's (a gradient's mean stop), else the stroke's."""
    colors = fill_colors(shape.fill) if shape.closed else []
    if colors:
        mean = np.mean(np.asarray(colors, dtype=np.float64), axis=0)
        return (float(mean[0]), float(mean[1]), float(mean[2]), float(mean[3]))
    return shape.stroke


def has_automatic_name(shape: Shape) -> bool:
    """True when nobody chose the shape's name: its id, or a name given by colour earlier."""
    return shape.name == shape.id or _AUTOMATIC_NAME.match(shape.name) is not None


def automatic_name(color: RGBA, role: Role | None) -> str:
    """A shape's name before numbering: "Gold", or "Gold highlight" with its role."""
    name = color_name(color)
    return f"{name} {role.value}" if role is not None else name


def name_shapes_by_color(doc: Document) -> int:
    """Name the optimizer's unlocked shapes that have automatic names after their colour and
    role, in paint order, numbering repeats; other shapes keep their names and reserve them.
    Returns how many names changed."""
    renamed = [s for layer, s in doc.iter_shapes()
               if s.origin == Origin.OPTIMIZER and not (layer.locked or s.locked) and has_automatic_name(s)]
    renamed_ids = {s.id for s in renamed}
    taken = {s.name for s in doc.all_shapes() if s.id not in renamed_ids}
    changed = 0
    for shape in renamed:
        color = shape_color(shape)
        if color is None:
            continue
        base = automatic_name(color, shape.role)
        name, n = base, 1
        while name in taken:
            n += 1
            name = f"{base} {n}"
        taken.add(name)
        changed += name != shape.name
        shape.name = name
    return changed
