#!/usr/bin/env python3
"""What clean-up does to traces of the development set, as a Markdown table.

    python benchmarks/cleanup_bench.py --limit 4 --paths 32
    python benchmarks/cleanup_bench.py --set-dir ../wt/other/build/evalset/set   # a set built elsewhere
    python benchmarks/cleanup_bench.py --reuse        # clean up the previous run's traces again

Each image is traced once as `main.py trace --no-cleanup` does; the exported SVG is read back
(the optimizer's marks included) and cleaned up with the default tolerances. Both SVGs are
scored the same way as in quality_bench: rasterized by resvg at the image's size over white,
PSNR against the image. Shapes, nodes (cubic segments), primitives and bytes are counted in
the SVG text that a designer gets.
"""
from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from benchmarks.evalset import DEFAULT_BUILD_DIR, ensure_evalset, find_build_script, load_items, select
from benchmarks.quality_bench import score
from editor.cleanup import clean_up
from editor.document import Origin
from editor.geometry import repair_document
from editor.registry import DEFAULT_METHOD
from editor.svg import export_svg, svg_string
from editor.svg.importer import import_svg
from editor.tracing import TraceOptions, trace_image

OUTPUT_DIR = REPO_ROOT / "build" / "cleanup_bench"
_ELEMENT = re.compile(r"<(path|circle|ellipse|rect) ")


@dataclass(frozen=True)
class Counts:
    shapes: int
    nodes: int
    primitives: int
    svg_bytes: int
    psnr: float


def counts(svg: str, item, document) -> Counts:
    elements = _ELEMENT.findall(svg)
    # The background rectangle is the canvas, not a shape.
    background = 1 if 'inkscape:label="Background"' in svg else 0
    # Every contour's segments: holes and further pieces are subpaths.
    nodes = sum(s.num_segments + sum(len(c) // 3 for c in s.subpaths) for s in document.drawn_shapes())
    return Counts(
        shapes=len(elements) - background,
        nodes=nodes,
        primitives=sum(1 for e in elements if e != "path") - background,
        svg_bytes=len(svg.encode("utf-8")),
        psnr=score(item, "", svg, 0, 0.0).psnr,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="emoji")
    parser.add_argument("--limit", type=int, default=4)
    parser.add_argument("--paths", type=int, default=32)
    parser.add_argument("--method", default=DEFAULT_METHOD)
    parser.add_argument("--set-dir", type=Path, help="an already built set (its set/ folder)")
    parser.add_argument("--repair", action="store_true",
                        help="compare after issue 10b's repair pass (simple outlines) on both sides")
    parser.add_argument("--reuse", action="store_true",
                        help="clean up the traces a previous run left in build/cleanup_bench/raw")
    args = parser.parse_args(argv)
    set_dir = args.set_dir or ensure_evalset(find_build_script(), DEFAULT_BUILD_DIR)
    items = select(load_items(set_dir), args.set, args.limit)
    options = TraceOptions(method=args.method, params={"num_paths": args.paths}, cleanup=False)
    rows = []
    for item in items:
        raw_path = OUTPUT_DIR / "raw" / f"{item.id}.svg"
        raw_path.parent.mkdir(parents=True, exist_ok=True)
        if not (args.reuse and raw_path.exists()):
            export_svg(trace_image(item.png, options).document, raw_path)  # as `main.py trace` writes it
        raw_doc = import_svg(raw_path).document
        if args.repair:
            repair_document(raw_doc, [sh.id for sh in raw_doc.all_shapes() if sh.origin == Origin.OPTIMIZER])
        raw_svg = svg_string(raw_doc) if args.repair else raw_path.read_text(encoding="utf-8")
        started = time.perf_counter()
        clean_doc, report = clean_up(raw_doc)
        seconds = time.perf_counter() - started
        clean_svg = svg_string(clean_doc)
        clean_path = OUTPUT_DIR / "clean" / f"{item.id}.svg"
        clean_path.parent.mkdir(parents=True, exist_ok=True)
        clean_path.write_text(clean_svg, encoding="utf-8")
        before, after = counts(raw_svg, item, raw_doc), counts(clean_svg, item, clean_doc)
        rows.append((item.id, before, after, seconds, report))
        print(f"{item.id}: {report.summary()} ({seconds:.1f} s)", file=sys.stderr, flush=True)
    repaired = ", outlines repaired first" if args.repair else ""
    print(f"\n{args.method}, {args.paths} paths, {len(rows)} images of '{args.set}'{repaired}\n")
    print("| image | shapes | nodes | primitives | SVG bytes | PSNR dB (resvg) | clean-up s |")
    print("|---|---|---|---|---|---|---|")
    for name, b, a, seconds, _ in rows:
        print(f"| {name} | {b.shapes} → {a.shapes} | {b.nodes} → {a.nodes} | {b.primitives} → {a.primitives} "
              f"| {b.svg_bytes:,} → {a.svg_bytes:,} | {b.psnr:.2f} → {a.psnr:.2f} ({a.psnr - b.psnr:+.2f}) "
              f"| {seconds:.1f} |")
    if rows:
        def mean(values: list[float]) -> float:
            return statistics.fmean(values)
        b_psnr, a_psnr = mean([r[1].psnr for r in rows]), mean([r[2].psnr for r in rows])
        print(f"| **mean** | {mean([r[1].shapes for r in rows]):.1f} → {mean([r[2].shapes for r in rows]):.1f} "
              f"| {mean([r[1].nodes for r in rows]):.0f} → {mean([r[2].nodes for r in rows]):.0f} "
              f"| {mean([r[1].primitives for r in rows]):.1f} → {mean([r[2].primitives for r in rows]):.1f} "
              f"| {mean([r[1].svg_bytes for r in rows]):,.0f} → {mean([r[2].svg_bytes for r in rows]):,.0f} "
              f"| {b_psnr:.2f} → {a_psnr:.2f} ({a_psnr - b_psnr:+.2f}) "
              f"| {mean([r[3] for r in rows]):.1f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
