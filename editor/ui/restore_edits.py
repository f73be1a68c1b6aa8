"""The session edits that turn one document state into another.

Undoing optimizer progress while a trace runs restores a whole earlier document. Sending
the difference as ordinary edits keeps the session (its Adam state, its method's place in
the schedule) instead of starting a new one, which would re-run the method from stage one.
"""
from __future__ import annotations

import numpy as np

from editor.document import Document, Shape
from editor.document.contours import same_contours
from editor.engine import edits as ed

Touched = tuple[ed.Edit, tuple[str, ...]]  # an edit and the ids whose GUI state it settles


def _same_stroke(a: Shape, b: Shape) -> bool:
    return a.stroke == b.stroke and a.stroke_width == b.stroke_width


def edits_between(current: Document, target: Document) -> list[Touched]:
    """Edits that make a session holding `current` hold `target`, applied in order."""
    edits: list[Touched] = []
    now_layers = {layer.id: layer for layer in current.layers}
    now_shapes = {s.id: s for s in current.all_shapes()}
    want_layers = {layer.id for layer in target.layers}
    want_shapes = {s.id: s for s in target.all_shapes()}
    # A changed stroke has no edit of its own: such shapes are removed and added again.
    replaced = {i for i, s in want_shapes.items() if i in now_shapes and not _same_stroke(s, now_shapes[i])}

    for layer in current.layers:
        if layer.id not in want_layers:
            edits.append((ed.DeleteEdit(layer.id), (layer.id, *(s.id for s in layer.shapes))))
    for layer in current.layers:
        if layer.id in want_layers:
            for shape in layer.shapes:
                if shape.id not in want_shapes or shape.id in replaced:
                    edits.append((ed.DeleteEdit(shape.id), (shape.id,)))

    for layer in target.layers:
        old = now_layers.get(layer.id)
        if old is None:
            edits.append((ed.AddLayerEdit(layer.name, None, layer.id), (layer.id,)))
        if old is None or old.visible != layer.visible:
            edits.append((ed.SetVisibleEdit(layer.id, layer.visible), (layer.id,)))
        if old is None or old.locked != layer.locked:
            edits.append((ed.SetLockedEdit(layer.id, layer.locked), (layer.id,)))
        # the i-th shape goes to index i: the first i are in place, leftovers sit above
        for position, shape in enumerate(layer.shapes):
            edits += _shape_edits(now_shapes.get(shape.id), shape, layer.id, position, replaced)
    for index, layer in enumerate(target.layers):
        edits.append((ed.MoveLayerEdit(layer.id, index), (layer.id,)))
    return edits


def _shape_edits(old: Shape | None, shape: Shape, layer_id: str, position: int,
                 replaced: set[str]) -> list[Touched]:
    ids = (shape.id,)
    if old is None or shape.id in replaced:
        return [(ed.AddShapeEdit(shape.copy(), layer_id, position), ids)]
    edits: list[Touched] = [(ed.MoveShapeEdit(shape.id, layer_id, position), ids)]
    if old.closed != shape.closed or old.points.shape != shape.points.shape \
            or not np.array_equal(old.points, shape.points) or not same_contours(old.subpaths, shape.subpaths):
        subpaths = tuple(p.copy() for p in shape.subpaths)
        edits.append((ed.SetGeometryEdit(shape.id, shape.points.copy(), shape.closed, subpaths), ids))
    if old.fill != shape.fill:
        edits.append((ed.SetFillEdit(shape.id, shape.fill), ids))
    if old.visible != shape.visible:
        edits.append((ed.SetVisibleEdit(shape.id, shape.visible), ids))
    if old.locked != shape.locked:
        edits.append((ed.SetLockedEdit(shape.id, shape.locked), ids))
    return edits
