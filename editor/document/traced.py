"""The optimizer's shapes in a document (`Shape.origin`), apart from the designer's: what
"Trace again" clears, and what reverting to a checkpoint takes back.

A checkpoint is a whole earlier document, but reverting to it must not undo what the
designer did since (a lock, a drawn shape, a new layer): those are the designer's history.
"""
from __future__ import annotations

from editor.document.model import Document, Layer, Origin, Shape


def _frozen(layer: Layer, shape: Shape) -> bool:
    return layer.locked or shape.locked


def revert_optimizer_work(live: Document, saved: Document) -> Document:
    """`live` with the optimizer's work since `saved` undone, as a new document.

    Unlocked shapes that both have take the saved geometry and paint; shapes the
    optimizer placed after `saved` go, with the layers that only held them; everything
    the designer locked, drew, moved between layers, renamed, hid or deleted stays so.
    """
    before = {s.id: s for s in saved.all_shapes()}
    saved_layers = {layer.id for layer in saved.layers}
    doc = live.copy()
    for layer in doc.layers:
        kept = []
        for shape in layer.shapes:
            old = before.get(shape.id)
            if old is None and shape.origin == Origin.OPTIMIZER and not _frozen(layer, shape):
                continue  # placed after the checkpoint
            if old is not None and not _frozen(layer, shape):
                shape.points, shape.closed = old.points.copy(), old.closed
                shape.subpaths = [p.copy() for p in old.subpaths]
                shape.primitive = old.primitive
                shape.fill, shape.stroke, shape.stroke_width = old.fill, old.stroke, old.stroke_width
            kept.append(shape)
        layer.shapes = kept
    emptied = {layer.id for layer in live.layers if layer.shapes} - saved_layers
    doc.layers = [la for la in doc.layers if la.shapes or la.id not in emptied]
    return doc


def replaceable(doc: Document) -> list[str]:
    """What "Trace again" removes: the optimizer's unlocked shapes, as whole layers where a
    layer holds nothing else (a stage's layer) and as shapes elsewhere."""
    ids: list[str] = []
    for layer in doc.layers:
        if layer.locked:
            continue
        gone = [s.id for s in layer.shapes if s.origin == Origin.OPTIMIZER and not s.locked]
        ids += [layer.id] if gone and len(gone) == len(layer.shapes) else gone
    return ids
