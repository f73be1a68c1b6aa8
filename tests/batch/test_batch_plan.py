"""Planning and recording a batch: no tracing here."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from editor.batch.manifest import JobSpec, Manifest, Record
from editor.batch.plan import plan_batch
from editor.errors import BadInputError
from tests.batch.conftest import write_icon


def test_recursive_folders_keep_their_layout_and_collisions_get_distinct_names(tmp_path: Path) -> None:
    src = tmp_path / "in"
    for shade, name in enumerate(["a.png", "deep/er/b.webp", "pic.png", "pic.jpg"]):
        write_icon(src / name, shade)
    (src / "readme.txt").write_text("x")
    (src / ".hidden.png").write_bytes(b"")
    plan = plan_batch([src], tmp_path / "out")
    outputs = {item.relative: item.output.relative_to(tmp_path / "out").as_posix() for item in plan.items}
    assert outputs == {
        "a.png": "a.svg", "deep/er/b.webp": "deep/er/b.svg",
        "pic.jpg": "pic.jpg.svg", "pic.png": "pic.png.svg",
    }
    assert [(s.path.name, "not a supported image type" in s.reason) for s in plan.skipped] == [("readme.txt", True)]


def test_glob_selects_and_non_recursive_lists_sub_folders_as_skipped(tmp_path: Path) -> None:
    src = tmp_path / "in"
    for shade, name in enumerate(["icon-1.png", "photo.png", "sub/icon-2.png"]):
        write_icon(src / name, shade)
    plan = plan_batch([src], tmp_path / "out", pattern="icon-*", recursive=False)
    assert [item.relative for item in plan.items] == ["icon-1.png"]
    assert [s.path.name for s in plan.skipped] == ["sub"]
    assert [i.relative for i in plan_batch([src], tmp_path / "out", pattern="icon-*").items] == [
        "icon-1.png", "sub/icon-2.png"]


def test_no_images_is_bad_input_naming_the_folder(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(BadInputError, match="empty: no images"):
        plan_batch([tmp_path / "empty"], tmp_path / "out")


def _record(tmp_path: Path, status: str, **options: object) -> Record:
    spec = JobSpec("a.png", "ab" * 32, {"method": "layerwise", "seed": 0, **options})
    return Record(str(tmp_path / "a.png"), str(tmp_path / "a.svg"), spec, status)


def test_manifest_skips_finished_jobs_only_with_the_same_spec(tmp_path: Path) -> None:
    manifest = Manifest(tmp_path)
    ok = _record(tmp_path, "ok")
    manifest.append(ok)
    (tmp_path / "a.svg").write_text("<svg/>")
    reread = Manifest(tmp_path)
    assert reread.finished(ok.spec, retry_failed=False) is not None
    assert reread.finished(_record(tmp_path, "ok", seed=1).spec, retry_failed=False) is None
    (tmp_path / "a.svg").unlink()  # a recorded output that is gone is traced again
    assert reread.finished(ok.spec, retry_failed=False) is None


def test_failures_are_skipped_unless_retried_and_a_torn_line_is_ignored(tmp_path: Path) -> None:
    manifest = Manifest(tmp_path)
    failed = _record(tmp_path, "bad_input")
    manifest.append(failed)
    with open(manifest.path, "a") as f:
        f.write('{"input": "b.png", "outp')  # a run killed mid-write
    reread = Manifest(tmp_path)
    assert len(reread.records) == 1
    assert reread.finished(failed.spec, retry_failed=False) is not None
    assert reread.finished(failed.spec, retry_failed=True) is None
    line = json.loads(manifest.path.read_text().splitlines()[0])
    assert line["status"] == "bad_input" and line["key"] == failed.spec.key
    assert line["spec"]["sha256"] == "ab" * 32
