"""The document mutators the editor's controller and the optimizer's session share."""
from __future__ import annotations

import pytest

from editor.document import Document, Layer, Shape, rect_points


def _doc() -> tuple[Document, Layer, Layer, list[Shape]]:
    shapes = [Shape(rect_points(i, i, 4, 4), id=f"s{i}") for i in range(3)]
    bottom = Layer(name="bottom", id="L1", shapes=shapes[:2])
    top = Layer(name="top", id="L2", shapes=shapes[2:])
    return Document(20, 20, layers=[bottom, top]), bottom, top, shapes


def _ids(doc: Document) -> list[list[str]]:
    return [[s.id for s in layer.shapes] for layer in doc.layers]


def test_find_item_and_editability() -> None:
    doc, bottom, top, shapes = _doc()
    assert doc.find_item("L2") is top and doc.find_item("s1") is shapes[1]
    assert doc.find_item("nope") is None
    assert doc.is_shape_editable("s0")
    bottom.locked = True
    assert not doc.is_shape_editable("s0") and doc.is_shape_editable("s2")
    shapes[2].visible = False
    assert not doc.is_shape_editable("s2") and not doc.is_shape_editable("nope")


def test_insert_remove_and_move() -> None:
    doc, bottom, top, shapes = _doc()
    assert doc.remove_shape("s0") == (bottom, 0, shapes[0])
    doc.insert_shape(shapes[0], top)  # None: on top
    assert _ids(doc) == [["s1"], ["s2", "s0"]]
    doc.move_shape("s0", "L1", 0)
    assert _ids(doc) == [["s0", "s1"], ["s2"]]
    doc.move_layer("L2", 0)
    assert [layer.id for layer in doc.layers] == ["L2", "L1"]
    assert doc.remove_item("L1") == ["s0", "s1"] and _ids(doc) == [["s2"]]
    doc.insert_layer(bottom, 0)
    assert [layer.id for layer in doc.layers] == ["L1", "L2"]
    assert doc.remove_item("s2") == ["s2"] and _ids(doc) == [["s0", "s1"], []]


def test_unknown_ids_raise_before_anything_changes() -> None:
    doc, *_ = _doc()
    before = _ids(doc)
    for call in (lambda: doc.move_shape("s0", "missing"), lambda: doc.move_shape("missing", "L2"),
                 lambda: doc.move_layer("missing", 0), lambda: doc.remove_item("missing"),
                 lambda: doc.remove_layer("missing")):
        with pytest.raises(KeyError):
            call()
        assert _ids(doc) == before
