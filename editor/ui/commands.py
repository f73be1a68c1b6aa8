"""Undo commands: one small dataclass per kind of designer edit.

Each command holds just what it needs to go both ways and changes the document only
through the controller, so the canvas, the layers panel and a running session all follow.
`redo` runs once when the command is pushed.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from PySide6.QtGui import QUndoCommand

from editor.document import Document, Fill, Layer, Shape
from editor.document.fills import translate_fill
from editor.ui.controller import DocumentController


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


@dataclass(eq=False)
class SetFlagCommand(QUndoCommand):
    """Lock/unlock or show/hide items; `old` holds each item's previous value."""

    ctl: DocumentController
    flag: str  # "locked" or "visible"
    value: bool
    old: dict[str, bool]

    def __post_init__(self) -> None:
        verb = {("locked", True): "Lock", ("locked", False): "Unlock",
                ("visible", True): "Show", ("visible", False): "Hide"}[(self.flag, self.value)]
        super().__init__(f"{verb} {_plural(len(self.old), 'item')}")

    def _set(self, item_id: str, value: bool) -> None:
        if self.flag == "locked":
            self.ctl.set_locked(item_id, value)
        else:
            self.ctl.set_visible(item_id, value)

    def redo(self) -> None:
        with self.ctl.batch():
            for item_id in self.old:
                self._set(item_id, self.value)

    def undo(self) -> None:
        with self.ctl.batch():
            for item_id, value in self.old.items():
                self._set(item_id, value)


@dataclass(eq=False)
class RenameCommand(QUndoCommand):
    ctl: DocumentController
    item_id: str
    old: str
    new: str

    def __post_init__(self) -> None:
        super().__init__(f"Rename to “{self.new}”")

    def redo(self) -> None:
        self.ctl.rename(self.item_id, self.new)

    def undo(self) -> None:
        self.ctl.rename(self.item_id, self.old)


@dataclass(eq=False)
class AddShapeCommand(QUndoCommand):
    """A shape drawn by the designer; it joins the optimization at the next step."""

    ctl: DocumentController
    layer_id: str
    index: int
    shape: Shape
    label: str = "Add shape"

    def __post_init__(self) -> None:
        super().__init__(self.label)

    def redo(self) -> None:
        self.ctl.insert_shape(self.layer_id, self.index, self.shape)

    def undo(self) -> None:
        self.ctl.remove_shape(self.shape.id)


@dataclass(eq=False)
class AddLayerCommand(QUndoCommand):
    ctl: DocumentController
    index: int
    layer: Layer

    def __post_init__(self) -> None:
        super().__init__(f"Add layer “{self.layer.name}”")

    def redo(self) -> None:
        self.ctl.insert_layer(self.index, self.layer)

    def undo(self) -> None:
        self.ctl.remove_layer(self.layer.id)


@dataclass(eq=False)
class DeleteCommand(QUndoCommand):
    """Delete shapes and layers (a shape inside a deleted layer goes with its layer)."""

    ctl: DocumentController
    ids: list[str]
    _shapes: list[tuple[str, int, Shape]] = field(default_factory=list)
    _layers: list[tuple[int, Layer]] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(f"Delete {_plural(len(self.ids), 'item')}")

    def redo(self) -> None:
        layers = [i for i in self.ids if self.ctl.doc.find_layer(i) is not None]
        shapes = [i for i in self.ids if i not in layers
                  and (found := self.ctl.doc.find_shape(i)) and found[0].id not in layers]
        with self.ctl.batch():
            self._shapes = [self.ctl.remove_shape(i) for i in shapes]
            self._layers = [self.ctl.remove_layer(i) for i in layers]

    def undo(self) -> None:
        with self.ctl.batch():  # reverse order: every index is valid when it is reused
            for index, layer in reversed(self._layers):
                self.ctl.insert_layer(index, layer)
            for layer_id, index, shape in reversed(self._shapes):
                self.ctl.insert_shape(layer_id, index, shape)


@dataclass(eq=False)
class TranslateCommand(QUndoCommand):
    """Move shapes by (dx, dy), gradients along; relative, so it composes with the
    optimizer's own moves."""

    ctl: DocumentController
    ids: list[str]
    dx: float
    dy: float

    def __post_init__(self) -> None:
        super().__init__(f"Move {_plural(len(self.ids), 'shape')}")

    def _shift(self, dx: float, dy: float) -> None:
        with self.ctl.batch():
            for shape_id in self.ids:
                if self.ctl.doc.find_shape(shape_id) is not None:
                    shape = self.ctl.shape(shape_id)
                    self.ctl.set_points(shape_id, shape.points + (dx, dy),
                                        subpaths=[p + (dx, dy) for p in shape.subpaths])
                    fill = translate_fill(shape.fill, dx, dy)
                    if fill is not shape.fill:
                        self.ctl.set_fill(shape_id, fill)

    def redo(self) -> None:
        self._shift(self.dx, self.dy)

    def undo(self) -> None:
        self._shift(-self.dx, -self.dy)


@dataclass(eq=False)
class EditPointsCommand(QUndoCommand):
    """Node editing: every contour of a shape (`points`, then the subpaths) before and after."""

    ctl: DocumentController
    shape_id: str
    before: list[np.ndarray]
    after: list[np.ndarray]

    def __post_init__(self) -> None:
        super().__init__("Edit nodes")

    def redo(self) -> None:
        self.ctl.set_points(self.shape_id, self.after[0], subpaths=self.after[1:])

    def undo(self) -> None:
        self.ctl.set_points(self.shape_id, self.before[0], subpaths=self.before[1:])


@dataclass(eq=False)
class RecolorCommand(QUndoCommand):
    """A shape's fill before and after: a colour, a fill type switch, a gradient edit."""

    ctl: DocumentController
    shape_id: str
    before: Fill | None
    after: Fill | None
    label: str = "Recolor"

    def __post_init__(self) -> None:
        super().__init__(self.label)

    def redo(self) -> None:
        self.ctl.set_fill(self.shape_id, self.after)

    def undo(self) -> None:
        self.ctl.set_fill(self.shape_id, self.before)


@dataclass(eq=False)
class ReorderShapesCommand(QUndoCommand):
    """Move shapes (kept in paint order) into `layer_id` so the lowest lands at `index`,
    counted among the layer's shapes that are not being moved."""

    ctl: DocumentController
    ids: list[str]
    layer_id: str
    index: int
    _origin: list[tuple[str, str, int]] = field(default_factory=list)  # (shape, layer, index)

    def __post_init__(self) -> None:
        super().__init__(f"Reorder {_plural(len(self.ids), 'shape')}")

    def redo(self) -> None:
        order = {s.id: n for n, s in enumerate(self.ctl.doc.all_shapes())}
        moving = sorted((i for i in self.ids if i in order), key=order.__getitem__)
        self._origin = []
        for shape_id in moving:
            layer, shape = self.ctl.doc.locate_shape(shape_id)
            self._origin.append((shape_id, layer.id, layer.shapes.index(shape)))
        kept = [s for s in self.ctl.layer(self.layer_id).shapes if s.id not in moving]
        at = min(self.index, len(kept))
        with self.ctl.batch():  # all to the top of the target layer, then down into place
            for shape_id in moving:
                self.ctl.move_shape(shape_id, self.layer_id, None)
            for offset, shape_id in enumerate(moving):
                self.ctl.move_shape(shape_id, self.layer_id, at + offset)

    def undo(self) -> None:
        with self.ctl.batch():  # to the top of their layers, then back up from the bottom
            for shape_id, layer_id, _index in self._origin:
                self.ctl.move_shape(shape_id, layer_id, None)
            for shape_id, layer_id, index in sorted(self._origin, key=lambda o: o[2]):
                self.ctl.move_shape(shape_id, layer_id, index)


@dataclass(eq=False)
class ReorderLayersCommand(QUndoCommand):
    """Move layers (kept in stacking order) so the lowest lands at `index` among the rest."""

    ctl: DocumentController
    ids: list[str]
    index: int
    _before: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(f"Reorder {_plural(len(self.ids), 'layer')}")

    def redo(self) -> None:
        self._before = [layer.id for layer in self.ctl.doc.layers]
        moving = [i for i in self._before if i in self.ids]
        rest = [i for i in self._before if i not in self.ids]
        at = min(self.index, len(rest))
        self._arrange(rest[:at] + moving + rest[at:])

    def undo(self) -> None:
        self._arrange(self._before)

    def _arrange(self, order: list[str]) -> None:
        with self.ctl.batch():
            for index, layer_id in enumerate(order):
                if self.ctl.doc.layers[index].id != layer_id:
                    self.ctl.move_layer(layer_id, index)


@dataclass(eq=False)
class RevertToCheckpointCommand(QUndoCommand):
    """The designer takes the document back to an optimizer checkpoint (whole states:
    computed once by the optimizer history, restored as edits to a running session)."""

    ctl: DocumentController
    before: Document
    after: Document
    label: str

    def __post_init__(self) -> None:
        super().__init__(self.label)

    def redo(self) -> None:
        self.ctl.restore(self.after)

    def undo(self) -> None:
        self.ctl.restore(self.before)


@dataclass(eq=False)
class CleanUpCommand(QUndoCommand):
    """A clean-up of the optimizer's shapes (editor.cleanup) as one history entry."""

    ctl: DocumentController
    before: Document
    after: Document

    def __post_init__(self) -> None:
        super().__init__("Clean up")

    def redo(self) -> None:
        self.ctl.restore(self.after)

    def undo(self) -> None:
        self.ctl.restore(self.before)
