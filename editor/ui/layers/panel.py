"""The layers panel: the tree, its buttons, and the document statistics."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from editor.document import Layer
from editor.ui import commands as cmd
from editor.ui.background import BackgroundJob
from editor.ui.controller import DocumentController, snapshot_document
from editor.ui.layers.actions import LayerActions
from editor.ui.layers.model import LayersModel
from editor.ui.layers.stats import DocStats, document_stats
from editor.ui.layers.tree import LayersTree
from editor.ui.selection import Selection
from editor.ui.theme import Icons

STATS_DELAY_MS = 500  # stats follow the optimizer at a readable pace


class LayersPanel(QWidget):
    def __init__(self, ctl: DocumentController, selection: Selection, icons: Icons,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctl = ctl
        self.selection = selection
        self.model = LayersModel(ctl, icons)
        self.layer_actions = LayerActions(ctl, selection)
        self.tree = LayersTree(self.model, selection)
        self.stats = QLabel()
        self.stats.setToolTip("Drawn paths, their nodes, distinct colors, and the estimated "
                              "size of the exported SVG")
        self.stats.setWordWrap(True)
        self.precision = 2  # the export precision the size estimate assumes

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        for icon, tip, slot in (
            ("mdi.layers-plus", "Add a layer above the selection", self.add_layer),
            ("fa5s.eye", "Show or hide the selection (H)", lambda: self.toggle("visible")),
            ("fa5s.lock", "Lock or unlock the selection (L)", lambda: self.toggle("locked")),
            ("fa5s.lock-open", "Unlock everything", self.unlock_all),
            ("fa5s.trash-alt", "Delete the selection (Delete)", self.delete_selection),
        ):
            button = QToolButton()
            icons.set(button, icon)
            button.setToolTip(tip)
            button.setAutoRaise(True)
            button.clicked.connect(slot)
            bar.addWidget(button)
        bar.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.stats)

        self._stats_job = BackgroundJob("layertrace-stats", self)  # 256 shapes: ~25 ms of work
        self._stats_job.finished.connect(self._show_stats)
        self._stats_timer = QTimer(self)
        self._stats_timer.setSingleShot(True)
        self._stats_timer.setInterval(STATS_DELAY_MS)
        self._stats_timer.timeout.connect(self.update_stats)
        ctl.documentReset.connect(self.update_stats)
        ctl.structureChanged.connect(self._schedule_stats)
        ctl.shapesChanged.connect(self._schedule_stats)

        queued = Qt.ConnectionType.QueuedConnection  # never rebuild the model inside its own drop
        self.model.renameRequested.connect(self._rename)
        self.model.shapesDropped.connect(self._drop_shapes, queued)
        self.model.layersDropped.connect(self._drop_layers, queued)
        self.tree.toggleRequested.connect(self.set_flag)
        self.update_stats()

    def _schedule_stats(self, *_args: object) -> None:
        if not self._stats_timer.isActive():  # throttle, not debounce: a run never starves it
            self._stats_timer.start()

    def update_stats(self) -> None:
        doc, precision = snapshot_document(self.ctl.doc), self.precision
        if not self._stats_job.start(lambda: document_stats(doc, precision)):
            self._schedule_stats()  # the previous count is still running

    def _show_stats(self, stats: DocStats) -> None:
        self.stats.setText(stats.summary())

    # ------------------------------------------------------------------ edits
    def set_flag(self, flag: str, ids: list[str], value: bool) -> None:
        old = {i: bool(getattr(item, flag)) for i in ids if (item := self.ctl.item(i)) is not None}
        if any(v != value for v in old.values()):
            self.ctl.push(cmd.SetFlagCommand(self.ctl, flag, value, old))

    def toggle(self, flag: str) -> None:
        """L / H: lock (hide) the selection, or unlock (show) it when all of it already is."""
        items = [item for i in self.selection.ids if (item := self.ctl.item(i)) is not None]
        if not items:
            return
        if flag == "locked":
            value = not all(item.locked for item in items)
        else:
            value = not any(item.visible for item in items)
        self.set_flag(flag, [item.id for item in items], value)

    def unlock_all(self) -> None:
        ids = [la.id for la in self.ctl.doc.layers if la.locked]
        ids += [s.id for s in self.ctl.doc.all_shapes() if s.locked]
        self.set_flag("locked", ids, False)

    def delete_selection(self) -> None:
        ids = [i for i in self.selection.ids if self.ctl.item(i) is not None]
        if ids:
            self.ctl.push(cmd.DeleteCommand(self.ctl, ids))

    def add_layer(self) -> None:
        doc = self.ctl.doc
        above = [doc.layers.index(la) for la in doc.layers
                 if la.id in self.selection.ids or any(s.id in self.selection.ids for s in la.shapes)]
        index = max(above) + 1 if above else len(doc.layers)
        layer = Layer(name=f"Layer {len(doc.layers) + 1}")
        self.ctl.push(cmd.AddLayerCommand(self.ctl, index, layer))
        self.selection.set([layer.id])

    def _rename(self, item_id: str, name: str) -> None:
        item = self.ctl.item(item_id)
        if item is not None:
            self.ctl.push(cmd.RenameCommand(self.ctl, item_id, item.name, name))

    def _drop_shapes(self, ids: list[str], layer_id: str, index: int) -> None:
        self.layer_actions.move_shapes(ids, layer_id, index)

    def _drop_layers(self, ids: list[str], index: int) -> None:
        self.ctl.push(cmd.ReorderLayersCommand(self.ctl, ids, index))
