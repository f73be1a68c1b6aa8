"""Structure of traced documents: do shapes follow the image's regions?

Compactness (after "Layered vectorization via semantic simplification"): the share of a
document's shapes that lie ≥ 85 % inside one region of a reference, measured on each
shape's whole rendered area (its coverage alone, not only the part left visible on top).
Two references:
  * source — the designer's own shapes in the item's source SVG, each with its whole area
    (layered like our documents: a face disc covers the eyes drawn on it). Items with an SVG.
  * segments — Felzenszwalb's segmentation of the target at a fixed scale (REFERENCE_*): a
    flat partition, so an enclosing shape with details on top of it never counts as inside
    one segment; stricter, but defined for every image.

    python benchmarks/structure_bench.py [--methods coarse_to_fine,layerwise] [--subset noto]
        [--limit 6] [--paths 32] [--set-dir build/evalset/set] [--json rows.json]
    python benchmarks/structure_bench.py --from-json a.json b.json   # table of saved rows
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch
from PIL import Image
from skimage.segmentation import felzenszwalb

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.evalset import DEFAULT_BUILD_DIR, SUBSETS, EvalItem, load_items, select
from editor.document import Document
from editor.engine.session import Session
from editor.registry.loading import load_method
from editor.render import get_renderer
from editor.render.scene import render_shape

INSIDE = 0.85  # share of a shape's area that must lie in one region
REFERENCE_SCALE, REFERENCE_SIGMA, REFERENCE_MIN_SIZE = 300.0, 0.8, 64  # at 256 px
MIN_SHAPE_AREA = 4.0  # px: shapes that cover (almost) nothing are not counted


@dataclass
class Row:
    item: str
    method: str
    shapes: int
    psnr: float
    seconds: float
    segments: float  # compactness against the Felzenszwalb reference
    source: float | None  # against the source SVG's shapes; None without one


def shape_coverages(doc: Document, width: int, height: int, scale: float = 1.0) -> list[np.ndarray]:
    """Each drawn shape's coverage alone, (H, W) in [0, 1], bottom first."""
    renderer = get_renderer()
    with torch.no_grad():
        return [
            renderer.render([render_shape(s)], width, height, scale=scale)[..., 3].numpy()
            for s in doc.drawn_shapes()
        ]


def compactness(coverages: list[np.ndarray], regions: list[np.ndarray]) -> float:
    """Share of shapes with ≥ INSIDE of their area inside one of `regions` (float masks)."""
    flags = []
    for cover in coverages:
        area = float(cover.sum())
        if area < MIN_SHAPE_AREA:
            continue
        flags.append(max(float((cover * region).sum()) for region in regions) / area >= INSIDE)
    return float(np.mean(flags)) if flags else float("nan")


def segment_regions(target: np.ndarray) -> list[np.ndarray]:
    labels = felzenszwalb(target, scale=REFERENCE_SCALE, sigma=REFERENCE_SIGMA, min_size=REFERENCE_MIN_SIZE)
    return [labels == value for value in np.unique(labels)]


def source_regions(item: EvalItem, width: int, height: int) -> list[np.ndarray] | None:
    """The source SVG's shapes as whole-area masks, or None (no SVG, or no importer yet)."""
    if item.svg is None:
        return None
    try:
        from editor.svg import import_svg
    except ImportError:
        return None
    doc = import_svg(item.svg).document
    return [c > 0.5 for c in shape_coverages(doc, width, height, scale=width / doc.width)]


def trace(target: np.ndarray, method: str, paths: int) -> tuple[Document, float, float]:
    session = Session(target, load_method(method, num_paths=paths), seed=0, device="cpu")
    started = time.perf_counter()
    session.run()
    return session.document(), session.snapshot().psnr, time.perf_counter() - started


def measure(item: EvalItem, methods: list[str], paths: int, log=print) -> list[Row]:
    target = np.asarray(Image.open(item.png).convert("RGB"), dtype=np.float32) / 255.0
    height, width = target.shape[:2]
    segments = segment_regions(target)
    source = source_regions(item, width, height)
    rows = []
    for method in methods:
        doc, psnr, seconds = trace(target, method, paths)
        coverages = shape_coverages(doc, width, height)
        row = Row(item.id, method, len(coverages), psnr, seconds, compactness(coverages, segments),
                  None if source is None else compactness(coverages, source))
        log(f"  {row.item:36s} {row.method:16s} shapes {row.shapes:3d}  {row.psnr:5.2f} dB  "
            f"{row.seconds:6.1f} s  segments {row.segments:.2f}  source {_fmt(row.source)}")
        rows.append(row)
    return rows


def print_table(rows: list[Row]) -> None:
    print(f"\ncompactness = share of shapes ≥ {INSIDE:.0%} inside one region (mean over images)")
    print("| method | images | shapes | PSNR dB | s / image | source shapes | segments |")
    print("|---|---|---|---|---|---|---|")
    for method in dict.fromkeys(r.method for r in rows):
        mine = [r for r in rows if r.method == method]
        sources = [r.source for r in mine if r.source is not None]
        print(f"| {method} | {len(mine)} | {np.mean([r.shapes for r in mine]):.1f} | "
              f"{np.mean([r.psnr for r in mine]):.2f} | {np.mean([r.seconds for r in mine]):.1f} | "
              f"{_fmt(np.mean(sources) if sources else None)} | {np.mean([r.segments for r in mine]):.2f} |")


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--methods", default="coarse_to_fine,layerwise")
    parser.add_argument("--subset", default="noto", choices=SUBSETS)
    parser.add_argument("--limit", type=int, default=6)
    parser.add_argument("--ids", default="", help="comma-separated item ids (instead of --subset)")
    parser.add_argument("--paths", type=int, default=32)
    parser.add_argument("--set-dir", type=Path, default=DEFAULT_BUILD_DIR / "set")
    parser.add_argument("--threads", type=int, default=2, help="torch CPU threads (the 2-core target)")
    parser.add_argument("--json", type=Path, help="also write the rows here")
    parser.add_argument("--from-json", type=Path, nargs="+", help="print the table of saved rows")
    args = parser.parse_args(argv)
    if args.from_json:
        rows = [Row(**row) for path in args.from_json for row in json.loads(path.read_text())]
        print_table(rows)
        return 0
    torch.set_num_threads(args.threads)
    items = load_items(args.set_dir)
    if args.ids:
        wanted = args.ids.split(",")
        items = [item for item in items if item.id in wanted]
    else:
        items = select(items, args.subset, args.limit)
    rows = [row for item in items for row in measure(item, args.methods.split(","), args.paths)]
    if args.json:
        args.json.write_text(json.dumps([asdict(row) for row in rows], indent=1))
    print_table(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
