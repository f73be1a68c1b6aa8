"""The extension as Inkscape runs it: installed, started as `python3 script --id=… --param=…
document.svg` with Inkscape's own bundled inkex (new document on stdout), and the result
exported to PNG by Inkscape itself. Skipped where no `inkscape` executable is on PATH."""
from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from lxml import etree
from PIL import Image

from editor.inkscape.install import install
from tests.inkscape.placement import assert_on_image, traced_layers

INKSCAPE = shutil.which("inkscape")
DATA = Path(__file__).parent / "data"
pytestmark = pytest.mark.skipif(INKSCAPE is None, reason="needs Inkscape's `inkscape` executable on PATH")


def bundled_extensions() -> Path:
    """Inkscape's own extensions folder (where its inkex lives)."""
    data = subprocess.run([INKSCAPE, "--system-data-directory"], capture_output=True, text=True,
                          timeout=60, check=True).stdout.strip()
    return Path(data) / "extensions"


def inkscape_render(root: etree._Element, folder: Path, scale: int = 3) -> np.ndarray:
    """(H, W, 3) floats over white, exported by Inkscape."""
    source = folder / "render.svg"
    source.write_bytes(etree.tostring(root))
    width = round(float(root.get("width")) * scale)
    png = subprocess.run(
        [INKSCAPE, "--export-type=png", "--export-filename=-", f"--export-width={width}",
         "--export-area-page", "--export-background=#ffffff", "--export-background-opacity=1", str(source)],
        capture_output=True, timeout=120, check=True).stdout
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=np.float64) / 255.0


def test_inkscape_runs_the_installed_trace_and_exports_it_in_place(tmp_path: Path) -> None:
    extensions = bundled_extensions()
    installed = install(tmp_path / "profile" / "extensions").folder
    work = tmp_path / "drawing"
    work.mkdir()
    for name in ("nested.svg", "photo.png"):
        shutil.copyfile(DATA / name, work / name)
    # What Inkscape passes: its extensions folder on PYTHONPATH, the document's path.
    env = {**os.environ, "PYTHONPATH": str(extensions), "DOCUMENT_PATH": str(work / "nested.svg"),
           "OMP_NUM_THREADS": "1"}
    # Inkscape runs `python3`; Debian's, whose lxml and numpy its package depends on, where a
    # Python of another kind comes first on PATH.
    python = "/usr/bin/python3" if Path("/usr/bin/python3").is_file() else shutil.which("python3")
    where = subprocess.run([python, "-c", "import inkex; print(inkex.__file__)"], env=env,
                           capture_output=True, text=True, timeout=60, check=True).stdout
    assert where.startswith(str(extensions))  # Inkscape's own inkex, not the test one
    done = subprocess.run(
        [python, str(installed / "layertrace_trace.py"), "--id=photo", "--paths=4", "--size=64",
         "--params=max_steps=20 min_steps=20 final_steps=30", "--original=hide", str(work / "nested.svg")],
        check=False, env=env, cwd=tmp_path, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode()
    traced = etree.fromstring(done.stdout)
    assert len(traced_layers(traced)) >= 2  # the background and at least one traced layer
    assert sorted(p.name for p in work.iterdir()) == ["nested.svg", "photo.png"]  # the input untouched
    assert_on_image(traced, work, renderer=lambda root, folder: inkscape_render(root, folder))
