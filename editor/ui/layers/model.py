"""The document's layers and shapes as a Qt item model: top of the stack first, as in
Inkscape and Illustrator. Columns: name (with a colour swatch), visibility, lock.

A QStandardItemModel on purpose: the tree then paints from data held in C++. A Python
model answers data() for every visible cell and role on every repaint, each call taking
the GIL from the optimizer thread — hundreds of waits per frame while a trace runs.

The model never changes the document itself: renames and drops are emitted as requests
that the panel turns into undo commands.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from PySide6.QtCore import QMimeData, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPixmap, QStandardItem, QStandardItemModel

from editor.document import Layer, Shape, fill_colors
from editor.ui.controller import DocumentController
from editor.ui.theme import Icons

MIME = "application/x-layertrace-items"
SWATCH_REFRESH_MS = 500  # swatches follow a running optimizer at this pace
NAME, EYE, LOCK = 0, 1, 2
ID_ROLE = Qt.ItemDataRole.UserRole + 1  # every item of a row carries its layer's or shape's id
_DIMMED = QBrush(QColor(128, 128, 128))

Index = QModelIndex | QPersistentModelIndex


@lru_cache(maxsize=4096)
def _swatch(rgb: tuple[int, int, int] | None) -> QIcon:
    """A framed colour square (a white fill must still show on a white list)."""
    pixmap = QPixmap(14, 14)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setPen(QColor(128, 128, 128))
    painter.setBrush(QColor(*rgb) if rgb is not None else Qt.BrushStyle.NoBrush)
    painter.drawRect(1, 1, 12, 12)
    if rgb is None:  # no paint: the "none" slash designers know from Illustrator
        painter.setPen(QColor(220, 40, 40))
        painter.drawLine(2, 12, 12, 2)
    painter.end()
    return QIcon(pixmap)


def _swatch_key(shape: Shape) -> tuple[int, int, int] | None:
    """The shape's paint (a gradient's mean colour) in 8 bits: equal keys share an icon."""
    colors = fill_colors(shape.fill) if shape.closed else []
    if shape.stroke is not None and not colors:
        colors = [shape.stroke]
    if not colors:
        return None
    # 32 levels a channel: plenty for a 12-px square, and the optimizer's small colour
    # steps then mostly leave the icon as it is
    r, g, b = (round(31 * sum(c[i] for c in colors) / len(colors)) * 255 // 31 for i in range(3))
    return (r, g, b)


class LayersModel(QStandardItemModel):
    renameRequested = Signal(str, str)  # item id, new name
    shapesDropped = Signal(list, str, int)  # shape ids, layer id, paint index among the rest
    layersDropped = Signal(list, int)  # layer ids, stack index among the rest

    def __init__(self, ctl: DocumentController, icons: Icons) -> None:
        super().__init__()
        self.ctl = ctl
        self.icons = icons
        self.setHorizontalHeaderLabels(["Name", "", ""])
        for column, tip in enumerate(("Layers (top first) and their shapes", "Visibility", "Lock")):
            self.horizontalHeaderItem(column).setToolTip(tip)
        self._rows: dict[str, tuple[QStandardItem, QStandardItem, QStandardItem]] = {}
        self._swatches: dict[str, tuple[int, int, int] | None] = {}  # the colour each row shows
        self._shown: dict[str, tuple] = {}  # what each row shows: name, size, flags, dimmed
        self._icons: dict[str, QIcon] = {}
        self.updating = False  # rows are being replaced: selection changes are not the user's
        self._recolored: set[str] = set()  # swatches follow the optimizer in batches
        self._swatch_timer = QTimer(self)
        self._swatch_timer.setSingleShot(True)
        self._swatch_timer.setInterval(SWATCH_REFRESH_MS)
        self._swatch_timer.timeout.connect(self._refresh_swatches)
        ctl.documentReset.connect(self.rebuild)
        ctl.structureChanged.connect(self.refresh)
        ctl.shapesChanged.connect(self._shapes_changed)
        self.rebuild()

    # ------------------------------------------------------------------ building
    def refresh(self) -> None:
        """Follow the document: rows of new layers are inserted, rows of removed ones taken
        out, a layer whose shapes changed gets new child rows, and only the names, flags and
        icons that differ are set again (a new stage must not rebuild 256 unchanged rows)."""
        self.updating = True
        try:
            self._update_rows()
        finally:
            self.updating = False

    def _update_rows(self) -> None:
        doc = self.ctl.doc
        wanted = [layer.id for layer in reversed(doc.layers)]
        current = [str(self.item(r, NAME).data(ID_ROLE)) for r in range(self.rowCount())]
        if [i for i in current if i in wanted] != [i for i in wanted if i in current]:
            self._rebuild()  # layers were reordered
            return
        for row in reversed(range(len(current))):
            if current[row] not in wanted:
                self._forget(self.item(row, NAME))
                self.removeRow(row)
        for row, layer in enumerate(reversed(doc.layers)):
            if row >= self.rowCount() or self.item(row, NAME).data(ID_ROLE) != layer.id:
                self.insertRow(row, list(self._layer_rows(layer)))
            else:
                self._show(layer, dimmed=not layer.visible)
                self._sync_children(self.item(row, NAME), layer)

    def _rebuild(self) -> None:
        self.beginResetModel()
        self.blockSignals(True)  # one reset, not a signal per row
        try:
            self.removeRows(0, self.rowCount())
            self._rows.clear()
            self._shown.clear()
            for layer in reversed(self.ctl.doc.layers):
                self.appendRow(list(self._layer_rows(layer)))
        finally:
            self.blockSignals(False)
            self.endResetModel()

    def _layer_rows(self, layer: Layer) -> tuple[QStandardItem, QStandardItem, QStandardItem]:
        row = self._row(layer, dimmed=not layer.visible)
        for shape in reversed(layer.shapes):
            row[NAME].appendRow(list(self._row(shape, dimmed=not (layer.visible and shape.visible))))
        return row

    def _sync_children(self, parent: QStandardItem, layer: Layer) -> None:
        wanted = [s.id for s in reversed(layer.shapes)]
        current = [str(parent.child(r, NAME).data(ID_ROLE)) for r in range(parent.rowCount())]
        if current != wanted:
            for r in range(parent.rowCount()):
                self._forget(parent.child(r, NAME))
            parent.removeRows(0, parent.rowCount())
            for shape in reversed(layer.shapes):
                parent.appendRow(list(self._row(shape, dimmed=not (layer.visible and shape.visible))))
            return
        for shape in layer.shapes:
            self._show(shape, dimmed=not (layer.visible and shape.visible))

    def _forget(self, item: QStandardItem) -> None:
        for r in range(item.rowCount()):
            self._forget(item.child(r, NAME))
        item_id = str(item.data(ID_ROLE))
        row = self._rows.get(item_id)
        if row is None or row[NAME] is not item:
            # A shape moved between layers already has its row under the new layer (the
            # layers above are synced first): that row's bookkeeping is not this one's.
            return
        del self._rows[item_id]
        self._shown.pop(item_id, None)
        self._swatches.pop(item_id, None)

    def _row(self, entry: Layer | Shape, dimmed: bool) -> tuple[QStandardItem, QStandardItem, QStandardItem]:
        is_layer = isinstance(entry, Layer)
        name = QStandardItem()
        if isinstance(entry, Layer):
            name.setIcon(self._icon("fa5s.layer-group"))
        else:
            self._swatches[entry.id] = key = _swatch_key(entry)
            name.setIcon(_swatch(key))
        drop = Qt.ItemFlag.ItemIsDropEnabled if is_layer else Qt.ItemFlag.NoItemFlags
        movable = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        name.setFlags(movable | Qt.ItemFlag.ItemIsEditable | drop)
        eye, lock = QStandardItem(), QStandardItem()
        for item in (eye, lock):
            item.setFlags(movable | drop)
        row = (name, eye, lock)
        for item in row:
            item.setData(entry.id, ID_ROLE)
        self._rows[entry.id] = row
        self._shown.pop(entry.id, None)  # a new row shows nothing yet, whatever an old one did
        self._show(entry, dimmed)
        return row

    def _show(self, entry: Layer | Shape, dimmed: bool) -> None:
        """Name, tooltip, eye and lock of a row, set only where they changed."""
        size = len(entry.shapes) if isinstance(entry, Layer) else entry.num_segments
        state = (entry.name, size, entry.visible, entry.locked, dimmed)
        if self._shown.get(entry.id) == state:
            return
        self._shown[entry.id] = state
        name = self._rows[entry.id][NAME]
        name.setText(entry.name)
        name.setToolTip(f"Layer “{entry.name}”: {size} shapes (double-click to rename)"
                        if isinstance(entry, Layer) else
                        f"{entry.name}: {size} segments (double-click to rename)")
        # No brush at all (not an empty one, which paints black) when not dimmed: the
        # palette's text colour then applies, light or dark.
        name.setData(_DIMMED if dimmed else None, Qt.ItemDataRole.ForegroundRole)
        self._show_flags(entry.id, entry.visible, entry.locked)

    def _icon(self, name: str) -> QIcon:
        """Theme icons, made once: qtawesome draws each one in Python."""
        if name not in self._icons:
            self._icons[name] = self.icons.icon(name)
        return self._icons[name]

    def retheme(self) -> None:
        """The palette changed: redraw the eye, lock and layer icons in its colours."""
        self._icons.clear()
        self.rebuild()

    def rebuild(self) -> None:
        """Every row anew (another document)."""
        self.updating = True
        try:
            self._rebuild()
        finally:
            self.updating = False

    def _show_flags(self, item_id: str, visible: bool, locked: bool) -> None:
        _, eye, lock = self._rows[item_id]
        eye.setIcon(self._icon("fa5s.eye" if visible else "fa5s.eye-slash"))
        eye.setToolTip("Visible: click to hide (H); drag down to hide several" if visible
                       else "Hidden: click to show (H); drag down to show several")
        lock.setIcon(self._icon("fa5s.lock" if locked else "fa5s.lock-open"))
        lock.setToolTip("Locked: the optimizer and the canvas leave it alone; click to unlock (L)"
                        if locked else "Unlocked: click to lock (L); drag down to lock several")

    def set_preview(self, flag: str, value: bool, ids: list[str]) -> None:
        """Show `flag` = `value` on `ids` while an eye/lock sweep is under way (empty: stop)."""
        for item_id in self._rows:
            entry = self.ctl.item(item_id)
            if entry is None:
                continue
            visible, locked = entry.visible, entry.locked
            if item_id in ids:
                visible, locked = (value, locked) if flag == "visible" else (visible, value)
            self._show_flags(item_id, visible, locked)

    # ------------------------------------------------------------------ lookups
    def entry(self, index: Index) -> Layer | Shape | None:
        """The layer or shape a row shows."""
        if not index.isValid():
            return None
        return self.ctl.item(str(index.data(ID_ROLE)))

    def index_of(self, item_id: str, column: int = NAME) -> QModelIndex:
        row = self._rows.get(item_id)
        return row[column].index() if row is not None else QModelIndex()

    # ------------------------------------------------------------------ edits
    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """A rename in the tree: requested as an undoable edit, shown once it is done."""
        entry = self.entry(index)
        if entry is None or role != Qt.ItemDataRole.EditRole or index.column() != NAME:
            return super().setData(index, value, role)
        name = str(value).strip()
        if name and name != entry.name:
            self.renameRequested.emit(entry.id, name)
        return True

    def _shapes_changed(self, ids: set[str]) -> None:
        self._recolored |= ids
        if not self._swatch_timer.isActive():
            self._swatch_timer.start()

    def _refresh_swatches(self) -> None:
        """New icons only where the colour changed visibly (most steps move, not recolour)."""
        ids, self._recolored = self._recolored, set()
        for shape in self.ctl.doc.all_shapes():
            if shape.id in ids and shape.id in self._rows:
                key = _swatch_key(shape)
                if key != self._swatches.get(shape.id):
                    self._swatches[shape.id] = key
                    self._rows[shape.id][NAME].setIcon(_swatch(key))

    # ------------------------------------------------------------------ drag and drop
    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        ids = list(dict.fromkeys(str(i.data(ID_ROLE)) for i in indexes if i.isValid()))
        data = QMimeData()
        data.setData(MIME, json.dumps(ids).encode())
        return data

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: Index) -> bool:
        if action != Qt.DropAction.MoveAction or not data.hasFormat(MIME):
            return False
        ids: list[str] = json.loads(bytes(data.data(MIME).data()).decode())
        doc = self.ctl.doc
        layers_top_first = doc.layers[::-1]
        layer_ids = [i for i in ids if doc.find_layer(i) is not None]
        shape_ids = [i for i in ids if doc.find_shape(i) is not None]
        target = self.entry(parent)
        if layer_ids:
            if isinstance(target, Layer):  # dropped onto a layer: go right above it
                rows = layers_top_first.index(target)
            elif target is None:
                rows = len(doc.layers) if row < 0 else row  # display rows count from the top
            else:
                return False
            above = [la for la in layers_top_first[:rows] if la.id not in layer_ids]
            rest = len([la for la in doc.layers if la.id not in layer_ids])
            self.layersDropped.emit(layer_ids, rest - len(above))
        elif shape_ids:
            if isinstance(target, Shape):  # dropped onto a shape: go right above it
                layer, _ = doc.locate_shape(target.id)
                row = layer.shapes[::-1].index(target)
                target = layer
            if not isinstance(target, Layer):
                return False
            display = target.shapes[::-1]
            rows = max(row, 0)  # onto the layer itself: its top
            shapes_above = [s for s in display[:rows] if s.id not in shape_ids]
            rest = len([s for s in target.shapes if s.id not in shape_ids])
            self.shapesDropped.emit(shape_ids, target.id, rest - len(shapes_above))
        # False: the model is rebuilt from the document, the view must not remove rows itself
        return False
