"""Light and dark palettes, and qtawesome icons that follow the active palette.

qtawesome icons are pixmaps in a fixed colour, so every icon set through `Icons.set` is
remembered and redrawn when the palette changes (dark text on a dark toolbar is unreadable).
"""
from __future__ import annotations

import qtawesome as qta
from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QColor, QIcon, QPalette
from PySide6.QtWidgets import QAbstractButton, QApplication

IconTarget = QAction | QAbstractButton  # what Icons.set gives an icon
ACCENT = QColor(38, 132, 255)  # selection outlines and the PSNR curve, readable on both palettes


def _palette(dark: bool) -> QPalette:
    pal = QPalette()
    if dark:
        colors = {
            QPalette.ColorRole.Window: QColor(45, 45, 48),
            QPalette.ColorRole.WindowText: QColor(220, 220, 220),
            QPalette.ColorRole.Base: QColor(30, 30, 32),
            QPalette.ColorRole.AlternateBase: QColor(40, 40, 43),
            QPalette.ColorRole.ToolTipBase: QColor(60, 60, 64),
            QPalette.ColorRole.ToolTipText: QColor(230, 230, 230),
            QPalette.ColorRole.Text: QColor(220, 220, 220),
            QPalette.ColorRole.Button: QColor(55, 55, 59),
            QPalette.ColorRole.ButtonText: QColor(220, 220, 220),
            QPalette.ColorRole.BrightText: QColor(255, 80, 80),
            QPalette.ColorRole.Mid: QColor(70, 70, 74),
            QPalette.ColorRole.Dark: QColor(25, 25, 27),
            QPalette.ColorRole.PlaceholderText: QColor(140, 140, 140),
        }
        disabled = QColor(120, 120, 120)
    else:
        colors = {
            QPalette.ColorRole.Window: QColor(239, 239, 241),
            QPalette.ColorRole.WindowText: QColor(30, 30, 30),
            QPalette.ColorRole.Base: QColor(255, 255, 255),
            QPalette.ColorRole.AlternateBase: QColor(246, 246, 248),
            QPalette.ColorRole.ToolTipBase: QColor(255, 255, 225),
            QPalette.ColorRole.ToolTipText: QColor(20, 20, 20),
            QPalette.ColorRole.Text: QColor(30, 30, 30),
            QPalette.ColorRole.Button: QColor(232, 232, 235),
            QPalette.ColorRole.ButtonText: QColor(30, 30, 30),
            QPalette.ColorRole.BrightText: QColor(200, 0, 0),
            QPalette.ColorRole.Mid: QColor(200, 200, 204),
            QPalette.ColorRole.Dark: QColor(160, 160, 164),
            QPalette.ColorRole.PlaceholderText: QColor(130, 130, 130),
        }
        disabled = QColor(150, 150, 150)
    for role, color in colors.items():
        pal.setColor(role, color)
    pal.setColor(QPalette.ColorRole.Highlight, ACCENT)
    pal.setColor(QPalette.ColorRole.HighlightedText, QColor(255, 255, 255))
    pal.setColor(QPalette.ColorRole.Link, ACCENT)
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText,
                 QPalette.ColorRole.WindowText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return pal


class Icons(QObject):
    """Creates palette-coloured icons and recolours them when the theme changes."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._targets: list[tuple[IconTarget, str]] = []
        self.dark = False

    def icon(self, name: str) -> QIcon:
        if self.dark:
            return qta.icon(name, color="#dcdcdc", color_disabled="#6e6e6e")
        return qta.icon(name, color="#3a3a3a", color_disabled="#a8a8a8")

    def set(self, target: IconTarget, name: str) -> None:
        """`target.setIcon(icon(name))`, redone on every theme change while target lives."""
        target.setIcon(self.icon(name))
        entry = (target, name)
        self._targets.append(entry)
        target.destroyed.connect(lambda *_: self._forget(entry))

    def _forget(self, entry: tuple[IconTarget, str]) -> None:
        if entry in self._targets:
            self._targets.remove(entry)

    def apply_theme(self, dark: bool) -> None:
        """Switch the application palette and recolour every registered icon."""
        self.dark = dark
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.setStyle("Fusion")  # the only built-in style that honours custom palettes
            app.setPalette(_palette(dark))
        for target, name in list(self._targets):
            target.setIcon(self.icon(name))
