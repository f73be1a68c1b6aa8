"""docs/writing-a-method.md: its example plug-in, taken from the page, loads and traces."""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from editor.engine.session import Session

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "writing-a-method.md"


def _block(language: str, after: str) -> str:
    text = GUIDE.read_text(encoding="utf-8")
    start = text.index(after)
    return re.search(rf"```{language}\n(.*?)```", text[start:], re.S).group(1)


def test_the_guides_example_traces(tmp_plugin) -> None:
    plugin = tmp_plugin("blobs", {
        "manifest.toml": _block("toml", "blobs/manifest.toml"),
        "method.py": _block("python", "blobs/method.py"),
    })
    info = plugin.info()
    assert info.available, info.reason
    assert info.display_name == "Blobs" and {p.name for p in info.params} == {"num_paths", "radius", "steps"}
    method = plugin.load(num_paths=2, steps=5)
    target = np.ones((24, 24, 3), np.float32)
    target[4:12, 4:12] = (0.9, 0.1, 0.1)
    target[14:22, 12:20] = (0.1, 0.2, 0.9)
    session = Session(target, method, seed=0, device="cpu")
    while session.step():
        pass
    doc = session.document()
    assert len(doc.drawn_shapes()) == 2 and [layer.name for layer in doc.layers] == ["Blob 1", "Blob 2"]
    assert session.snapshot().psnr > 10.0
