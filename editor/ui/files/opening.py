"""Turning a file into a document to edit: images, SVG designs and projects."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from editor.document import Document
from editor.svg import import_svg
from editor.ui.files.project import SUFFIX as PROJECT_SUFFIX
from editor.ui.files.project import load_project
from editor.ui.source import SourceImage

SVG_SUFFIXES = {".svg", ".svgz"}


@dataclass
class Opened:
    document: Document
    source: SourceImage | None
    project_path: Path | None = None  # set when a project was opened (Save writes it back)
    settings: dict[str, Any] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)


def document_for(source: SourceImage) -> Document:
    """An empty design the size of the image; transparent when the image has alpha, so the
    export keeps the image's transparency."""
    background = None if source.alpha is not None else (1.0, 1.0, 1.0, 1.0)
    return Document(width=source.width, height=source.height, background=background)


def open_file(path: Path, current_source: SourceImage | None) -> Opened:
    """Read `path` by its type; raises BadInputError (naming the file) when it is unusable.

    An SVG keeps the current source image as its target when the sizes agree, so "open
    the image, then open an earlier trace of it" refines that trace.
    """
    suffix = path.suffix.lower()
    if suffix == PROJECT_SUFFIX:
        project = load_project(path)
        return Opened(project.document, project.source, path, project.settings, project.notices)
    if suffix in SVG_SUFFIXES:
        result = import_svg(path)
        doc = result.document
        keep = current_source is not None and (current_source.width, current_source.height) == (
            doc.width, doc.height)
        return Opened(doc, current_source if keep else None, notices=list(result.warnings))
    source = SourceImage.open(path)
    return Opened(document_for(source), source, notices=list(source.notices))
