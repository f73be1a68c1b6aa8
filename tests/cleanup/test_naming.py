"""Meaningful names: shapes after their colour and role, layers after their depth; names,
roles and the optimizer's marks survive saving, SVG export and re-import."""
from __future__ import annotations

import json

import numpy as np

from editor.cleanup import CleanupOptions, clean_up
from editor.document import Document, Ellipse, Layer, Origin, Role, Shape, SolidFill, circle_points
from editor.document.naming import color_name, depth_layer_name, has_automatic_name, name_shapes_by_color
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


def test_a_shape_with_a_role_is_named_by_color_and_role() -> None:
    gold = (1.0, 0.84, 0.0, 1.0)
    plain, glint, glint2 = traced(gold), traced(gold, role=Role.HIGHLIGHT), traced(gold, role=Role.HIGHLIGHT)
    brown = traced((0.55, 0.27, 0.07, 1.0), role=Role.LINE)
    doc = Document(100, 100, layers=[Layer("L", [plain, glint, glint2, brown])])
    name_shapes_by_color(doc)
    assert [s.name for s in doc.all_shapes()] == ["Gold", "Gold highlight", "Gold highlight 2", "Saddle brown line"]
    assert all(has_automatic_name(s) for s in doc.all_shapes())  # so they follow later colour changes
    glint.name = "Gold highlight on the left"  # the designer's own: kept
    assert not has_automatic_name(glint)


def test_layers_are_named_by_depth() -> None:
    assert [depth_layer_name(i) for i in range(5)] == ["Base", "Shapes", "Details 1", "Details 2", "Details 3"]


def test_names_marks_and_primitives_survive_save_export_and_reimport() -> None:
    doc = Document(100, 100, layers=[
        Layer("Base", [traced((1.0, 0.84, 0.0, 1.0)),
                       Shape(circle_points(50, 50, 3), fill=SolidFill((0.75, 0.63, 0.0, 1.0)),
                             origin=Origin.OPTIMIZER, role=Role.SHADOW)]),
        Layer("Details 1", [Shape(circle_points(80, 80, 5), fill=SolidFill((0, 0, 0, 1)), name="Pupil")]),
    ])
    doc, _ = clean_up(doc)
    names = [(s.id, s.name, s.origin, s.role) for s in doc.all_shapes()]
    assert [n for _, n, _, _ in names] == ["Gold", "Goldenrod shadow", "Pupil"]
    assert all(isinstance(s.primitive, Ellipse) for s in doc.layers[0].shapes)  # snapped circles

    saved = document_from_data(json.loads(json.dumps(document_to_data(doc))))
    assert [(s.id, s.name, s.origin, s.role) for s in saved.all_shapes()] == names
    assert [s.primitive for s in saved.all_shapes()] == [s.primitive for s in doc.all_shapes()]

    text = svg_string(doc)
    assert 'inkscape:label="Gold"' in text and 'inkscape:label="Details 1"' in text
    back = import_svg_data(text).document
    assert 'layertrace:role="shadow"' in text
    assert [(s.id, s.name, s.origin, s.role) for s in back.all_shapes()] == names
    assert [layer.name for layer in back.layers] == ["Base", "Details 1"]
    assert np.allclose(back.layers[0].shapes[0].points, doc.layers[0].shapes[0].points, atol=0.01)


def test_clean_up_keeps_a_role_only_while_the_final_colour_plays_it() -> None:
    """A method judged the role when it placed the shape; the optimizer may have changed the
    colour since (a highlight that turned black is no highlight)."""
    gold = (1.0, 0.8, 0.1, 1.0)
    face = Shape(circle_points(50, 50, 40), fill=SolidFill(gold), origin=Origin.OPTIMIZER)
    glint = traced((1.0, 0.9, 0.55, 1.0), x=40, role=Role.HIGHLIGHT)  # halfway to white: still one
    turned_black = traced((0.02, 0.02, 0.02, 1.0), x=60, role=Role.HIGHLIGHT)
    shade = traced((0.75, 0.6, 0.075, 1.0), x=50, role=Role.SHADOW)
    adrift = Shape(circle_points(5, 5, 3), fill=SolidFill((1.0, 0.9, 0.55, 1.0)),
                   origin=Origin.OPTIMIZER, role=Role.HIGHLIGHT)  # over no paint: no role
    locked = traced((0.02, 0.02, 0.02, 1.0), x=50, role=Role.HIGHLIGHT, locked=True)
    doc = Document(100, 100, layers=[Layer("L", [face, glint, turned_black, shade, adrift, locked])])
    only_names = {step: False for step in ("clip", "remove_buried", "merge", "snap_primitives", "remove_nodes")}
    out, report = clean_up(doc, CleanupOptions(**only_names))
    assert report.roles_dropped == 2
    assert [(s.name, s.role) for s in out.all_shapes()][:5] == [
        ("Gold", None), ("Khaki highlight", Role.HIGHLIGHT), ("Black", None),
        ("Goldenrod shadow", Role.SHADOW), ("Khaki", None),
    ]
    assert out.all_shapes()[5].role is Role.HIGHLIGHT  # locked: untouched
