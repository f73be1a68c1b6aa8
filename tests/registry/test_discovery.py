"""Plug-in discovery: manifests read without importing, broken plug-ins listed, never fatal."""
from __future__ import annotations

import textwrap
from importlib import metadata
from pathlib import Path

import pytest

from editor.methods import Method
from editor.registry import (
    MethodUnavailableError,
    ParamError,
    discover_methods,
    discovery,
    load_method,
)

GOOD_METHOD = """
from editor.methods import Method, ParamSpec

class {cls}(Method):
    params = (ParamSpec("level", "int", 2, minimum=0, maximum=5),)

    def next_stage(self, state):
        return None

    def place(self, ctx, count):
        return []
"""


def make_plugin(root: Path, name: str, module_text: str, requires: list[str] = (), cls: str = "Plugin") -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    (folder / "manifest.toml").write_text(textwrap.dedent(f"""
        name = "{name}"
        display_name = "{name} (test)"
        description = "test plug-in {name}"
        entry = "impl:{cls}"
        requires = {list(requires)!r}
    """).replace("'", '"'))
    (folder / "impl.py").write_text(module_text)
    return folder


def by_name(infos) -> dict:
    return {info.name: info for info in infos}


def test_bundled_layerwise_is_available_with_its_schema():
    info = by_name(discover_methods(entry_points=False))["layerwise"]
    assert info.available and info.reason == ""
    assert "num_paths" in {p.name for p in info.params}
    assert info.source.endswith("manifest.toml")
    method = load_method("layerwise", num_paths=8)
    assert method.values["num_paths"] == 8


def test_good_broken_and_missing_dependency_plugins(tmp_path: Path):
    make_plugin(tmp_path, "good_one", GOOD_METHOD.format(cls="Plugin", name="good_one"))
    make_plugin(tmp_path, "broken", "import definitely_not_a_module_xyz\n")
    make_plugin(tmp_path, "crashing", "raise RuntimeError('boom at import')\n")
    make_plugin(tmp_path, "needs_dep", "raise RuntimeError('must not be imported')\n",
                requires=["scipy", "no-such-distribution-xyz"])
    (tmp_path / "bad_manifest").mkdir()
    (tmp_path / "bad_manifest" / "manifest.toml").write_text("name = [unclosed")
    infos = by_name(discover_methods([tmp_path], entry_points=False))

    assert infos["good_one"].available
    assert infos["good_one"].params[0].name == "level"
    assert not infos["broken"].available
    assert "definitely_not_a_module_xyz" in infos["broken"].reason
    assert not infos["crashing"].available and "boom at import" in infos["crashing"].reason
    assert not infos["needs_dep"].available
    assert infos["needs_dep"].reason == "missing required package(s): no-such-distribution-xyz"
    assert infos["needs_dep"].display_name == "needs_dep (test)"  # from the manifest alone
    assert not infos["bad_manifest"].available and "manifest" in infos["bad_manifest"].reason
    assert infos["layerwise"].available  # the host and the other plug-ins are unaffected

    assert load_method("good_one", [tmp_path], level=4).values == {"level": 4}
    with pytest.raises(MethodUnavailableError, match="definitely_not_a_module_xyz"):
        load_method("broken", [tmp_path])
    with pytest.raises(MethodUnavailableError, match="unknown method 'nope'"):
        load_method("nope", [tmp_path])
    with pytest.raises(ParamError, match="level"):
        load_method("good_one", [tmp_path], level=9)


def test_wrong_class_and_texts_from_the_manifest(tmp_path: Path):
    make_plugin(tmp_path, "not_a_method", "class Plugin:\n    pass\n")
    make_plugin(tmp_path, "described", GOOD_METHOD.format(cls="Plugin", name="described"))
    infos = by_name(discover_methods([tmp_path], entry_points=False))
    assert "not a subclass" in infos["not_a_method"].reason
    assert infos["described"].available
    assert (infos["described"].display_name, infos["described"].description) == (
        "described (test)", "test plug-in described")


def test_bundled_plugin_works_from_any_folder(tmp_plugin):
    """Relative imports and the public toolkit only: a copy outside plugins/ still loads."""
    plugin = tmp_plugin("segmentation_copy", source=Path(discovery.BUILTIN_PLUGINS) / "segmentation")
    info = plugin.info()
    assert info.available, info.reason
    assert info.source == str(plugin.folder / "manifest.toml")
    method = plugin.load(num_paths=3)
    assert method.values["num_paths"] == 3 and type(method).__module__.startswith("_layertrace_plugin_")


def test_tmp_plugin_writes_a_small_method(tmp_plugin):
    plugin = tmp_plugin("tiny", {"method.py": GOOD_METHOD.format(cls="Tiny", name="tiny")},
                        entry="method:Tiny", display_name="Tiny", description="one level")
    info = plugin.info()
    assert (info.available, info.display_name, info.description) == (True, "Tiny", "one level")
    assert plugin.load(level=5).values == {"level": 5}
    with pytest.raises(ParamError, match="level"):
        plugin.load(level=6)


def test_duplicate_name_is_shadowed(tmp_path: Path):
    make_plugin(tmp_path, "layerwise", GOOD_METHOD.format(cls="Plugin", name="layerwise"))
    infos = [i for i in discover_methods([tmp_path], entry_points=False) if i.name == "layerwise"]
    assert [i.available for i in infos] == [True, False]
    assert "shadowed" in infos[1].reason


def test_entry_points_are_discovered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    (tmp_path / "ep_plugin_mod.py").write_text(GOOD_METHOD.format(cls="EpMethod", name="from_ep"))
    monkeypatch.syspath_prepend(str(tmp_path))
    group = discovery.ENTRY_POINT_GROUP
    points = [
        metadata.EntryPoint("from_ep", "ep_plugin_mod:EpMethod", group),
        metadata.EntryPoint("ep_broken", "ep_missing_module_xyz:Thing", group),
    ]
    monkeypatch.setattr(discovery.metadata, "entry_points", lambda group: points)
    infos = by_name(discover_methods())
    assert infos["from_ep"].available and infos["from_ep"].source.startswith("entry point")
    assert not infos["ep_broken"].available and "ep_missing_module_xyz" in infos["ep_broken"].reason
    assert isinstance(load_method("from_ep"), Method)
