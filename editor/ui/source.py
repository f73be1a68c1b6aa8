"""The raster being traced, as the editor holds it."""
from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImage

from editor.io.image_io import LoadedImage, RasterSize, load_image, trace_target

# The document keeps the image's size (the optimizer works on a copy at its working size);
# only images beyond this long side are scaled down, with a notice, to bound the memory the
# float copy takes (8192 × 5461 px: 0.5 GB).
MAX_SOURCE_SIZE = 8192


@dataclass(eq=False)
class SourceImage(RasterSize):
    """A decoded image plus its original file bytes.

    The bytes travel into saved projects unchanged (re-encoding would lose EXIF, profiles
    and bit depth); `rgb`/`alpha` are what the optimizer and the canvas use.
    """

    rgb: np.ndarray  # (H, W, 3) float32, composited over white
    alpha: np.ndarray | None  # (H, W) float32 or None when opaque
    data: bytes
    name: str  # file name, e.g. "cat.png"
    notices: list[str] = field(default_factory=list)
    _qimage: QImage | None = field(default=None, repr=False)

    @classmethod
    def from_loaded(cls, loaded: LoadedImage, data: bytes, name: str) -> SourceImage:
        return cls(loaded.rgb, loaded.alpha, data, name, list(loaded.notices))

    @classmethod
    def open(cls, path: Path) -> SourceImage:
        """Decode `path`; raises BadInputError for anything unusable."""
        loaded = load_image(path, max_size=MAX_SOURCE_SIZE)
        return cls.from_loaded(loaded, Path(path).read_bytes(), Path(path).name)

    @classmethod
    def from_bytes(cls, data: bytes, name: str) -> SourceImage:
        """Decode image bytes (from a project or the clipboard) with the same loader as files."""
        suffix = Path(name).suffix or ".png"
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / f"source{suffix}"
            path.write_bytes(data)
            loaded = load_image(path, max_size=MAX_SOURCE_SIZE)
        return cls.from_loaded(loaded, data, name)

    @classmethod
    def from_qimage(cls, image: QImage, name: str = "pasted.png") -> SourceImage:
        """A clipboard image, kept as PNG bytes so it can be saved with the project."""
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")  # type: ignore[call-overload]  # PySide's stub says bytes; the binding takes str only
        return cls.from_bytes(bytes(QByteArray(buffer.data()).data()), name)

    @property
    def target(self) -> np.ndarray:
        """What the optimizer traces: RGB, or premultiplied RGBA when the image has alpha."""
        return trace_target(self.rgb, self.alpha)

    def qimage(self) -> QImage:
        """Straight RGBA8888 for the canvas (alpha restored so transparency shows)."""
        if self._qimage is None:
            alpha = np.ones(self.rgb.shape[:2], np.float32) if self.alpha is None else self.alpha
            rgba = np.dstack([self.rgb, alpha])
            pixels = np.ascontiguousarray(np.round(rgba * 255.0).astype(np.uint8))
            h, w = pixels.shape[:2]
            # copy(): QImage would otherwise point into the numpy buffer
            self._qimage = QImage(pixels.data, w, h, 4 * w, QImage.Format.Format_RGBA8888).copy()
        return self._qimage
