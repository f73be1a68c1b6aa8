"""Fixtures for batch tests: tiny images that trace in a second or two, fast trace options."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from editor.tracing import TraceOptions

REPO_ROOT = Path(__file__).resolve().parents[2]
# A real trace, cut short: 3 paths, a few steps each, at 48 px.
FAST_PARAMS = {"num_paths": 3, "max_steps": 5, "min_steps": 0, "final_steps": 5}


def write_icon(path: Path, shade: int) -> Path:
    """A 48-px two-shape icon; `shade` makes each file's content (and hash) different."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pixels = np.full((48, 48, 3), 255, np.uint8)
    pixels[8:30, 10 + shade % 8 : 36] = [200, (40 * shade) % 256, 30]
    pixels[30:44, 5:20] = [20, 90, 200]
    Image.fromarray(pixels).save(path)
    return path


@pytest.fixture
def fast_options() -> TraceOptions:
    return TraceOptions(method="layerwise", params=dict(FAST_PARAMS), size=48)


@pytest.fixture
def icon_folder(tmp_path: Path) -> Path:
    """in/a.png, in/b.png, in/sub/c.png and a text file that is not an image."""
    folder = tmp_path / "in"
    for shade, name in enumerate(["a.png", "b.png", "sub/c.png"]):
        write_icon(folder / name, shade)
    (folder / "notes.txt").write_text("not an image")
    return folder


@pytest.fixture(scope="session")
def ray_cluster():
    """A real local Ray instance (2 CPUs), started once for the session."""
    ray = pytest.importorskip("ray")
    ray.init(
        num_cpus=2, include_dashboard=False, log_to_driver=False,
        runtime_env={"env_vars": {"PYTHONPATH": str(REPO_ROOT)}},
    )
    yield ray
    ray.shutdown()
