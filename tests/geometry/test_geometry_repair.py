"""Simple outlines: the test `is_simple` and the repair pass that makes outlines simple."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import shapely

from editor.document import (
    Document,
    FillRule,
    Layer,
    Shape,
    SolidFill,
    circle_points,
    rect_points,
)
from editor.geometry import is_simple, painted_region, repair_document, repair_shape
from editor.geometry.outline import flatten_contour

RED = SolidFill((1.0, 0.0, 0.0, 1.0))
DATA = Path(__file__).parent / "data"


def polyline_path(corners: list[tuple[float, float]]) -> Shape:
    """A closed path of straight cubic segments through `corners`."""
    start = np.asarray(corners, dtype=float)
    end = np.roll(start, -1, axis=0)
    points = np.stack([start, start + (end - start) / 3, start + 2 * (end - start) / 3], axis=1)
    return Shape(points.reshape(-1, 2), fill=RED)


def figure_eight() -> Shape:
    """A bow-tie: two lobes whose outline crosses itself in the middle."""
    return polyline_path([(40, 20), (120, 80), (120, 20), (40, 80)])


def looped_circle() -> Shape:
    """A circle whose first segment's handles cross, so the curve loops over itself."""
    points = circle_points(60, 60, 30, segments=4)
    start, end = points[0], points[3]
    chord = end - start
    outward = np.array([chord[1], -chord[0]])
    points[1] = start + 2 * chord + 0.5 * outward
    points[2] = end - 2 * chord + 0.5 * outward
    return Shape(points, fill=RED)


def test_circle_and_rectangle_are_simple() -> None:
    assert is_simple(Shape(circle_points(50, 50, 20), fill=RED))
    assert is_simple(Shape(rect_points(10, 10, 30, 20), fill=RED))


def test_crossing_looping_spiked_and_flat_outlines_are_not_simple() -> None:
    assert not is_simple(figure_eight())
    assert not is_simple(looped_circle())
    # A square with a zero-width spike: out along y = 25 to x = 60 and straight back.
    spiked = polyline_path([(10, 10), (40, 10), (40, 25), (60, 25), (40, 25), (40, 40), (10, 40)])
    assert not is_simple(spiked)
    flat = np.array([[0, 0], [10, 0], [20, 0], [30, 0], [20, 0], [10, 0.0]])
    assert not is_simple(Shape(flat, fill=RED))


def test_open_paths_count_as_simple_and_nan_does_not() -> None:
    assert is_simple(Shape(np.array([[0, 0], [10, 10], [20, 0], [30, 10.0]]), closed=False))
    bad = circle_points(50, 50, 20)
    bad[2] = np.nan
    assert not is_simple(Shape(bad, fill=RED))


def test_figure_eight_becomes_simple_shapes_painting_the_same_region() -> None:
    shape = figure_eight()
    before = painted_region(shape)
    pieces = repair_shape(shape)
    # The lobes meet at a point: two outlines, or one through a hairline neck.
    assert 1 <= len(pieces) <= 2
    assert all(is_simple(piece) for piece in pieces)
    assert pieces[0].id == shape.id and len({p.id for p in pieces}) == len(pieces)
    after = painted_region(pieces[0])
    for piece in pieces[1:]:
        after = after.union(painted_region(piece))
    assert after.symmetric_difference(before).area < 0.02 * before.area
    assert all(piece.fill is shape.fill or piece.fill == shape.fill for piece in pieces)


def test_a_knotted_ring_keeps_its_holes_painted_as_holes() -> None:
    """A coarse-to-fine face outline (kept from a trace) with two holes, knotted: the fitted
    holes touch the fitted outline, so the repair cuts the ring through its holes into
    simple parts. Dropping the holes instead painted them over (-20 dB on that trace)."""
    ring = knotted_ring()
    assert not is_simple(ring)
    before = painted_region(ring)
    pieces = repair_shape(ring)
    assert all(is_simple(piece) for piece in pieces)
    after = painted_region(pieces[0])
    for piece in pieces[1:]:
        after = after.union(painted_region(piece))
    assert after.symmetric_difference(before).area < 0.01 * before.area


def test_a_hole_touching_the_outline_at_a_point_opens_into_a_notch() -> None:
    square = polyline_path([(20, 20), (80, 20), (80, 80), (20, 80)])
    hole = polyline_path([(50, 20), (35, 50), (50, 70), (65, 50)])  # clockwise: a hole
    square.subpaths = [hole.points]
    assert not is_simple(square)
    before = painted_region(square)
    assert before.area == pytest.approx(3600 - 750)  # the diamond is cut out
    (piece,) = repair_shape(square)
    assert is_simple(piece)
    assert painted_region(piece).symmetric_difference(before).area < 0.01 * before.area


def test_loop_repaired_under_its_fill_rule() -> None:
    for rule in (FillRule.NONZERO, FillRule.EVENODD):
        shape = looped_circle()
        shape.fill_rule = rule
        before = painted_region(shape)
        pieces = repair_shape(shape)
        assert pieces and all(is_simple(piece) for piece in pieces)
        after = painted_region(pieces[0])
        for piece in pieces[1:]:
            after = after.union(painted_region(piece))
        assert after.symmetric_difference(before).area < 0.03 * before.area
        flattened = sum(len(flatten_contour(p.points)) for p in pieces)
        assert sum(len(p.points) // 3 for p in pieces) * 4 < flattened  # Béziers, not the polygon


def test_repair_document_keeps_simple_locked_and_unlisted_shapes_bit_identical() -> None:
    simple = Shape(circle_points(30, 30, 10), fill=RED)
    locked, unlisted, tangled = looped_circle(), looped_circle(), looped_circle()
    locked.locked = True
    layer = Layer("L", [simple, locked, unlisted, tangled])
    frozen = Layer("Frozen", [looped_circle()], locked=True)
    doc = Document(200, 200, layers=[layer, frozen])
    before = {s.id: s.points.copy() for s in doc.all_shapes()}
    report = repair_document(doc, shape_ids=[simple.id, locked.id, tangled.id, frozen.shapes[0].id])
    assert report.repaired == [tangled.id]
    for shape in (simple, locked, unlisted, frozen.shapes[0]):
        assert shape.points.tobytes() == before[shape.id].tobytes()
    assert is_simple(doc.locate_shape(tangled.id)[1])
    assert doc.unique_ids()


def test_shape_painting_nothing_is_dropped_with_a_notice() -> None:
    flat = Shape(np.array([[0, 0], [10, 0], [20, 0], [30, 0], [20, 0], [10, 0.0]]), fill=RED)
    doc = Document(50, 50, layers=[Layer("L", [flat])])
    report = repair_document(doc)
    assert report.dropped == [flat.id] and doc.layers[0].shapes == []
    assert "paints no visible area" in report.notices[0]


@pytest.mark.parametrize("seed", range(5))
def test_random_scribbles_repair_to_simple_outlines(seed: int) -> None:
    rng = np.random.default_rng(seed)
    shape = Shape(rng.uniform(10, 90, size=(24, 2)), fill=RED)
    pieces = repair_shape(shape)
    assert all(is_simple(piece) for piece in pieces)
    before = painted_region(shape)
    after = painted_region(pieces[0]) if pieces else before.buffer(0).difference(before)
    for piece in pieces[1:]:
        after = after.union(painted_region(piece))
    # Slivers thinner than a third of a pixel go; everything else stays painted.
    assert after.symmetric_difference(before).area < 0.05 * before.area + 5.0


def knotted_ring() -> Shape:
    data = np.load(DATA / "knotted_ring.npz")
    return Shape(data["points"], fill=RED, subpaths=[data["subpath0"], data["subpath1"]])


def test_a_figure_eight_stays_one_shape_with_an_island_per_lobe() -> None:
    shape = figure_eight()
    (repaired,) = repair_shape(shape)
    assert repaired.id == shape.id and len(repaired.subpaths) == 1 and is_simple(repaired)


def test_parts_of_a_named_shape_are_numbered_and_of_an_unnamed_one_stay_unnamed() -> None:
    """The knotted ring's parts touch along their cuts, so they are shapes of their own."""
    named, unnamed = knotted_ring(), knotted_ring()
    named.name = "Face"
    unnamed.name = unnamed.id
    named_parts, unnamed_parts = repair_shape(named), repair_shape(unnamed)
    assert len(named_parts) == len(unnamed_parts) >= 2
    assert [p.name for p in named_parts[:2]] == ["Face", "Face 2"]
    assert all(p.name == p.id for p in unnamed_parts)  # clean-up names them by color


def segments_of(points: np.ndarray) -> set[tuple[float, ...]]:
    """Each segment's four control points, rounded as the SVG export writes them."""
    count = len(points) // 3
    return {tuple(np.round(points[[3 * k, 3 * k + 1, 3 * k + 2, (3 * k + 3) % len(points)]], 2).ravel())
            for k in range(count)}


def test_the_repair_keeps_every_segment_away_from_the_knot() -> None:
    """Re-fitting a whole outline moves its edge a little everywhere (up to 4 dB over a
    transparent background); only the knotted stretch may change."""
    points = circle_points(60, 60, 30, segments=16)
    start, end = points[0], points[3]
    points[1], points[2] = start + 1.5 * (end - start), end - 1.5 * (end - start)  # crossed handles: a loop
    knotted = Shape(points, fill=RED)
    assert not is_simple(knotted)
    (repaired,) = repair_shape(knotted)
    assert is_simple(repaired)
    kept = segments_of(knotted.points) & segments_of(repaired.points)
    assert len(kept) >= 12  # all but the looped segment and the stretch its crossing cuts off
    # What changed lies at the knot: the looped segment and two on either side.
    written = Shape(np.round(knotted.points, 2), fill=RED)  # the repair writes export precision
    changed = painted_region(repaired).symmetric_difference(painted_region(written))
    knot = shapely.MultiPoint(np.vstack([knotted.points[-6:], knotted.points[:10]])).convex_hull.buffer(1.0)
    assert changed.difference(knot).area < 0.05


@pytest.mark.parametrize("half_width", [0.01, 0.001])
def test_the_last_resort_outline_loses_a_needle_tip_not_its_simplicity(half_width: float) -> None:
    """No cubic fit traces a needle (a trace's sliver, sharpened by simplification), so the
    region's polygon is the outline, and it doubles back at the tip; the repair's last resort
    cuts the tip off instead of exporting a zero-width spike (a coarse-to-fine trace of an
    icon kept two such)."""
    from editor.geometry.repair import _despiked, _simple_outline

    needle = shapely.Polygon([(0, 0), (10, 0), (10, 10), (5 + half_width, 10), (5, 30), (5 - half_width, 10), (0, 10)])
    probe = Shape(rect_points(0, 0, 10, 10), fill=SolidFill((0.0, 0.0, 0.0, 1.0)))
    probe.points = _simple_outline(needle, probe, [])
    assert not is_simple(probe)
    probe.points = _despiked(probe.points)
    assert is_simple(probe)
    assert abs(painted_region(probe).area - needle.area) < 0.5  # the square, less at most the needle's sliver
