"""`python main.py inkscape install|uninstall`: what is written where, and removed again."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from editor.cli import main
from editor.inkscape.install import FILES, SOURCE, uninstall, user_extensions_folder


def test_install_writes_the_extension_and_records_this_interpreter(tmp_path: Path) -> None:
    assert main(["inkscape", "install", "--dir", str(tmp_path)]) == 0
    folder = tmp_path / "layertrace"
    assert sorted(p.name for p in folder.iterdir()) == sorted([*FILES, "layertrace_config.json"])
    config = json.loads((folder / "layertrace_config.json").read_text())
    assert config["python"] == sys.executable
    assert (Path(config["root"]) / "editor" / "inkscape" / "worker.py").is_file()
    assert (folder / "layertrace_effects.py").read_bytes() == (SOURCE / "layertrace_effects.py").read_bytes()


def test_uninstall_removes_exactly_what_install_wrote(tmp_path: Path) -> None:
    (tmp_path / "someone-elses.inx").write_text("<x/>")
    assert main(["inkscape", "install", "--dir", str(tmp_path)]) == 0
    (tmp_path / "layertrace" / "notes.txt").write_text("mine")
    assert main(["inkscape", "uninstall", "--dir", str(tmp_path)]) == 0
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [
        "layertrace", "layertrace/notes.txt", "someone-elses.inx"]
    (tmp_path / "layertrace" / "notes.txt").unlink()
    assert main(["inkscape", "install", "--dir", str(tmp_path)]) == 0
    assert main(["inkscape", "uninstall", "--dir", str(tmp_path)]) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["someone-elses.inx"]
    assert uninstall(tmp_path) is None  # nothing left to remove


def test_user_extensions_folder_on_each_system() -> None:
    home = {"HOME": "/home/ann"}
    assert user_extensions_folder("linux", home) == Path("/home/ann/.config/inkscape/extensions")
    assert user_extensions_folder("linux", {**home, "XDG_CONFIG_HOME": "/cfg"}) == Path("/cfg/inkscape/extensions")
    assert user_extensions_folder("darwin", home) == Path(
        "/home/ann/Library/Application Support/org.inkscape.Inkscape/config/inkscape/extensions")
    assert user_extensions_folder("win32", {"USERPROFILE": "C:/Users/ann", "APPDATA": "C:/Users/ann/AppData/Roaming"}) \
        == Path("C:/Users/ann/AppData/Roaming/inkscape/extensions")
    assert user_extensions_folder("linux", {**home, "INKSCAPE_PROFILE_DIR": "/p"}) == Path("/p/extensions")
