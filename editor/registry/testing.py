"""A pytest fixture for plug-in authors: a plug-in in a temporary folder, found and loaded
exactly as the host finds and loads it (after npe2's `tmp_plugin`).

In a plug-in's own tests (conftest.py):

    pytest_plugins = ["editor.registry.testing"]

    def test_my_method_traces(tmp_plugin):
        plugin = tmp_plugin(source=Path(__file__).parents[1])   # the plug-in's folder
        assert plugin.info().available, plugin.info().reason
        method = plugin.load(num_paths=4)

`tmp_plugin(name=..., files={...})` writes a plug-in from text instead (a manifest.toml is
written unless `files` has one).
"""
from __future__ import annotations

import re
import shutil
import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from editor.registry.discovery import MethodInfo, discover_methods, load_method
from editor.registry.manifest import MANIFEST, read_manifest

if TYPE_CHECKING:
    from editor.methods import Method


@dataclass(frozen=True)
class TmpPlugin:
    folder: Path  # the plug-in's folder, inside a search path of its own
    name: str

    def info(self) -> MethodInfo:
        """What discovery reports for it (available or not, and why)."""
        infos = discover_methods([self.folder.parent], entry_points=False)
        return next(i for i in infos if i.name == self.name and i.source.startswith(str(self.folder)))

    def load(self, **params: Any) -> Method:
        """An instance, configured and validated as the host would make it."""
        return load_method(self.name, [self.folder.parent], **params)


@pytest.fixture
def tmp_plugin(tmp_path: Path) -> Callable[..., TmpPlugin]:
    """A factory: `tmp_plugin(source=FOLDER)` copies a plug-in folder (under `name` when
    given, so it cannot be shadowed by an installed copy), `tmp_plugin(name=...,
    files={"method.py": ..., ...}, entry="method:Class")` writes one."""

    def make(
        name: str | None = None,
        files: Mapping[str, str] | None = None,
        *,
        source: Path | None = None,
        entry: str = "method:Method",
        display_name: str = "",
        description: str = "",
        requires: tuple[str, ...] = (),
    ) -> TmpPlugin:
        root = tmp_path / f"plugins-{len(list(tmp_path.glob('plugins-*')))}"
        if source is not None:
            folder = root / Path(source).name
            shutil.copytree(source, folder, ignore=shutil.ignore_patterns("__pycache__"))
            if name is not None:  # another name, e.g. beside an installed copy of itself
                manifest = folder / MANIFEST
                text = manifest.read_text(encoding="utf-8")
                manifest.write_text(re.sub(r'(?m)^name\s*=.*$', f'name = "{name}"', text), encoding="utf-8")
            return TmpPlugin(folder, read_manifest(folder).name)
        if name is None:
            raise TypeError("tmp_plugin needs a source folder or a name")
        folder = root / name
        folder.mkdir(parents=True)
        for relative, text in (files or {}).items():
            (folder / relative).parent.mkdir(parents=True, exist_ok=True)
            (folder / relative).write_text(textwrap.dedent(text), encoding="utf-8")
        if not (folder / MANIFEST).exists():
            lines = [f'name = "{name}"', f'entry = "{entry}"', f"requires = {list(requires)!r}"]
            lines += [f'display_name = "{display_name}"'] if display_name else []
            lines += [f'description = "{description}"'] if description else []
            (folder / MANIFEST).write_text("\n".join(lines).replace("'", '"') + "\n", encoding="utf-8")
        return TmpPlugin(folder, name)

    return make
