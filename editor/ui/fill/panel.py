"""The fill panel: switch the selected shapes between a solid colour, a linear and a radial
gradient, and edit the colour or the gradient's stops of a single selected shape.

The switch is three checkable actions that the main window also puts in its menus and the
canvas's context menu; they show the selection's fill type and are disabled when nothing
selected can change (locked shapes, open paths).
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from editor.document import LinearGradient, RadialGradient, SolidFill
from editor.document.fills import FILL_KINDS, FillKind, fill_kind
from editor.ui.controller import DocumentController
from editor.ui.dialogs import Dialogs
from editor.ui.fill.stops_editor import StopsEditor, color_swatch
from editor.ui.selection import Selection
from editor.ui.shape_actions import ShapeActions
from editor.ui.theme import Icons

KIND_ACTIONS: dict[FillKind, tuple[str, str, str, str]] = {  # menu text, button, icon, tip
    "solid": ("&Solid Fill", "Solid", "mdi.square",
              "Fill the selected shapes with one color (a gradient becomes its average color)"),
    "linear": ("&Linear Gradient", "Linear", "mdi6.gradient-horizontal",
               ("Fill the selected shapes with a linear gradient; drag its start and end "
                "handles on the canvas")),
    "radial": ("R&adial Gradient", "Radial", "mdi.blur-radial",
               ("Fill the selected shapes with a radial gradient; drag its center and radius "
                "handles on the canvas")),
}


class FillPanel(QWidget):
    contentChanged = Signal()  # rows appeared or went (stops, colour button): a new height

    def __init__(self, ctl: DocumentController, selection: Selection, actions: ShapeActions,
                 icons: Icons, dialogs: Dialogs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctl = ctl
        self.selection = selection
        self.shape_actions = actions
        self.kind_actions: dict[FillKind, QAction] = {}
        self._shown: tuple = ()  # what refresh showed last: rows present, stop count
        group = QActionGroup(self)
        group.setExclusionPolicy(QActionGroup.ExclusionPolicy.ExclusiveOptional)  # mixed: none
        kinds = QHBoxLayout()
        kinds.setContentsMargins(0, 0, 0, 0)
        for kind in FILL_KINDS:
            text, short, icon, tip = KIND_ACTIONS[kind]
            action = QAction(text, self)
            action.setIconText(short)  # what the panel's button shows
            icons.set(action, icon)
            action.setToolTip(tip)
            action.setStatusTip(tip)
            action.setCheckable(True)
            action.triggered.connect(lambda _checked=False, k=kind: self._switch(k))
            group.addAction(action)
            self.kind_actions[kind] = action
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setAutoRaise(True)
            kinds.addWidget(button)
        kinds.addStretch(1)

        self.color_button = QToolButton()
        self.color_button.setText("Color…")
        self.color_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.color_button.setToolTip("Choose the fill color of the selected shapes")
        self.color_button.clicked.connect(actions.recolor)
        self.stops = StopsEditor(ctl, dialogs, icons)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setEnabled(False)  # greyed: it explains, it does nothing
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(kinds)
        layout.addWidget(self.color_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.stops)
        layout.addWidget(self.hint)
        layout.addStretch(1)

        ctl.documentReset.connect(self.refresh)
        ctl.structureChanged.connect(self.refresh)
        ctl.shapesChanged.connect(self._shapes_changed)
        selection.changed.connect(self.refresh)
        self.refresh()

    def _switch(self, kind: FillKind) -> None:
        self.shape_actions.set_fill_kind(kind)
        self.refresh()  # a click on the checked type unchecks it: show the truth again

    def _shapes_changed(self, ids: set[str]) -> None:
        if not ids.isdisjoint(self.selection.shape_ids(self.ctl.doc)):
            self.refresh()

    def refresh(self, *_args: object) -> None:
        targets = self.shape_actions.fill_targets()
        kinds = {fill_kind(shape.fill) for shape in targets}
        for kind, action in self.kind_actions.items():
            action.setEnabled(bool(targets))
            action.setChecked(kinds == {kind})
        self.hint.setText(self._hint(len(targets)))
        self.hint.setVisible(len(targets) != 1)
        single = targets[0] if len(targets) == 1 else None
        fill = single.fill if single is not None else None
        self.color_button.setVisible(isinstance(fill, SolidFill))
        if isinstance(fill, SolidFill):
            self.color_button.setIcon(color_swatch(fill.color))
        self.stops.setVisible(isinstance(fill, (LinearGradient, RadialGradient)))
        if single is not None and isinstance(fill, (LinearGradient, RadialGradient)):
            self.stops.show_gradient(single.id, fill)
        else:
            self.stops.shape_id = None
        shown = (self.hint.isVisibleTo(self), self.color_button.isVisibleTo(self),
                 self.stops.isVisibleTo(self), len(self.stops.rows) if self.stops.shape_id else 0)
        if shown != self._shown:
            self._shown = shown
            self.contentChanged.emit()

    @staticmethod
    def _hint(count: int) -> str:
        if count == 0:
            return ("Select a shape to change its fill (locked shapes and open paths "
                    "keep theirs).")
        return f"{count} shapes selected: a fill type applies to all of them."
