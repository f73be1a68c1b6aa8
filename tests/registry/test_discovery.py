"""Plug-in discovery: manifests (parameter schemas included) read without importing, broken
plug-ins listed, never fatal; importing happens in load_method and `methods`' check only."""
from __future__ import annotations

import sys
import textwrap
from importlib import metadata
from pathlib import Path

import pytest

from editor.methods import Method
from editor.registry import (
    MethodUnavailableError,
    ParamError,
    ParamSpec,
    discover_methods,
    discovery,
)
from editor.registry.loading import load_method, verify_methods
from tests.registry.helpers import LEVEL_PARAM, write_distribution

GOOD_METHOD = """
from editor.methods import Method

class {cls}(Method):
    def next_stage(self, state):
        return None

    def place(self, ctx, count):
        return []
"""


# How a plug-in declared its schema before manifests held it: still how an entry point
# without a manifest does; a folder plug-in with a manifest may not.
OLD_STYLE_METHOD = """
from editor.methods import Method, ParamSpec

class {cls}(Method):
    params = (ParamSpec("depth", "int", 1, minimum=0, maximum=9),)

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
    """).replace("'", '"') + LEVEL_PARAM)
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
    listed = by_name(discover_methods([tmp_path], entry_points=False))
    # Listing imports nothing: code that fails to import is found out where it loads.
    assert listed["broken"].available and listed["crashing"].available
    assert [p.name for p in listed["broken"].params] == ["level"]
    infos = by_name(verify_methods([tmp_path], entry_points=False))

    assert infos["good_one"].available
    assert infos["good_one"].params == (ParamSpec("level", "int", 2, minimum=0, maximum=5),)
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
    with pytest.raises(MethodUnavailableError, match="boom at import"):
        load_method("crashing", [tmp_path])
    with pytest.raises(MethodUnavailableError, match="unknown method 'nope'"):
        load_method("nope", [tmp_path])
    with pytest.raises(ParamError, match="level"):
        load_method("good_one", [tmp_path], level=9)


def test_wrong_class_and_texts_from_the_manifest(tmp_path: Path):
    make_plugin(tmp_path, "not_a_method", "class Plugin:\n    pass\n")
    make_plugin(tmp_path, "described", GOOD_METHOD.format(cls="Plugin", name="described"))
    infos = by_name(verify_methods([tmp_path], entry_points=False))
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
                        entry="method:Tiny", display_name="Tiny", description="one level",
                        params=[ParamSpec("level", "int", 2, "how deep", minimum=0, maximum=5)])
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


def test_entry_points_without_a_manifest_are_imported_for_their_schema(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch):
    """The fallback: no distribution files to find a manifest in, so the class is imported
    and its own `params` are the schema."""
    (tmp_path / "ep_plugin_mod.py").write_text(OLD_STYLE_METHOD.format(cls="EpMethod"))
    monkeypatch.syspath_prepend(str(tmp_path))
    group = discovery.ENTRY_POINT_GROUP
    points = [
        metadata.EntryPoint("from_ep", "ep_plugin_mod:EpMethod", group),
        metadata.EntryPoint("ep_broken", "ep_missing_module_xyz:Thing", group),
    ]
    monkeypatch.setattr(discovery.metadata, "entry_points", lambda group: points)
    infos = by_name(discover_methods())
    assert infos["from_ep"].available and infos["from_ep"].source.startswith("entry point")
    assert [p.name for p in infos["from_ep"].params] == ["depth"]
    assert not infos["ep_broken"].available and "ep_missing_module_xyz" in infos["ep_broken"].reason
    method = load_method("from_ep", depth=3)
    assert isinstance(method, Method) and method.values == {"depth": 3}


def test_an_installed_plugins_manifest_is_found_in_its_distribution_without_importing_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    write_distribution(tmp_path, "import sys\nsys.ep_blobs_imported = True\n"
                        + GOOD_METHOD.format(cls="Blobs"))
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delattr(sys, "ep_blobs_imported", raising=False)
    info = by_name(discover_methods())["ep_blobs"]
    assert (info.available, info.display_name, info.description, info.source) == (
        True, "Installed blobs", "from a distribution's files", "entry point ep-blobs")
    assert info.params == (ParamSpec("level", "int", 2, minimum=0, maximum=5),)
    assert not hasattr(sys, "ep_blobs_imported")  # listed from the manifest alone
    try:
        assert load_method("ep_blobs", level=4).values == {"level": 4}
        assert sys.ep_blobs_imported
    finally:  # other tests install a package of the same name
        for name in ("ep_blobs_pkg.method", "ep_blobs_pkg"):
            sys.modules.pop(name, None)


def test_an_installed_plugin_that_fails_to_import_fails_where_it_loads(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch):
    write_distribution(tmp_path, "raise ImportError('needs a GPU library')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert by_name(discover_methods())["ep_blobs"].available  # the editor's list: no import
    checked = by_name(verify_methods())["ep_blobs"]  # `main.py methods`: imported and checked
    assert not checked.available and "needs a GPU library" in checked.reason
    with pytest.raises(MethodUnavailableError, match="failed to import: ImportError: needs a GPU library"):
        load_method("ep_blobs")


@pytest.mark.parametrize("tables, problem", [
    ('[[params]]\nname = "level"\ntype = "int"\n', "missing key(s) default"),
    ('[[params]]\nname = "level"\ntype = "integer"\ndefault = 2\n', "type 'integer' must be one of"),
    ('[[params]]\nname = "level"\ntype = "int"\ndefault = 2.5\n', "default 2.5 is not a int"),
    ('[[params]]\nname = "level"\ntype = "int"\ndefault = true\n', "default True is not a int"),
    ('[[params]]\nname = "level"\ntype = "int"\ndefault = 9\nmaximum = 5\n', "above the maximum 5"),
    ('[[params]]\nname = "level"\ntype = "int"\ndefault = 2\nmax = 5\n', "unknown key(s) max"),
    ('[[params]]\nname = "two words"\ntype = "int"\ndefault = 2\n', "not an identifier"),
    ('[[params]]\nname = "mode"\ntype = "choice"\ndefault = "a"\n', "lists no choices"),
    ('[[params]]\nname = "mode"\ntype = "choice"\ndefault = "c"\nchoices = ["a", "b"]\n', "not one of: a, b"),
    ('[[params]]\nname = "rate"\ntype = "float"\ndefault = 0.5\nminimum = "0"\n', "must be numbers"),
    ('[[params]]\nname = "n"\ntype = "int"\ndefault = 1\n[[params]]\nname = "n"\ntype = "int"\ndefault = 2\n',
     "declared more than once: n"),
    ('params = "level"\n', "'params' must be [[params]] tables"),
])
def test_a_malformed_parameter_table_is_a_bad_manifest_listed_with_the_reason(tmp_path: Path, tables, problem):
    folder = tmp_path / "odd"
    folder.mkdir()
    (folder / "manifest.toml").write_text(f'name = "odd"\nentry = "impl:Plugin"\n{tables}')
    (folder / "impl.py").write_text("raise RuntimeError('must not be imported')\n")
    info = by_name(discover_methods([tmp_path], entry_points=False))["odd"]
    assert not info.available and info.reason.startswith("bad manifest: ")
    assert str(folder / "manifest.toml") in info.reason and problem in info.reason


def test_a_plugin_class_that_declares_its_own_schema_is_refused(tmp_path: Path):
    """One declaration: the manifest's. A class with its own `params` would drift from it."""
    make_plugin(tmp_path, "two_schemas", OLD_STYLE_METHOD.format(cls="Plugin"))
    assert by_name(discover_methods([tmp_path], entry_points=False))["two_schemas"].available
    checked = by_name(verify_methods([tmp_path], entry_points=False))["two_schemas"]
    assert not checked.available and "declares its own `params`" in checked.reason
    with pytest.raises(MethodUnavailableError, match="belong in manifest.toml"):
        load_method("two_schemas", [tmp_path])


def test_bundled_methods_get_their_manifests_schema():
    """The schema the editor shows (manifest, no import) is the one the method validates with;
    the parameters StagePlan reads mean the same in every bundled method."""
    listed = by_name(discover_methods(entry_points=False))
    shared: dict[str, tuple] = {}
    for name in ("layerwise", "segmentation", "coarse_to_fine"):
        method = load_method(name)
        assert type(method).params == listed[name].params and Method.params == ()
        assert method.values == {spec.name: spec.default for spec in listed[name].params}
        for spec in listed[name].params:
            if spec.name in {"num_paths", "max_steps", "min_steps", "patience", "final_steps",
                             "final_lr", "older_rate", "point_lr", "color_lr", "gradient_lr",
                             "paths_per_stage"}:
                kind = (spec.type, spec.minimum, spec.maximum)
                assert shared.setdefault(spec.name, kind) == kind, (name, spec.name)
