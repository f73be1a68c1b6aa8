"""The settings table: one entry per key, values survive an INI file, bad values read as defaults."""
from __future__ import annotations

import ast
from pathlib import Path

from PySide6.QtCore import QByteArray

from editor.ui import settings as st

# A value other than the default for each setting, as the editor would store it.
CHANGED = {
    st.DARK_THEME: True, st.FAST_PREVIEW: False, st.SOURCE_VISIBLE: False,
    st.SOURCE_OPACITY: 35, st.SHAPE_OPACITY: 60, st.SMOOTH_SOURCE: False,
    st.WINDOW_GEOMETRY: QByteArray(b"\x01\x02geometry"), st.WINDOW_STATE: QByteArray(b"\x00state"),
    st.OPTIMIZER_SETTINGS: '{"method": "segmentation"}', st.RECENT_FILES: [Path("/tmp/a.png"), Path("/tmp/b c.svg")],
    st.LAST_DIR: "/tmp/in", st.EXPORT_DIR: "/tmp/out", st.EXPORT_FLAVOUR: "plain", st.EXPORT_PRECISION: 4,
}


def test_every_key_is_in_the_table_once():
    keys = [s.key for s in st.SETTINGS]
    assert len(keys) == len(set(keys))
    assert set(CHANGED) == set(st.SETTINGS)


def test_unset_settings_read_as_their_defaults(tmp_path):
    store = st.open_settings(tmp_path / "empty.ini")
    for setting in st.SETTINGS:
        assert st.read(store, setting) == setting.default, setting.key


def test_written_values_survive_the_ini_file(tmp_path):
    path = tmp_path / "settings.ini"
    store = st.open_settings(path)
    for setting, value in CHANGED.items():
        assert value != setting.default
        st.write(store, setting, value)
    store.sync()
    reopened = st.open_settings(path)
    for setting, value in CHANGED.items():
        assert st.read(reopened, setting) == value, setting.key


def test_a_one_element_recent_list_survives_the_ini_file(tmp_path):
    """INI stores a one-element list as a plain string."""
    path = tmp_path / "settings.ini"
    store = st.open_settings(path)
    st.add_recent_file(store, tmp_path / "only.png")
    store.sync()
    assert st.read(st.open_settings(path), st.RECENT_FILES) == [(tmp_path / "only.png").resolve()]


def test_unreadable_values_read_as_defaults(tmp_path):
    path = tmp_path / "settings.ini"
    path.write_text("[view]\nsource_opacity=lots\n[export]\nflavour=svgz\nprecision=2.5\n", encoding="utf-8")
    store = st.open_settings(path)
    assert st.read(store, st.SOURCE_OPACITY) == 100
    assert st.read(store, st.EXPORT_FLAVOUR) == "inkscape"
    assert st.read(store, st.EXPORT_PRECISION) == 2


def test_the_editor_names_no_settings_key_outside_the_table():
    """Keys are "group/name" strings passed to QSettings.value/setValue; only settings.py has them."""
    ui = Path(st.__file__).parent
    for path in ui.rglob("*.py"):
        if path.name == "settings.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("value", "setValue") and node.args
                    and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                raise AssertionError(f"{path}:{node.lineno}: settings key {node.args[0].value!r} outside the table")
