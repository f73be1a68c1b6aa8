"""Which images a batch traces and where each SVG goes.

Folders are walked (recursively unless told otherwise) for images matching `--glob`; each
output keeps its input's path relative to the input folder. Names follow the rules of
`editor.io.outputs` (colliding stems such as `pic.png` and `pic.jpg` keep their extension);
everything else found is listed as skipped with the reason.
"""
from __future__ import annotations

import fnmatch
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from editor.errors import BadInputError
from editor.io.outputs import IMAGE_SUFFIXES, Skipped, output_names


@dataclass(frozen=True)
class BatchItem:
    """One image to trace: `relative` is its path under the input folder (its name for a file)."""

    source: Path
    relative: str
    output: Path


@dataclass(frozen=True)
class BatchPlan:
    items: list[BatchItem]
    skipped: list[Skipped]


def plan_batch(sources: list[Path], output_dir: Path, *, pattern: str = "*", recursive: bool = True) -> BatchPlan:
    """The items for image files and folders of images, outputs under `output_dir`."""
    found: list[tuple[Path, str]] = []
    skipped: list[Skipped] = []
    for source in sources:
        if source.is_dir():
            _walk(source, pattern, recursive, found, skipped)
        elif source.is_file():
            if source.suffix.lower() in IMAGE_SUFFIXES:
                found.append((source, source.name))
            else:
                skipped.append(Skipped(source, f"not a supported image type ({', '.join(IMAGE_SUFFIXES)})"))
        else:
            raise BadInputError("file or folder not found", source)
    if not found:
        raise BadInputError(f"no images to trace ({', '.join(IMAGE_SUFFIXES)}, matching {pattern!r})",
                            sources[0] if len(sources) == 1 else None)
    return BatchPlan(_assign_outputs(found, output_dir), skipped)


def _walk(folder: Path, pattern: str, recursive: bool, found: list[tuple[Path, str]], skipped: list[Skipped]) -> None:
    for path in sorted(folder.rglob("*") if recursive else folder.iterdir()):
        parts = path.relative_to(folder).parts
        if any(part.startswith(".") for part in parts):
            continue  # hidden files and folders, our own temporaries among them
        if path.is_dir():
            if not recursive:
                skipped.append(Skipped(path, "a sub-folder (not searched without --recursive)"))
            continue
        relative = PurePosixPath(*parts).as_posix()
        if not (fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(path.name, pattern)):
            continue
        if path.suffix.lower() not in IMAGE_SUFFIXES:
            skipped.append(Skipped(path, f"not a supported image type ({', '.join(IMAGE_SUFFIXES)})"))
            continue
        found.append((path, relative))


def _assign_outputs(found: list[tuple[Path, str]], output_dir: Path) -> list[BatchItem]:
    """Outputs mirror the inputs' folders; names are made distinct within each folder."""
    by_folder: dict[PurePosixPath, list[Path]] = defaultdict(list)
    for source, relative in found:
        by_folder[PurePosixPath(relative).parent].append(source)
    names = {}
    for sources in by_folder.values():
        names.update(output_names(sources))
    return [
        BatchItem(source, relative, output_dir / PurePosixPath(relative).parent / names[source])
        for source, relative in found
    ]
