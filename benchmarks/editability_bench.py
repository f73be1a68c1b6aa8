#!/usr/bin/env python3
"""How editable the traced SVGs are, per method, next to the designer's own SVG and VTracer.

    python benchmarks/editability_bench.py --limit 8 --paths 32
    python benchmarks/editability_bench.py --tracer-root /tmp/base --label today   # older code

The development set's emoji PNGs are RGB over white; the sources here are their designers'
SVGs rendered with alpha by resvg (RGBA, at the PNG's size), so transparency counts. Every
SVG — designer's, VTracer's, and `main.py trace` of the checkout at --tracer-root (default:
this one) for each method — is scored the same way:

- PSNR (dB) of the resvg render against the source, both composited over white and over black;
- leak: pixels with alpha > 0.5 in the render where the source's alpha is 0;
- simple: share of filled paths whose outline is simple (`editor.geometry.is_simple`);
- buried: paths less than 5 % visible (their coverage times what lets it through above);
- nodes per path (median over paths: segments of the closed outlines), primitives
  (`<circle>`, `<ellipse>`, `<rect>` other than the background), bytes;
- MAE between resvg and our canvas renderer on the imported SVG (premultiplied RGBA).

Traces run one at a time, one torch thread each (the CPU is shared); results are cached in
build/editability_bench/<label>/ so the table can be re-printed without tracing again.
"""
from __future__ import annotations

import argparse
import io
import json
import math
import os
import re
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from PIL import Image

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from benchmarks.evalset import (
    EvalItem,
    ensure_evalset,
    find_build_script,
    load_items,
    select,
)
from benchmarks.quality_bench import VTRACER_SETTINGS
from editor.document import Document

OUTPUT_DIR = REPO_ROOT / "build" / "editability_bench"
BURIED = 0.05  # visible share under which a path is buried
_PRIMITIVE = re.compile(r"<(circle|ellipse|rect)\b([^>]*)>")


@dataclass
class Row:
    image: str
    tracer: str
    psnr_white: float
    psnr_black: float
    leak: int
    paths: int
    simple: int
    buried: int
    nodes: float  # median segments per closed path
    primitives: int
    bytes: int
    mae_canvas: float
    seconds: float


# ----------------------------------------------------------------------------- sources


def rgba_source(item: EvalItem, folder: Path) -> Path:
    """The designer's SVG rendered with alpha at the PNG's size (cached)."""
    out = folder / f"{item.id}.png"
    if not out.exists():
        assert item.svg is not None
        width, height = Image.open(item.png).size
        rgba = resvg_rgba(item.svg.read_text(encoding="utf-8"), width, height)
        folder.mkdir(parents=True, exist_ok=True)
        Image.fromarray(np.round(rgba * 255).astype(np.uint8), "RGBA").save(out)
    return out


def resvg_rgba(svg: str, width: int, height: int) -> np.ndarray:
    """resvg render, straight RGBA float in [0, 1]."""
    import resvg_py

    png = bytes(resvg_py.svg_to_bytes(svg_string=svg, width=width, height=height))
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"), dtype=np.float64) / 255.0


def premultiplied(rgba: np.ndarray) -> np.ndarray:
    return np.concatenate([rgba[..., :3] * rgba[..., 3:], rgba[..., 3:]], axis=-1)


def psnr_over(render: np.ndarray, source: np.ndarray, background: float) -> float:
    """PSNR of two premultiplied RGBA images composited over a grey level."""
    a = render[..., :3] + (1.0 - render[..., 3:]) * background
    b = source[..., :3] + (1.0 - source[..., 3:]) * background
    return 10.0 * math.log10(1.0 / max(float(np.mean((a - b) ** 2)), 1e-12))


# ----------------------------------------------------------------------------- tracers


def trace_ours(root: Path, method: str, paths: int, source: Path, out: Path) -> float:
    """`main.py trace` of the checkout at `root`, one torch thread; returns seconds. A trace
    already in `out` (with its time beside it) is reused."""
    timing = out.with_suffix(".seconds")
    if out.exists() and timing.exists():
        return float(timing.read_text())
    env = {**os.environ, "PYTHONPATH": str(root), "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, str(root / "main.py"), "trace", str(source), "-o", str(out),
         "--method", method, "--paths", str(paths), "--quiet"],
        check=True, env=env, cwd=root,
    )
    seconds = time.perf_counter() - started
    timing.write_text(f"{seconds:.2f}")
    return seconds


def trace_vtracer(source: Path, out: Path) -> float:
    import vtracer

    rgba = Image.open(source).convert("RGBA")
    pixels = [tuple(p) for p in np.asarray(rgba).reshape(-1, 4).tolist()]
    started = time.perf_counter()
    svg = vtracer.convert_pixels_to_svg(pixels, size=rgba.size, **VTRACER_SETTINGS)
    out.write_text(svg, encoding="utf-8")
    return time.perf_counter() - started


# ----------------------------------------------------------------------------- scoring


def score(image: str, tracer: str, svg_path: Path, source: np.ndarray, seconds: float) -> Row:
    from editor.geometry import is_simple
    from editor.svg import import_svg

    svg = svg_path.read_text(encoding="utf-8")
    height, width = source.shape[:2]
    render = premultiplied(resvg_rgba(svg, width, height))
    doc = import_svg(svg_path).document
    scale = width / doc.width
    shapes = [s for s in doc.drawn_shapes() if s.closed and s.fill is not None]
    visible = visible_shares(doc, width, height, scale)
    canvas = canvas_render(doc, width, height, scale)
    primitives = [m for m in _PRIMITIVE.finditer(svg) if "background" not in m.group(2)]
    return Row(
        image=image,
        tracer=tracer,
        psnr_white=psnr_over(render, source, 1.0),
        psnr_black=psnr_over(render, source, 0.0),
        leak=int(((render[..., 3] > 0.5) & (source[..., 3] == 0)).sum()),
        paths=len(shapes),
        simple=sum(is_simple(s) for s in shapes),
        buried=int((visible < BURIED).sum()),
        nodes=float(statistics.median(len(s.points) // 3 for s in shapes)) if shapes else 0.0,
        primitives=len(primitives),
        bytes=len(svg.encode("utf-8")),
        mae_canvas=float(np.abs(canvas - render).mean()),
        seconds=seconds,
    )


def visible_shares(doc: Document, width: int, height: int, scale: float) -> np.ndarray:
    """Per drawn shape (bottom first), the share of its coverage that shows through the
    shapes above it, as the optimizer judges hidden shapes."""
    from editor.engine.reduce import visible_shares as shares
    from editor.render import get_renderer, scene_from_document

    return shares(get_renderer(), scene_from_document(doc), width, height, scale)


def canvas_render(doc: Document, width: int, height: int, scale: float) -> np.ndarray:
    """Our renderer's premultiplied RGBA of the document (its background included)."""
    import torch

    from editor.render import background_tensor, get_renderer, scene_from_document

    with torch.no_grad():
        image = get_renderer().render(
            scene_from_document(doc), width, height, scale=scale, background=background_tensor(doc)
        )
    return image.numpy().astype(np.float64)


# ----------------------------------------------------------------------------- tables


TOTALS = ("paths", "simple", "buried", "leak", "primitives")


def summary(rows: list[Row]) -> dict[str, float]:
    paths = sum(r.paths for r in rows)
    return {
        "images": len(rows),
        "psnr_white": statistics.mean(r.psnr_white for r in rows),
        "psnr_black": statistics.mean(r.psnr_black for r in rows),
        "simple_share": sum(r.simple for r in rows) / max(paths, 1),
        **{key: sum(getattr(r, key) for r in rows) for key in TOTALS},
        "paths_per_image": paths / len(rows),
        "nodes": statistics.median(r.nodes for r in rows),
        "bytes": statistics.mean(r.bytes for r in rows),
        "mae_canvas": max(r.mae_canvas for r in rows),
        "seconds": statistics.mean(r.seconds for r in rows),
    }


def markdown(rows: list[Row]) -> str:
    lines = [
        "| tracer | images | PSNR white dB | PSNR black dB | simple paths | buried | leak px "
        "| paths / image | nodes / path (median) | primitives | bytes | resvg vs canvas MAE (max) | s / image |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for tracer in dict.fromkeys(r.tracer for r in rows):
        s = summary([r for r in rows if r.tracer == tracer])
        lines.append(
            f"| {tracer} | {s['images']} | {s['psnr_white']:.2f} | {s['psnr_black']:.2f} "
            f"| {s['simple_share']:.1%} ({s['simple']}/{s['paths']}) | {s['buried']} | {s['leak']} "
            f"| {s['paths_per_image']:.1f} | {s['nodes']:.1f} | {s['primitives']} | {s['bytes']:,.0f} "
            f"| {s['mae_canvas']:.4f} | {s['seconds']:.1f} |"
        )
    return "\n".join(lines)


# ----------------------------------------------------------------------------- main


def pick(items: list[EvalItem], limit: int) -> list[EvalItem]:
    """`limit` images spread evenly over the list (Noto and Twemoji both), designer SVG only."""
    with_svg = [i for i in items if i.svg is not None]
    if limit >= len(with_svg):
        return with_svg
    step = len(with_svg) / limit
    return [with_svg[int(k * step)] for k in range(limit)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=8, help="emoji, spread over the set (default 8)")
    parser.add_argument("--ids", default="", help="comma-separated image ids instead of --limit")
    parser.add_argument("--paths", type=int, default=32)
    parser.add_argument("--method", default="layerwise,segmentation,coarse_to_fine")
    parser.add_argument("--tracer-root", type=Path, default=REPO_ROOT,
                        help="checkout whose main.py traces (default: this one)")
    parser.add_argument("--label", default="this", help="names the traces' folder and table rows")
    parser.add_argument("--no-references", action="store_true", help="skip designer and VTracer rows")
    parser.add_argument("--shared-dir", type=Path, default=None)
    parser.add_argument("--json", type=Path, default=None, help="also write the rows here")
    args = parser.parse_args(argv)

    set_dir = ensure_evalset(find_build_script(shared_dir=args.shared_dir))
    emoji = select(load_items(set_dir), "emoji")
    wanted = [i for i in args.ids.split(",") if i]
    items = [i for i in emoji if i.id in wanted] if wanted else pick(emoji, args.limit)
    sources = OUTPUT_DIR / "sources"
    rows: list[Row] = []
    for index, item in enumerate(items, start=1):
        source_png = rgba_source(item, sources)
        source = premultiplied(np.asarray(Image.open(source_png), dtype=np.float64) / 255.0)
        runs: list[tuple[str, Path, float]] = []
        if not args.no_references:
            assert item.svg is not None
            runs.append(("designer SVG", item.svg, 0.0))
            vt = OUTPUT_DIR / "vtracer" / f"{item.id}.svg"
            vt.parent.mkdir(parents=True, exist_ok=True)
            runs.append(("VTracer (colour)", vt, trace_vtracer(source_png, vt)))
        for method in args.method.split(","):
            out = OUTPUT_DIR / args.label / method / f"{item.id}.svg"
            out.parent.mkdir(parents=True, exist_ok=True)
            seconds = trace_ours(args.tracer_root.resolve(), method, args.paths, source_png, out)
            runs.append((f"{method} ({args.label}), {args.paths} paths", out, seconds))
        for tracer, path, seconds in runs:
            row = score(item.id, tracer, path, source, seconds)
            rows.append(row)
            print(f"[{index}/{len(items)}] {item.id:40s} {tracer:36s} {row.psnr_white:6.2f} "
                  f"{row.psnr_black:6.2f} dB  simple {row.simple}/{row.paths}  buried {row.buried}  "
                  f"leak {row.leak}  {row.seconds:.1f}s", flush=True)
    if args.json is not None:
        args.json.write_text(json.dumps([asdict(r) for r in rows], indent=1))
    print()
    print(markdown(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
