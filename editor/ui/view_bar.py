"""The canvas options bar: zoom, source image visibility and opacity, shape opacity,
outline view — what designers use to compare the trace with the image."""
from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel, QSlider, QToolBar, QToolButton, QWidget

from editor.ui.canvas.view import CanvasView
from editor.ui.settings import (
    SHAPE_OPACITY,
    SMOOTH_SOURCE,
    SOURCE_OPACITY,
    SOURCE_VISIBLE,
    read,
    write,
)
from editor.ui.theme import Icons


def _slider(tip: str, value: int) -> QSlider:
    slider = QSlider(Qt.Orientation.Horizontal)
    slider.setRange(0, 100)
    slider.setValue(value)
    slider.setFixedWidth(110)
    slider.setToolTip(tip)
    return slider


class ViewBar(QToolBar):
    def __init__(self, view: CanvasView, icons: Icons, settings: QSettings,
                 parent: QWidget | None = None) -> None:
        super().__init__("View", parent)
        self.setObjectName("view-bar")
        self.view = view
        self.settings = settings
        scene = view.canvas

        for icon, tip, slot in (
            ("fa5s.search-minus", "Zoom out (Ctrl+-)", lambda: view.zoom_by(1 / 1.25)),
            ("fa5s.search-plus", "Zoom in (Ctrl++)", lambda: view.zoom_by(1.25)),
            ("fa5s.expand", "Fit the drawing in the window (Ctrl+0)", view.zoom_fit),
        ):
            button = QToolButton()
            icons.set(button, icon)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            self.addWidget(button)
        self.zoom = QToolButton()  # reads the zoom; a click goes to actual pixels
        self.zoom.setToolTip("Current zoom; click for actual pixels, 100 % (Ctrl+1)")
        self.zoom.setMinimumWidth(self.zoom.fontMetrics().horizontalAdvance("12345 %") + 12)
        self.zoom.clicked.connect(view.zoom_actual)
        view.zoomChanged.connect(self._show_zoom)
        self._show_zoom(view.zoom)
        self.addWidget(self.zoom)
        self.addSeparator()

        self.source = QToolButton()
        icons.set(self.source, "mdi.image-outline")
        self.source.setCheckable(True)
        self.source.setToolTip("Show the source image under the shapes")
        self.source.setChecked(read(settings, SOURCE_VISIBLE))
        self.source.toggled.connect(self._source_visible)
        self.addWidget(self.source)
        self.source_opacity = _slider("Source image opacity",
                                      read(settings, SOURCE_OPACITY))
        self.source_opacity.valueChanged.connect(self._source_opacity)
        self.addWidget(self.source_opacity)
        self.addSeparator()

        shapes_label = QLabel(" Shapes ")
        shapes_label.setToolTip("Opacity of the traced shapes over the image")
        self.addWidget(shapes_label)
        self.shape_opacity = _slider("Opacity of the traced shapes (lower it to compare with "
                                     "the image underneath)",
                                     read(settings, SHAPE_OPACITY))
        self.shape_opacity.valueChanged.connect(self._shape_opacity)
        self.addWidget(self.shape_opacity)
        self.outline = QToolButton()
        icons.set(self.outline, "mdi.vector-selection")
        self.outline.setCheckable(True)
        self.outline.setToolTip("Outline view: bare paths without paint")
        self.outline.toggled.connect(scene.set_outline)
        self.addWidget(self.outline)
        self.smooth = QToolButton()
        icons.set(self.smooth, "fa5s.adjust")
        self.smooth.setCheckable(True)
        self.smooth.setChecked(read(settings, SMOOTH_SOURCE))
        self.smooth.setToolTip("Smooth the image when zoomed (off: see its pixels)")
        self.smooth.toggled.connect(self._smooth)
        self.addWidget(self.smooth)

        self._source_visible(self.source.isChecked())
        self._source_opacity(self.source_opacity.value())
        self._shape_opacity(self.shape_opacity.value())
        self._smooth(self.smooth.isChecked())

    def _show_zoom(self, zoom: float) -> None:
        self.zoom.setText(f"{zoom * 100:.0f} %")

    def _source_visible(self, visible: bool) -> None:
        self.view.canvas.set_source_visible(visible)
        self.source_opacity.setEnabled(visible)
        write(self.settings, SOURCE_VISIBLE, visible)

    def _source_opacity(self, value: int) -> None:
        self.view.canvas.set_source_opacity(value / 100)
        write(self.settings, SOURCE_OPACITY, value)

    def _shape_opacity(self, value: int) -> None:
        self.view.canvas.set_shape_opacity(value / 100)
        write(self.settings, SHAPE_OPACITY, value)

    def _smooth(self, smooth: bool) -> None:
        self.view.canvas.set_smooth_source(smooth)
        write(self.settings, SMOOTH_SOURCE, smooth)
