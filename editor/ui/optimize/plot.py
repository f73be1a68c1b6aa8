"""A small QPainter line plot of PSNR over the optimizer's steps."""
from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from editor.ui.theme import ACCENT

MAX_POINTS = 2000  # older history is thinned to keep painting cheap


class PsnrPlot(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: list[tuple[int, float]] = []  # (step, dB)
        self.setMinimumHeight(70)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setToolTip("Quality (PSNR, dB; higher is better) over optimizer steps")

    def sizeHint(self) -> QSize:
        return QSize(240, 90)

    def clear(self) -> None:
        self.points.clear()
        self.update()

    def add(self, step: int, psnr: float) -> None:
        if not math.isfinite(psnr) or (self.points and step <= self.points[-1][0]):
            return
        self.points.append((step, psnr))
        if len(self.points) > MAX_POINTS:
            self.points = self.points[::2]
        self.update()

    def paintEvent(self, event: object) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        painter.fillRect(self.rect(), pal.color(QPalette.ColorRole.Base))
        text = pal.color(QPalette.ColorRole.Text)
        painter.setPen(text)
        if len(self.points) < 2:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "PSNR appears here")
            return
        metrics = painter.fontMetrics()
        area = QRectF(self.rect()).adjusted(metrics.horizontalAdvance("00.0") + 8, 6, -6,
                                            -metrics.height() - 2)
        steps = [s for s, _ in self.points]
        values = [v for _, v in self.points]
        lo, hi = math.floor(min(values)), math.ceil(max(values))
        hi = max(hi, lo + 1)
        s0, s1 = steps[0], max(steps[-1], steps[0] + 1)

        def at(step: int, value: float) -> QPointF:
            x = area.left() + (step - s0) / (s1 - s0) * area.width()
            y = area.bottom() - (value - lo) / (hi - lo) * area.height()
            return QPointF(x, y)

        painter.setPen(QPen(pal.color(QPalette.ColorRole.Mid), 1))
        painter.drawRect(area)
        painter.setPen(text)
        painter.drawText(QRectF(0, area.top() - 4, area.left() - 4, metrics.height()),
                         Qt.AlignmentFlag.AlignRight, f"{hi:g}")
        painter.drawText(QRectF(0, area.bottom() - metrics.height() + 4, area.left() - 4,
                                metrics.height()), Qt.AlignmentFlag.AlignRight, f"{lo:g}")
        painter.drawText(QRectF(area.left(), area.bottom() + 1, area.width(), metrics.height()),
                         Qt.AlignmentFlag.AlignRight,
                         f"step {steps[-1]}   {values[-1]:.2f} dB")
        path = QPainterPath(at(*self.points[0]))
        for step, value in self.points[1:]:
            path.lineTo(at(step, value))
        painter.setPen(QPen(ACCENT, 1.5))
        painter.drawPath(path)
