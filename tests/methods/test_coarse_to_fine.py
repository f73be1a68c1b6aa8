"""Coarse-to-fine: nested simplification levels, region outlines, and layered tracing."""
from __future__ import annotations

import itertools

import numpy as np
import torch

from editor.document import Shape, SolidFill
from editor.document.contours import signed_area
from editor.engine.session import Session
from editor.registry.loading import load_method
from editor.render import get_renderer
from editor.render.scene import render_shape
from plugins.coarse_to_fine.hierarchy import build_levels
from plugins.coarse_to_fine.method import hole_damage
from plugins.coarse_to_fine.outline import mask_outline

SIZE = 64
SUPERSAMPLE = 4


def _scene() -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """A shaded disc holding a small square of a related colour, and a separate bar with a
    linear ramp, on white (anti-aliased), with each designed shape's full area."""
    n = SIZE * SUPERSAMPLE
    ys, xs = (np.mgrid[0:n, 0:n] + 0.5) / SUPERSAMPLE
    image = np.ones((n, n, 3))
    disc = np.hypot(xs - 26, ys - 28) < 18
    t = (np.hypot(xs - 22, ys - 24) / 22)[..., None]
    image[disc] = ((1 - t) * np.array([0.95, 0.8, 0.2]) + t * np.array([0.9, 0.6, 0.1]))[disc]
    square = (abs(xs - 30) < 5) & (abs(ys - 32) < 5)
    image[square] = (0.75, 0.45, 0.1)
    bar = (xs > 50) & (xs < 60) & (ys > 8) & (ys < 56)
    ramp = ((ys - 8) / 48)[..., None]
    image[bar] = ((1 - ramp) * np.array([0.2, 0.3, 0.9]) + ramp * np.array([0.1, 0.1, 0.4]))[bar]
    image = image.reshape(SIZE, SUPERSAMPLE, SIZE, SUPERSAMPLE, 3).mean(axis=(1, 3))
    regions = {"disc": disc, "square": square, "bar": bar}
    return image.astype(np.float32), {k: v[2::SUPERSAMPLE, 2::SUPERSAMPLE] for k, v in regions.items()}


def test_levels_nest_coarse_to_fine() -> None:
    image, _ = _scene()
    levels = build_levels(image, [40.0, 20.0, 10.0], superpixel_scale=30.0, min_size=8)
    counts = [level.count for level in levels]
    assert counts == sorted(counts) and counts[0] < counts[-1]
    for coarse, fine in itertools.pairwise(levels):
        for region in range(1, fine.count + 1):  # every finer region inside one coarser one
            assert np.unique(coarse.labels[fine.labels == region]).size == 1


def test_outline_follows_the_mask() -> None:
    _, regions = _scene()
    points = mask_outline(regions["disc"], segment_length=8.0, max_segments=32)
    assert points is not None and len(points) % 3 == 0
    shape = Shape(points, fill=SolidFill((0.0, 0.0, 0.0, 1.0)))
    with torch.no_grad():
        coverage = get_renderer().render([render_shape(shape)], SIZE, SIZE)[..., 3].numpy()
    inside = coverage > 0.5
    iou = (inside & regions["disc"]).sum() / (inside | regions["disc"]).sum()
    assert iou > 0.95


def test_layers_go_coarse_to_fine_and_shapes_stay_in_their_regions() -> None:
    image, regions = _scene()
    method = load_method(
        "coarse_to_fine", num_paths=8, levels=2, detail=2, superpixel_scale=20.0, min_region=8,
        max_steps=20, min_steps=20, final_steps=10,
    )
    session = Session(image, method, device="cpu")
    session.run()
    doc = session.document()
    assert [layer.name for layer in doc.layers] == ["Base", "Detail 1"]
    assert all(layer.shapes for layer in doc.layers)
    assert session.snapshot().psnr > 28.0

    renderer = get_renderer()
    areas, inside_one = [], []
    for layer in doc.layers:
        with torch.no_grad():
            cover = [renderer.render([render_shape(s)], SIZE, SIZE)[..., 3].numpy() for s in layer.shapes]
        areas.append(np.mean([c.sum() for c in cover]))
        inside_one += [max((c * m).sum() for m in regions.values()) / c.sum() >= 0.85 for c in cover]
    assert areas[0] > areas[1]  # the base holds the big shapes, details the small ones
    assert np.mean(inside_one) >= 0.8


def test_detail_keeps_only_the_coarse_layers() -> None:
    image, _ = _scene()
    method = load_method("coarse_to_fine", num_paths=8, levels=3, detail=1, max_steps=5,
                         min_steps=0, final_steps=0)
    session = Session(image, method, device="cpu")
    session.run()
    assert [layer.name for layer in session.document().layers] == ["Base"]


def test_path_count_is_never_exceeded() -> None:
    image, _ = _scene()
    method = load_method("coarse_to_fine", num_paths=2, levels=3, detail=3, max_steps=2,
                         min_steps=0, final_steps=0)
    session = Session(image, method, device="cpu")
    session.run()
    assert len(session.document().drawn_shapes()) <= 2


def test_a_ring_is_not_filled_over_what_lies_inside_it() -> None:
    ys, xs = np.mgrid[0:SIZE, 0:SIZE] + 0.5
    radius = np.hypot(xs - 32, ys - 32)
    ring, inside = (radius >= 12) & (radius < 20), radius < 12
    goal = np.ones((SIZE, SIZE, 3), dtype=np.float32)
    goal[ring], goal[inside] = (0.1, 0.1, 0.1), (0.2, 0.6, 1.0)
    render = goal.copy()
    render[ring] = (0.5, 0.5, 0.5)  # the layers below got the ring's colour wrong, not its inside
    error = np.square(render - goal).sum(axis=-1)
    dark = SolidFill((0.1, 0.1, 0.1, 1.0))
    nothing = np.zeros_like(ring)
    assert hole_damage(ring, nothing, dark, error, goal) > error[ring].sum()  # spoils more than it fixes
    assert hole_damage(ring, inside, dark, error, goal) == 0.0  # the stage repaints the inside


def test_a_ring_on_the_background_gets_a_hole_instead_of_a_cover_up_shape() -> None:
    """The background shows through the ring: the ring's shape has a hole (winding the other
    way) where the background is, and the trace is white there."""
    ys, xs = np.mgrid[0:SIZE, 0:SIZE] + 0.5
    radius = np.hypot(xs - 30, ys - 33)
    image = np.ones((SIZE, SIZE, 3), dtype=np.float32)
    image[(radius >= 10) & (radius < 22)] = (0.8, 0.2, 0.1)
    method = load_method("coarse_to_fine", num_paths=4, levels=1, detail=1, max_steps=30, final_steps=20)
    session = Session(image, method, device="cpu")
    session.run()
    (ring,) = session.document().drawn_shapes()  # nothing on top to cover the hole
    assert len(ring.subpaths) == 1 and signed_area(ring.subpaths[0]) * signed_area(ring.points) < 0
    hole_nodes = ring.subpaths[0][::3]
    assert np.allclose(np.hypot(hole_nodes[:, 0] - 30, hole_nodes[:, 1] - 33), 10, atol=1.5)
    render = session.render_image()
    assert render[33, 30, :3].min() > 0.95 and session.snapshot().psnr > 25
