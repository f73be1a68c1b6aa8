"""Clean-up in the CLI trace: on by default, reported in --json, skipped with --no-cleanup."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from editor.cli import main
from editor.svg.importer import import_svg

FAST = ["--size", "24", "--paths", "2", "--max-steps", "3", "--min-steps", "1", "--final-steps", "0"]


def _trace(tmp_path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[dict, Path]:
    src = tmp_path / "in.png"
    image = Image.new("RGB", (40, 30), (255, 255, 255))
    image.paste((200, 40, 40), (8, 6, 30, 24))
    image.save(src)
    out = tmp_path / f"out{len(extra)}.svg"
    assert main(["trace", str(src), "-o", str(out), "--json", *FAST, *extra]) == 0
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1]), out


def test_trace_cleans_up_by_default_and_not_with_no_cleanup(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cleaned, cleaned_svg = _trace(tmp_path, capsys)
    assert cleaned["cleanup"]["renamed"] == cleaned["paths"] > 0  # every traced shape got a colour name
    names = [s.name for s in import_svg(cleaned_svg).document.all_shapes()]
    assert not any(name.startswith("path-") for name in names)

    raw, raw_svg = _trace(tmp_path, capsys, "--no-cleanup")
    assert raw["cleanup"] is None
    shapes = import_svg(raw_svg).document.all_shapes()
    assert shapes and all(s.name == s.id for s in shapes)  # the optimizer's ids, as traced
