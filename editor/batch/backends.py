"""Where a batch's jobs run: local worker processes, or tasks on a Ray cluster.

A backend takes jobs and yields their outcomes as they finish, in any order. Both keep only
a bounded window of jobs submitted, so an interrupted run has little to cancel, and both
retry a job whose worker was lost (killed, crashed, node gone) up to `max_attempts` times.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from typing import Any, Protocol

from editor.batch.manifest import Record
from editor.batch.worker import Job, Outcome, configure_threads, run_job

DEFAULT_MAX_ATTEMPTS = 3
MEMORY_PER_JOB = 1.5 * 2**30  # torch + one 256-px trace, with room to spare


class Backend(Protocol):
    name: str

    def run(self, jobs: Iterable[Job]) -> Iterator[Outcome]: ...

    def cancel(self) -> None: ...


def lost_worker_outcome(job: Job, detail: str) -> Outcome:
    record = Record(
        input=str(job.source), output=str(job.output), spec=job.spec, status="failed",
        error=f"the worker tracing it was lost {job.attempt} times ({detail})", attempts=job.attempt,
    )
    return Outcome(record)


def default_local_jobs() -> tuple[int, int, int]:
    """(jobs, torch threads per job, GPUs): one job per GPU where there are GPUs; otherwise
    one single-threaded job per core (a trace's many small operations scale better across
    processes than threads), fewer if memory would not hold them."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    gpus = _visible_gpus()
    if gpus:
        return gpus, max(1, cores // gpus), gpus
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") if hasattr(os, "sysconf") else 0
    by_memory = int(memory // MEMORY_PER_JOB) if memory else cores
    jobs = max(1, min(cores, by_memory))
    return jobs, max(1, cores // jobs), 0


def _visible_gpus() -> int:
    """CUDA devices, counted without importing torch in the driver (nvidia-smi's view)."""
    listed = os.environ.get("CUDA_VISIBLE_DEVICES")
    if listed is not None:
        return len([d for d in listed.split(",") if d.strip() and d.strip() != "-1"])
    try:
        return len([name for name in os.listdir("/proc/driver/nvidia/gpus")])
    except OSError:
        return 0


def _exit_with_driver(driver: int) -> None:
    """End this worker once the driver is gone (killed: SIGKILL gives it no chance to stop
    its pool), instead of idling forever as an orphan."""
    while os.getppid() == driver:
        time.sleep(1.0)
    os._exit(1)


def _init_local_worker(threads: int, gpus: int, counter: Any) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the driver's to handle
    threading.Thread(target=_exit_with_driver, args=(os.getppid(),), daemon=True).start()
    if gpus:
        with counter.get_lock():
            index = counter.value
            counter.value += 1
        os.environ["CUDA_VISIBLE_DEVICES"] = str(index % gpus)
    configure_threads(threads)


@dataclass
class LocalBackend:
    """Worker processes on this machine (spawned: torch must not be forked)."""

    jobs: int
    threads_per_job: int = 1
    gpus: int = 0
    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    name: str = "local"

    def __post_init__(self) -> None:
        self._executor: ProcessPoolExecutor | None = None

    def _start(self) -> ProcessPoolExecutor:
        context = multiprocessing.get_context("spawn")
        counter = context.Value("i", 0)
        self._executor = ProcessPoolExecutor(
            self.jobs, mp_context=context, initializer=_init_local_worker,
            initargs=(self.threads_per_job, self.gpus, counter),
        )
        return self._executor

    def run(self, jobs: Iterable[Job]) -> Iterator[Outcome]:
        queue = deque(jobs)
        in_flight: dict[Future[Outcome], Job] = {}
        executor = self._start()
        try:
            while queue or in_flight:
                while queue and len(in_flight) < 2 * self.jobs:
                    job = queue.popleft()
                    in_flight[executor.submit(run_job, job)] = job
                done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                if not any(isinstance(f.exception(), BrokenProcessPool) for f in done):
                    for future in done:
                        yield future.result()
                        del in_flight[future]
                    continue
                # A worker died: every job in flight is lost with the pool (which job killed
                # it cannot be told apart), so each is retried on a fresh pool or recorded.
                executor.shutdown(wait=True, cancel_futures=True)
                retry = []
                for future, job in in_flight.items():
                    if future.done() and future.exception() is None:
                        yield future.result()
                    elif job.attempt < self.max_attempts:
                        retry.append(replace(job, attempt=job.attempt + 1))
                    else:
                        yield lost_worker_outcome(job, "its process ended unexpectedly")
                in_flight.clear()
                queue.extendleft(reversed(retry))
                executor = self._start()
        finally:
            self.cancel()

    def cancel(self) -> None:
        """Stop now: pending jobs are dropped and running workers terminated (their outputs
        are written atomically, so nothing half-written stays)."""
        if self._executor is None:
            return
        self._executor.shutdown(wait=False, cancel_futures=True)
        for child in multiprocessing.active_children():
            child.terminate()
            child.join(timeout=10)  # reaped, so none lingers (nor its CPU time unaccounted)
        self._executor = None


def _ray_task(job: Job, threads: int) -> Outcome:
    configure_threads(threads)
    return run_job(job)


@dataclass
class RayBackend:
    """One Ray task per image. `address`: None starts (or joins) a local Ray; "auto" joins the
    cluster of this node; "ray://host:10001" connects a client to a remote head."""

    address: str | None = None
    num_cpus: float = 1.0
    num_gpus: float = 0.0
    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    name: str = "ray"

    def __post_init__(self) -> None:
        self._pending: list[Any] = []

    def run(self, jobs: Iterable[Job]) -> Iterator[Outcome]:
        import ray

        if not ray.is_initialized():
            ray.init(address=self.address, log_to_driver=False)
        task = ray.remote(_ray_task).options(
            num_cpus=self.num_cpus, num_gpus=self.num_gpus, max_retries=self.max_attempts - 1,
            retry_exceptions=False,  # an image's own errors come back as records, not exceptions
        )
        threads = max(1, int(self.num_cpus))
        window = max(2, 2 * int(ray.cluster_resources().get("CPU", 1) // max(self.num_cpus, 0.01)))
        queue = deque(jobs)
        by_ref: dict[Any, Job] = {}
        while queue or by_ref:
            while queue and len(by_ref) < window:
                job = queue.popleft()
                by_ref[task.remote(job, threads)] = job
            self._pending = list(by_ref)
            (ready,), _ = ray.wait(self._pending, num_returns=1)
            job = by_ref.pop(ready)
            try:
                yield ray.get(ready)
            except (ray.exceptions.WorkerCrashedError, ray.exceptions.NodeDiedError,
                    ray.exceptions.OwnerDiedError, ray.exceptions.ObjectLostError) as err:
                yield lost_worker_outcome(replace(job, attempt=self.max_attempts), type(err).__name__)
        self._pending = []

    def cancel(self) -> None:
        import ray

        for ref in self._pending:
            ray.cancel(ref, force=True)
        self._pending = []
