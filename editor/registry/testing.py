"""A pytest fixture for plug-in authors: a plug-in in a temporary folder, found and loaded
exactly as the host finds and loads it (after npe2's `tmp_plugin`).

In a plug-in's own tests (conftest.py):

    pytest_plugins = ["editor.registry.testing"]

    def test_my_method_traces(tmp_plugin):
        plugin = tmp_plugin(source=Path(__file__).parents[1])   # the plug-in's folder
        assert plugin.info().available, plugin.info().reason
        method = plugin.load(num_paths=4)

`tmp_plugin(name=..., files={...}, params=[ParamSpec(...), ...])` writes a plug-in from text
instead: a manifest.toml with those parameters as its [[params]] tables is written unless
`files` has one.
"""
from __future__ import annotations

import json
import re
import shutil
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from editor.registry.discovery import MethodInfo, discover_methods
from editor.registry.loading import load_method
from editor.registry.manifest import MANIFEST, read_manifest
from editor.registry.params import ParamSpec

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
        params: Sequence[ParamSpec] = (),
    ) -> TmpPlugin:
        root = tmp_path / f"plugins-{len(list(tmp_path.glob('plugins-*')))}"
        if source is not None:
            folder = root / Path(source).name
            shutil.copytree(source, folder, ignore=shutil.ignore_patterns("__pycache__"))
            if name is not None:  # another name, e.g. beside an installed copy of itself
                manifest = folder / MANIFEST
                text = manifest.read_text(encoding="utf-8")
                # the top-level name: it precedes every [[params]] table, as TOML requires
                manifest.write_text(re.sub(r'(?m)^name\s*=.*$', f'name = "{name}"', text, count=1),
                                    encoding="utf-8")
            return TmpPlugin(folder, read_manifest(folder).name)
        if name is None:
            raise TypeError("tmp_plugin needs a source folder or a name")
        folder = root / name
        folder.mkdir(parents=True)
        for relative, text in (files or {}).items():
            (folder / relative).parent.mkdir(parents=True, exist_ok=True)
            (folder / relative).write_text(textwrap.dedent(text), encoding="utf-8")
        if not (folder / MANIFEST).exists():
            texts = {"name": name, "entry": entry, "requires": list(requires),
                     "display_name": display_name, "description": description}
            lines = [f"{key} = {_toml(value)}" for key, value in texts.items() if value or key == "requires"]
            lines += [_param_table(spec) for spec in params]
            (folder / MANIFEST).write_text("\n".join(lines) + "\n", encoding="utf-8")
        return TmpPlugin(folder, name)

    return make


def _param_table(spec: ParamSpec) -> str:
    """`spec` as a manifest's [[params]] table."""
    keys = {"name": spec.name, "type": spec.type, "default": spec.default, "help": spec.help,
            "minimum": spec.minimum, "maximum": spec.maximum, "choices": list(spec.choices)}
    return "\n[[params]]\n" + "\n".join(f"{key} = {_toml(value)}" for key, value in keys.items()
                                         if value not in (None, "", []) or key == "default")


def _toml(value: object) -> str:
    """A TOML value for the strings, numbers, booleans and lists a manifest holds (JSON
    writes them the same way, except booleans)."""
    return json.dumps(value, ensure_ascii=False) if not isinstance(value, bool) else str(value).lower()
