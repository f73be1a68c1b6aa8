"""Projects in the editor: a document with its decoded source image and settings.

The file format, and all checking of it, lives in editor.io.project_file; this adds the
decoding of the source image into what the canvas and the optimizer use.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from editor.document import Document
from editor.document.contours import repair_document
from editor.errors import LayertraceError
from editor.io.project_file import (
    SUFFIX,
    ProjectData,
    ProjectOpenError,
    read_project,
    write_project,
)
from editor.io.project_file import project_bytes as _data_bytes
from editor.ui.source import SourceImage

__all__ = ["SUFFIX", "Project", "load_project", "project_bytes", "save_project"]


@dataclass
class Project:
    document: Document
    source: SourceImage | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)  # what loading had to repair

    def data(self) -> ProjectData:
        source = self.source
        return ProjectData(self.document, self.settings, source.name if source else None,
                           source.data if source else None)


def project_bytes(project: Project) -> bytes:
    return _data_bytes(project.data())


def save_project(path: Path, project: Project) -> None:
    """Raises LayertraceError naming the file when it cannot be written."""
    write_project(path, project.data())


def load_project(path: Path) -> Project:
    """Raises ProjectOpenError ("cannot open PATH because …") for anything unusable."""
    data = read_project(path)
    source = None
    if data.source_data is not None:
        try:
            source = SourceImage.from_bytes(data.source_data, data.source_name or "source.png")
        except LayertraceError as err:
            raise ProjectOpenError(f"its source image is damaged ({err.problem})", path) from err
    return Project(data.document, source, data.settings, repair_document(data.document))
