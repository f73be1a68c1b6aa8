#!/usr/bin/env python3
"""Batch throughput: one job vs the default local jobs vs a local Ray cluster, as a table.

    python benchmarks/batch_bench.py                 # 32 development-set emoji, 32 paths
    python benchmarks/batch_bench.py --count 8 --backends local1,local

Each backend traces the same images into its own fresh folder through `editor.batch`
(exactly what `main.py trace DIR -o OUT` runs). Reported: wall time, images per minute, the
CPU time of the traces themselves (summed from the manifest) and of the whole machine during
the run (worker start-up, the driver and Ray's own services included), so each backend's
overhead shows as the difference. Run it alone: concurrent work on the
machine inflates every figure.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from benchmarks.evalset import ensure_evalset, find_build_script, load_items, select
from editor.batch import LocalBackend, RayBackend, default_local_jobs, trace_batch
from editor.tracing import TraceOptions

OUTPUT_DIR = REPO_ROOT / "build" / "batch_bench"


def _cpu_total() -> float:
    """CPU seconds the whole machine has spent busy (Linux /proc/stat). Ray's workers and
    services are not this process's children to reap, so only a machine-wide count sees
    every backend's full cost; it is why the benchmark must run alone."""
    with open("/proc/stat") as f:
        fields = [int(v) for v in f.readline().split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields[:8]
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def run_backend(name: str, images: list[Path], options: TraceOptions) -> dict[str, object]:
    jobs, threads, gpus = default_local_jobs()
    out = OUTPUT_DIR / name
    shutil.rmtree(out, ignore_errors=True)
    cpu0, wall0 = _cpu_total(), time.perf_counter()
    if name == "ray":
        import ray

        ray.init(num_cpus=jobs, include_dashboard=False, log_to_driver=False,
                 runtime_env={"env_vars": {"PYTHONPATH": str(REPO_ROOT)}})
        backend = RayBackend(num_cpus=threads)
        label = f"Ray (local cluster, {jobs} CPUs, {threads} per task)"
    elif name == "local1":
        backend, label = LocalBackend(1, threads_per_job=threads * jobs), f"1 job ({threads * jobs} threads)"
    else:
        backend, label = LocalBackend(jobs, threads, gpus), f"--jobs default ({jobs} × {threads} thread)"
    try:
        report = trace_batch(images, out, options, backend=backend)
    finally:
        if name == "ray":
            ray.shutdown()
    wall = time.perf_counter() - wall0
    ok = [r for r in report.records if r.ok]
    return {
        "backend": label, "images": len(report.records), "failed": len(report.failed),
        "wall": wall, "per_min": 60 * len(ok) / wall,
        "trace_cpu": sum(r.cpu_seconds or 0.0 for r in report.records),
        "total_cpu": _cpu_total() - cpu0,
        "psnr": sum(r.psnr_db or 0.0 for r in ok) / max(len(ok), 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=32, help="emoji traced (default 32)")
    parser.add_argument("--paths", type=int, default=32)
    parser.add_argument("--backends", default="local1,local,ray", help="of local1, local, ray")
    parser.add_argument("--shared-dir", type=Path, help="the shared folder holding evalset/ (default: ../shared)")
    args = parser.parse_args()
    set_dir = ensure_evalset(find_build_script(shared_dir=args.shared_dir))
    images = [item.png for item in select(load_items(set_dir), "emoji", args.count)]
    options = TraceOptions(params={"num_paths": args.paths})
    rows = [run_backend(name, images, options) for name in args.backends.split(",")]
    print(f"\n{len(images)} emoji, {args.paths} paths, default method, working size {options.size}\n")
    print("| backend | images | failed | wall s | images / min | trace CPU s | total CPU s | overhead CPU s | mean PSNR dB |")
    print("|---|--:|--:|--:|--:|--:|--:|--:|--:|")
    for row in rows:
        print(f"| {row['backend']} | {row['images']} | {row['failed']} | {row['wall']:.0f} | "
              f"{row['per_min']:.2f} | {row['trace_cpu']:.0f} | {row['total_cpu']:.0f} | "
              f"{row['total_cpu'] - row['trace_cpu']:.0f} | {row['psnr']:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
