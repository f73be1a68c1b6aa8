"""The numbers designers read off a trace: paths, nodes, colours, file size."""
from __future__ import annotations

from dataclasses import dataclass

from editor.document import Document, fill_colors
from editor.errors import LayertraceError
from editor.svg import svg_string


@dataclass(frozen=True)
class DocStats:
    paths: int
    nodes: int
    colors: int
    svg_bytes: int

    def summary(self) -> str:
        return (f"{self.paths} paths · {self.nodes} nodes · {self.colors} colors · "
                f"SVG {_size(self.svg_bytes)}")


def _size(n: int) -> str:
    return f"{n} B" if n < 1024 else f"{n / 1024:.1f} KB" if n < 1024 ** 2 else f"{n / 1024 ** 2:.1f} MB"


def document_stats(doc: Document, precision: int = 2) -> DocStats:
    """Stats of the drawn shapes; the size is that of the SVG the export writes."""
    shapes = doc.drawn_shapes()
    nodes = sum(s.num_segments + (0 if s.closed else 1) for s in shapes)
    colors: set[tuple[int, ...]] = set()
    for shape in shapes:
        rgba = fill_colors(shape.fill) + ([shape.stroke] if shape.stroke is not None else [])
        colors.update(tuple(round(c * 255) for c in color) for color in rgba)
    try:
        size = len(svg_string(doc, precision=precision).encode())
    except LayertraceError:  # a non-finite number: the export would refuse too
        size = 0
    return DocStats(len(shapes), nodes, len(colors), size)
