"""Reading SVG bytes into an XML tree without trusting them.

Python's parser (expat) never fetches external entities or DTDs, but it does expand internal
entities, which is how "billion laughs" and quadratic-blowup bombs work. We pre-scan the DOCTYPE
and allow only what legacy Illustrator files need: a few short, literal, internal entities
(`<!ENTITY ns_svg "http://www.w3.org/2000/svg">`). Nested or external entities are refused, and
the worst-case expansion (every `&` expanding to the longest entity) is bounded before the real
parse starts. svgz (gzip) input is decompressed with a size cap.
"""
from __future__ import annotations

import codecs
import re
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path
from xml.parsers import expat

from editor.errors import BadInputError

MAX_SVG_BYTES = 64 * 2**20  # after decompression
MAX_ENTITIES = 64
MAX_ENTITY_CHARS = 1024
MAX_ENTITY_EXPANSION = 4 * 2**20  # bytes that entity references may add, worst case
SVG_NS = "http://www.w3.org/2000/svg"
# Encodings expat decodes itself; any other declared encoding (Shift_JIS, GB2312, …) is
# decoded here with Python's codec, since expat refuses multi-byte ones.
_EXPAT_ENCODINGS = {"utf-8", "utf-16", "iso8859-1", "ascii"}
_DECLARED_ENCODING = re.compile(rb"""^(?:\xef\xbb\xbf)?\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z][\w.:-]{0,40})["']""")


def read_svg_file(path: str | Path) -> bytes:
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_SVG_BYTES + 1)
    except FileNotFoundError:
        raise BadInputError("file not found", path) from None
    except IsADirectoryError:
        raise BadInputError("is a folder, not an SVG file", path) from None
    except OSError as e:
        raise BadInputError(f"cannot read the file: {e.strerror or e}", path) from None
    return data


def parse_svg_root(data: bytes | str, source: str | Path | None) -> ET.Element:
    """The root <svg> element of `data`: SVG text, or bytes of SVG or gzip-compressed SVG.

    For text, any encoding declaration is ignored (the text is already decoded)."""
    if isinstance(data, bytes):
        data = _decode_declared(_decompress(data, source), source)
    if len(data) > MAX_SVG_BYTES:
        raise BadInputError(f"larger than {MAX_SVG_BYTES // 2**20} MiB", source)
    if not data.strip():
        raise BadInputError("the file is empty", source)
    _check_doctype(data, source)
    parser = ET.XMLParser()
    try:
        parser.feed(data)
        root = parser.close()
    except ET.ParseError as e:
        raise BadInputError(f"not a valid XML file ({_expat_message(e)})", source) from None
    tag = root.tag
    if tag not in (f"{{{SVG_NS}}}svg", "svg"):
        name = tag.rpartition("}")[2]
        raise BadInputError(f"not an SVG file (the document is <{name}>, not <svg>)", source)
    return root


def _decompress(data: bytes, source: str | Path | None) -> bytes:
    if not data.startswith(b"\x1f\x8b"):
        return data
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, MAX_SVG_BYTES + 1)
    except zlib.error as e:
        raise BadInputError(f"damaged compressed SVG (svgz): {e}", source) from None
    if len(out) <= MAX_SVG_BYTES and not inflater.eof:
        raise BadInputError("truncated compressed SVG (svgz)", source)
    return out


def _decode_declared(data: bytes, source: str | Path | None) -> bytes | str:
    """Text for a declared encoding expat cannot read itself; the bytes otherwise."""
    match = _DECLARED_ENCODING.match(data[:300])
    if match is None:
        return data
    name = match[1].decode("ascii")
    try:
        codec = codecs.lookup(name)
    except LookupError:
        raise BadInputError(f"unknown text encoding {name!r} in the XML declaration", source) from None
    if codec.name in _EXPAT_ENCODINGS or not codec._is_text_encoding:
        return data
    try:
        return data.decode(codec.name)
    except UnicodeDecodeError as err:
        raise BadInputError(f"the text is not valid {name} (byte {err.start})", source) from None


class _Prolog(Exception):
    """Raised by the pre-scan when it reaches the root element: the DOCTYPE is done."""


def _check_doctype(data: bytes | str, source: str | Path | None) -> None:
    values: list[str] = []

    def entity(name, is_parameter, value, base, system_id, public_id, notation):
        if is_parameter or value is None or system_id or public_id or notation:
            raise BadInputError(f"refused: external or parameter XML entity '{name}'", source)
        if "&" in value or "%" in value:
            raise BadInputError(f"refused: nested XML entity '{name}' (entity-expansion attack?)", source)
        if len(value) > MAX_ENTITY_CHARS or len(values) >= MAX_ENTITIES:
            raise BadInputError("refused: too many or too long XML entities", source)
        values.append(value)

    def stop(*_args) -> None:
        raise _Prolog

    scanner = expat.ParserCreate()
    scanner.EntityDeclHandler = entity
    scanner.StartElementHandler = stop
    try:
        scanner.Parse(data, True)
    except _Prolog:
        pass
    except LookupError as e:  # an encoding declaration Python does not know
        raise BadInputError(f"not a readable XML file ({e})", source) from None
    except expat.ExpatError as e:
        raise BadInputError(f"not a valid XML file ({expat.ErrorString(e.code)}, line {e.lineno})", source) from None
    if values:
        # Each '&' byte could start a reference to the longest entity (conservative for any encoding).
        ampersands = data.count(b"&") if isinstance(data, bytes) else data.count("&")
        worst = ampersands * max(len(v.encode("utf-8")) for v in values)
        if worst > MAX_ENTITY_EXPANSION:
            raise BadInputError("refused: XML entities could expand the file too much", source)


def _expat_message(err: ET.ParseError) -> str:
    line, column = err.position
    return f"{expat.ErrorString(err.code)}, line {line}, column {column + 1}"
