"""The live optimization panel: method, working size and the parameters that matter most
(the rest under "Advanced"), run controls, and the PSNR plot."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from editor.engine.snapshot import RunState
from editor.engine.working_scale import DEFAULT_WORKING_SIZE, MAX_WORKING_SIZE, MIN_WORKING_SIZE
from editor.registry import DEFAULT_METHOD, MethodInfo
from editor.ui.optimize.param_form import ParamForm
from editor.ui.optimize.plot import PsnrPlot
from editor.ui.theme import Icons


class OptimizePanel(QWidget):
    startRequested = Signal()  # Trace (again)
    refineRequested = Signal()
    pauseRequested = Signal()
    resumeRequested = Signal()
    stopRequested = Signal()
    addShapesRequested = Signal(int)
    refineSelectionToggled = Signal(bool)

    def __init__(self, methods: Sequence[MethodInfo], icons: Icons,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.methods = {m.name: m for m in methods}
        self._values: dict[str, dict[str, Any]] = {}  # per method, kept across switches
        self._state = RunState.IDLE
        self._can_start = False
        self._has_shapes = False
        self._has_traced = False

        self.method = QComboBox()
        self.method.setToolTip("Vectorization method (greyed: unavailable, hover for why)")
        model = self.method.model()
        assert isinstance(model, QStandardItemModel)
        for info in methods:
            self.method.addItem(info.display_name, info.name)
            row = self.method.count() - 1
            item = model.item(row)
            if info.available:
                self.method.setItemData(row, info.description, Qt.ItemDataRole.ToolTipRole)
            else:
                item.setEnabled(False)
                self.method.setItemData(row, f"Unavailable: {info.reason}",
                                        Qt.ItemDataRole.ToolTipRole)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setToolTip("What the chosen method does")
        # Never squeezed below its text: the parameter list above it scrolls instead.
        self.description.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.form = ParamForm()

        self.start = QPushButton("Trace")
        icons.set(self.start, "fa5s.play")
        self.refine = QPushButton("Refine")
        self.refine.setToolTip("Optimize the shapes there are, adding none: the selected ones, "
                               "or every unlocked shape when nothing is selected (F5)")
        icons.set(self.refine, "mdi.auto-fix")
        self.pause = QPushButton("Pause")
        self.pause.setToolTip("Pause or resume the optimizer; edits still apply while paused")
        icons.set(self.pause, "fa5s.pause")
        self.stop = QPushButton("Stop")
        self.stop.setToolTip("Stop optimizing and keep the result")
        icons.set(self.stop, "fa5s.stop")
        verbs = QHBoxLayout()
        for button in (self.start, self.refine):
            verbs.addWidget(button)
        buttons = QHBoxLayout()
        for button in (self.pause, self.stop):
            buttons.addWidget(button)

        self.add_count = QSpinBox()
        self.add_count.setRange(1, 256)
        self.add_count.setValue(8)
        self.add_count.setToolTip("How many paths to add")
        self.add_button = QPushButton("Add paths")
        self.add_button.setToolTip(
            "Place new paths where the trace differs most from the image, in a new layer, "
            "and optimize them")
        icons.set(self.add_button, "mdi.shape-plus")
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_count)
        add_row.addWidget(self.add_button, 1)
        self.refine_selection = QCheckBox("Refine selection only")
        self.refine_selection.setToolTip(
            "Optimize only the selected shapes; everything else stays as it is")

        self.working_size = QSpinBox()
        self.working_size.setRange(MIN_WORKING_SIZE, MAX_WORKING_SIZE)
        self.working_size.setSingleStep(64)
        self.working_size.setValue(DEFAULT_WORKING_SIZE)
        self.working_size.setSuffix(" px")
        self.working_size.setToolTip(
            "Long side of the canvas the optimizer works on. The methods are tuned at "
            f"{DEFAULT_WORKING_SIZE} px; larger traces finer detail, and each step costs "
            "about the square of it. Shapes stay in your document's units either way.")
        size_row = QHBoxLayout()
        size_row.addWidget(QLabel("Working size"))
        size_row.addWidget(self.working_size, 1)

        self.plot = PsnrPlot()

        method_box = QGroupBox("Method")
        method_layout = QVBoxLayout(method_box)
        method_layout.addWidget(self.method)
        method_layout.addWidget(self.description)
        method_layout.addLayout(size_row)
        method_layout.addWidget(self.form, 1)  # the essentials, then "Advanced" (collapsed)
        run_box = QGroupBox("Run")
        run_layout = QVBoxLayout(run_box)
        run_layout.addLayout(verbs)
        run_layout.addLayout(add_row)
        run_layout.addLayout(buttons)
        run_layout.addWidget(self.refine_selection)
        run_layout.addWidget(self.plot)
        content = self._content = QWidget()  # what the scroll area holds
        layout = QVBoxLayout(content)
        layout.addWidget(method_box, 1)
        layout.addWidget(run_box)
        # The whole panel scrolls, so a short dock never squeezes it (nor forces the window
        # taller); the default layout gives it the height of its folded form.
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidget(content)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll_area)

        self.method.currentIndexChanged.connect(self._method_changed)
        self.start.clicked.connect(self.startRequested)
        self.refine.clicked.connect(self.refineRequested)
        self.pause.clicked.connect(self._pause_clicked)
        self.stop.clicked.connect(self.stopRequested)
        self.add_button.clicked.connect(lambda: self.addShapesRequested.emit(self.add_count.value()))
        self.refine_selection.toggled.connect(self.refineSelectionToggled)
        if not self.select_method(DEFAULT_METHOD):
            self.method.setCurrentIndex(next((i for i, m in enumerate(methods) if m.available), -1))
        self._method_changed()

    # ------------------------------------------------------------------ settings
    def method_name(self) -> str:
        return str(self.method.currentData() or "")

    def method_info(self) -> MethodInfo | None:
        """The chosen method as its manifest describes it (None when there is none)."""
        return self.methods.get(self.method_name())

    def params(self) -> dict[str, Any]:
        return self.form.values()

    def settings(self) -> dict[str, Any]:
        """Method and parameters, as saved in projects and restored with `apply_settings`."""
        self._values[self.method_name()] = self.params()
        return {"method": self.method_name(), "params": dict(self._values),
                "working_size": self.working_size.value()}

    def select_method(self, name: str) -> bool:
        """Choose method `name` if it is available; False leaves the choice as it was."""
        info = self.methods.get(name)
        if info is None or not info.available:
            return False
        self.method.setCurrentIndex(self.method.findData(name))
        return True

    def apply_settings(self, settings: dict[str, Any]) -> None:
        params = settings.get("params", {})
        if isinstance(params, dict):
            self._values.update({k: v for k, v in params.items() if isinstance(v, dict)})
        self.select_method(str(settings.get("method")))
        size = settings.get("working_size")
        if isinstance(size, int) and not isinstance(size, bool):
            self.working_size.setValue(size)  # clamped to the range
        self._method_changed()

    def sizeHint(self) -> QSize:
        """Tall enough for the whole panel with "Advanced" folded (the scroll area alone
        would ask for little)."""
        hint = self._content.sizeHint()
        return QSize(hint.width() + self.scroll_area.verticalScrollBar().sizeHint().width(), hint.height())

    def _method_changed(self, *_args: object) -> None:
        info = self.method_info()
        if info is None:
            self.description.setText("No vectorization method is available.")
            self.form.set_schema([])
        else:
            self.description.setText(info.description)
            self.form.set_schema(info.params, self._values.get(info.name))
        self._update_buttons()

    # ------------------------------------------------------------------ run state
    def set_can_start(self, can_start: bool) -> None:
        """Whether there is an image to trace."""
        self._can_start = can_start
        self._update_buttons()

    def set_document(self, has_shapes: bool, has_traced: bool) -> None:
        """What the verbs can work on: any shapes to refine, optimizer shapes to replace."""
        if (has_shapes, has_traced) != (self._has_shapes, self._has_traced):
            self._has_shapes, self._has_traced = has_shapes, has_traced
            self._update_buttons()

    def set_state(self, state: RunState) -> None:
        self._state = state
        if state not in (RunState.RUNNING, RunState.PAUSED):
            self.refine_selection.setChecked(False)
        self._update_buttons()

    def _update_buttons(self) -> None:
        active = self._state in (RunState.RUNNING, RunState.PAUSED)
        has_method = self.method_info() is not None
        ready = self._can_start and has_method
        self.start.setEnabled(ready)
        self.start.setText("Trace again…" if self._has_traced else "Trace")
        self.start.setToolTip(
            "Replace the optimizer's unlocked shapes with a new trace (asks first)"
            if self._has_traced else "Trace the image with the method's schedule")
        self.refine.setEnabled(ready and self._has_shapes)
        self.pause.setEnabled(active)
        self.pause.setText("Resume" if self._state == RunState.PAUSED else "Pause")
        self.stop.setEnabled(active)
        self.add_button.setEnabled(ready)
        self.add_count.setEnabled(ready)
        self.refine_selection.setEnabled(active)

    def _pause_clicked(self) -> None:
        if self._state == RunState.PAUSED:
            self.resumeRequested.emit()
        else:
            self.pauseRequested.emit()
