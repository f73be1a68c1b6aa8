"""The layers tree view: click the eye or lock of a row to toggle it, or press and drag
down the column to set many rows at once (a common request in Inkscape's tracker)."""
from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeView

from editor.document import Layer, Shape
from editor.ui.layers.model import EYE, ID_ROLE, LOCK, NAME, LayersModel
from editor.ui.selection import Selection


class LayersTree(QTreeView):
    toggleRequested = Signal(str, list, bool)  # "visible" or "locked", item ids, new value

    def __init__(self, model: LayersModel, selection: Selection) -> None:
        super().__init__()
        self.layers = model
        self.selection = selection
        self._sweep: tuple[str, bool, list[str]] | None = None
        self._expanded: set[str] = set()
        self._known: set[str] = set()
        self._syncing = False
        self.setModel(model)
        self.setHeaderHidden(False)
        self.setUniformRowHeights(True)
        self.setAllColumnsShowFocus(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDropIndicatorShown(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        for column in (EYE, LOCK):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, 26)
        self.setToolTip("Layers and shapes, top first: drag to reorder, double-click to rename")
        model.modelAboutToBeReset.connect(self._remember_expansion)
        model.modelReset.connect(self._after_reset)
        model.rowsInserted.connect(self._rows_inserted)
        model.ctl.structureChanged.connect(lambda: self._follow_selection(None))  # rebuilt rows
        self.selectionModel().selectionChanged.connect(self._publish_selection)
        selection.changed.connect(self._follow_selection)

    # ------------------------------------------------------------------ eye / lock sweep
    def _flag_at(self, index: QModelIndex) -> tuple[str, Layer | Shape] | None:
        item = self.layers.entry(index)
        if item is None or index.column() not in (EYE, LOCK):
            return None
        return ("visible" if index.column() == EYE else "locked"), item

    def mousePressEvent(self, event: QMouseEvent) -> None:
        hit = self._flag_at(self.indexAt(event.position().toPoint()))
        if hit is not None and event.button() == Qt.MouseButton.LeftButton:
            flag, item = hit
            self._sweep = (flag, not getattr(item, flag), [item.id])
            self.layers.set_preview(flag, not getattr(item, flag), [item.id])
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._sweep is None:
            super().mouseMoveEvent(event)
            return
        flag, value, ids = self._sweep
        index = self.indexAt(event.position().toPoint())
        item = self.layers.entry(index.siblingAtColumn(EYE if flag == "visible" else LOCK))
        if item is not None and item.id not in ids:
            ids.append(item.id)
            self.layers.set_preview(flag, value, ids)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._sweep is None:
            super().mouseReleaseEvent(event)
            return
        flag, value, ids = self._sweep
        self._sweep = None
        self.layers.set_preview(flag, value, [])
        self.toggleRequested.emit(flag, ids, value)

    # ------------------------------------------------------------------ expansion
    def _remember_expansion(self) -> None:
        self._expanded = set()
        for row in range(self.layers.rowCount()):
            index = self.layers.index(row, NAME)
            item = self.layers.entry(index)
            if item is not None and self.isExpanded(index):
                self._expanded.add(item.id)

    def _after_reset(self) -> None:
        """Keep what was open open; open layers the tree has not shown before."""
        for row in range(self.layers.rowCount()):
            index = self.layers.index(row, NAME)
            item = self.layers.entry(index)
            if item is not None and (item.id in self._expanded or item.id not in self._known):
                self.setExpanded(index, True)
                self._known.add(item.id)
        self._follow_selection(None)

    def _rows_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        """A new layer (an optimizer stage, an undone delete) opens, like a new document's."""
        if not parent.isValid():
            for row in range(first, last + 1):
                index = self.layers.index(row, NAME)
                self.setExpanded(index, True)
                self._known.add(str(index.data(ID_ROLE)))

    # ------------------------------------------------------------------ selection
    def _publish_selection(self, *_args: object) -> None:
        if self._syncing or self.layers.updating:
            return
        ids = []
        for index in self.selectionModel().selectedRows(NAME):
            item = self.layers.entry(index)
            if item is not None:
                ids.append(item.id)
        self.selection.set(ids, origin=self)

    def _follow_selection(self, origin: object) -> None:
        if origin is self:
            return
        chosen = QItemSelection()
        first = None
        for item_id in self.selection.ids:
            index = self.layers.index_of(item_id)
            if index.isValid():
                chosen.select(index, index.siblingAtColumn(LOCK))
                first = first or index
        self._syncing = True
        try:
            self.selectionModel().select(
                chosen, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            if first is not None:
                self.scrollTo(first)
        finally:
            self._syncing = False
