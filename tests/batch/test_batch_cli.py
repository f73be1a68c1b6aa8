"""`main.py trace DIR -o OUT` as a user runs it: real processes, killed for real."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from editor.batch import MANIFEST_NAME
from tests.batch.conftest import REPO_ROOT, write_icon

FAST = ["--size", "48", "--paths", "3", "--param", "max_steps=5", "--param", "min_steps=0",
        "--param", "final_steps=5"]


def _command(src: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, str(REPO_ROOT / "main.py"), "trace", str(src), "-o", str(out), *FAST, *extra]


def _ok_records(out: Path) -> list[dict]:
    manifest = out / MANIFEST_NAME
    if not manifest.exists():
        return []
    lines = []
    for line in manifest.read_text().splitlines():
        try:
            lines.append(json.loads(line))
        except ValueError:
            pass  # a torn last line while the driver writes
    return [r for r in lines if r["status"] == "ok"]


def _wait_for(predicate, timeout: float, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
            except (OSError, IndexError, ValueError):
                continue
    return found


def test_killed_run_resumes_without_tracing_anything_twice(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    for shade in range(5):
        write_icon(src / f"icon-{shade}.png", shade)
    run = subprocess.Popen(_command(src, out, "--jobs", "1"), start_new_session=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=REPO_ROOT)
    _wait_for(lambda: len(_ok_records(out)) >= 2, 300, run)
    os.killpg(run.pid, signal.SIGKILL)  # the driver and its workers, mid-batch
    run.wait()
    first = {r["output"]: Path(r["output"]).stat().st_mtime_ns for r in _ok_records(out)}

    again = subprocess.run(_command(src, out, "--jobs", "1", "--json"), check=False, capture_output=True,
                           text=True, timeout=600, cwd=REPO_ROOT)
    assert again.returncode == 0, again.stderr
    lines = [json.loads(line) for line in again.stdout.splitlines()]
    assert {r["output"] for r in lines if r["status"] == "done_before"} >= set(first)
    assert {Path(r["output"]).name for r in _ok_records(out)} == {f"icon-{s}.svg" for s in range(5)}
    assert len(_ok_records(out)) == 5  # one record per image: nothing traced twice
    assert {o: Path(o).stat().st_mtime_ns for o in first} == first  # finished SVGs untouched
    assert not list(out.rglob("*.tmp"))  # the killed worker's temporaries are gone


def test_a_lost_worker_is_replaced_and_its_image_retried(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    for shade in range(3):
        write_icon(src / f"icon-{shade}.png", shade)
    run = subprocess.Popen(_command(src, out, "--jobs", "1", "--json"), stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True, cwd=REPO_ROOT)
    workers: list[int] = []

    def worker_started() -> bool:
        # the spawned pool worker (besides multiprocessing's resource tracker)
        workers[:] = [p for p in _children(run.pid)
                      if b"spawn_main" in Path(f"/proc/{p}/cmdline").read_bytes()]
        return bool(workers)

    _wait_for(worker_started, 120, run)
    time.sleep(1.0)
    for pid in workers:
        os.kill(pid, signal.SIGKILL)
    stdout, stderr = run.communicate(timeout=600)
    assert run.returncode == 0, stderr
    records = [json.loads(line) for line in stdout.splitlines()]
    assert sorted(r["status"] for r in records) == ["ok"] * 3
    assert max(r["attempts"] for r in records) == 2


def test_a_second_run_into_the_same_folder_is_refused(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    for shade in range(3):
        write_icon(src / f"icon-{shade}.png", shade)
    first = subprocess.Popen(_command(src, out, "--jobs", "1"), stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, cwd=REPO_ROOT)
    try:
        _wait_for(lambda: (out / MANIFEST_NAME).exists() or (out / ".layertrace-batch.lock").exists(), 120, first)
        second = subprocess.run(_command(src, out), check=False, capture_output=True, text=True, timeout=120, cwd=REPO_ROOT)
    finally:
        first.kill()
        first.wait()
    assert second.returncode == 2
    assert "another Layertrace batch run" in second.stderr and str(out) in second.stderr
