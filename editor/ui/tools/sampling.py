"""The colour of the image under a new shape: its starting fill before optimization."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter, QPainterPath, QTransform

from editor.document import RGBA
from editor.ui.source import SourceImage


def mean_color(source: SourceImage | None, area: QPainterPath, scale: float = 1.0) -> RGBA | None:
    """The mean source colour inside `area` (document units; `scale` = image px per unit).

    None when there is no image or the area covers no pixel of it.
    """
    covered = coverage(source, area, scale)
    if source is None or covered is None:
        return None
    h, w = covered.weight.shape
    pixels = source.rgb[covered.y0:covered.y0 + h, covered.x0:covered.x0 + w]
    rgb = (pixels * covered.weight[..., None]).sum(axis=(0, 1)) / float(covered.weight.sum())
    r, g, b = (float(c) for c in np.clip(rgb, 0.0, 1.0))
    return r, g, b, 1.0


@dataclass(frozen=True)
class Coverage:
    """How much of each image pixel in the box [x0, x0+w) × [y0, y0+h) an area covers,
    times the image's alpha (transparent pixels have no colour to give)."""

    weight: np.ndarray  # (h, w) in [0, 1]
    x0: int
    y0: int


def coverage(source: SourceImage | None, area: QPainterPath, scale: float = 1.0) -> Coverage | None:
    """The image pixels under `area` (document units; `scale` = image px per unit); None
    when there is no image or the area covers none of its pixels."""
    if source is None:
        return None
    path = QPainterPath(area)
    if scale != 1.0:
        path = QTransform.fromScale(scale, scale).map(path)
    box = path.boundingRect().intersected(QRectF(0, 0, source.width, source.height))
    x0, y0 = int(np.floor(box.left())), int(np.floor(box.top()))
    x1, y1 = int(np.ceil(box.right())), int(np.ceil(box.bottom()))
    if x1 <= x0 or y1 <= y0:
        return None
    mask = _rasterize(path, x0, y0, x1 - x0, y1 - y0)
    weight = mask if source.alpha is None else mask * source.alpha[y0:y1, x0:x1]
    return Coverage(weight, x0, y0) if float(weight.sum()) > 0 else None


def _rasterize(path: QPainterPath, x0: int, y0: int, w: int, h: int) -> np.ndarray:
    """Antialiased coverage of `path` over the pixels [x0, x0+w) × [y0, y0+h), in [0, 1]."""
    image = QImage(w, h, QImage.Format.Format_Grayscale8)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.translate(-x0, -y0)
    painter.fillPath(path, Qt.GlobalColor.white)
    painter.end()
    stride = image.bytesPerLine()
    data = np.frombuffer(image.constBits(), np.uint8, count=stride * h).reshape(h, stride)
    return data[:, :w].astype(np.float32) / 255.0
