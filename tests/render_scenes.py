"""Scenes for renderer tests and benchmarks, each with an independent SVG text for reference
rasterizers (written here, not by our exporter, so the two are checked independently)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from editor.document import circle_points, rect_points
from editor.document.contours import reversed_contour
from editor.render import LinearPaint, RadialPaint, RenderShape, SolidPaint


@dataclass
class SvgScene:
    shapes: list[RenderShape]
    svg: str
    size: int


def _d(points: np.ndarray, closed: bool) -> str:
    n = len(points)
    segments = n // 3 if closed else (n - 1) // 3
    parts = [f"M {points[0, 0]:.6f} {points[0, 1]:.6f}"]
    for k in range(segments):
        c = [points[(3 * k + i) % n] for i in (1, 2, 3)]
        parts.append("C " + " ".join(f"{p[0]:.6f} {p[1]:.6f}" for p in c))
    return " ".join(parts) + (" Z" if closed else "")


def _hex(rgba) -> str:
    return "#" + "".join(f"{round(float(v) * 255):02x}" for v in rgba[:3])


def _stops(offsets, colors) -> str:
    return "".join(
        f'<stop offset="{float(o)}" stop-color="{_hex(c)}" stop-opacity="{float(c[3])}"/>'
        for o, c in zip(offsets, colors)
    )


class SceneBuilder:
    """Adds shapes to a renderer scene and the matching SVG at once."""

    def __init__(self, size: int, background: str | None = "white") -> None:
        self.size = size
        self.shapes: list[RenderShape] = []
        self.body: list[str] = []
        self.defs: list[str] = []
        if background:
            self.body.append(f'<rect width="{size}" height="{size}" fill="{background}"/>')

    def solid(self, points: np.ndarray, rgba, even_odd: bool = False, subpaths: tuple = ()) -> None:
        self.shapes.append(RenderShape(_t(points), fill=SolidPaint(_t(rgba)), even_odd=even_odd,
                                       subpaths=[_t(p) for p in subpaths]))
        rule = ' fill-rule="evenodd"' if even_odd else ""
        d = " ".join(_d(p, True) for p in (points, *subpaths))
        self.body.append(f'<path d="{d}" fill="{_hex(rgba)}" fill-opacity="{rgba[3]}"{rule}/>')

    def linear(self, points: np.ndarray, start, end, offsets, colors) -> None:
        gid = f"g{len(self.defs)}"
        self.shapes.append(
            RenderShape(_t(points), fill=LinearPaint(_t(start), _t(end), _t(offsets), _t(colors)))
        )
        self.defs.append(
            f'<linearGradient id="{gid}" gradientUnits="userSpaceOnUse" x1="{start[0]}" y1="{start[1]}" '
            f'x2="{end[0]}" y2="{end[1]}">{_stops(offsets, colors)}</linearGradient>'
        )
        self.body.append(f'<path d="{_d(points, True)}" fill="url(#{gid})"/>')

    def radial(self, points: np.ndarray, center, radius: float, offsets, colors) -> None:
        gid = f"g{len(self.defs)}"
        self.shapes.append(
            RenderShape(
                _t(points), fill=RadialPaint(_t(center), _t([radius, radius]), _t(offsets), _t(colors))
            )
        )
        self.defs.append(
            f'<radialGradient id="{gid}" gradientUnits="userSpaceOnUse" cx="{center[0]}" cy="{center[1]}" '
            f'r="{radius}">{_stops(offsets, colors)}</radialGradient>'
        )
        self.body.append(f'<path d="{_d(points, True)}" fill="url(#{gid})"/>')

    def stroke(self, points: np.ndarray, rgba, width: float, closed: bool = False) -> None:
        self.shapes.append(
            RenderShape(_t(points), closed=closed, stroke=_t(rgba), stroke_width=torch.tensor(float(width)))
        )
        self.body.append(
            f'<path d="{_d(points, closed)}" fill="none" stroke="{_hex(rgba)}" stroke-opacity="{rgba[3]}" '
            f'stroke-width="{width}"/>'
        )

    def build(self) -> SvgScene:
        s = self.size
        svg = (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{s}" height="{s}" viewBox="0 0 {s} {s}">'
            f'<defs>{"".join(self.defs)}</defs>{"".join(self.body)}</svg>'
        )
        return SvgScene(self.shapes, svg, s)


def _t(values) -> torch.Tensor:
    return torch.tensor(np.asarray(values, dtype=np.float32))


def star_points(cx: float, cy: float, r: float, spikes: int = 5) -> np.ndarray:
    """A self-intersecting pentagram: fill rules disagree on its centre."""
    corners = [
        (cx + r * np.cos(np.pi / 2 + 4 * np.pi * k / spikes), cy - r * np.sin(np.pi / 2 + 4 * np.pi * k / spikes))
        for k in range(spikes)
    ]
    pts = []
    for a, b in zip(corners, corners[1:] + corners[:1]):
        a, b = np.array(a), np.array(b)
        pts += [a, a + (b - a) / 3, a + 2 * (b - a) / 3]
    return np.array(pts)


def random_blob(rng: np.random.Generator, size: int) -> tuple[np.ndarray, np.ndarray]:
    """The baseline scene family (baselines.md): 12 points around a random centre, RGBA fill."""
    center = rng.uniform(0, size, 2)
    radius = rng.uniform(0.03, 0.2) * size
    angles = rng.uniform(0, 2 * np.pi) + np.arange(12) * np.pi / 6
    radii = radius * (1 + rng.uniform(-0.3, 0.3, 12))
    points = np.stack([center[0] + radii * np.cos(angles), center[1] + radii * np.sin(angles)], 1)
    color = np.concatenate([rng.uniform(0, 1, 3), [rng.uniform(0.3, 1)]])
    return points, color


def blob_scene(count: int, size: int, seed: int = 0) -> SvgScene:
    rng = np.random.default_rng(seed)
    builder = SceneBuilder(size)
    for _ in range(count):
        builder.solid(*random_blob(rng, size))
    return builder.build()


def reference_scenes() -> dict[str, SvgScene]:
    """The fixed scenes the renderer is checked on against resvg."""
    scenes: dict[str, SvgScene] = {}

    b = SceneBuilder(96)
    b.solid(circle_points(35, 40, 25), (0.9, 0.1, 0.1, 0.6))
    b.solid(circle_points(55, 45, 28), (0.1, 0.3, 0.9, 0.5))
    b.solid(rect_points(20.3, 50.7, 60.2, 30.1), (0.1, 0.8, 0.2, 0.7))
    scenes["translucent_overlap"] = b.build()

    for rule in ("nonzero", "evenodd"):
        b = SceneBuilder(96)
        b.solid(star_points(48, 50, 42), (0.2, 0.2, 0.6, 1.0), even_odd=rule == "evenodd")
        scenes[f"star_{rule}"] = b.build()

    b = SceneBuilder(96)
    b.linear(circle_points(40, 45, 30), (10, 20), (70, 60), (0, 0.3, 1), ((1, 0, 0, 1), (0, 1, 0, 0.5), (0, 0, 1, 1)))
    b.radial(circle_points(60, 50, 25), (60, 50), 25, (0, 1), ((1, 1, 0, 1), (0, 0.5, 1, 0.6)))
    scenes["gradients"] = b.build()

    b = SceneBuilder(96)
    b.stroke(np.array([[5, 80], [30, 20], [60, 110], [90, 60]], float), (0.1, 0.1, 0.1, 0.8), 6)
    b.stroke(circle_points(48, 48, 30), (0.8, 0.2, 0.1, 1.0), 3, closed=True)
    scenes["strokes"] = b.build()

    b = SceneBuilder(96)
    b.solid(circle_points(0, 10, 30), (0.9, 0.5, 0.1, 1.0))
    b.solid(circle_points(100, 90, 25), (0.1, 0.5, 0.9, 0.8))
    b.solid(rect_points(-50, 40, 300, 20), (0.3, 0.3, 0.3, 0.5))
    b.solid(circle_points(48, -200, 20), (1, 0, 0, 1))  # entirely outside
    scenes["crossing_border"] = b.build()

    # Shapes with holes: a ring whose hole winds the other way (a hole under both rules), two
    # same-direction contours (a hole only under even-odd), and an island inside the hole.
    outer, inner = circle_points(48, 48, 40, 8), circle_points(52, 46, 18, 8)
    for rule in ("nonzero", "evenodd"):
        b = SceneBuilder(96)
        b.solid(rect_points(10, 60, 76, 20), (0.1, 0.6, 0.2, 1.0))
        b.solid(outer, (0.8, 0.3, 0.1, 0.9), even_odd=rule == "evenodd", subpaths=(inner,))
        scenes[f"ring_same_direction_{rule}"] = b.build()
    b = SceneBuilder(96)
    b.solid(outer, (0.2, 0.2, 0.7, 1.0), subpaths=(reversed_contour(inner), circle_points(52, 46, 6)))
    scenes["ring_reversed_hole_with_island"] = b.build()

    scenes["blobs64"] = blob_scene(64, 128, seed=1)
    return scenes
