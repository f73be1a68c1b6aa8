"""The selected raster image, for Layertrace's Inkscape effects: its pixels (embedded or
linked), its pixel size, and where its pixels lie in the document.

Runs in Inkscape's Python: inkex and the standard library only (no numpy, no Pillow).
"""
from __future__ import annotations

import base64
import binascii
import math
import os
import re
import struct
from dataclasses import dataclass
from urllib.parse import unquote, urlparse

import inkex
from inkex import Transform
from inkex.units import convert_unit

SUPPORTED = "PNG, JPEG, WebP, BMP or GIF"
_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_ABSREF = "{http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd}absref"
_DATA_URI = re.compile(r"data:([^,;]*)((?:;[^,;]*)*),(.*)", re.DOTALL)


@dataclass
class RasterImage:
    """An <image>'s decoded file: bytes, format (the file suffix to use) and pixel size."""

    data: bytes
    suffix: str
    width: int
    height: int


def read_image(element: inkex.BaseElement, document_folder: str | None) -> RasterImage:
    """The pixels of `element` (a data: URI, or a file relative to the document's folder)."""
    href = (element.get(_XLINK_HREF) or element.get("href") or "").strip()
    label = _describe(element)
    if not href:
        raise inkex.AbortExtension(f"The image {label} has no picture (its href is empty).")
    if href.startswith("data:"):
        data = _decode_data_uri(href, label)
    else:
        data = _read_linked(element, href, document_folder, label)
    suffix, width, height = pixel_size(data, label)
    return RasterImage(data, suffix, width, height)


def _decode_data_uri(href: str, label: str) -> bytes:
    match = _DATA_URI.match(href)
    if match is None:
        raise inkex.AbortExtension(f"The image {label} has a malformed data: URI.")
    mime, options, payload = match.groups()
    if ";base64" not in options.lower():
        return unquote(payload).encode("latin-1")
    # Inkscape and other writers wrap base64 over several lines: drop all whitespace.
    payload = re.sub(r"\s+", "", unquote(payload))
    try:
        return base64.b64decode(payload + "=" * (-len(payload) % 4), validate=True)
    except (binascii.Error, ValueError):
        raise inkex.AbortExtension(
            f"The image {label} has embedded data that is not valid base64 ({mime or 'no type'})."
        ) from None


def _read_linked(element: inkex.BaseElement, href: str, folder: str | None, label: str) -> bytes:
    parsed = urlparse(href)
    if parsed.scheme not in ("", "file") and len(parsed.scheme) > 1:  # "C:" is a drive
        raise inkex.AbortExtension(f"The image {label} links to {href}, which is not a local file.")
    path = unquote(parsed.path) if parsed.scheme == "file" else href
    path = os.path.expanduser(path)
    candidates = [path] if os.path.isabs(path) else [os.path.join(folder or os.getcwd(), path)]
    if element.get(_ABSREF):  # where Inkscape last saw the file
        candidates.append(element.get(_ABSREF))
    for candidate in candidates:
        if os.path.isfile(candidate):
            try:
                with open(candidate, "rb") as stream:
                    return stream.read()
            except OSError as err:
                raise inkex.AbortExtension(f"The linked image {candidate} cannot be read: {err.strerror}.") from None
    raise inkex.AbortExtension(
        f"The linked image of {label} was not found: {href} (looked for {candidates[0]})."
    )


def pixel_size(data: bytes, label: str = "the image") -> tuple[str, int, int]:
    """(suffix, width, height) from the file's header; AbortExtension for other formats."""
    size: tuple[str, int, int] | None = None
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        size = ("png", *struct.unpack(">II", data[16:24]))
    elif data[:3] == b"\xff\xd8\xff":
        size = _jpeg_size(data)
    elif data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
        size = ("gif", *struct.unpack("<HH", data[6:10]))
    elif data[:2] == b"BM" and len(data) >= 26:
        width, height = struct.unpack("<ii", data[18:26])
        size = ("bmp", abs(width), abs(height))
    elif data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        size = _webp_size(data)
    if size is None:
        kind = "an SVG drawing" if b"<svg" in data[:1024] else "of a type Layertrace cannot read"
        raise inkex.AbortExtension(f"The image {label} is {kind}; select a {SUPPORTED} image.")
    if size[1] < 1 or size[2] < 1:
        raise inkex.AbortExtension(f"The image {label} has no pixels ({size[1]}×{size[2]}).")
    return size


def _jpeg_size(data: bytes) -> tuple[str, int, int] | None:
    index = 2
    while index + 9 < len(data):
        if data[index] != 0xFF:
            return None
        marker = data[index + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            index += 2
            continue
        length = struct.unpack(">H", data[index + 2:index + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):  # start of frame
            height, width = struct.unpack(">HH", data[index + 5:index + 9])
            return "jpg", width, height
        index += 2 + length
    return None


def _webp_size(data: bytes) -> tuple[str, int, int] | None:
    chunk = data[12:16]
    if chunk == b"VP8 " and len(data) >= 30:
        width, height = struct.unpack("<HH", data[26:30])
        return "webp", width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L" and len(data) >= 25:
        bits = int.from_bytes(data[21:25], "little")
        return "webp", (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X" and len(data) >= 30:
        width = int.from_bytes(data[24:27], "little") + 1
        height = int.from_bytes(data[27:30], "little") + 1
        return "webp", width, height
    return None


# ---------------------------------------------------------------------------- placement


def pixel_transform(element: inkex.BaseElement, width: int, height: int) -> Transform:
    """Image pixels → the document's user units: the image's box (x, y, width, height),
    preserveAspectRatio, its own transform and every ancestor's. AbortExtension when it
    cannot be inverted (a zero size, or a transform that flattens the picture)."""
    box_w = _length(element.get("width"), float(width))
    box_h = _length(element.get("height"), float(height))
    x, y = _length(element.get("x"), 0.0), _length(element.get("y"), 0.0)
    sx, sy = box_w / width, box_h / height
    align, mode = _aspect(element.get("preserveAspectRatio"))
    if align != "none":
        sx = sy = min(sx, sy) if mode == "meet" else max(sx, sy)
        x += _alignment(align[1:4], box_w - width * sx)
        y += _alignment(align[5:8], box_h - height * sy)
    full = element.composed_transform() @ Transform(translate=(x, y)) @ Transform(scale=(sx, sy))
    a, b, c, d = full.a, full.b, full.c, full.d
    determinant = a * d - b * c
    scale = max(abs(a), abs(b), abs(c), abs(d), 1e-300)
    if not all(math.isfinite(v) for v in full.to_hexad()) or abs(determinant) <= 1e-12 * scale * scale:
        raise inkex.AbortExtension(
            f"The image {_describe(element)} is flattened to a line or a point by its size or "
            "transform (not invertible); Layertrace cannot place shapes on it."
        )
    return full


def _length(value: str | None, default: float) -> float:
    if value is None or not value.strip() or value.strip() == "auto":
        return default
    try:
        return float(convert_unit(value.strip(), "px"))
    except (ValueError, TypeError):
        return default


def _aspect(value: str | None) -> tuple[str, str]:
    words = (value or "").replace("defer", "").split()
    align = words[0] if words else "xMidYMid"
    mode = words[1] if len(words) > 1 else "meet"
    return align, mode


def _alignment(word: str, slack: float) -> float:
    return {"Min": 0.0, "Mid": slack / 2.0, "Max": slack}.get(word, slack / 2.0)


def _describe(element: inkex.BaseElement) -> str:
    return f'"{element.get("id")}"' if element.get("id") else "(without id)"
