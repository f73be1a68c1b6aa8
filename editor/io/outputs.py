"""Where outputs go: never onto an input, never two inputs onto one output.

Used by every command that writes next to what it reads (`trace`, `render`, batch runs), so
the rules live in one place:

* `refuse_outputs_over_inputs`: an output that is an input file — by name, through `..`,
  a symlink or a hard link — is a usage error, raised before any work is done.
* `output_names`: the SVG each image of a folder becomes, with colliding names
  (`pic.png` + `pic.jpg`) made distinct (`editor.batch.plan` lists what it skips and why).
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from editor.errors import UsageError

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
