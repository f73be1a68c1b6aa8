"""Shapes with holes in the document model and the project format; degenerate contours."""
from __future__ import annotations

import io
import json
import zipfile

import numpy as np
import pytest

from editor.document import Document, FillRule, Layer, Shape, SolidFill, circle_points
from editor.document.contours import repair_document, reversed_contour, signed_area
from editor.document.scaling import scale_document
from editor.errors import LayertraceError
from editor.ui.files.project import Project, load_project, save_project


def ring(cx: float = 30, cy: float = 30, rule: FillRule = FillRule.NONZERO) -> Shape:
    hole = reversed_contour(circle_points(cx, cy, 8))
    return Shape(circle_points(cx, cy, 20), fill=SolidFill((0.8, 0.2, 0.1, 1.0)), fill_rule=rule,
                 subpaths=[hole], name="ring")


def test_contour_area_and_orientation() -> None:
    disk = circle_points(0, 0, 10)
    assert signed_area(disk) == pytest.approx(np.pi * 100, rel=1e-3)
    assert signed_area(reversed_contour(disk)) == pytest.approx(-signed_area(disk))
    assert np.array_equal(reversed_contour(reversed_contour(disk)), disk)


def test_copy_bounds_and_scaling_carry_subpaths() -> None:
    shape = Shape(circle_points(10, 10, 5), subpaths=[circle_points(40, 30, 5)])
    assert shape.bounds() == pytest.approx((5, 5, 45, 35))
    clone = shape.copy()
    clone.subpaths[0][0] = (0, 0)
    assert shape.subpaths[0][0].tolist() != [0, 0]
    doc = scale_document(Document(50, 40, layers=[Layer(shapes=[shape])]), 100, 20)
    scaled = doc.layers[0].shapes[0]
    assert np.allclose(scaled.subpaths[0], shape.subpaths[0] * (2, 0.5))


def test_project_save_and_load_keeps_subpaths(tmp_path) -> None:
    doc = Document(64, 64, layers=[Layer(name="L", shapes=[ring(rule=FillRule.EVENODD)])])
    save_project(tmp_path / "p.ltproj", Project(doc))
    loaded = load_project(tmp_path / "p.ltproj")
    shape = loaded.document.layers[0].shapes[0]
    assert shape.fill_rule == FillRule.EVENODD
    assert len(shape.subpaths) == 1 and np.array_equal(shape.subpaths[0], doc.layers[0].shapes[0].subpaths[0])
    assert loaded.notices == []


def _write_project(path, shapes: list[dict], fmt: int = 1) -> None:
    document = {"format": fmt, "width": 64, "height": 64, "background": None,
                "layers": [{"id": "layer-a", "name": "A", "shapes": shapes}]}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("document.json", json.dumps(document))
    path.write_bytes(buffer.getvalue())


def _shape_data(sid: str, points, **extra) -> dict:
    return {"id": sid, "name": sid, "points": np.asarray(points).tolist(), "closed": True,
            "fill": {"type": "solid", "color": [0, 0, 0, 1]}, **extra}


def test_old_projects_without_subpaths_still_load(tmp_path) -> None:
    _write_project(tmp_path / "old.ltproj", [_shape_data("disk", circle_points(30, 30, 10))])
    shape = load_project(tmp_path / "old.ltproj").document.layers[0].shapes[0]
    assert shape.subpaths == [] and len(shape.points) == 12


def test_degenerate_contours_are_dropped_with_a_notice_on_load(tmp_path) -> None:
    good_hole = reversed_contour(circle_points(30, 30, 4)).tolist()
    line = [[0, 0], [1, 1], [2, 2], [3, 3], [4, 4], [5, 5]]  # two segments, no area
    shapes = [
        _shape_data("ring", circle_points(30, 30, 10), subpaths=[good_hole, line, [[1, 1], [2, 2]]]),
        _shape_data("flat", line, subpaths=[circle_points(10, 10, 3).tolist()]),  # outer contour is flat
        _shape_data("nothing", line),
    ]
    _write_project(tmp_path / "bad.ltproj", shapes)
    project = load_project(tmp_path / "bad.ltproj")
    ring_shape, flat = project.document.layers[0].shapes
    assert [s.id for s in project.document.layers[0].shapes] == ["ring", "flat"]
    assert len(ring_shape.subpaths) == 1 and np.allclose(ring_shape.subpaths[0], good_hole)
    assert np.allclose(flat.points, circle_points(10, 10, 3)) and flat.subpaths == []
    text = "\n".join(project.notices)
    assert "contour 3 dropped (zero area)" in text and "2 control points" in text
    assert "shape 'nothing' in layer 'A' dropped" in text


def test_a_contour_with_nan_makes_the_project_unreadable_naming_the_file(tmp_path) -> None:
    nan_hole = circle_points(30, 30, 3).tolist()
    nan_hole[2][0] = float("nan")
    _write_project(tmp_path / "nan.ltproj", [_shape_data("ring", circle_points(30, 30, 10), subpaths=[nan_hole])])
    with pytest.raises(LayertraceError, match="nan.ltproj"):
        load_project(tmp_path / "nan.ltproj")


def test_repair_keeps_a_stroked_contour_without_area() -> None:
    line = np.array([[0, 0], [1, 1], [2, 2], [3, 3], [4, 4], [5, 5]], float)
    doc = Document(10, 10, layers=[Layer(shapes=[Shape(line, stroke=(0, 0, 0, 1), stroke_width=1.0)])])
    assert repair_document(doc) == [] and len(doc.layers[0].shapes) == 1


def test_repair_keeps_a_tangled_shape_one_shape_with_its_hole_and_an_island() -> None:
    """A bow-tie (crossing at its centre) with a hole in its left lobe becomes one simple
    compound shape: the left lobe, its hole winding against it, and the right lobe as an
    island winding with it."""
    import shapely

    from editor.geometry.outline import is_simple, painted_region
    from editor.geometry.repair import repair_shape

    corners = np.array([[10, 10], [90, 70], [90, 10], [10, 70]], float)
    bow_tie = np.concatenate([[p, p + (q - p) / 3, p + 2 * (q - p) / 3]
                              for p, q in zip(corners, np.roll(corners, -1, axis=0))])
    tangled = Shape(bow_tie, fill=SolidFill((0.2, 0.2, 0.6, 1.0)), fill_rule=FillRule.EVENODD,
                    subpaths=[circle_points(25, 40, 5)])
    assert not is_simple(tangled)
    (repaired,) = repair_shape(tangled)
    assert repaired.id == tangled.id and is_simple(repaired) and len(repaired.subpaths) == 2
    contours = [repaired.points, *repaired.subpaths]
    (hole,) = [c for c in contours if c[:, 0].max() < 40]  # the small circle
    (island,) = [c for c in contours if c[:, 0].min() > 45]  # the right lobe
    assert signed_area(hole) * signed_area(repaired.points) < 0
    assert signed_area(island) * signed_area(repaired.points) > 0
    before = painted_region(tangled)
    evenodd = painted_region(repaired)
    assert shapely.symmetric_difference(before, evenodd).area < 0.02 * before.area
    repaired.fill_rule = FillRule.NONZERO  # islands and holes: both rules paint the same
    assert shapely.symmetric_difference(painted_region(repaired), evenodd).area < 1e-6 * evenodd.area
