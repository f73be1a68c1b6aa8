"""The batch driver: plan, skip what is done, run the rest on a backend, record everything.

Only this process writes the manifest; workers return records. The run holds the output
folder's lock throughout, so it may clear our own temporary files left there by a killed run.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from editor.batch.backends import Backend, LocalBackend, default_local_jobs
from editor.batch.lock import OutputFolderLock
from editor.batch.manifest import JobSpec, Manifest, Record, file_sha256
from editor.batch.plan import BatchPlan, plan_batch
from editor.batch.worker import Job
from editor.errors import LayertraceError
from editor.io.outputs import Skipped, refuse_outputs_over_inputs
from editor.io.tempfiles import remove_stale_temporaries
from editor.tracing import TraceOptions

if TYPE_CHECKING:
    from editor.svg import Flavour


class BatchStopped(LayertraceError):
    """The run cannot go on (e.g. the output disk is full); the manifest holds what finished."""


@dataclass
class BatchReport:
    records: list[Record] = field(default_factory=list)  # this run's, in completion order
    reused: list[Record] = field(default_factory=list)  # earlier runs' records of skipped jobs
    skipped: list[Skipped] = field(default_factory=list)  # files that are not images
    stopped: str | None = None

    @property
    def failed(self) -> list[Record]:
        return [r for r in self.records if not r.ok]


@dataclass(frozen=True)
class BatchEvent:
    """Progress for a caller: `record` is None for the start (`total` jobs to run)."""

    total: int
    done: int
    failed: int
    record: Record | None = None


def job_options(options: TraceOptions, flavour: str, precision: int) -> dict[str, object]:
    """The options that change the SVG (the device does not, for a seeded trace)."""
    values = asdict(options)
    values.pop("device")
    return {**values, "flavour": flavour, "precision": precision}


def trace_batch(
    sources: Sequence[Path],
    output_dir: Path,
    options: TraceOptions,
    *,
    flavour: Flavour = "inkscape",
    precision: int = 2,
    backend: Backend | None = None,
    pattern: str = "*",
    recursive: bool = True,
    retry_failed: bool = False,
    on_event: Callable[[BatchEvent], None] | None = None,
) -> BatchReport:
    """Trace every image of `sources` (files or folders) into `output_dir`, resumably.

    Raises LayertraceError for an unusable output folder or one another run holds, and
    BatchStopped (after recording what finished) when writing outputs became impossible.
    """
    plan = plan_batch(list(sources), output_dir, pattern=pattern, recursive=recursive)
    refuse_outputs_over_inputs([item.source for item in plan.items], [item.output for item in plan.items])
    output_dir.mkdir(parents=True, exist_ok=True)
    if backend is None:
        jobs, threads, gpus = default_local_jobs()
        backend = LocalBackend(jobs, threads, gpus)
    with OutputFolderLock(output_dir):
        for folder in {item.output.parent for item in plan.items} | {output_dir}:
            remove_stale_temporaries(folder, max_age_s=0.0)  # we hold the lock: no other writer
        manifest = Manifest(output_dir)
        report = BatchReport(skipped=plan.skipped)
        todo = _jobs_to_run(plan, options, flavour, precision, manifest, retry_failed, report)
        _run(todo, backend, manifest, report, on_event)
    return report


def _jobs_to_run(
    plan: BatchPlan, options: TraceOptions, flavour: Flavour, precision: int, manifest: Manifest,
    retry_failed: bool, report: BatchReport,
) -> list[Job]:
    todo = []
    values = job_options(options, flavour, precision)
    for item in plan.items:
        try:
            digest = file_sha256(item.source)
        except OSError as err:
            spec = JobSpec(item.relative, "", values)
            report.records.append(Record(str(item.source), str(item.output), spec, "bad_input",
                                         error=f"{item.source}: cannot read the file: {err.strerror or err}"))
            manifest.append(report.records[-1])
            continue
        spec = JobSpec(item.relative, digest, values)
        earlier = manifest.finished(spec, retry_failed=retry_failed)
        if earlier is not None:
            report.reused.append(earlier)
        else:
            todo.append(Job(item.source, item.output, spec, options, flavour, precision))
    return todo


def _run(todo: list[Job], backend: Backend, manifest: Manifest, report: BatchReport,
         on_event: Callable[[BatchEvent], None] | None) -> None:
    failed = len(report.failed)
    if on_event:
        on_event(BatchEvent(total=len(todo), done=0, failed=failed))
    try:
        for done, outcome in enumerate(backend.run(todo), start=1):
            if outcome.stop:
                report.stopped = outcome.stop
                raise BatchStopped(
                    f"{outcome.stop}; stopped after {done - 1} of {len(todo)} images "
                    "(the manifest records them; run the same command again to resume)",
                    outcome.record.output,
                )
            try:
                manifest.append(outcome.record)
            except OSError as err:
                report.stopped = f"cannot write the manifest: {err.strerror or err}"
                raise BatchStopped(report.stopped, manifest.path) from None
            report.records.append(outcome.record)
            failed += not outcome.record.ok
            if on_event:
                on_event(BatchEvent(total=len(todo), done=done, failed=failed, record=outcome.record))
    finally:
        backend.cancel()
