"""Layertrace projects (.ltproj): a zip of the document, the source image and settings.

    document.json   the document (lossless, see doc_json)
    source/<name>   the original image file, byte for byte
    settings.json   method, parameters, view options

Written atomically (temp file + fsync + os.replace): a crash mid-save leaves the previous
project intact.
"""
from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from editor.document import Document
from editor.document.contours import repair_document
from editor.errors import BadInputError, LayertraceError
from editor.svg.atomic import write_atomic
from editor.ui.files.doc_json import document_from_data, document_to_data
from editor.ui.source import SourceImage

SUFFIX = ".ltproj"


@dataclass
class Project:
    document: Document
    source: SourceImage | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)  # what loading had to repair


def project_bytes(project: Project) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("document.json", json.dumps(document_to_data(project.document)))
        zf.writestr("settings.json", json.dumps(project.settings, indent=1))
        if project.source is not None:
            # images are compressed already: store them as they are
            zf.writestr(f"source/{PurePosixPath(project.source.name).name}",
                        project.source.data, compress_type=zipfile.ZIP_STORED)
    return buffer.getvalue()


def save_project(path: Path, project: Project) -> None:
    """Raises LayertraceError naming the file when it cannot be written."""
    write_atomic(path, project_bytes(project))


def load_project(path: Path) -> Project:
    """Raises BadInputError naming the file for anything that is not a usable project."""
    try:
        with zipfile.ZipFile(path) as zf:
            document = document_from_data(json.loads(zf.read("document.json")))
            settings = json.loads(zf.read("settings.json")) if "settings.json" in zf.namelist() else {}
            sources = [n for n in zf.namelist() if n.startswith("source/") and not n.endswith("/")]
            source_data = (sources[0], zf.read(sources[0])) if sources else None
    except FileNotFoundError as err:
        raise BadInputError("file not found", path) from err
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError, EOFError) as err:
        raise BadInputError(f"not a readable Layertrace project ({err})", path) from err
    source = None
    if source_data is not None:
        name, data = source_data
        try:
            source = SourceImage.from_bytes(data, PurePosixPath(name).name)
        except LayertraceError as err:
            raise BadInputError(f"its source image is damaged ({err.problem})", path) from err
    if not isinstance(settings, dict):
        settings = {}
    return Project(document, source, settings, repair_document(document))
