"""The open document in the GUI thread: the single place where it changes.

Views (canvas, layers panel, stats) only read `controller.doc` and listen to its signals;
undo commands call the mutators below. While the optimizer runs, every mutation is also
sent to the session as an edit, and the session's snapshots are merged back in
`apply_snapshot` — the GUI's document stays the source of truth for everything the designer
did, the session's for what the optimizer did.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

import numpy as np
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from editor.document import Document, Fill, Layer, Shape
from editor.document.contours import same_contours
from editor.engine import edits as ed
from editor.engine.snapshot import ShapeState, Snapshot
from editor.ui.restore_edits import edits_between
from editor.ui.source import SourceImage


def snapshot_document(doc: Document) -> Document:
    """A copy of the layers and shapes that shares point arrays and fills with `doc`.

    Safe because nothing here changes an array or a fill in place — mutators assign new
    ones — so the copy keeps its state however `doc` changes later. Several times cheaper
    than a deep copy, which counts on the GUI thread at 256 shapes.
    """
    return replace(doc, layers=[replace(layer, shapes=[replace(s) for s in layer.shapes])
                                for layer in doc.layers])


class EditSink(Protocol):
    """Where edits go while a session runs (the optimizer runner)."""

    def submit(self, edit: ed.Edit) -> int:
        """Queue `edit`; returns its sequence number (snapshots report the last one seen)."""


@dataclass
class _Pending:
    """Signals held back while a batch of mutations runs, emitted once at its end."""

    structure: bool = False
    shapes: set[str] = field(default_factory=set)


class DocumentController(QObject):
    documentReset = Signal()  # another document or source image: rebuild every view
    structureChanged = Signal()  # items added, removed, reordered, renamed, locked, shown
    shapesChanged = Signal(object)  # set[str]: ids whose geometry or paint changed
    dirtyChanged = Signal(bool)
    shapeDrawn = Signal(str)  # the designer drew this shape (a tool, after its undo entry)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.doc = Document(width=512, height=512)
        self.source: SourceImage | None = None
        self.path: Path | None = None  # the project file, once saved or opened
        self.undo_stack = QUndoStack(self)
        self.sink: EditSink | None = None
        self.revision = 0  # bumped by every change: autosave writes only new states
        self._pending_edit: dict[str, int] = {}  # item id -> seq of its latest edit
        self._batch_depth = 0
        self._held = _Pending()
        self._progress = False  # optimizer changes since the last save (not undoable)
        self._unsaved = False  # restored from an autosave: dirty though the history is empty
        self._was_dirty = False
        self._clean = True  # mirrors undo_stack.isClean(), kept so teardown never queries it
        self.undo_stack.cleanChanged.connect(self._clean_changed)

    # ------------------------------------------------------------------ whole document
    @property
    def blank(self) -> bool:
        """Nothing opened or drawn yet: the canvas invites the designer to open an image."""
        return self.source is None and self.path is None and not self.doc.all_shapes()

    @property
    def dirty(self) -> bool:
        return self._progress or self._unsaved or not self._clean

    def _clean_changed(self, clean: bool) -> None:
        self._clean = clean
        self._update_dirty()

    def reset(self, doc: Document, source: SourceImage | None, path: Path | None = None) -> None:
        """Show another document (open, new, restore): clears the history."""
        self.doc, self.source, self.path = doc, source, path
        self._pending_edit.clear()
        self._progress = self._unsaved = False
        self.undo_stack.clear()
        self.revision += 1
        self.documentReset.emit()
        self._update_dirty()

    def set_source(self, source: SourceImage | None) -> None:
        self.source = source
        self.documentReset.emit()

    def mark_saved(self, path: Path | None) -> None:
        if path is not None:
            self.path = path
        self._progress = self._unsaved = False
        self.undo_stack.setClean()
        self._update_dirty()

    def mark_unsaved(self) -> None:
        """The document exists in no saved file (e.g. restored from an autosave)."""
        self._unsaved = True
        self._update_dirty()

    def restore(self, state: Document) -> None:
        """Replace every layer and shape with `state` (reverting to an optimizer checkpoint,
        and undoing that); a running session receives the difference as edits."""
        for edit, ids in edits_between(self.doc, state) if self.sink is not None else []:
            self._submit(edit, *ids)
        self.doc = state.copy()
        self._emit(structure=True, shapes={s.id for s in self.doc.all_shapes()})

    # ------------------------------------------------------------------ history
    # The undo stack holds the designer's actions only. Each command changes just the items
    # it is about, on the live document, so undoing one never takes back what the optimizer
    # did meanwhile; the optimizer's own history is a list of checkpoints (optimize/history).
    def push(self, command: QUndoCommand) -> None:
        """Record a designer's edit (its redo runs now)."""
        self.undo_stack.push(command)

    @contextmanager
    def macro(self, label: str) -> Iterator[None]:
        """Several commands pushed inside become one history entry."""
        self.undo_stack.beginMacro(label)
        try:
            yield
        finally:
            self.undo_stack.endMacro()

    # ------------------------------------------------------------------ signals
    @contextmanager
    def batch(self) -> Iterator[None]:
        """Group mutations so views refresh once (a command touching many items)."""
        self._batch_depth += 1
        try:
            yield
        finally:
            self._batch_depth -= 1
            if self._batch_depth == 0:
                held, self._held = self._held, _Pending()
                self._emit(held.structure, held.shapes)

    def _emit(self, structure: bool = False, shapes: set[str] | None = None) -> None:
        self.revision += 1
        if self._batch_depth:
            self._held.structure |= structure
            self._held.shapes |= shapes or set()
            return
        if structure:
            self.structureChanged.emit()
        if shapes:
            self.shapesChanged.emit(shapes)
        self._update_dirty()

    def _update_dirty(self) -> None:
        if self.dirty != self._was_dirty:
            self._was_dirty = self.dirty
            self.dirtyChanged.emit(self._was_dirty)

    def _submit(self, edit: ed.Edit, *item_ids: str) -> None:
        if self.sink is None:
            return
        seq = self.sink.submit(edit)
        for item_id in item_ids:
            self._pending_edit[item_id] = seq

    # ------------------------------------------------------------------ lookups
    def item(self, item_id: str) -> Layer | Shape | None:
        return self.doc.find_item(item_id)

    def shape(self, shape_id: str) -> Shape:
        found = self.doc.find_shape(shape_id)
        if found is None:
            raise KeyError(shape_id)
        return found[1]

    def layer(self, layer_id: str) -> Layer:
        layer = self.doc.find_layer(layer_id)
        if layer is None:
            raise KeyError(layer_id)
        return layer

    def is_editable(self, shape_id: str) -> bool:
        """Visible and unlocked, itself and its layer: what the canvas lets you select."""
        return self.doc.is_shape_editable(shape_id)

    # ------------------------------------------------------------------ mutators
    def set_locked(self, item_id: str, locked: bool) -> None:
        item = self.item(item_id)
        if item is None:
            return
        item.locked = locked
        self._submit(ed.SetLockedEdit(item_id, locked), item_id)
        if locked:
            # The session may have stepped past what the designer saw: freeze the shapes at
            # the values on screen, so the export and the optimizer agree on them.
            for shape in item.shapes if isinstance(item, Layer) else [item]:
                subpaths = tuple(p.copy() for p in shape.subpaths)
                self._submit(ed.SetGeometryEdit(shape.id, shape.points.copy(), subpaths=subpaths), shape.id)
                self._submit(ed.SetFillEdit(shape.id, shape.fill), shape.id)
        self._emit(structure=True)

    def set_visible(self, item_id: str, visible: bool) -> None:
        item = self.item(item_id)
        if item is None:
            return
        item.visible = visible
        self._submit(ed.SetVisibleEdit(item_id, visible), item_id)
        self._emit(structure=True)

    def rename(self, item_id: str, name: str) -> None:
        item = self.item(item_id)
        if item is not None:
            item.name = name  # names are the GUI's alone: the session never reports them
            self._emit(structure=True)

    def insert_shape(self, layer_id: str, index: int, shape: Shape) -> None:
        self.doc.insert_shape(shape, self.layer(layer_id), index)
        self._submit(ed.AddShapeEdit(shape.copy(), layer_id, index), shape.id)
        self._emit(structure=True, shapes={shape.id})

    def remove_shape(self, shape_id: str) -> tuple[str, int, Shape]:
        layer, index, shape = self.doc.remove_shape(shape_id)
        self._submit(ed.DeleteEdit(shape_id), shape_id)
        self._emit(structure=True)
        return layer.id, index, shape

    def insert_layer(self, index: int, layer: Layer) -> None:
        self.doc.insert_layer(layer, index)
        self._submit(ed.AddLayerEdit(layer.name, index, layer.id), layer.id)
        if not layer.visible:
            self._submit(ed.SetVisibleEdit(layer.id, False), layer.id)
        if layer.locked:
            self._submit(ed.SetLockedEdit(layer.id, True), layer.id)
        for position, shape in enumerate(layer.shapes):  # a deleted layer coming back
            self._submit(ed.AddShapeEdit(shape.copy(), layer.id, position), shape.id)
        self._emit(structure=True, shapes={s.id for s in layer.shapes})

    def remove_layer(self, layer_id: str) -> tuple[int, Layer]:
        index, layer = self.doc.remove_layer(layer_id)
        self._submit(ed.DeleteEdit(layer_id), layer_id, *(s.id for s in layer.shapes))
        self._emit(structure=True)
        return index, layer

    def move_shape(self, shape_id: str, layer_id: str, index: int | None) -> None:
        """Put a shape into `layer_id` at paint index `index` (bottom first; None: on top)."""
        self.doc.move_shape(shape_id, layer_id, index)
        self._submit(ed.MoveShapeEdit(shape_id, layer_id, index), shape_id)
        self._emit(structure=True)

    def move_layer(self, layer_id: str, index: int) -> None:
        self.doc.move_layer(layer_id, index)
        self._submit(ed.MoveLayerEdit(layer_id, index), layer_id)
        self._emit(structure=True)

    def set_points(self, shape_id: str, points: np.ndarray, closed: bool | None = None,
                   subpaths: list[np.ndarray] | None = None) -> None:
        """New control points, and new subpaths unless None."""
        shape = self.shape(shape_id)
        shape.points = np.array(points, dtype=np.float64).reshape(-1, 2)
        if closed is not None:
            shape.closed = closed
        if subpaths is not None:
            shape.subpaths = [np.array(p, dtype=np.float64).reshape(-1, 2) for p in subpaths]
        copies = None if subpaths is None else tuple(p.copy() for p in shape.subpaths)
        self._submit(ed.SetGeometryEdit(shape_id, shape.points.copy(), closed, copies), shape_id)
        self._emit(shapes={shape_id})

    def set_fill(self, shape_id: str, fill: Fill | None) -> None:
        shape = self.shape(shape_id)
        shape.fill = fill
        self._submit(ed.SetFillEdit(shape_id, fill), shape_id)
        self._emit(shapes={shape_id})

    def restrict_optimization(self, shape_ids: frozenset[str] | None) -> None:
        """Optimize only these shapes (None: the method decides). Not a document change."""
        self._submit(ed.SetSelectionEdit(shape_ids))

    # ------------------------------------------------------------------ optimizer results
    def apply_snapshot(self, snap: Snapshot, session_doc: Document | None, edits_seen: int) -> None:
        """Merge the optimizer's state into the document.

        `edits_seen`: edits up to this sequence number were applied before `snap` was taken.
        Items with a newer edit keep the GUI's values (the session has not caught up), and
        locked shapes keep theirs whatever the snapshot says.
        """
        with self.batch():
            if session_doc is not None:
                self._merge_structure(session_doc, edits_seen)
            changed = set()
            for layer, shape in self.doc.iter_shapes():
                state = snap.shapes.get(shape.id)
                if (state is None or layer.locked or shape.locked
                        or self._pending_edit.get(shape.id, 0) > edits_seen):
                    continue
                if _update_shape(shape, state):
                    changed.add(shape.id)
            if changed:
                self._progress = True
                self._emit(shapes=changed)

    def _merge_structure(self, session_doc: Document, edits_seen: int) -> None:
        """Add the layers and shapes the optimizer created; drop those it removed."""
        def settled(item_id: str) -> bool:
            return self._pending_edit.get(item_id, 0) <= edits_seen

        ours = {s.id for s in self.doc.all_shapes()}
        theirs = {s.id for s in session_doc.all_shapes()}
        for layer_index, their_layer in enumerate(session_doc.layers):
            layer = self.doc.find_layer(their_layer.id)
            if layer is None:
                if not settled(their_layer.id):
                    continue  # deleted here, the session has not seen it yet
                layer = Layer(name=their_layer.name, id=their_layer.id,
                              visible=their_layer.visible, locked=their_layer.locked)
                self.doc.layers.insert(min(layer_index, len(self.doc.layers)), layer)
            for index, shape in enumerate(their_layer.shapes):
                if shape.id in ours or not settled(shape.id):
                    continue
                below = {s.id for s in their_layer.shapes[:index]}
                at = max((i + 1 for i, s in enumerate(layer.shapes) if s.id in below), default=0)
                layer.shapes.insert(at, shape.copy())
                self._progress = True
                self._emit(structure=True, shapes={shape.id})
        for layer in self.doc.layers:
            gone = [s for s in layer.shapes if s.id not in theirs and settled(s.id)]
            for shape in gone:  # pruned by the method (e.g. Optimize & Reduce)
                layer.shapes.remove(shape)
                self._progress = True
                self._emit(structure=True)


def _update_shape(shape: Shape, state: ShapeState) -> bool:
    """Take a snapshot's values into `shape`; True when anything differed.

    The snapshot's own arrays and fills are adopted, not copied: nothing changes them later,
    and the canvas recognises the paths the worker prepared for them by identity.
    """
    differs = (shape.points.shape != state.points.shape
               or not np.array_equal(shape.points, state.points)
               or not same_contours(shape.subpaths, state.subpaths)
               or state.fill != shape.fill or state.stroke != shape.stroke
               or state.stroke_width != shape.stroke_width)
    if differs:
        shape.points, shape.fill, shape.subpaths = state.points, state.fill, state.subpaths
        shape.stroke, shape.stroke_width = state.stroke, state.stroke_width
    return differs
