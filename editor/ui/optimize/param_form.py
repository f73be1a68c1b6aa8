"""A form generated from a method's parameter schema (`ParamSpec`s): the few parameters a
designer changes first, the rest under a collapsed "Advanced" section."""
from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from editor.registry import ParamError, ParamSpec

_INT_LIMIT = 2**31 - 1
# What shapes the result, in any method that has it: how many paths, how detailed, which
# fill, how they are added. Step counts, rates and loss weights are the Advanced rest.
ESSENTIAL_PARAMS = frozenset({"num_paths", "segments", "fill", "levels", "detail", "schedule",
                              "paths_per_stage"})


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _decimals(spec: ParamSpec) -> int:
    """Enough decimals for the default and the bounds (0.001 needs 3)."""
    values = [v for v in (spec.default, spec.minimum, spec.maximum) if v is not None]
    needed = [len(f"{float(v):.6f}".rstrip("0").split(".")[1]) for v in values]
    return min(max([2, *needed]), 6)


class ParamForm(QWidget):
    """One editor per parameter: spin boxes for numbers, a check box, a combo for choices.
    Parameters named in `essential` come first; the others sit in a collapsible section."""

    changed = Signal()

    def __init__(self, essential: Collection[str] = ESSENTIAL_PARAMS,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.essential = frozenset(essential)
        self._layout = QFormLayout()  # the essentials
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.advanced_toggle = QToolButton()
        self.advanced_toggle.setCheckable(True)
        self.advanced_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.advanced_toggle.setAutoRaise(True)
        self.advanced_toggle.setToolTip("Show or hide the method's other parameters "
                                        "(step counts, rates, loss weights)")
        self.advanced_toggle.toggled.connect(self._show_advanced)
        self.advanced = QWidget()
        self._advanced_layout = QFormLayout(self.advanced)
        self._advanced_layout.setContentsMargins(12, 0, 0, 0)  # indented under its toggle
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(self._layout)
        column.addWidget(self.advanced_toggle, 0, Qt.AlignmentFlag.AlignLeft)
        column.addWidget(self.advanced)
        column.addStretch(1)
        self._editors: dict[str, tuple[ParamSpec, QWidget]] = {}
        self._show_advanced(False)

    def set_schema(self, schema: Sequence[ParamSpec], values: dict[str, Any] | None = None) -> None:
        for layout in (self._layout, self._advanced_layout):
            while layout.rowCount():
                layout.removeRow(0)
        self._editors.clear()
        for spec in schema:
            editor = self._editor(spec)
            tip = f"{spec.help} (default: {spec.default})" if spec.help else f"Default: {spec.default}"
            editor.setToolTip(tip)
            self._editors[spec.name] = (spec, editor)
            layout = self._layout if spec.name in self.essential else self._advanced_layout
            layout.addRow(_label(spec.name), editor)
            layout.labelForField(editor).setToolTip(tip)
        for name, value in (values or {}).items():
            self.set_value(name, value)
        count = self._advanced_layout.rowCount()
        self.advanced_toggle.setText(f"Advanced ({count})")
        self.advanced_toggle.setVisible(count > 0)

    def advanced_names(self) -> list[str]:
        """The parameters under "Advanced", in schema order."""
        return [name for name in self._editors if name not in self.essential]

    def _show_advanced(self, shown: bool) -> None:
        self.advanced.setVisible(shown)
        self.advanced_toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)

    def _editor(self, spec: ParamSpec) -> QWidget:
        if spec.type == "bool":
            box = QCheckBox()
            box.setChecked(bool(spec.default))
            box.toggled.connect(self.changed)
            return box
        if spec.type == "choice":
            combo = QComboBox()
            combo.addItems(list(spec.choices))
            combo.setCurrentText(str(spec.default))
            combo.currentTextChanged.connect(self.changed)
            return combo
        if spec.type == "int":
            spin = QSpinBox()
            spin.setRange(int(spec.minimum) if spec.minimum is not None else -_INT_LIMIT,
                          int(spec.maximum) if spec.maximum is not None else _INT_LIMIT)
            spin.setValue(int(spec.default))
            spin.valueChanged.connect(self.changed)
            return spin
        dspin = QDoubleSpinBox()
        dspin.setDecimals(_decimals(spec))
        dspin.setRange(spec.minimum if spec.minimum is not None else -1e9,
                       spec.maximum if spec.maximum is not None else 1e9)
        dspin.setSingleStep(10 ** -min(_decimals(spec), 2))
        dspin.setValue(float(spec.default))
        dspin.valueChanged.connect(self.changed)
        return dspin

    def values(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for name, (_spec, editor) in self._editors.items():
            if isinstance(editor, QCheckBox):
                result[name] = editor.isChecked()
            elif isinstance(editor, QComboBox):
                result[name] = editor.currentText()
            elif isinstance(editor, (QSpinBox, QDoubleSpinBox)):
                result[name] = editor.value()
        return result

    def set_value(self, name: str, value: Any) -> None:
        """Set one parameter (e.g. from saved settings); unknown names and bad values are
        ignored, the form keeps its default then."""
        if name not in self._editors:
            return
        spec, editor = self._editors[name]
        try:
            value = spec.convert(value)
        except ParamError:
            return
        if isinstance(editor, QCheckBox):
            editor.setChecked(bool(value))
        elif isinstance(editor, QComboBox):
            editor.setCurrentText(str(value))
        elif isinstance(editor, (QSpinBox, QDoubleSpinBox)):
            editor.setValue(value)
