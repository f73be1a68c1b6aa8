"""A form generated from a method's parameter schema (`ParamSpec`s)."""
from __future__ import annotations

from typing import Any, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QSpinBox,
    QWidget,
)

from editor.registry import ParamError, ParamSpec

_INT_LIMIT = 2**31 - 1


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _decimals(spec: ParamSpec) -> int:
    """Enough decimals for the default and the bounds (0.001 needs 3)."""
    values = [v for v in (spec.default, spec.minimum, spec.maximum) if v is not None]
    needed = [len(f"{float(v):.6f}".rstrip("0").split(".")[1]) for v in values]
    return min(max([2, *needed]), 6)


class ParamForm(QWidget):
    """One editor per parameter: spin boxes for numbers, a check box, a combo for choices."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QFormLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._editors: dict[str, tuple[ParamSpec, QWidget]] = {}

    def set_schema(self, schema: Sequence[ParamSpec], values: dict[str, Any] | None = None) -> None:
        while self._layout.rowCount():
            self._layout.removeRow(0)
        self._editors.clear()
        for spec in schema:
            editor = self._editor(spec)
            tip = f"{spec.help} (default: {spec.default})" if spec.help else f"Default: {spec.default}"
            editor.setToolTip(tip)
            self._editors[spec.name] = (spec, editor)
            self._layout.addRow(_label(spec.name), editor)
            self._layout.labelForField(editor).setToolTip(tip)
        for name, value in (values or {}).items():
            self.set_value(name, value)

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
