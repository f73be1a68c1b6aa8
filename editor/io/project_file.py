"""Layertrace projects (.ltproj) as files: a zip of the document, the source image and settings.

    document.json   the document (lossless, see doc_json; schema in project_schema)
    source/<name>   the original image file, byte for byte
    settings.json   method, parameters, view options

Pure I/O (no Qt): reading checks the whole project — the zip, every member's size, the JSON,
the schema — and turns every way it can fail into one `ProjectOpenError`, "cannot open PATH
because …", before anything is handed to the editor. Written atomically (temp file + fsync +
os.replace): a crash mid-save leaves the previous project intact.
"""
from __future__ import annotations

import io
import json
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from editor.document import Document
from editor.errors import BadInputError
from editor.io.atomic import write_atomic
from editor.io.doc_json import document_from_data, document_to_data
from editor.io.project_schema import SchemaError, check_document, check_settings

SUFFIX = ".ltproj"
MAX_JSON_BYTES = 256 * 2**20  # document.json or settings.json, uncompressed
MAX_SOURCE_BYTES = 1024 * 2**20
MAX_MEMBERS = 10_000


class ProjectOpenError(BadInputError):
    """A project that cannot be opened; the message says which file and why."""

    def __init__(self, reason: str, path: str | Path) -> None:
        super().__init__(reason, path)
        self.args = (f"cannot open {self.path} because {reason}",)

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass
class ProjectData:
    """A project as stored: the source image stays undecoded bytes (the caller decodes it)."""

    document: Document
    settings: dict[str, Any] = field(default_factory=dict)
    source_name: str | None = None
    source_data: bytes | None = None


def project_bytes(project: ProjectData) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("document.json", json.dumps(document_to_data(project.document), allow_nan=False))
        zf.writestr("settings.json", json.dumps(project.settings, indent=1))
        if project.source_data is not None:
            # images are compressed already: store them as they are
            name = PurePosixPath(project.source_name or "source.png").name
            zf.writestr(f"source/{name}", project.source_data, compress_type=zipfile.ZIP_STORED)
    return buffer.getvalue()


def write_project(path: Path, project: ProjectData) -> None:
    """Raises LayertraceError naming the file when it cannot be written."""
    write_atomic(path, project_bytes(project))


def read_project(path: Path) -> ProjectData:
    """Read and check a whole project; raises ProjectOpenError for anything unusable."""
    try:
        with zipfile.ZipFile(path) as zf:
            members = zf.infolist()
            if len(members) > MAX_MEMBERS:
                raise ProjectOpenError(f"it holds more than {MAX_MEMBERS:,} files", path)
            names = {info.filename: info for info in members}
            if "document.json" not in names:
                raise ProjectOpenError("it has no document.json (is it a Layertrace project?)", path)
            document_data = _json_member(zf, names["document.json"], path)
            settings = _json_member(zf, names["settings.json"], path) if "settings.json" in names else {}
            sources = [info for info in members if info.filename.startswith("source/") and not info.is_dir()]
            source = sources[0] if sources else None
            source_data = _member(zf, source, MAX_SOURCE_BYTES, path) if source is not None else None
    except ProjectOpenError:
        raise
    except FileNotFoundError:
        raise ProjectOpenError("the file does not exist", path) from None
    except IsADirectoryError:
        raise ProjectOpenError("it is a folder", path) from None
    except PermissionError:
        raise ProjectOpenError("permission to read it was denied", path) from None
    except zipfile.BadZipFile as err:
        raise ProjectOpenError(f"it is not a readable project (a damaged or foreign zip file: {err})", path) from None
    except zlib.error as err:
        raise ProjectOpenError(f"its compressed data is damaged ({err})", path) from None
    except NotImplementedError as err:
        raise ProjectOpenError(f"it uses a compression Layertrace does not read ({err})", path) from None
    except RuntimeError as err:  # zipfile: "File … is encrypted, password required …"
        encrypted = "encrypted" in str(err)
        reason = "it is encrypted (Layertrace never encrypts projects)" if encrypted else f"it cannot be read ({err})"
        raise ProjectOpenError(reason, path) from None
    except (OSError, EOFError, ValueError) as err:
        raise ProjectOpenError(f"it cannot be read ({err})", path) from None
    try:
        check_document(document_data)
        check_settings(settings)
    except SchemaError as err:
        member = "settings.json" if str(err).startswith("settings") else "document.json"
        raise ProjectOpenError(f"its {member} is not valid: {err}", path) from None
    name = PurePosixPath(source.filename).name if source is not None else None
    return ProjectData(document_from_data(document_data), settings, name, source_data)


def _member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, path: Path) -> bytes:
    """A member's bytes, refusing one that is (or inflates to) more than `limit` bytes."""
    if info.file_size > limit:
        raise ProjectOpenError(f"its {info.filename} is too large ({info.file_size:,} bytes)", path)
    with zf.open(info) as member:
        data = member.read(limit + 1)
    if len(data) > limit:
        raise ProjectOpenError(f"its {info.filename} is too large (more than {limit:,} bytes)", path)
    return data


def _json_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, path: Path) -> Any:
    data = _member(zf, info, MAX_JSON_BYTES, path)
    try:
        return json.loads(data)
    except RecursionError:
        raise ProjectOpenError(f"its {info.filename} is nested too deeply", path) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ProjectOpenError(f"its {info.filename} is not valid JSON ({err})", path) from None
