"""A corpus of hostile and broken inputs: SVG text that made parsers slow, damaged and lying
images, damaged projects. Each case is built in code (no binary fixtures), small, and fast.

    python tests/io/bad_input_corpus.py OUT_FOLDER   # write every case to a folder

The bad-input tests run the cases through the real readers; benchmarks/hostile_parsers.py
times the hostile SVG patterns at growing sizes.
"""
from __future__ import annotations

import io
import json
import struct
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

# ------------------------------------------------------------------------- hostile SVG text

_SVG = "<svg xmlns='http://www.w3.org/2000/svg' width='64' height='64'>{}</svg>"
_RECT = "<rect width='8' height='8' fill='red'/>"


def _style(css: str) -> str:
    return _SVG.format(f"<style>{css}</style>{_RECT}")


def _attr(name: str, value: str, tag: str = "rect width='8' height='8'") -> str:
    return _SVG.format(f"<{tag} {name}='{value}'/>")


def _repeat(unit: str, size: int) -> str:
    return unit * max(1, size // len(unit))


# name → (size in characters → a whole SVG document with that much hostile text in it)
HOSTILE_TEXT: dict[str, Callable[[int], str]] = {
    "style: no braces": lambda n: _style(_repeat("rect ", n)),
    "style: full of @": lambda n: _style(_repeat("@", n)),
    "style: @ without ;": lambda n: _style(_repeat("@a ", n)),
    "style: unclosed comments": lambda n: _style(_repeat("/*", n)),
    "style: open braces": lambda n: _style(_repeat("a{", n)),
    "style: many rules": lambda n: _style(_repeat("rect{fill:blue}", n)),
    "style attribute: colons": lambda n: _attr("style", _repeat("fill:", n)),
    "transform: long list": lambda n: _attr("transform", _repeat("translate(1,1) ", n)),
    "transform: no parentheses": lambda n: _attr("transform", _repeat("rotate", n)),
    "path data: long": lambda n: _attr("d", "M0 0" + _repeat(" L1 1", n), "path"),
    "path data: digits": lambda n: _attr("d", "M" + _repeat("9", n), "path"),
    "points: long": lambda n: _attr("points", _repeat("1,2 ", n), "polygon"),
    "paint: url( then spaces": lambda n: _attr("fill", "url(" + _repeat(" ", n) + "x"),
    "colour: unclosed rgb(": lambda n: _attr("fill", "rgb(" + _repeat("1,", n)),
    "length: digits": lambda n: _attr("x", _repeat("1", n) + "e"),
}


def hostile_svg(make: Callable[[int], str], size: int) -> str:
    return make(size)


# ---------------------------------------------------------------------------- broken images


def _noise(width: int, height: int, seed: int = 0) -> Image.Image:
    pixels = np.random.default_rng(seed).integers(0, 256, (height, width, 3), np.uint8)
    return Image.fromarray(pixels)


def _encoded(image: Image.Image, fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def lying_jpeg(width: int = 20000, height: int = 8000) -> bytes:
    """A 64×64 JPEG whose frame header claims `width`×`height`: decoders pad the rest grey."""
    data = bytearray(_encoded(_noise(64, 64), "JPEG", quality=90))
    sof = next(i for i in range(2, len(data) - 9) if data[i] == 0xFF and data[i + 1] in (0xC0, 0xC1, 0xC2))
    data[sof + 5:sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def lying_png(width: int = 4000, height: int = 4000) -> bytes:
    """A 64×64 PNG whose IHDR claims `width`×`height` (CRC fixed, so only the data lies)."""
    import zlib

    data = bytearray(_encoded(_noise(64, 64), "PNG"))
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def lying_bmp(size: int = 4000) -> bytes:
    data = bytearray(_encoded(_noise(64, 64), "BMP"))
    data[18:26] = struct.pack("<ii", size, size)  # BITMAPINFOHEADER width, height
    return bytes(data)


def lying_tiff(size: int = 4000) -> bytes:
    """ImageWidth and ImageLength rewritten in the first IFD; the strips stay 64×64."""
    data = bytearray(_encoded(_noise(64, 64), "TIFF"))
    ifd = struct.unpack("<I", data[4:8])[0]
    for index in range(struct.unpack("<H", data[ifd:ifd + 2])[0]):
        entry = ifd + 2 + 12 * index
        tag, kind = struct.unpack("<HH", data[entry:entry + 4])
        if tag in (256, 257):
            data[entry + 8:entry + 12] = struct.pack("<HH", size, 0) if kind == 3 else struct.pack("<I", size)
    return bytes(data)


def lying_webp(size: int = 4000) -> bytes:
    data = bytearray(_encoded(_noise(64, 64), "WEBP"))
    data[26:30] = struct.pack("<HH", size, size)  # VP8 frame header width, height
    return bytes(data)


def lying_gif(size: int = 4000) -> bytes:
    data = bytearray(_encoded(_noise(64, 64).convert("P"), "GIF"))
    data[6:10] = struct.pack("<HH", size, size)  # logical screen
    descriptor = data.find(b"\x2c", 13 + 768)  # the image descriptor after the colour table
    data[descriptor + 5:descriptor + 9] = struct.pack("<HH", size, size)
    return bytes(data)


def float_tiff(value: float) -> bytes:
    pixels = np.linspace(0.0, 1.0, 64 * 64, dtype=np.float32).reshape(64, 64)
    pixels[10:20, 10:20] = value
    return _encoded(Image.fromarray(pixels, mode="F"), "TIFF")


def truncated(data: bytes, keep: float = 0.5) -> bytes:
    return data[: max(1, int(len(data) * keep))]


EPS = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 64 64\nnewpath 0 0 moveto 64 64 lineto stroke\nshowpage\n"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@dataclass(frozen=True)
class ImageCase:
    name: str  # the file name it is written under (its suffix is what a user would see)
    data: Callable[[], bytes]
    reason: str  # a word the error message must contain


IMAGE_CASES = [
    ImageCase("lying-header.jpg", lying_jpeg, "incomplete"),
    ImageCase("lying-header.png", lying_png, "truncated"),
    ImageCase("lying-header.bmp", lying_bmp, "truncated"),
    ImageCase("lying-header.tif", lying_tiff, "truncated"),
    ImageCase("lying-header.webp", lying_webp, "damaged"),
    ImageCase("lying-header.gif", lying_gif, "truncated"),
    ImageCase("truncated.jpg", lambda: truncated(_encoded(_noise(64, 64), "JPEG")), "truncated"),
    ImageCase("truncated.webp", lambda: truncated(_encoded(_noise(64, 64), "WEBP")), "truncated"),
    ImageCase("truncated.bmp", lambda: truncated(_encoded(_noise(64, 64), "BMP")), "truncated"),
    ImageCase("truncated.tif", lambda: truncated(_encoded(_noise(64, 64), "TIFF")), "truncated"),
    ImageCase("nan.tif", lambda: float_tiff(float("nan")), "not finite"),
    ImageCase("inf.tif", lambda: float_tiff(float("inf")), "not finite"),
    ImageCase("drawing.eps", lambda: EPS, "PostScript"),
    ImageCase("eps-named.png", lambda: EPS, "PostScript"),
    ImageCase("document.pdf", lambda: PDF, "PDF"),
]


# ----------------------------------------------------------------------- damaged projects


def _doc(**changes: object) -> dict:
    shape = {"id": "s1", "name": "", "points": [[0, 0], [10, 0], [10, 10], [0, 10]], "closed": True,
             "fill": {"type": "solid", "color": [1, 0, 0, 1]}, "fill_rule": "nonzero",
             "stroke": None, "stroke_width": 0.0, "visible": True, "locked": False}
    doc = {"format": 1, "width": 64, "height": 64, "background": [1, 1, 1, 1],
           "layers": [{"id": "l1", "name": "Layer 1", "visible": True, "locked": False, "shapes": [shape]}]}
    for path, value in changes.items():
        target: dict = doc
        keys = path.split("__")
        for key in keys[:-1]:
            target = target[key] if not key.isdigit() else target[int(key)]
        target[keys[-1]] = value
    return doc


def project_zip(document: object = None, settings: object = None, *, raw_document: bytes | None = None,
                compress: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compress) as zf:
        body = raw_document if raw_document is not None else json.dumps(
            _doc() if document is None else document, allow_nan=True).encode()
        zf.writestr("document.json", body)
        zf.writestr("settings.json", json.dumps({} if settings is None else settings))
    return buffer.getvalue()


def _patched(data: bytes, name: bytes, patch: Callable[[bytearray, int], None]) -> bytes:
    """Apply `patch` to both headers (local and central) of the member `name`."""
    out = bytearray(data)
    for signature, name_at in ((b"PK\x03\x04", 30), (b"PK\x01\x02", 46)):
        at = 0
        while (at := out.find(signature, at)) >= 0:
            if out[at + name_at:at + name_at + len(name)] == name:
                patch(out, at)
            at += 4
    return bytes(out)


def _set_u16(offset_local: int, offset_central: int, value: int) -> Callable[[bytearray, int], None]:
    def patch(buf: bytearray, at: int) -> None:
        offset = offset_local if buf[at:at + 4] == b"PK\x03\x04" else offset_central
        buf[at + offset:at + offset + 2] = struct.pack("<H", value)
    return patch


def corrupt_deflate() -> bytes:
    data = bytearray(project_zip())
    start = data.find(b"document.json") + len(b"document.json")
    data[start + 2:start + 12] = b"\xff" * 10  # garbage inside the compressed stream
    return bytes(data)


PROJECT_CASES: dict[str, Callable[[], bytes]] = {
    "document is a list": lambda: project_zip([1, 2]),
    "document is a string": lambda: project_zip("hello"),
    "document is null": lambda: project_zip(None, raw_document=b"null"),
    "document is a number": lambda: project_zip(3),
    "a shape is null": lambda: project_zip(_doc(layers__0__shapes=[None])),
    "a layer is a string": lambda: project_zip(_doc(layers=["x"])),
    "points are strings": lambda: project_zip(_doc(layers__0__shapes__0__points=["a", "b"])),
    "odd number of coordinates": lambda: project_zip(_doc(layers__0__shapes__0__points=[[0, 0, 1]])),
    "NaN point": lambda: project_zip(_doc(layers__0__shapes__0__points=[[0, float("nan")], [1, 1]])),
    "infinite point": lambda: project_zip(_doc(layers__0__shapes__0__points=[[0, float("inf")], [1, 1]])),
    "NaN stroke width": lambda: project_zip(_doc(layers__0__shapes__0__stroke_width=float("nan"))),
    "infinite stroke width": lambda: project_zip(_doc(layers__0__shapes__0__stroke_width=float("inf"))),
    "negative stroke width": lambda: project_zip(_doc(layers__0__shapes__0__stroke_width=-5)),
    "negative document width": lambda: project_zip(_doc(width=-64)),
    "colour out of range": lambda: project_zip(_doc(background=[2, 0, 0, 1])),
    "unknown origin": lambda: project_zip(_doc(layers__0__shapes__0__origin="alien")),
    "unknown role": lambda: project_zip(_doc(layers__0__shapes__0__role="hero")),
    "primitive with NaN radius": lambda: project_zip(_doc(layers__0__shapes__0__primitive={
        "type": "ellipse", "cx": 1, "cy": 1, "rx": float("nan"), "ry": 1})),
    "unknown fill type": lambda: project_zip(_doc(layers__0__shapes__0__fill={"type": "plaid"})),
    "newer format": lambda: project_zip(_doc(format=99)),
    "deeply nested document": lambda: project_zip(raw_document=b"[" * 100_000 + b"]" * 100_000),
    "deeply nested settings": lambda: project_zip(settings=json.loads('{"a":' * 500 + "1" + "}" * 500)),
    "settings nested past JSON's limit": lambda: _replace_member(project_zip(), "settings.json",
                                                                 b'{"a":' * 100_000 + b"1" + b"}" * 100_000),
    "corrupt deflate data": corrupt_deflate,
    "unsupported compression": lambda: _patched(project_zip(), b"document.json", _set_u16(8, 10, 99)),
    "encrypted flag": lambda: _patched(project_zip(), b"document.json", _set_u16(6, 8, 1)),
    "no document": lambda: _replace_member(project_zip(), "document.json", None),
    "not a zip": lambda: b"this is not a project",
    "empty file": lambda: b"",
}


def _replace_member(data: bytes, name: str, body: bytes | None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != name:
                dst.writestr(info, src.read(info))
        if body is not None:
            dst.writestr(name, body)
    return buffer.getvalue()


# ------------------------------------------------------------------------------ writing all


def write_corpus(folder: Path, text_size: int = 200_000) -> list[Path]:
    """Every case as a file in `folder` (svg/, images/, projects/); returns the paths."""
    written: list[Path] = []

    def put(relative: str, data: bytes) -> None:
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)

    for name, make in HOSTILE_TEXT.items():
        put(f"svg/{_slug(name)}.svg", make(text_size).encode())
    for case in IMAGE_CASES:
        put(f"images/{case.name}", case.data())
    for name, make in PROJECT_CASES.items():
        put(f"projects/{_slug(name)}.ltproj", make())
    return written


def _slug(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(f"usage: {sys.argv[0]} OUT_FOLDER")
    for path in write_corpus(Path(sys.argv[1])):
        print(path)
