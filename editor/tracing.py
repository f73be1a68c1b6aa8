"""Headless tracing: one call from a script, a notebook, a benchmark or the CLI.

    from editor.svg import export_svg
    from editor.tracing import TraceOptions, trace_image

    traced = trace_image("photo.png", TraceOptions(method="layerwise", params={"num_paths": 32}))
    export_svg(traced.document, "photo.svg")

The image is loaded as the editor loads it, traced at the working size (`WorkingScale`) by
the same `Session` the editor's optimizer runs, and the document comes back in the image's
pixel units. `on_progress` sees every snapshot (about 5× a second); setting `cancel` (or
Ctrl+C in the calling thread) stops the run within a step and raises TraceCancelled.
"""
from __future__ import annotations

import copy
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from editor.engine.working_scale import DEFAULT_WORKING_SIZE, WorkingScale
from editor.errors import LayertraceError
from editor.io.image_io import DEFAULT_MAX_SIZE, LoadedImage, load_image, resize_for_trace
from editor.registry import DEFAULT_METHOD

if TYPE_CHECKING:
    from editor.document import Document
    from editor.engine.snapshot import Snapshot
    from editor.methods import Method

ProgressCallback = Callable[["Snapshot", float], None]  # (snapshot, seconds elapsed)
StartCallback = Callable[[list[int] | None], None]  # the planned steps per stage, or None


class TraceFailure(LayertraceError):
    """The optimization (or writing its result) went wrong for an acceptable input."""


class TraceCancelled(Exception):
    """The run was cancelled (the `cancel` event, or Ctrl+C); nothing was produced."""


@dataclass(frozen=True)
class TraceOptions:
    method: str = DEFAULT_METHOD
    params: dict[str, Any] = field(default_factory=dict)  # the method's own, validated by it
    size: int = DEFAULT_WORKING_SIZE  # working size of the long side, px
    device: str = "auto"  # auto | cpu | cuda
    seed: int = 0
    cleanup: bool = True  # clean the traced document up (editor.cleanup) at the working size
    simple_outlines: bool = True  # keep outlines simple while optimizing (Session)
    remove_hidden: bool = True  # replace the optimizer's shapes that hardly show at the end (Session)


@dataclass
class TracedImage:
    document: Document  # in the input's pixel units
    psnr: float  # dB at the working size, as the optimizer measured it
    steps: int
    seconds: float
    image_size: tuple[int, int]  # the input's (width, height) = the document's
    working_size: tuple[int, int]
    device: str
    notices: list[str]  # what loading the image changed or noticed (colour profile, size, ...)
    cleanup: dict[str, Any] | None = None  # what clean-up changed; None when skipped


def trace_image(
    image: str | Path | LoadedImage,
    options: TraceOptions | None = None,
    *,
    on_progress: ProgressCallback | None = None,
    on_start: StartCallback | None = None,
    cancel: threading.Event | None = None,
) -> TracedImage:
    """Trace `image` (a file, or an image `load_image` returned) into a layered document.

    `on_start` receives the planned steps per stage (None when the method cannot say) once
    the method is loaded; `on_progress` is called from the worker thread. Raises
    BadInputError for an unusable image, MethodUnavailableError / ParamError for the method
    and its parameters, TraceFailure when the optimization fails and TraceCancelled.
    """
    from editor.registry.loading import load_method

    options = options or TraceOptions()
    started = time.perf_counter()
    if not isinstance(image, LoadedImage):
        # Loaded as the editor loads it (its notices then mean the same), at least as large
        # as the working size.
        image = load_image(Path(image), max_size=max(options.size, DEFAULT_MAX_SIZE))
    work = resize_for_trace(image, options.size)
    # The document keeps the input's pixel size, so it lines up with the original anywhere.
    scale = WorkingScale(image.original_size, work.width, work.height)
    method = load_method(options.method, **options.params)
    if on_start is not None:
        on_start(planned_stage_steps(method))
    document, snap = _optimize(work, method, options, started, on_progress, cancel)
    cleanup = None
    if options.cleanup:  # at the working size, where the tolerances mean canvas pixels
        from editor.cleanup import clean_up

        document, report = clean_up(document, source_alpha=work.alpha)
        cleanup = report.to_json()
    return TracedImage(
        document=scale.from_working(document),
        psnr=snap.psnr,
        steps=snap.step,
        seconds=time.perf_counter() - started,
        image_size=image.original_size,
        working_size=work.size,
        device=resolve_device(options.device),
        notices=image.notices,
        cleanup=cleanup,
    )


def _optimize(
    work: LoadedImage,
    method: Method,
    options: TraceOptions,
    started: float,
    on_progress: ProgressCallback | None,
    cancel: threading.Event | None,
) -> tuple[Document, Snapshot]:
    """Run the session on a worker thread so Ctrl+C reaches the calling thread at once."""
    import torch

    from editor.document import Document
    from editor.engine.reduce import REPLACE_HIDDEN
    from editor.engine.session import Session
    from editor.engine.snapshot import RunState

    torch.manual_seed(options.seed)
    # Transparent inputs trace onto a transparent canvas, colour and alpha (no paint where the
    # source is transparent), and the document gets no background.
    background = None if work.alpha is not None else (1.0, 1.0, 1.0, 1.0)
    blank = Document(width=work.width, height=work.height, background=background)
    session = Session(work.target, method, blank, seed=options.seed, device=resolve_device(options.device),
                      simple_outlines=options.simple_outlines,
                      hidden=REPLACE_HIDDEN if options.remove_hidden else None)
    failure: list[BaseException] = []
    finished = threading.Event()

    def report(snap: Snapshot) -> None:
        if on_progress is not None:
            on_progress(snap, time.perf_counter() - started)

    def work_loop() -> None:
        try:
            session.run(on_snapshot=report, snapshot_interval=0.2)
        except BaseException as err:  # noqa: BLE001 — handed to the calling thread, which decides what it means
            failure.append(err)
        finally:
            finished.set()

    # An Event, not Thread.join: a KeyboardInterrupt that lands inside join() can leave the
    # thread looking finished while torch still runs in it, and exiting then aborts the
    # process ("terminate called without an active exception").
    threading.Thread(target=work_loop, name="layertrace-trace", daemon=True).start()
    try:
        while not finished.wait(0.1):
            if cancel is not None and cancel.is_set():
                session.cancel()
    except KeyboardInterrupt:
        session.cancel()
        _wait_through_interrupts(finished)
        raise TraceCancelled() from None
    if failure:
        err = failure[0]
        if isinstance(err, LayertraceError):
            raise TraceFailure(err.problem, err.path) from err
        raise err
    snap = session.snapshot()
    if snap.state == RunState.CANCELLED:
        raise TraceCancelled()
    return session.document(), snap


def _wait_through_interrupts(finished: threading.Event) -> None:
    """Wait for a cancelled session to stop (at most one step); more Ctrl+C cannot hurry it."""
    while True:
        try:
            if finished.wait(0.1):
                return
        except KeyboardInterrupt:
            continue


def planned_stage_steps(method: Method) -> list[int] | None:
    """The most steps of each stage the method's schedule will run, for progress and ETA.

    Asks a copy of the method for its stages as if each were run to completion; None for a
    method whose schedule cannot be foreseen this way (or does not end).
    """
    from editor.methods import TraceState

    try:
        probe = copy.deepcopy(method)
        plan: list[int] = []
        shapes = 0
        while len(plan) < 1000:
            stage = probe.next_stage(TraceState(stage_index=len(plan), num_shapes=shapes, pending_shapes=0))
            if stage is None:
                return plan or None
            plan.append(stage.max_steps)
            shapes += stage.add
    except Exception:  # noqa: BLE001 — a method that needs a real session to plan: no ETA
        return None
    return None


def resolve_device(device: str) -> str:
    """`auto` as the session resolves it (CUDA when available), other names as they are."""
    if device != "auto":
        return device
    from editor.engine.session import default_device

    return default_device().type
