"""Repair pass: every tangled outline becomes simple outlines of the region it paints.

The optimizer moves control points freely, so its paths knot: loops, crossings, zero-width
spikes. The pixels they paint are fine; the outline a designer edits is not. A shape that is
not `is_simple` is replaced by the region it paints (fill rule applied), opened by a fraction
of a pixel to drop zero-width slivers, and each remaining piece is re-fitted with few cubic
Béziers — checked simple, with a tighter fit (and at worst the polygon itself) otherwise.
The re-fit keeps every original segment the region's boundary still follows, bit for bit,
and fits only the stretches the knots changed: re-fitting a whole outline moves its edge by
a twentieth of a pixel all round, which over a transparent background cost up to 4 dB.
Pieces of one shape that do not touch become separate shapes with the same paint.
Shapes the caller does not hand over (drawn by the designer) and locked shapes are never
touched; a shape that paints nothing is dropped with a notice.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import shapely
from shapely.ops import split

from editor.document import Document, Shape, new_id
from editor.document.contours import signed_area
from editor.document.naming import has_automatic_name
from editor.geometry.bezier_fit import fit_closed_with_corners
from editor.geometry.outline import MIN_AREA, flatten_contour, has_spike, is_simple, painted_region, spikes
from editor.geometry.splice import fit_keeping_segments

FIT_TOLERANCES = (0.15, 0.05)  # px, loosest first: fewest nodes that stay simple (0.3 costs ~1 dB)
# px: half-widths of the slivers, cracks and point contacts smoothed away, the least first;
# a wider opening only where a narrow one leaves a hair-thin tip (a spike in outline view).
SLIVERS = (0.05, 0.25, 0.5)
# A piece split off a tangle (or a part cut off at a hole) smaller than this, or than this
# share of the largest piece, is dropped: a refine adds no crumbs of shapes.
MIN_PIECE_AREA = 4.0  # px²
MIN_PIECE_SHARE = 0.02
EXPORT_DECIMALS = 2  # the SVG export's default precision: outlines stay simple once written


@dataclass
class RepairReport:
    repaired: list[str] = field(default_factory=list)  # ids of shapes given new outlines
    added: list[str] = field(default_factory=list)  # ids of extra pieces split off a shape
    dropped: list[str] = field(default_factory=list)  # ids of shapes that painted nothing
    notices: list[str] = field(default_factory=list)


def repair_shape(shape: Shape) -> list[Shape]:
    """`shape` itself when simple; else the same shape with simple contours painting the same
    region (islands and holes as subpaths), or, where those would touch, simple shapes
    painting it (largest first, the first keeps the id and name); [] when it paints no
    visible area."""
    if is_simple_as_written(shape):
        return [shape]
    originals = [np.asarray(c, dtype=np.float64) for c in shape.contours if len(c) >= 6 and len(c) % 3 == 0]
    kept = _repaired(shape, originals)
    if len(kept) <= 1 or not originals:
        return kept
    # The original segments run exactly where a knot's loop meets the outline, so pieces
    # that keep them can touch where fitted ones do not: fewer shapes win.
    fitted = _repaired(shape, [])
    return fitted if len(fitted) < len(kept) else kept


def _repaired(shape: Shape, originals: list[np.ndarray]) -> list[Shape]:
    """`repair_shape`'s result, keeping the segments of `originals` the outlines follow."""
    probe = shape.copy()
    probe.closed = True
    region = painted_region(shape)
    for sliver in SLIVERS:
        outlines = [contours for polygon in _pieces(region, sliver)
                    for contours in _simple_contours(polygon, probe, originals)]
        if all(_written_simple(probe, points, holes) for points, holes in outlines):
            break
    else:  # no opening gave simple outlines everywhere: the widest one's, spikes cut off
        outlines = [(_despiked(points), [_despiked(hole) for hole in holes]) for points, holes in outlines]
    if not outlines:
        return []
    # One compound path when the pieces do not touch: the shape stays one shape (a refine
    # adds none), its islands and holes as subpaths; parts cut apart at a hole touch, so
    # they become shapes of their own.
    probe.points = outlines[0][0]
    probe.subpaths = [contour for points, holes in outlines for contour in (points, *holes)][1:]
    if is_simple_as_written(probe):
        return [probe]
    areas = [abs(signed_area(points)) for points, _ in outlines]
    floor = max(MIN_PIECE_AREA, MIN_PIECE_SHARE * max(areas))
    outlines = [outline for outline, area in zip(outlines, areas) if area >= floor] or outlines[:1]
    probe.points = outlines[0][0]
    probe.subpaths = [contour for points, holes in outlines for contour in (points, *holes)][1:]
    if is_simple_as_written(probe):
        return [probe]
    repaired = []
    for index, (points, holes) in enumerate(outlines):
        piece = probe.copy()
        piece.points, piece.subpaths = points, holes
        if index:
            piece.id = new_id("path")
            # A chosen name is numbered; an automatic one stays automatic (named by color later).
            piece.name = piece.id if has_automatic_name(shape) else f"{shape.name} {index + 1}"
        repaired.append(piece)
    return repaired


def is_simple_as_written(shape: Shape, decimals: int = EXPORT_DECIMALS) -> bool:
    """`is_simple` of the shape as the SVG export writes it: rounding the coordinates can
    sharpen a near-cusp into a spike that doubles back."""
    written = shape.copy()
    written.points = np.round(shape.points, decimals)
    written.subpaths = [np.round(p, decimals) for p in shape.subpaths]
    return is_simple(written)


def repair_document(doc: Document, shape_ids: Iterable[str] | None = None) -> RepairReport:
    """Repair, in place, the closed shapes of `doc` listed in `shape_ids` (None: every shape)
    that are not locked (themselves or by their layer); pieces stay where the shape was in
    the paint order."""
    allowed = None if shape_ids is None else set(shape_ids)
    report = RepairReport()
    for layer in doc.layers:
        result: list[Shape] = []
        for shape in layer.shapes:
            untouchable = layer.locked or shape.locked or not shape.closed
            if untouchable or (allowed is not None and shape.id not in allowed):
                result.append(shape)
                continue
            pieces = repair_shape(shape)
            if not pieces:
                report.dropped.append(shape.id)
                report.notices.append(f"dropped {shape.name!r}: it paints no visible area")
            elif pieces[0] is not shape:
                report.repaired.append(shape.id)
                report.added += [piece.id for piece in pieces[1:]]
            result += pieces
        layer.shapes = result
    return report


def _written_simple(probe: Shape, points: np.ndarray, holes: list[np.ndarray]) -> bool:
    probe.points, probe.subpaths = points, holes
    return is_simple_as_written(probe)


def _pieces(region: shapely.Geometry, sliver: float) -> list[shapely.Polygon]:
    """The region's polygons, largest first, after a slight opening (drops slivers and splits
    point contacts); pieces too small to matter are left out."""
    smoothed = region.buffer(-sliver).buffer(sliver)
    parts = [p for p in shapely.get_parts(smoothed) if isinstance(p, shapely.Polygon)]
    parts.sort(key=lambda p: p.area, reverse=True)
    if not parts or parts[0].area < MIN_AREA:
        return []
    floor = max(MIN_PIECE_AREA, MIN_PIECE_SHARE * parts[0].area)
    return parts[:1] + [p for p in parts[1:] if p.area >= floor]


def _simple_contours(polygon: shapely.Polygon, probe: Shape,
                     originals: list[np.ndarray]) -> list[tuple[np.ndarray, list[np.ndarray]]]:
    """(outline, holes) of simple shapes painting the polygon: one shape with its holes; or,
    when the fitted holes would touch the outline or one another, the polygon cut through
    its holes into parts without any (dropping a hole would paint it over)."""
    polygon = shapely.geometry.polygon.orient(polygon)  # holes wind against the outline
    probe.subpaths = []
    probe.points = _simple_outline(polygon, probe, originals)
    probe.subpaths = [_simple_outline(shapely.Polygon(hole), probe, originals) for hole in polygon.interiors]
    if not probe.subpaths or is_simple(probe):
        return [(probe.points, probe.subpaths)]
    probe.subpaths = []
    return [(_simple_outline(part, probe, originals), []) for part in _cut_through_holes(polygon)]


def _cut_through_holes(polygon: shapely.Polygon) -> list[shapely.Polygon]:
    """The polygon cut by a vertical line through each hole, largest part first: parts with
    no holes that together paint it. Cuts lie on whole pixels where the hole spans one, so
    the parts' anti-aliased edges leave no seam."""
    cuts = set()
    for hole in polygon.interiors:
        x0, _, x1, _ = hole.bounds
        middle = shapely.Polygon(hole).representative_point().x
        on_pixel = float(np.clip(round(middle), np.floor(x0) + 1, np.ceil(x1) - 1))
        cuts.add(on_pixel if x0 < on_pixel < x1 else middle)
    _, y0, _, y1 = polygon.bounds
    cutter = shapely.MultiLineString([[(x, y0 - 1.0), (x, y1 + 1.0)] for x in sorted(cuts)])
    parts = [p for p in shapely.get_parts(split(polygon, cutter))
             if isinstance(p, shapely.Polygon) and p.area >= MIN_AREA]
    return sorted(parts, key=lambda p: p.area, reverse=True)


def _simple_outline(polygon: shapely.Polygon, template: Shape, originals: list[np.ndarray]) -> np.ndarray:
    """Control points (3·S, 2) of a simple closed path along the polygon's exterior: the
    original segments it still follows with only the rest fitted, else a fit of it all."""
    ring = np.asarray(polygon.exterior.coords)[:-1]
    probe = template.copy()
    for tolerance in FIT_TOLERANCES:
        for fitted in (fit_keeping_segments(ring, originals, tolerance), fit_closed_with_corners(ring, tolerance)):
            if fitted is None:
                continue
            probe.points = np.round(fitted, EXPORT_DECIMALS)
            if len(probe.points) >= 6 and is_simple(probe) and _traces(probe, polygon, tolerance):
                return probe.points
    # The polygon itself, as straight cubic segments, never crosses itself (see `_despiked`).
    outline = polygon.simplify(FIT_TOLERANCES[-1], preserve_topology=True).exterior
    return _straight_segments(np.asarray(outline.coords)[:-1])


def _straight_segments(corners: np.ndarray) -> np.ndarray:
    following = np.roll(corners, -1, axis=0)
    thirds = [corners, corners + (following - corners) / 3, corners + 2 * (following - corners) / 3]
    return np.stack(thirds, axis=1).reshape(-1, 2)


def _despiked(points: np.ndarray) -> np.ndarray:
    """A contour as written, or — when it doubles back somewhere, which only the polygon of
    `_simple_outline`'s last resort can (a sliver's tip sharpened by simplification) — that
    polygon without the corners where it does."""
    written = np.round(points, EXPORT_DECIMALS)
    if not has_spike(flatten_contour(written)):
        return points
    return _straight_segments(_without_spikes(written[::3]))


def _without_spikes(corners: np.ndarray) -> np.ndarray:
    """The polygon's corners less those where it doubles back (and repeated ones), until none
    is left: the tip of a spike goes, the sides it joined meet."""
    while len(corners) > 3:
        repeated = np.linalg.norm(corners - np.roll(corners, 1, axis=0), axis=1) == 0
        doubling = spikes(corners[~repeated])
        if not repeated.any() and not doubling.any():
            break
        corners = corners[~repeated][~doubling]
    return corners


def _traces(probe: Shape, polygon: shapely.Polygon, tolerance: float) -> bool:
    """The fitted outline paints the polygon's exterior region to within the fit tolerance
    along its boundary (a fit is only checked at its samples; between them it may wander)."""
    outer = shapely.Polygon(polygon.exterior)
    slack = 2.0 * tolerance * outer.exterior.length + 1.0
    return bool(painted_region(probe).symmetric_difference(outer).area <= slack)
