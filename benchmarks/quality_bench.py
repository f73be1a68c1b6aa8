#!/usr/bin/env python3
"""Tracing quality on the public development set, against VTracer, as a Markdown table.

    python benchmarks/quality_bench.py                       # 40 emoji, 16 and 64 paths
    python benchmarks/quality_bench.py --set gradient --paths 32 --method segmentation,layerwise --threads 1

Builds the set once into build/evalset/ (npm + the shared build_set.py; see benchmarks/evalset.py),
traces each image through the tracing API `main.py trace` uses (`editor.tracing`, so the
numbers are what a user gets, SVG export at precision 2 included), runs VTracer (colour mode) on the same
image, and scores every SVG the same way: rasterized by resvg at the image's size over
white, PSNR and SSIM (scikit-image) against the image. Ctrl+C (or SIGTERM) prints what is
done so far.
"""
from __future__ import annotations

import argparse
import io
import math
import os
import platform
import signal
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from benchmarks.evalset import (
    DEFAULT_BUILD_DIR,
    SUBSETS,
    EvalItem,
    EvalSetError,
    ensure_evalset,
    find_build_script,
    load_items,
    select,
)
from editor.engine.working_scale import DEFAULT_WORKING_SIZE
from editor.registry import DEFAULT_METHOD, PATHS_PARAM, MethodUnavailableError, ParamError
from editor.svg import export_svg
from editor.tracing import TraceCancelled, TraceOptions, resolve_device, trace_image

OUTPUT_DIR = REPO_ROOT / "build" / "quality_bench"
# VTracer's own defaults (its CLI and web app), colour mode, numbers rounded to 2 decimals
# like our export so byte counts compare. Tuning them barely moves it (~27.4 dB on the emoji).
VTRACER_SETTINGS = dict(
    colormode="color", hierarchical="stacked", mode="spline", filter_speckle=4,
    color_precision=6, layer_difference=16, corner_threshold=60, length_threshold=4.0,
    max_iterations=10, splice_threshold=45, path_precision=2,
)


@dataclass(frozen=True)
class Score:
    image: str
    tracer: str
    psnr: float
    ssim: float
    paths: int
    svg_bytes: int
    seconds: float


def rasterize(svg: str, width: int, height: int) -> np.ndarray:
    """resvg render at width × height over white, float RGB in [0, 1]."""
    import resvg_py

    png = bytes(resvg_py.svg_to_bytes(svg_string=svg, width=width, height=height))
    rgba = Image.open(io.BytesIO(png)).convert("RGBA")
    canvas = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    canvas.alpha_composite(rgba)
    return np.asarray(canvas.convert("RGB"), dtype=np.float64) / 255.0


def score(item: EvalItem, tracer: str, svg: str, paths: int, seconds: float) -> Score:
    from skimage.metrics import structural_similarity

    target = np.asarray(Image.open(item.png).convert("RGB"), dtype=np.float64) / 255.0
    height, width = target.shape[:2]
    render = rasterize(svg, width, height)
    mse = float(np.mean((render - target) ** 2))
    return Score(
        image=item.id,
        tracer=tracer,
        psnr=10.0 * math.log10(1.0 / max(mse, 1e-12)),
        ssim=float(structural_similarity(target, render, channel_axis=2, data_range=1.0)),
        paths=paths,
        svg_bytes=len(svg.encode("utf-8")),
        seconds=seconds,
    )


def run_vtracer(item: EvalItem) -> Score:
    import vtracer

    rgba = Image.open(item.png).convert("RGBA")
    pixels = [tuple(p) for p in np.asarray(rgba).reshape(-1, 4).tolist()]
    started = time.perf_counter()
    svg = vtracer.convert_pixels_to_svg(pixels, size=rgba.size, **VTRACER_SETTINGS)
    seconds = time.perf_counter() - started
    return score(item, "VTracer (colour)", svg, svg.count("<path"), seconds)


def run_ours(item: EvalItem, options: TraceOptions, label: str) -> Score:
    out = OUTPUT_DIR / label.replace(" ", "_").replace(",", "") / f"{item.id}.svg"
    out.parent.mkdir(parents=True, exist_ok=True)
    traced = trace_image(item.png, options)
    export_svg(traced.document, out, precision=2)  # as `main.py trace` writes it
    paths = len(traced.document.drawn_shapes())
    return score(item, label, out.read_text(encoding="utf-8"), paths, traced.seconds)


# ------------------------------------------------------------------------------- tables


def markdown(scores: list[Score], tracers: list[str], title: str) -> str:
    lines = [f"## {title}", ""]
    lines += ["| tracer | images | PSNR dB | SSIM | paths | SVG bytes | seconds |",
              "|---|---:|---:|---:|---:|---:|---:|"]
    for tracer in tracers:
        rows = [s for s in scores if s.tracer == tracer]
        if not rows:
            continue
        def mean(attr: str, rows: list[Score] = rows) -> float:
            return statistics.fmean(getattr(s, attr) for s in rows)

        lines.append(
            f"| {tracer} | {len(rows)} | {mean('psnr'):.2f} | {mean('ssim'):.4f} | "
            f"{mean('paths'):.1f} | {mean('svg_bytes'):,.0f} | {_seconds(mean('seconds'))} |"
        )
    lines += ["", "### Per image", "",
              "| image | tracer | PSNR dB | SSIM | paths | SVG bytes | seconds |",
              "|---|---|---:|---:|---:|---:|---:|"]
    order = {tracer: i for i, tracer in enumerate(tracers)}
    for s in sorted(scores, key=lambda s: (s.image, order[s.tracer])):
        lines.append(
            f"| {s.image} | {s.tracer} | {s.psnr:.2f} | {s.ssim:.4f} | {s.paths} | "
            f"{s.svg_bytes:,} | {_seconds(s.seconds)} |"
        )
    return "\n".join(lines) + "\n"


def _seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.1f}"


# --------------------------------------------------------------------------------- main


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Trace the public development set with Layertrace and VTracer; print "
        "PSNR, SSIM, paths, SVG bytes and seconds per image and on average (Markdown).",
    )
    parser.add_argument("--set", default="emoji", choices=SUBSETS,
                        help="which images (default: emoji = 30 Noto + 10 Twemoji; gradient = "
                        "the Noto emoji drawn with gradients)")
    parser.add_argument("--limit", type=int, help="only the first N images of the set")
    parser.add_argument("--paths", type=int, nargs="+", default=[16, 64], metavar="N",
                        help="path budgets to trace with (default: 16 64)")
    parser.add_argument("--method", default=DEFAULT_METHOD,
                        help="Layertrace method, or several comma-separated to compare side by side "
                        "(default: %(default)s)")
    parser.add_argument("--param", action="append", default=[], metavar="[METHOD:]NAME=VALUE",
                        help="a method parameter (repeatable); METHOD: limits it to one method")
    parser.add_argument("--threads", type=int, help="torch CPU threads (default: torch's own)")
    parser.add_argument("--size", type=int, default=DEFAULT_WORKING_SIZE, help="working size (default: %(default)s)")
    parser.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-vtracer", action="store_true", help="skip the VTracer baseline")
    parser.add_argument("--evalset-dir", type=Path, help="folder holding build_set.py")
    parser.add_argument("--shared-dir", type=Path, help="the shared folder (default: ../shared)")
    parser.add_argument("--build-dir", type=Path, default=DEFAULT_BUILD_DIR,
                        help="where the set is built and cached (default: build/evalset)")
    parser.add_argument("--output", type=Path, help="also write the Markdown table to this file")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.threads:
        import torch

        torch.set_num_threads(args.threads)
    methods = [m.strip() for m in args.method.split(",") if m.strip()]
    try:
        set_dir = ensure_evalset(find_build_script(args.evalset_dir, args.shared_dir), args.build_dir,
                                 log=lambda m: print(m, file=sys.stderr))
    except EvalSetError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    items = select(load_items(set_dir), args.set, args.limit)
    runs = [(f"{method}, {n} paths",
             TraceOptions(method=method, params={**method_params(args.param, method), PATHS_PARAM: n},
                          size=args.size, device=args.device, seed=args.seed))
            for n in args.paths for method in methods]
    tracers = [label for label, _ in runs] + ([] if args.no_vtracer else ["VTracer (colour)"])
    scores: list[Score] = []
    interrupted = False
    # A run in the background ignores Ctrl+C, so `kill` (SIGTERM) also ends it with a table.
    signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        for index, item in enumerate(items, 1):
            for label, options in runs:
                scores.append(run_ours(item, options, label))
                _log(index, len(items), scores[-1])
            if not args.no_vtracer:
                scores.append(run_vtracer(item))
                _log(index, len(items), scores[-1])
    except (KeyboardInterrupt, TraceCancelled):
        interrupted = True
        print("interrupted: the table covers the images done so far", file=sys.stderr)
    except (MethodUnavailableError, ParamError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    device = resolve_device(args.device)
    title = (
        f"Quality: {args.set} set, {len({s.image for s in scores})} images, working size "
        f"{args.size}, {device} ({platform.machine()}, {os.cpu_count()} cores)"
    )
    table = markdown(scores, tracers, title)
    print(table)
    if args.output:
        args.output.write_text(table, encoding="utf-8")
    return 130 if interrupted else 0


def method_params(items: list[str], method: str) -> dict[str, str]:
    """The NAME=VALUE items meant for `method`: unprefixed ones, and METHOD:NAME=VALUE."""
    params = {}
    for item in items:
        if "=" not in item:
            continue
        name, value = item.split("=", 1)
        if ":" in name:
            only, name = name.split(":", 1)
            if only != method:
                continue
        params[name] = value
    return params


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _log(index: int, total: int, s: Score) -> None:
    print(f"[{index}/{total}] {s.image:40s} {s.tracer:24s} {s.psnr:6.2f} dB  SSIM {s.ssim:.4f}  "
          f"{s.paths:4d} paths  {s.svg_bytes:7,d} B  {_seconds(s.seconds)}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
