"""Batch tracing: many images, all the cores (or a Ray cluster), resumable and recorded.

    from editor.batch import LocalBackend, trace_batch
    from editor.tracing import TraceOptions

    report = trace_batch([Path("icons")], Path("traced"), TraceOptions(params={"num_paths": 32}),
                         backend=LocalBackend(jobs=4))
    for record in report.records: ...

The same engine as the CLI, the editor and the Inkscape extension; `python main.py trace DIR
-o OUT` drives it.
"""
from editor.batch.backends import Backend, LocalBackend, RayBackend, default_local_jobs
from editor.batch.manifest import MANIFEST_NAME, JobSpec, Manifest, Record
from editor.batch.runner import BatchEvent, BatchReport, BatchStopped, trace_batch

__all__ = [
    "MANIFEST_NAME", "Backend", "BatchEvent", "BatchReport", "BatchStopped", "JobSpec",
    "LocalBackend", "Manifest", "RayBackend", "Record", "default_local_jobs", "trace_batch",
]
