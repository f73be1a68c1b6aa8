"""Clean-up, step by step: each step changes what it should, leaves the picture alone within
its tolerance, and never touches the designer's or locked shapes."""
from __future__ import annotations

import numpy as np
import pytest
import shapely

from editor.cleanup import CleanupOptions, clean_up
from editor.cleanup.scope import fill_area
from editor.document import (
    Document,
    Ellipse,
    GradientStop,
    Layer,
    Origin,
    RadialGradient,
    Rect,
    Role,
    Shape,
    SolidFill,
    circle_points,
    current_primitive,
    rect_points,
)
from editor.geometry import is_simple
from editor.io.doc_json import shape_to_data
from editor.svg.export import svg_string
from editor.svg.importer import import_svg_data

GOLD = (1.0, 0.84, 0.0, 1.0)
BROWN = (0.4, 0.25, 0.1, 1.0)
ONLY = {name: False for name in ("clip", "remove_buried", "merge", "snap_primitives", "remove_nodes", "rename",
                                  "clear_transparent")}


def traced(points: np.ndarray, color=GOLD, **kwargs) -> Shape:
    return Shape(points, fill=SolidFill(color), origin=Origin.OPTIMIZER, **kwargs)


def document(*shapes: Shape, size: float = 100.0) -> Document:
    return Document(size, size, layers=[Layer("Shapes", list(shapes))])


def only(step: str, **tolerances) -> CleanupOptions:
    return CleanupOptions(**{**ONLY, step: True}, **tolerances)


def wobbly_circle(cx: float, cy: float, r: float, noise: float, seed: int = 0) -> np.ndarray:
    """A closed 8-segment path around a circle, its nodes and handles jittered."""
    points = circle_points(cx, cy, r, segments=8)
    return points + np.random.default_rng(seed).uniform(-noise, noise, points.shape)


def split_segment(points: np.ndarray, k: int, t: float = 0.5) -> np.ndarray:
    """The same closed path with segment k split at t (de Casteljau): one node more, and
    not a pixel of difference."""
    n = len(points)
    p0, p1, p2, p3 = (points[(3 * k + i) % n] for i in range(4))
    a, b, c = p0 + t * (p1 - p0), p1 + t * (p2 - p1), p2 + t * (p3 - p2)
    d, e = a + t * (b - a), b + t * (c - b)
    f = d + t * (e - d)
    return np.vstack([points[:3 * k], [p0, a, d, f, e, c], points[3 * k + 3:]])


def _polyline(corners: list[list[float]]) -> np.ndarray:
    """A closed path of straight cubic segments through `corners`."""
    c = np.asarray(corners, dtype=np.float64)
    following = np.roll(c, -1, axis=0)
    return np.stack([c, c + (following - c) / 3, c + 2 * (following - c) / 3], axis=1).reshape(-1, 2)


def region(shape: Shape) -> shapely.Geometry:
    return fill_area(shape)


# ------------------------------------------------------------------------------ buried


def test_a_buried_shape_is_removed_and_a_visible_one_stays() -> None:
    hidden = traced(circle_points(50, 50, 10), BROWN)  # all under the cover
    peeking = traced(rect_points(5, 40, 40, 20), BROWN)  # half of it shows
    cover = traced(rect_points(20, 20, 60, 60))
    doc = document(hidden, peeking, cover)
    out, report = clean_up(doc, only("remove_buried"))
    assert report.buried == 1
    assert [s.id for s in out.all_shapes()] == [peeking.id, cover.id]


@pytest.mark.parametrize("step", [1.0, 0.7])
def test_the_coverage_grid_measures_exact_areas_per_cell(step: float) -> None:
    """A ring with an island in its hole, off the grid: each cell holds the area the region
    covers there (the renderer's box filter), so the cells sum to the region's area."""
    from editor.cleanup.coverage import _rasterize

    center = shapely.Point(20.3, 18.7)
    region = center.buffer(12.2, 64).difference(center.buffer(6.1, 64)).union(center.buffer(2.9, 64))
    coverage = _rasterize(region, step, 0, 0, int(40 / step), int(40 / step))
    assert coverage.sum() * step * step == pytest.approx(region.area, rel=1e-4)
    col, row = int(8.1 / step), int(18.7 / step)  # the cell the outer edge crosses at (8.1, 18.7)
    cell = shapely.box(col * step, row * step, (col + 1) * step, (row + 1) * step)
    assert 0 < coverage[row, col] < 1
    assert coverage[row, col] == pytest.approx(region.intersection(cell).area / step**2, abs=1e-6)


@pytest.mark.parametrize("shown, buried", [(0.045, 1), (0.055, 0)])
def test_burial_follows_the_exact_share_that_shows(shown: float, buried: int) -> None:
    """A disk off the pixel grid, covered but for a thin crescent: 4.5 % showing is buried,
    5.5 % stays (whole-cell coverage counted every cell the outlines touch in full, which
    buried the 5.5 % one)."""
    disk = traced(circle_points(40.3, 40.3, 10.3, 16), BROWN)
    area = fill_area(disk)

    def cover_to(y: float) -> Shape:
        return traced(rect_points(20.0, 20.0, 40.0, y - 20.0))

    low, high = 40.3, 50.6  # bisect the cover's lower edge for the crescent's exact share
    for _ in range(60):
        middle = 0.5 * (low + high)
        share = area.difference(fill_area(cover_to(middle))).area / area.area
        low, high = (middle, high) if share > shown else (low, middle)
    out, report = clean_up(document(disk, cover_to(low)), only("remove_buried"))
    assert report.buried == buried


def test_translucent_paint_does_not_bury() -> None:
    below = traced(circle_points(50, 50, 10), BROWN)
    veil = traced(rect_points(20, 20, 60, 60), (1.0, 0.84, 0.0, 0.5))
    out, report = clean_up(document(below, veil), only("remove_buried"))
    assert report.buried == 0 and len(out.all_shapes()) == 2


def test_a_shape_under_nearly_opaque_paint_is_buried() -> None:
    """The optimizer's colours are rarely exactly opaque: 3 % of light through counts as 3 %."""
    below = traced(circle_points(50, 50, 10), BROWN)
    cover = traced(rect_points(20, 20, 60, 60), (1.0, 0.84, 0.0, 0.97))
    out, report = clean_up(document(below, cover), only("remove_buried"))
    assert report.buried == 1 and [s.id for s in out.all_shapes()] == [cover.id]


def faded_disk(cx: float, cy: float, r: float, fade: tuple[float, float] = (0.8, 1.0)) -> Shape:
    """A disk whose radial gradient is opaque gold at the centre and fades out between the
    two offsets of `fade` (clear beyond)."""
    stops = [GradientStop(0.0, (1.0, 0.84, 0.0, 1.0)), GradientStop(fade[0], (1.0, 0.84, 0.0, 1.0)),
             GradientStop(fade[1], (1.0, 0.84, 0.0, 0.0)), GradientStop(1.0, (1.0, 0.84, 0.0, 0.0))]
    return Shape(circle_points(cx, cy, r), fill=RadialGradient((cx, cy), (r, r), stops),
                 origin=Origin.OPTIMIZER)


def test_a_shape_under_the_opaque_middle_of_a_fading_gradient_is_buried() -> None:
    """What covers is the gradient's alpha where the shape lies, not its least stop."""
    below = traced(circle_points(50, 50, 8), BROWN)
    out, report = clean_up(document(below, faded_disk(50, 50, 30)), only("remove_buried"))
    assert report.buried == 1 and len(out.all_shapes()) == 1


def test_a_shape_under_the_fading_rim_of_a_gradient_stays() -> None:
    below = traced(circle_points(50, 22, 4), BROWN)  # under the outermost, nearly clear ring
    out, report = clean_up(document(below, faded_disk(50, 50, 30)), only("remove_buried"))
    assert report.buried == 0


def test_a_shape_whose_only_visible_part_is_its_transparent_rim_is_buried() -> None:
    """Visibility is weighted by the shape's own alpha: its opaque middle is covered and its
    clear rim, though uncovered (most of its area), shows nothing."""
    shape = faded_disk(50, 50, 30, fade=(0.5, 0.6))
    cover = traced(circle_points(50, 50, 19))
    out, report = clean_up(document(shape, cover), only("remove_buried"))
    assert report.buried == 1 and [s.id for s in out.all_shapes()] == [cover.id]


def test_a_shape_whose_paint_is_all_but_clear_is_buried() -> None:
    """Nothing covers it, but a gradient of stops at 0.1 % opacity changes no 8-bit pixel (the
    optimizer can fade a shape out instead of moving it away)."""
    faint = traced(circle_points(50, 50, 10))
    faint.fill = RadialGradient((50, 50), (10, 10), [GradientStop(0.0, (0.4, 0.2, 0.1, 0.001)),
                                                    GradientStop(1.0, (0.0, 0.0, 0.0, 0.0))])
    faint_but_seen = traced(circle_points(20, 20, 10), (0.4, 0.2, 0.1, 0.02))
    out, report = clean_up(document(faint, faint_but_seen), only("remove_buried"))
    assert report.buried == 1 and [s.id for s in out.all_shapes()] == [faint_but_seen.id]


def mostly_hidden_disk(cover_color, band: float = 0.04) -> tuple[Shape, Shape]:
    """A large disk and a cover over all of it but a band of `band` of its area (4 %: about 110 px)."""
    disk = traced(circle_points(50, 50, 30, 16), BROWN)
    area = fill_area(disk)
    low, high = 20.0, 80.0
    for _ in range(60):  # the cover's lower edge for the band
        middle = 0.5 * (low + high)
        share = area.difference(shapely.box(0, 0, 100, middle)).area / area.area
        low, high = (middle, high) if share > band else (low, middle)
    return disk, traced(rect_points(0, 0, 100, low), cover_color)


def test_a_mostly_hidden_shape_that_still_shows_real_paint_is_trimmed_not_removed() -> None:
    """Removing it would open a hole (3 dB over black on the watermelon's rind); cut to what
    shows, under opaque paint, the render stays as it was."""
    disk, cover = mostly_hidden_disk(GOLD)
    shown = fill_area(disk).difference(fill_area(cover))
    out, report = clean_up(document(disk, cover), only("remove_buried"))
    assert report.buried == 0 and report.trimmed == 1
    trimmed = out.all_shapes()[0]
    assert fill_area(trimmed).area < 0.2 * fill_area(disk).area  # the hidden part is gone
    assert shown.difference(fill_area(trimmed)).area < 0.05  # what showed still does


def test_a_mostly_hidden_shape_under_all_but_opaque_paint_is_trimmed_within_a_percent() -> None:
    """The optimizer's covers are rarely exactly opaque: under paint that lets 0.5 % through,
    the cut changes no pixel by more than that share, and what showed still shows."""
    disk, cover = mostly_hidden_disk((1.0, 0.84, 0.0, 0.995))
    doc = document(disk, cover)
    out, report = clean_up(doc, only("remove_buried"))
    assert report.buried == 0 and report.trimmed == 1
    trimmed = out.all_shapes()[0]
    assert fill_area(trimmed).area < 0.2 * fill_area(disk).area
    assert fill_area(disk).difference(fill_area(cover)).difference(fill_area(trimmed)).area < 0.05
    # Under the cover 0.5 %; along the visible arc the refit moves the edge under 1/20 px.
    assert np.abs(painted_alpha(out) - painted_alpha(doc)).max() <= 0.05


def test_the_dark_area_follows_the_paint_above_between_cell_centres() -> None:
    """Where less than 1 % of the light gets through an opaque rectangle's paint: the
    rectangle itself, less the cell and a half between its edge and the isoline (drawn
    between the centres of the cells its edge crosses and of the fully covered ones)."""
    from editor.cleanup.coverage import CoverageGrid

    grid = CoverageGrid(document())
    rect = fill_area(traced(rect_points(20.3, 30.6, 40, 25)))
    grid.cover(rect, 1.0)
    dark = grid.dark(shapely.box(0, 0, 100, 100), 0.01)
    assert dark.geom_type == "Polygon" and not dark.interiors
    assert dark.within(rect) and rect.buffer(-1.5).within(dark)
    veiled = CoverageGrid(document())
    veiled.cover(rect, 0.98)  # lets 2 % through
    assert veiled.dark(shapely.box(0, 0, 100, 100), 0.01).is_empty


def test_a_mostly_hidden_shape_under_translucent_paint_stays_whole_as_an_underlay() -> None:
    """A cut under paint that lets light through would change the picture: the shape stays
    whole, and its role and name say why a designer finds it hidden (3 % shows, and 2 % of
    the rest through the cover)."""
    disk, cover = mostly_hidden_disk((1.0, 0.84, 0.0, 0.98), band=0.03)
    out, report = clean_up(document(disk, cover), CleanupOptions(**{**ONLY, "remove_buried": True, "rename": True}))
    assert report.buried == 0 and report.trimmed == 0 and report.underlays == 1
    kept = out.all_shapes()[0]
    assert np.array_equal(kept.points, disk.points)
    assert kept.role is Role.UNDERLAY and kept.name.endswith(" underlay")


def test_an_underlay_brought_into_view_is_named_by_its_colour_again() -> None:
    disk, cover = mostly_hidden_disk((1.0, 0.84, 0.0, 0.98), band=0.03)
    out, _ = clean_up(document(disk, cover), CleanupOptions(**{**ONLY, "remove_buried": True, "rename": True}))
    out.layers[0].shapes.pop()  # the designer deletes the cover
    again, report = clean_up(out, CleanupOptions(**{**ONLY, "remove_buried": True, "rename": True}))
    (shape,) = again.all_shapes()
    assert shape.role is None and report.underlays == 0
    assert "underlay" not in shape.name and shape.name == out.all_shapes()[0].name.removesuffix(" underlay")


def test_a_shape_outside_the_canvas_counts_as_buried() -> None:
    outside = traced(circle_points(150, 50, 10))
    out, report = clean_up(document(outside), only("remove_buried"))
    assert report.buried == 1 and out.all_shapes() == []


# ------------------------------------------------------------------------------ merge


def test_two_touching_same_color_shapes_merge_into_their_union() -> None:
    left = traced(rect_points(10, 10, 30, 30))
    right = traced(circle_points(45, 25, 12))  # overlaps the rectangle's right edge
    union = shapely.union(region(left), region(right))
    out, report = clean_up(document(left, right), only("merge"))
    assert report.merged == 1
    [merged] = out.all_shapes()
    assert merged.id in (left.id, right.id)
    assert shapely.hausdorff_distance(region(merged).boundary, union.boundary, densify=0.1) <= 0.5
    assert abs(region(merged).area - union.area) < 0.01 * union.area


def test_two_halves_of_a_ring_merge_into_one_shape_with_a_hole() -> None:
    """Two U shapes that close a ring: the union has a hole, which becomes a subpath, and
    the export is one path with two subpaths."""
    top = traced(_polyline([[20, 20], [80, 20], [80, 52], [60, 52], [60, 40], [40, 40], [40, 52], [20, 52]]))
    bottom = traced(_polyline([[20, 48], [40, 48], [40, 60], [60, 60], [60, 48], [80, 48], [80, 80], [20, 80]]))
    union = shapely.union(region(top), region(bottom))
    assert len(union.interiors) == 1
    out, report = clean_up(document(top, bottom), only("merge"))
    assert report.merged == 1
    [ring] = out.all_shapes()
    assert len(ring.subpaths) == 1
    assert shapely.hausdorff_distance(region(ring).boundary, union.boundary, densify=0.1) <= 0.5
    text = svg_string(out)
    assert text.count("<path ") == 1 and text.count("M") == 2


def test_shapes_of_different_colors_or_apart_do_not_merge() -> None:
    a = traced(rect_points(10, 10, 30, 30))
    b = traced(circle_points(45, 25, 12), BROWN)
    c = traced(circle_points(80, 80, 5))  # gold like a, but apart
    out, report = clean_up(document(a, b, c), only("merge"))
    assert report.merged == 0 and len(out.all_shapes()) == 3


def test_no_merge_that_would_reorder_paint() -> None:
    """A brown shape between the two golds overlaps both: merging either way would paint
    gold over brown or brown over gold where it was the other way round."""
    low = traced(rect_points(10, 10, 30, 30))
    middle = traced(rect_points(30, 15, 20, 20), BROWN)
    high = traced(rect_points(38, 10, 30, 30))
    out, report = clean_up(document(low, middle, high), only("merge"))
    assert report.merged == 0 and len(out.all_shapes()) == 3


# ------------------------------------------------------------------------------ nodes


def test_a_redundant_node_is_removed_and_the_render_is_unchanged() -> None:
    torch = pytest.importorskip("torch")
    from editor.render import get_renderer, scene_from_document

    shape = traced(split_segment(circle_points(50, 50, 30), 1, 0.4))
    doc = document(shape)
    out, report = clean_up(doc, only("remove_nodes"))
    assert report.nodes == 1
    assert out.all_shapes()[0].num_segments == 4
    with torch.no_grad():
        before = get_renderer().render(scene_from_document(doc), 100, 100)
        after = get_renderer().render(scene_from_document(out), 100, 100)
    assert float((before - after).abs().max()) < 0.02


def test_a_node_that_shapes_the_outline_stays() -> None:
    square = traced(rect_points(20, 20, 50, 50))  # every node is a corner
    out, report = clean_up(document(square), only("remove_nodes"))
    assert report.nodes == 0 and np.array_equal(out.all_shapes()[0].points, square.points)


# ------------------------------------------------------------------------------ primitives


def test_a_circle_like_path_exports_as_a_circle_and_reads_back_as_one() -> None:
    shape = traced(wobbly_circle(50, 50, 20, noise=0.2))
    out, report = clean_up(document(shape), only("snap_primitives"))
    assert report.primitives["circle"] == 1
    snapped = out.all_shapes()[0]
    assert isinstance(current_primitive(snapped), Ellipse)
    text = svg_string(out)
    assert "<circle " in text and "<path " not in text
    back = import_svg_data(text).document.all_shapes()[0]
    assert current_primitive(back) is not None and back.origin == Origin.OPTIMIZER
    assert svg_string(import_svg_data(text).document) == text


@pytest.mark.parametrize("rounded", [0.0, 6.0])
def test_a_rect_like_path_exports_as_a_rect(rounded: float) -> None:
    exact = Rect(20, 30, 50, 30, rounded, rounded).outline()
    shape = traced(exact + np.random.default_rng(1).uniform(-0.1, 0.1, exact.shape))  # 0.05 px mean
    out, report = clean_up(document(shape), only("snap_primitives"))
    assert report.primitives["rect"] == 1
    text = svg_string(out)
    assert "<rect " in text and "<path " not in text
    assert (' rx="' in text) == bool(rounded)
    back = import_svg_data(text).document.all_shapes()[0]
    assert isinstance(current_primitive(back), Rect)


def test_an_ellipse_like_path_exports_as_an_ellipse() -> None:
    shape = traced(Ellipse(50, 50, 30, 15).outline())
    out, _ = clean_up(document(shape), only("snap_primitives"))
    assert "<ellipse " in svg_string(out)


def test_an_irregular_blob_stays_a_path() -> None:
    shape = traced(wobbly_circle(50, 50, 20, noise=4.0))
    out, report = clean_up(document(shape), only("snap_primitives"))
    assert not report.primitives
    assert "<path " in svg_string(out)


def test_a_primitive_whose_points_moved_exports_as_a_path() -> None:
    shape = traced(Ellipse(50, 50, 20, 20).outline(), primitive=Ellipse(50, 50, 20, 20))
    shape.points = shape.points + [0.5, 0.0]  # an optimizer step or a node edit
    assert current_primitive(shape) is None and "<path " in svg_string(document(shape))


# ------------------------------------------------------------------------------ clip


def test_a_shape_spilling_past_the_canvas_is_clipped() -> None:
    shape = traced(circle_points(95, 50, 20))
    canvas = shapely.box(0, 0, 100, 100)
    inside = region(shape).intersection(canvas)
    out, report = clean_up(document(shape), only("clip"))
    assert report.clipped == 1
    clipped = out.all_shapes()[0]
    assert clipped.points[:, 0].max() <= 100.0 + 0.5
    assert shapely.hausdorff_distance(region(clipped).boundary, inside.boundary, densify=0.1) <= 0.5


def test_clipping_keeps_the_segments_inside_the_canvas_as_they_were() -> None:
    """Only the stretch the edge cuts is fitted anew; a refit of the whole outline would move
    its edge a little everywhere."""
    shape = traced(circle_points(85, 50, 20, 16))
    out, report = clean_up(document(shape), only("clip"))
    assert report.clipped == 1
    clipped = out.all_shapes()[0]

    def segments(points: np.ndarray) -> set[tuple[float, ...]]:
        """Each segment's control points, whichever way the outline runs."""
        found = set()
        for k in range(len(points) // 3):
            controls = points[[3 * k, 3 * k + 1, 3 * k + 2, (3 * k + 3) % len(points)]]
            found.add(min(tuple(controls.ravel()), tuple(controls[::-1].ravel())))
        return found

    inside = {s for s in segments(shape.points) if max(s[0::2]) < 100.0}  # wholly in the canvas
    assert len(inside) >= 10 and inside <= segments(clipped.points)


def test_a_shape_spilling_past_the_canvas_by_a_hair_is_left_alone() -> None:
    """0.1 px² outside is no spill a designer sees, and a refit would cost more than it gives."""
    shape = traced(circle_points(50, 80.01, 20.0))  # reaches 0.01 px past the bottom edge
    out, report = clean_up(document(shape), only("clip"))
    assert report.clipped == 0 and np.array_equal(out.all_shapes()[0].points, shape.points)


def test_a_shape_the_canvas_cuts_in_two_keeps_both_pieces() -> None:
    """A U hanging off the bottom edge: inside the canvas, two separate legs."""
    shape = traced(_polyline([[30, 60], [45, 60], [45, 120], [55, 120], [55, 60], [70, 60], [70, 130], [30, 130]]))
    inside = region(shape).intersection(shapely.box(0, 0, 100, 100))
    assert inside.geom_type == "MultiPolygon"
    out, report = clean_up(document(shape), only("clip"))
    assert report.clipped == 1
    clipped = out.all_shapes()[0]
    assert len(clipped.subpaths) == 1
    assert abs(region(clipped).area - inside.area) < 0.01 * inside.area


# ------------------------------------------------------------------------------ transparent


def painted_alpha(doc: Document) -> np.ndarray:
    """Each pixel's alpha, as the coverage grid paints the document."""
    from editor.cleanup.transparent import _painted

    return 1.0 - _painted(doc).transmittance


def clear_column(column: int) -> np.ndarray:
    """A 100 × 100 source's alpha: opaque but for one clear column of pixels."""
    alpha = np.ones((100, 100), np.float32)
    alpha[:, column] = 0.0
    return alpha


def test_paint_over_a_one_pixel_gap_of_the_source_is_notched_out() -> None:
    """A smooth disk across a clear column of the source: the column is cut out of it (two
    halves, each simple), and nothing else moves."""
    disk = traced(circle_points(50.3, 50.2, 20.0, 16))
    doc = document(disk)
    leaking = int((painted_alpha(doc)[:, 50] > 0.5).sum())
    out, report = clean_up(doc, only("clear_transparent"), source_alpha=clear_column(50))
    assert report.cleared == leaking > 30
    assert painted_alpha(out)[:, 50].max() <= 0.5
    (notched,) = out.all_shapes()
    assert len(notched.subpaths) == 1 and is_simple(notched)
    elsewhere = shapely.box(0, 0, 100, 100).difference(shapely.box(49.5, 0, 51.5, 100))
    assert fill_area(disk).symmetric_difference(fill_area(notched)).intersection(elsewhere).area < 0.5


def test_clearing_the_gaps_leaves_designer_and_locked_shapes_and_needs_the_alpha() -> None:
    drawn = Shape(circle_points(30, 50, 15), fill=SolidFill(GOLD))
    locked = traced(circle_points(70, 50, 15), locked=True)
    doc = document(drawn, locked)
    out, report = clean_up(doc, only("clear_transparent"), source_alpha=clear_column(30) * clear_column(70))
    assert report.cleared == 0  # nothing it may touch
    assert [shape_to_data(s) for s in out.all_shapes()] == [shape_to_data(drawn), shape_to_data(locked)]
    free = traced(circle_points(70, 50, 15))
    out, report = clean_up(document(free), only("clear_transparent"))  # an opaque source: no alpha
    assert not report.changed and np.array_equal(out.all_shapes()[0].points, free.points)


# ------------------------------------------------------------------------------ scope


def test_designer_and_locked_shapes_are_bit_identical_after_clean_up() -> None:
    """Each protected shape would be changed by some step if it were the optimizer's."""
    drawn = Shape(circle_points(95, 50, 20), fill=SolidFill(GOLD))  # designer: spills, circle
    locked = traced(split_segment(circle_points(30, 30, 10), 0), locked=True)  # redundant node
    under = traced(circle_points(30, 30, 5), BROWN)  # buried under `locked`: may go
    in_locked_layer = traced(circle_points(-5, 80, 15))  # spills; its layer is locked
    covered_designer = Shape(circle_points(30, 30, 4), fill=SolidFill(BROWN))  # buried
    doc = Document(100, 100, layers=[
        Layer("Mine", [covered_designer, under, locked, drawn]),
        Layer("Locked", [in_locked_layer], locked=True),
    ])
    protected = [drawn, locked, in_locked_layer, covered_designer]
    before = {s.id: shape_to_data(s) for s in protected}
    out, report = clean_up(doc)
    assert report.buried == 1  # `under`, the one unprotected shape
    after = {s.id: shape_to_data(s) for s in out.all_shapes()}
    assert after == before
    for shape in protected:
        assert np.array_equal(out.find_shape(shape.id)[1].points, shape.points)


def test_degenerate_optimizer_shapes_are_dropped_without_error() -> None:
    """A shape with a NaN coordinate or no area paints nothing: clean-up drops it."""
    nan = circle_points(50, 50, 10)
    nan[4] = np.nan
    flat = np.repeat([[20.0, 20.0]], 12, axis=0)
    fine = traced(circle_points(30, 70, 10), BROWN)
    out, report = clean_up(document(traced(nan), traced(flat), fine))
    assert report.buried == 2 and [s.id for s in out.all_shapes()] == [fine.id]
