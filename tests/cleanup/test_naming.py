"""Meaningful names: shapes after their colour, layers after their depth; names and the
optimizer's marks survive saving, SVG export and re-import."""
from __future__ import annotations

import json

import numpy as np

from editor.cleanup import clean_up
from editor.document import Document, Ellipse, Layer, Origin, Shape, SolidFill, circle_points
from editor.document.naming import color_name, depth_layer_name, name_shapes_by_color
from editor.io.doc_json import document_from_data, document_to_data
from editor.svg.export import svg_string
from editor.svg.importer import import_svg_data


def traced(color, x: float = 50.0, **kwargs) -> Shape:
    return Shape(circle_points(x, 50, 8), fill=SolidFill(color), origin=Origin.OPTIMIZER, **kwargs)


def test_css_colors_name_themselves_and_near_colors_take_the_nearest_name() -> None:
    assert color_name((1.0, 215 / 255, 0.0, 1.0)) == "Gold"
    assert color_name((139 / 255, 69 / 255, 19 / 255, 1.0)) == "Saddle brown"
    assert color_name((0.98, 0.82, 0.05, 1.0)) == "Gold"  # a traced, slightly-off gold
    assert color_name((0.02, 0.01, 0.03, 0.4)) == "Black"  # alpha does not change the hue


def test_shapes_are_named_by_color_numbered_when_repeated() -> None:
    gold, gold2, brown = traced((1.0, 0.84, 0.0, 1.0)), traced((0.99, 0.83, 0.02, 1.0)), traced((0.55, 0.27, 0.07, 1.0))
    named_by_designer = traced((1.0, 0.84, 0.0, 1.0), name="Left eye")
    designers_own = Shape(circle_points(10, 10, 3), fill=SolidFill((1.0, 0.84, 0.0, 1.0)))
    doc = Document(100, 100, layers=[Layer("L", [designers_own, gold, named_by_designer, gold2, brown])])
    assert name_shapes_by_color(doc) == 3
    assert [s.name for s in doc.all_shapes()] == [designers_own.id, "Gold", "Left eye", "Gold 2", "Saddle brown"]
    ids = [s.id for s in doc.all_shapes()]
    gold2.fill = SolidFill((0.55, 0.27, 0.07, 1.0))  # the optimizer moved on: names follow
    name_shapes_by_color(doc)
    assert [s.name for s in doc.all_shapes()][1:] == ["Gold", "Left eye", "Saddle brown", "Saddle brown 2"]
    assert [s.id for s in doc.all_shapes()] == ids


def test_layers_are_named_by_depth() -> None:
    assert [depth_layer_name(i) for i in range(5)] == ["Base", "Shapes", "Details 1", "Details 2", "Details 3"]


def test_names_marks_and_primitives_survive_save_export_and_reimport() -> None:
    doc = Document(100, 100, layers=[
        Layer("Base", [traced((1.0, 0.84, 0.0, 1.0)), traced((0.55, 0.27, 0.07, 1.0), x=20)]),
        Layer("Details 1", [Shape(circle_points(80, 80, 5), fill=SolidFill((0, 0, 0, 1)), name="Pupil")]),
    ])
    doc, _ = clean_up(doc)
    names = [(s.id, s.name, s.origin) for s in doc.all_shapes()]
    assert [n for _, n, _ in names] == ["Gold", "Saddle brown", "Pupil"]
    assert all(isinstance(s.primitive, Ellipse) for s in doc.layers[0].shapes)  # snapped circles

    saved = document_from_data(json.loads(json.dumps(document_to_data(doc))))
    assert [(s.id, s.name, s.origin) for s in saved.all_shapes()] == names
    assert [s.primitive for s in saved.all_shapes()] == [s.primitive for s in doc.all_shapes()]

    text = svg_string(doc)
    assert 'inkscape:label="Gold"' in text and 'inkscape:label="Details 1"' in text
    back = import_svg_data(text).document
    assert [(s.id, s.name, s.origin) for s in back.all_shapes()] == names
    assert [layer.name for layer in back.layers] == ["Base", "Details 1"]
    assert np.allclose(back.layers[0].shapes[0].points, doc.layers[0].shapes[0].points, atol=0.01)
