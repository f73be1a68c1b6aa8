"""The record of a batch run: one JSON line per traced (or failed) image in the output folder.

Only the driver writes it, one line at a time with a flush and an fsync, so an interrupted
run leaves every line whole except at most a torn last line, which reading ignores. A job is
identified by its input's relative path, content hash and every option that changes the SVG;
re-running the same command finds each finished job's record and skips it.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

MANIFEST_NAME = "layertrace-manifest.jsonl"


@dataclass(frozen=True)
class JobSpec:
    """What determines one image's SVG: its place, its content and the tracing options
    (every option but the device), so the same spec gives the same SVG (seeded)."""

    relative: str
    sha256: str
    options: dict[str, Any]

    @property
    def key(self) -> str:
        text = json.dumps(asdict(self), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()[:24]


@dataclass
class Record:
    """The outcome of one job. `status`: ok | bad_input | failed."""

    input: str
    output: str
    spec: JobSpec
    status: str
    paths: int | None = None
    psnr_db: float | None = None
    seconds: float | None = None  # wall-clock time of the job in its worker
    cpu_seconds: float | None = None  # CPU time of the job, all its threads
    cleanup: dict[str, Any] | None = None  # what clean-up changed
    error: str | None = None
    attempts: int = 1
    notices: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["key"] = self.spec.key
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Record:
        data = dict(data)
        data.pop("key", None)
        data["spec"] = JobSpec(**data["spec"])
        return cls(**data)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Manifest:
    """The manifest of an output folder: earlier records by job key, and an appender."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / MANIFEST_NAME
        self.records: dict[str, Record] = {}
        if self.path.exists():
            self._read()

    def _read(self) -> None:
        with open(self.path, encoding="utf-8") as f:
            for line in f:
                try:
                    record = Record.from_json(json.loads(line))
                except (ValueError, TypeError, KeyError):
                    continue  # a torn last line from an interrupted run, or a foreign line
                self.records[record.spec.key] = record  # the newest record of a job wins

    def finished(self, spec: JobSpec, *, retry_failed: bool) -> Record | None:
        """The earlier record that makes this job unnecessary, if any."""
        record = self.records.get(spec.key)
        if record is None:
            return None
        if record.ok:
            return record if Path(record.output).is_file() else None
        return None if retry_failed else record

    def append(self, record: Record) -> None:
        line = json.dumps(record.to_json(), ensure_ascii=False) + "\n"
        with open(self.path, "a", encoding="utf-8") as f:
            f.write(line)
            f.flush()
            os.fsync(f.fileno())
        self.records[record.spec.key] = record
