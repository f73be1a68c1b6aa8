"""Where outputs go: never onto an input, never two inputs onto one output.

Used by every command that writes next to what it reads (`trace`, `render`, batch runs), so
the rules live in one place:

* `refuse_outputs_over_inputs`: an output that is an input file — by name, through `..`,
  a symlink or a hard link — is a usage error, raised before any work is done.
* `plan_folder`: the images of a folder and the SVG each becomes, with colliding names
  (`pic.png` + `pic.jpg`) made distinct, and everything else listed as skipped with a reason.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from editor.errors import BadInputError, UsageError

NAME_MAX_BYTES = 255  # the longest file name (in bytes) on ext4, APFS, NTFS, …
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".bmp", ".tif", ".tiff")


def _identity(path: str | Path) -> tuple[int, int] | None:
    """(device, inode) of the file `path` names, through `..` and symlinks; hard links share
    it. None when there is no such file (yet)."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):  # ValueError: a NUL byte in a name
        return None
    return info.st_dev, info.st_ino


def refuse_outputs_over_inputs(inputs: Iterable[str | Path], outputs: Iterable[str | Path]) -> None:
    """Raise UsageError when writing any of `outputs` would replace one of `inputs`."""
    by_identity = {key: source for source in inputs if (key := _identity(source)) is not None}
    for output in outputs:
        key = _identity(output)
        if key is not None and key in by_identity:
            raise UsageError(
                f"the output {output} is the input file {by_identity[key]}; choose another output "
                "(it would be overwritten)"
            )


def fit_name(base: str, suffix: str, limit: int = NAME_MAX_BYTES) -> str:
    """`base + suffix`, with `base` shortened (at a character boundary) so the name fits
    in `limit` bytes of UTF-8."""
    room = limit - len(suffix.encode("utf-8"))
    if room < 1:
        raise ValueError(f"suffix {suffix!r} leaves no room for a name")
    encoded = base.encode("utf-8")
    if len(encoded) <= room:
        return base + suffix
    return encoded[:room].decode("utf-8", errors="ignore") + suffix


@dataclass(frozen=True)
class Skipped:
    path: Path
    reason: str


@dataclass(frozen=True)
class FolderPlan:
    jobs: list[tuple[Path, Path]]  # (input image, output file), in name order
    skipped: list[Skipped]  # entries of the folder that are not traced, and why


def output_names(inputs: Sequence[Path], suffix: str = ".svg") -> dict[Path, str]:
    """A distinct output file name for each input, all meant for one folder.

    `photo.png` → `photo.svg`. Inputs whose stems collide (`pic.png`, `pic.jpg`, and `Pic.PNG`
    too: folders are case-insensitive on macOS and Windows) keep their extension instead:
    `pic.png.svg`, `pic.jpg.svg`. Anything still taken gets `-2`, `-3`, … Inputs are named
    in sorted order, so the same folder always gives the same names.
    """
    stems: dict[str, int] = {}
    for source in inputs:
        stems[source.stem.casefold()] = stems.get(source.stem.casefold(), 0) + 1
    taken: set[str] = set()
    names: dict[Path, str] = {}
    for source in sorted(inputs, key=lambda p: p.name):
        base = source.stem if stems[source.stem.casefold()] == 1 else source.name
        name = fit_name(base, suffix)
        counter = 2
        while name.casefold() in taken:
            name = fit_name(base, f"-{counter}{suffix}")
            counter += 1
        taken.add(name.casefold())
        names[source] = name
    return names


def plan_folder(folder: Path, out_folder: Path | None = None, suffix: str = ".svg") -> FolderPlan:
    """The images directly in `folder` and their outputs in `out_folder` (default: `folder`).

    Sub-folders and files of other types are listed as skipped; hidden files (names starting
    with a dot, such as temporaries) are ignored. Raises BadInputError when there are no images.
    """
    images: list[Path] = []
    skipped: list[Skipped] = []
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            skipped.append(Skipped(entry, "a sub-folder (folders are not searched recursively)"))
        elif entry.suffix.lower() in IMAGE_SUFFIXES and entry.is_file():
            images.append(entry)
        else:
            skipped.append(Skipped(entry, f"not a supported image type ({', '.join(IMAGE_SUFFIXES)})"))
    if not images:
        raise BadInputError(f"the folder holds no images ({', '.join(IMAGE_SUFFIXES)})", folder)
    target = folder if out_folder is None else out_folder
    names = output_names(images, suffix)
    return FolderPlan([(image, target / names[image]) for image in images], skipped)
