"""Batch runs for real: worker processes (and a local Ray cluster) tracing tiny images."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from editor.batch import MANIFEST_NAME, BatchStopped, LocalBackend, RayBackend, trace_batch
from editor.batch.lock import FolderBusyError, OutputFolderLock
from editor.tracing import TraceOptions
from tests.batch.conftest import write_icon


def _manifest(folder: Path) -> list[dict]:
    return [json.loads(line) for line in (folder / MANIFEST_NAME).read_text().splitlines()]


def _drawing(path: Path) -> list[tuple[str | None, ...]]:
    """What an SVG draws (outlines and paint), without its generated ids."""
    paths = etree.parse(str(path)).getroot().iter("{http://www.w3.org/2000/svg}path")
    return [(p.get("d"), p.get("fill"), p.get("fill-opacity")) for p in paths]


def _assert_complete_svg(path: Path) -> None:
    root = etree.parse(str(path)).getroot()
    assert root.tag.endswith("svg") and root.findall(".//{http://www.w3.org/2000/svg}path")


def test_local_batch_records_everything_and_continues_past_a_corrupt_image(
    icon_folder: Path, tmp_path: Path, fast_options: TraceOptions
) -> None:
    (icon_folder / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n not really")
    out = tmp_path / "out"
    report = trace_batch([icon_folder], out, fast_options, backend=LocalBackend(jobs=2))
    status = {Path(r.input).name: r.status for r in report.records}
    assert status == {"a.png": "ok", "b.png": "ok", "c.png": "ok", "broken.png": "bad_input"}
    assert [s.path.name for s in report.skipped] == ["notes.txt"]
    for name in ("a.svg", "b.svg", "sub/c.svg"):
        _assert_complete_svg(out / name)
    assert not (out / "broken.svg").exists()
    assert not [p for p in out.rglob("*.tmp")]
    lines = _manifest(out)
    assert len(lines) == 4
    broken = next(line for line in lines if line["input"].endswith("broken.png"))
    assert "broken.png" in broken["error"]
    good = next(line for line in lines if line["input"].endswith("a.png"))
    assert good["paths"] >= 1 and good["psnr_db"] > 10 and good["spec"]["options"]["params"]["num_paths"] == 3


def test_rerun_skips_what_is_done_and_retry_failed_retries_only_failures(
    icon_folder: Path, tmp_path: Path, fast_options: TraceOptions
) -> None:
    (icon_folder / "broken.png").write_bytes(b"not an image at all")
    out = tmp_path / "out"
    backend = LocalBackend(jobs=1)
    trace_batch([icon_folder], out, fast_options, backend=backend)
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*.svg")}

    again = trace_batch([icon_folder], out, fast_options, backend=backend)
    assert again.records == [] and len(again.reused) == 4
    retried = trace_batch([icon_folder], out, fast_options, backend=backend, retry_failed=True)
    assert [Path(r.input).name for r in retried.records] == ["broken.png"]
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.svg")} == stamps  # nothing traced twice

    other_seed = TraceOptions(method="layerwise", params=fast_options.params, size=48, seed=7)
    changed = trace_batch([icon_folder / "a.png"], out, other_seed, backend=backend)
    assert [r.status for r in changed.records] == ["ok"]  # different options: a new job


def test_a_second_run_on_the_same_output_folder_is_refused(
    icon_folder: Path, tmp_path: Path, fast_options: TraceOptions
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with OutputFolderLock(out), pytest.raises(FolderBusyError, match="another Layertrace batch run"):
        trace_batch([icon_folder], out, fast_options, backend=LocalBackend(jobs=1))
    assert not (out / MANIFEST_NAME).exists()


def test_ray_backend_traces_the_same_svgs_as_local_workers(
    ray_cluster: object, icon_folder: Path, tmp_path: Path, fast_options: TraceOptions
) -> None:
    local = trace_batch([icon_folder], tmp_path / "local", fast_options, backend=LocalBackend(jobs=1))
    remote = trace_batch([icon_folder], tmp_path / "ray", fast_options, backend=RayBackend(num_cpus=1))
    assert sorted(r.status for r in remote.records) == ["ok"] * 3
    assert {r.spec.key for r in remote.records} == {r.spec.key for r in local.records}
    for name in ("a.svg", "b.svg", "sub/c.svg"):
        assert _drawing(tmp_path / "ray" / name) == _drawing(tmp_path / "local" / name)
    assert len(_manifest(tmp_path / "ray")) == 3


@pytest.fixture
def tiny_disk(tmp_path: Path):
    """A real 16 KiB file system (tmpfs, needs root), for disk-full behaviour."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", str(mount_point)],
                             check=False, capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    yield mount_point
    subprocess.run(["umount", "-l", str(mount_point)], check=False)


def test_a_full_disk_stops_the_run_with_a_consistent_manifest(
    tiny_disk: Path, tmp_path: Path, fast_options: TraceOptions
) -> None:
    src = tmp_path / "in"
    for shade in range(12):
        write_icon(src / f"icon-{shade:02d}.png", shade)
    with pytest.raises(BatchStopped, match="No space left on device") as stopped:
        trace_batch([src], tiny_disk, fast_options, backend=LocalBackend(jobs=1))
    assert "run the same command again to resume" in str(stopped.value)
    lines = _manifest(tiny_disk)  # every line whole and parseable
    assert lines and all(line["status"] == "ok" for line in lines)
    for line in lines:
        _assert_complete_svg(Path(line["output"]))
    assert len(lines) < 12 and not list(tiny_disk.rglob("*.tmp"))
