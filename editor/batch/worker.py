"""What a worker (a local process or a Ray task) does with one job: trace, write, report.

Runs wherever the backend puts it, so it takes and returns plain picklable data. Errors of
the image become a record; only a problem of the output folder (disk full, read-only,
permissions) is marked `stop`, because every later image would fail the same way.
"""
from __future__ import annotations

import errno
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from editor.batch.manifest import JobSpec, Record
from editor.errors import BadInputError, describe_error
from editor.tracing import TraceOptions

if TYPE_CHECKING:
    from editor.svg import Flavour

# Output-side failures that no other image can avoid: the run stops instead of failing each.
MEMORY_HINT = "try a smaller --size, fewer --paths or fewer --jobs"  # a batch image out of memory
STOPPING_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM})


@dataclass(frozen=True)
class Job:
    source: Path
    output: Path
    spec: JobSpec
    options: TraceOptions
    flavour: Flavour = "inkscape"
    precision: int = 2
    attempt: int = 1


@dataclass
class Outcome:
    record: Record
    stop: str | None = None  # why the whole run must stop, if it must


def configure_threads(threads: int) -> None:
    """Give this worker `threads` torch threads (set before torch's first parallel region)."""
    os.environ["OMP_NUM_THREADS"] = str(threads)
    import torch

    torch.set_num_threads(threads)
    if torch.get_num_interop_threads() != 1:
        try:
            torch.set_num_interop_threads(1)
        except RuntimeError:
            pass  # already used in this process; the intra-op count above is what matters


def run_job(job: Job) -> Outcome:
    """Trace `job` and write its SVG atomically; every error becomes the job's record."""
    from editor.svg import export_svg
    from editor.tracing import trace_image

    started, cpu_started = time.perf_counter(), time.process_time()
    base: dict[str, Any] = {"input": str(job.source), "output": str(job.output), "spec": job.spec,
                            "attempts": job.attempt}
    try:
        job.output.parent.mkdir(parents=True, exist_ok=True)
        traced = trace_image(job.source, job.options)
        export_svg(traced.document, job.output, flavour=job.flavour, precision=job.precision)
    except BadInputError as err:
        return Outcome(Record(status="bad_input", error=str(err), seconds=_since(started),
                              cpu_seconds=_cpu_since(cpu_started), **base))
    except Exception as err:  # noqa: BLE001 — any failure of one image is that image's record
        reason = _stopping_reason(err)
        record = Record(status="failed", error=describe_error(err, memory_hint=MEMORY_HINT), seconds=_since(started),
                        cpu_seconds=_cpu_since(cpu_started), **base)
        return Outcome(record, stop=reason)
    record = Record(
        status="ok", paths=len(traced.document.drawn_shapes()), psnr_db=round(traced.psnr, 3),
        seconds=_since(started), cpu_seconds=_cpu_since(cpu_started), notices=list(traced.notices),
        cleanup=traced.cleanup, **base,
    )
    return Outcome(record)


def _since(started: float) -> float:
    return round(time.perf_counter() - started, 3)


def _cpu_since(started: float) -> float:
    return round(time.process_time() - started, 3)


def _stopping_reason(err: BaseException) -> str | None:
    """The output-folder problem behind `err`, if any (errors are re-raised with context)."""
    seen: BaseException | None = err
    while seen is not None:
        if isinstance(seen, OSError) and seen.errno in STOPPING_ERRNOS:
            where = f" ({seen.filename})" if seen.filename else ""
            return f"cannot write the output: {os.strerror(seen.errno)}{where}"
        seen = seen.__cause__ or seen.__context__
    return None
