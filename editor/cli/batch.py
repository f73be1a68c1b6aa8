"""`main.py trace` for several images: options, progress bar, per-image lines and exit code.

Exit codes: 0 every image traced (or already done), 3 some images were bad input and none
failed otherwise, 4 some trace failed or the run had to stop (disk full, output folder
unwritable), 2 usage (another run holds the output folder, bad options), 130 interrupted.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from editor.batch.backends import Backend, LocalBackend, RayBackend, default_local_jobs
from editor.batch.lock import FolderBusyError
from editor.batch.runner import BatchEvent, BatchReport, BatchStopped, trace_batch
from editor.cli.common import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK, UsageError, error, print_json
from editor.tracing import TraceOptions

if TYPE_CHECKING:
    from editor.svg import Flavour


def add_batch_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("several images (a folder, or more than one IN)")
    group.add_argument("--jobs", type=_positive_int, metavar="N",
                       help="images traced at once (default: one per GPU, else one per core, "
                            "torch threads split between them)")
    group.add_argument("--backend", choices=("local", "ray"), default="local",
                       help="local worker processes, or tasks on a Ray cluster (pip install "
                            "'layertrace[ray]'); default: local")
    group.add_argument("--address", metavar="ADDR",
                       help="Ray cluster to join: auto (this node's cluster) or ray://host:10001; "
                            "default: start a local Ray")
    group.add_argument("--cpus-per-task", type=float, default=1.0, metavar="N",
                       help="Ray: CPUs (= torch threads) per image (default 1)")
    group.add_argument("--gpus-per-task", type=float, default=0.0, metavar="N",
                       help="Ray: GPUs per image, fractions allowed (default 0)")
    group.add_argument("--glob", default="*", metavar="PATTERN",
                       help="trace only files matching PATTERN (name or relative path; default: all)")
    group.add_argument("--no-recursive", dest="recursive", action="store_false",
                       help="only the folder itself, not its sub-folders")
    group.add_argument("--retry-failed", action="store_true",
                       help="trace again the images an earlier run of this command recorded as failed")
    group.add_argument("-v", "--verbose", action="store_true", help="a line per image as it finishes")


def is_batch(args: argparse.Namespace) -> bool:
    return len(args.input) > 1 or Path(args.input[0]).is_dir() or args.jobs is not None or args.backend != "local"


def make_backend(args: argparse.Namespace) -> Backend:
    if args.backend == "ray":
        if args.cpus_per_task <= 0 or args.gpus_per_task < 0:
            raise UsageError("--cpus-per-task must be > 0 and --gpus-per-task >= 0")
        try:
            import ray  # noqa: F401 — only to say how to get it
        except ImportError:
            raise UsageError("--backend ray needs Ray: pip install 'layertrace[ray]'") from None
        return RayBackend(args.address, args.cpus_per_task, args.gpus_per_task)
    if args.address:
        raise UsageError("--address is for --backend ray")
    jobs, threads, gpus = default_local_jobs()
    if args.jobs is not None:
        cores = jobs * threads
        jobs, threads = args.jobs, max(1, cores // args.jobs)
    return LocalBackend(jobs, threads, gpus)


def run_batch_command(args: argparse.Namespace, options: TraceOptions, flavour: Flavour, precision: int) -> int:
    sources = [Path(p) for p in args.input]
    output = Path(args.output) if args.output else (sources[0] if sources[0].is_dir() else sources[0].parent)
    if output.suffix.lower() == ".svg" or (output.exists() and not output.is_dir()):
        raise UsageError(f"-o {output}: several images need an output folder")
    backend = make_backend(args)
    progress = _Progress(args)
    try:
        report = trace_batch(
            sources, output, options, flavour=flavour, precision=precision, backend=backend,
            pattern=args.glob, recursive=args.recursive,
            retry_failed=args.retry_failed, on_event=progress.update,
        )
    except FolderBusyError as err:
        raise UsageError(str(err)) from None
    except BatchStopped as err:
        progress.close()
        error(str(err))
        return EXIT_FAILED
    finally:
        progress.close()
    _summarise(report, args)
    return exit_code(report)


def exit_code(report: BatchReport) -> int:
    if any(r.status == "failed" for r in report.records):
        return EXIT_FAILED
    return EXIT_BAD_INPUT if report.failed else EXIT_OK


def _summarise(report: BatchReport, args: argparse.Namespace) -> None:
    if args.json:
        for skipped in report.skipped:
            print_json({"input": str(skipped.path), "status": "skipped", "reason": skipped.reason})
        for record in report.reused:
            print_json({**record.to_json(), "status": "done_before"})
        return
    if args.quiet:
        return
    for skipped in report.skipped:
        print(f"skipped: {skipped.path}: {skipped.reason}", file=sys.stderr)
    for record in report.failed:
        error(str(record.error))
    ok = len(report.records) - len(report.failed)
    print(f"{ok} traced, {len(report.failed)} failed, {len(report.reused)} done before, "
          f"{len(report.skipped)} skipped", file=sys.stderr)


class _Progress:
    """A bar over the whole batch (done / failed / remaining, rate, time left) on a terminal,
    per-image lines with --verbose, JSON lines with --json."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.bar: Any = None

    def update(self, event: BatchEvent) -> None:
        if event.record is None:
            if not self.args.quiet and not self.args.json and sys.stderr.isatty() and event.total:
                from tqdm import tqdm

                self.bar = tqdm(total=event.total, unit="image", file=sys.stderr, dynamic_ncols=True)
            return
        record = event.record
        if self.args.json:
            print_json(record.to_json())
        elif self.args.verbose:
            line = (f"{record.input} -> {record.output}: {record.paths} paths, PSNR {record.psnr_db:.2f} dB, "
                    f"{record.seconds:.1f} s" if record.ok else f"{record.input}: {record.status}: {record.error}")
            if self.bar is not None:
                self.bar.write(line, file=sys.stdout)
            else:
                print(line, flush=True)
        if self.bar is not None:
            self.bar.set_postfix(failed=event.failed, refresh=False)
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text}: choose 1 or more")
    return value
