"""The designer's selection, shared by the canvas and the layers panel.

Both views write to it and follow it; each ignores the change it caused itself, so
selecting on one side never bounces back.
"""
from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject, Signal

from editor.document import Document


class Selection(QObject):
    changed = Signal(object)  # the object that made the change (views skip their own)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ids: list[str] = []

    @property
    def ids(self) -> list[str]:
        return list(self._ids)

    def set(self, ids: Iterable[str], origin: object = None) -> None:
        ids = list(dict.fromkeys(ids))
        if ids != self._ids:
            self._ids = ids
            self.changed.emit(origin)

    def shape_ids(self, doc: Document) -> list[str]:
        """Selected shapes in paint order, with the shapes of selected layers."""
        chosen = set(self._ids)
        return [s.id for layer, s in doc.iter_shapes() if s.id in chosen or layer.id in chosen]

    def prune(self, doc: Document) -> None:
        """Forget items that no longer exist (deleted, undone, removed by the optimizer)."""
        existing = {layer.id for layer in doc.layers} | {s.id for s in doc.all_shapes()}
        self.set([i for i in self._ids if i in existing], origin=self)
