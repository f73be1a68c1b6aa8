"""How the SVG import's parsers scale on hostile text: seconds per input size.

    PYTHONPATH=. python benchmarks/hostile_parsers.py [--sizes 25000,50000,100000,200000]

Each row is one hostile pattern (the kinds of text that made regex-based parsers quadratic),
placed where the importer reads it: a <style> sheet, a style="" attribute, a transform, path
data, points, a colour, a length. Linear parsers show times that grow ×2 when the size does
(the last column is the ratio of the last two sizes); quadratic ones ×4. Inputs beyond a
parser's size limit are refused (exit 3), shown as "refused".
"""
from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "io"))

from bad_input_corpus import HOSTILE_TEXT, hostile_svg

from editor.errors import BadInputError
from editor.svg import import_svg_data


def _seconds(make: Callable[[int], str], size: int) -> float | None:
    data = hostile_svg(make, size)
    start = time.perf_counter()
    try:
        import_svg_data(data, "bench.svg")
    except BadInputError:
        return None
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="25000,50000,100000,200000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    header = f"{'pattern':<28}" + "".join(f"{s // 1000:>9} KB" for s in sizes) + "   last ratio"
    print(header)
    print("-" * len(header))
    for name, make in HOSTILE_TEXT.items():
        times = [_seconds(make, size) for size in sizes]
        cells = "".join(f"{'refused':>12}" if t is None else f"{t:>11.3f}s" for t in times)
        last, before = times[-1], times[-2]
        ratio = last / before if last is not None and before else float("nan")
        print(f"{name:<28}{cells}   ×{ratio:.1f}")


if __name__ == "__main__":
    main()
