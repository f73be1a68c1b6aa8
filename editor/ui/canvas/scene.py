"""The canvas scene: document background, source raster, the shapes in paint order, and
the selection outline on top.

Items follow the controller: a structure change re-stacks them, a shape change rebuilds
only the paths of the shapes named — a 256-shape snapshot that moved 16 shapes costs 16
paths. Selection is the shared `Selection`, not Qt's item selection (see items.py).
"""
from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QPen, QPixmap
from PySide6.QtWidgets import QGraphicsPixmapItem, QGraphicsRectItem, QGraphicsScene

from editor.ui.canvas.items import SelectionOutline, ShapeItem
from editor.ui.canvas.painting import Painted, qcolor
from editor.ui.controller import DocumentController
from editor.ui.selection import Selection

_Z_BACKGROUND, _Z_SOURCE, _Z_OVERLAY = -3, -2, 1_000_000


class CanvasScene(QGraphicsScene):
    OVERLAY_Z = _Z_OVERLAY  # tool previews (pen rubber band, node handles) stay on top

    def __init__(self, ctl: DocumentController, selection: Selection) -> None:
        super().__init__()
        # Every shape moves at every optimizer step: keeping a BSP index up to date would cost
        # more than the linear hit tests it saves on a few hundred items.
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.ctl = ctl
        self.selection = selection
        self.outline = False
        self.shape_opacity = 1.0
        self.updates = 0  # shape-item refreshes applied; the GUI benchmark counts them
        self._items: dict[str, ShapeItem] = {}
        self._prepared: dict[str, Painted] = {}  # paths the optimizer thread built ahead
        self._background = QGraphicsRectItem()
        self._background.setPen(QPen(Qt.PenStyle.NoPen))
        self._background.setZValue(_Z_BACKGROUND)
        self.addItem(self._background)
        self._source = QGraphicsPixmapItem()
        self._source.setZValue(_Z_SOURCE)
        self._source.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self.addItem(self._source)
        self.outline_item = SelectionOutline(_Z_OVERLAY - 1)
        self.addItem(self.outline_item)
        ctl.documentReset.connect(self.rebuild)
        ctl.structureChanged.connect(self.sync_structure)
        ctl.shapesChanged.connect(self.sync_shapes)
        selection.changed.connect(self.show_selection)
        self.rebuild()

    # ------------------------------------------------------------------ sync with the document
    @property
    def doc_rect(self) -> QRectF:
        return QRectF(0, 0, self.ctl.doc.width, self.ctl.doc.height)

    def rebuild(self) -> None:
        for item in self._items.values():
            self.removeItem(item)
        self._items.clear()
        rect = self.doc_rect
        # room to pan past the edges; none on a blank canvas, which shows only a hint
        margin = 0 if self.ctl.blank else max(rect.width(), rect.height())
        self.setSceneRect(rect.adjusted(-margin, -margin, margin, margin))
        background = self.ctl.doc.background
        self._background.setRect(rect)
        self._background.setBrush(QBrush(qcolor(background)) if background is not None
                                  else QBrush(Qt.BrushStyle.NoBrush))
        source = self.ctl.source
        self._source.setPixmap(QPixmap.fromImage(source.qimage()) if source else QPixmap())
        if source is not None:  # the target may be a downscaled copy: stretch it to the canvas
            self._source.setScale(rect.width() / max(source.width, 1))
        self.sync_structure()

    def sync_structure(self) -> None:
        doc = self.ctl.doc
        self._background.setVisible(not self.ctl.blank)  # a blank canvas shows a hint instead
        present: set[str] = set()
        for z, (layer, shape) in enumerate(doc.iter_shapes()):
            item = self._items.get(shape.id)
            if item is None:
                item = self._add_item(shape.id)
                item.sync_geometry(shape)
            item.sync_state(layer, shape, z)
            present.add(shape.id)
        for shape_id in [i for i in self._items if i not in present]:
            self.removeItem(self._items.pop(shape_id))
        self.show_selection()

    def adopt(self, prepared: dict[str, Painted]) -> None:
        """Paths and brushes made off the GUI thread for the next `sync_shapes`."""
        self._prepared = prepared

    def sync_shapes(self, ids: set[str]) -> None:
        shapes = {s.id: s for s in self.ctl.doc.all_shapes()}
        prepared, self._prepared = self._prepared, {}
        for shape_id in ids:
            item, shape = self._items.get(shape_id), shapes.get(shape_id)
            if item is not None and shape is not None:
                item.sync_geometry(shape, prepared.get(shape_id))
        if any(item.shape_id in ids for item in self.selected_items()):
            self.show_selection()
        self.updates += 1

    def _add_item(self, shape_id: str) -> ShapeItem:
        item = ShapeItem(shape_id)
        item.set_outline(self.outline)
        item.setOpacity(self.shape_opacity)
        self._items[shape_id] = item
        self.addItem(item)
        return item

    # ------------------------------------------------------------------ lookups
    def item_for(self, shape_id: str) -> ShapeItem | None:
        return self._items.get(shape_id)

    def shape_items(self) -> list[ShapeItem]:
        return list(self._items.values())

    def shape_at(self, pos) -> ShapeItem | None:
        """The topmost selectable shape under a scene position (locked ones are skipped)."""
        for item in self.items(pos):
            if isinstance(item, ShapeItem) and item.acceptedMouseButtons():
                return item
        return None

    # ------------------------------------------------------------------ view options
    def set_source_visible(self, visible: bool) -> None:
        self._source.setVisible(visible)

    def set_source_opacity(self, opacity: float) -> None:
        self._source.setOpacity(opacity)

    def set_smooth_source(self, smooth: bool) -> None:
        self._source.setTransformationMode(Qt.TransformationMode.SmoothTransformation if smooth
                                           else Qt.TransformationMode.FastTransformation)

    def set_outline(self, outline: bool) -> None:
        self.outline = outline
        for item in self._items.values():
            item.set_outline(outline)

    def set_shape_opacity(self, opacity: float) -> None:
        self.shape_opacity = opacity
        for item in self._items.values():
            item.setOpacity(opacity)

    # ------------------------------------------------------------------ selection
    def selected_items(self) -> list[ShapeItem]:
        """Items of the selected shapes (and of selected layers' shapes) that can be edited."""
        items = (self._items.get(i) for i in self.selection.shape_ids(self.ctl.doc))
        return [item for item in items if item is not None and item.editable]

    def show_selection(self, *_args: object) -> None:
        self.outline_item.show_items(self.selected_items())
