"""The editor's Clean Up command: one history entry that undoes in one step."""
from __future__ import annotations

import numpy as np

from editor.document import Document, Layer, Origin, Shape, SolidFill, circle_points, rect_points
from editor.io.doc_json import document_to_data


def _traced(points, color) -> Shape:
    return Shape(points, fill=SolidFill(color), origin=Origin.OPTIMIZER)


def test_clean_up_is_one_undo_step(window) -> None:
    buried = _traced(circle_points(50, 50, 8), (0.4, 0.25, 0.1, 1.0))
    cover = _traced(rect_points(20, 20, 60, 60), (1.0, 0.84, 0.0, 1.0))
    spilling = _traced(circle_points(95, 20, 15), (0.1, 0.2, 0.8, 1.0))
    drawn = Shape(circle_points(10, 90, 30), fill=SolidFill((0.0, 0.0, 0.0, 1.0)), name="Mine")
    doc = Document(100, 100, layers=[Layer("Base", [buried, cover, spilling, drawn])])
    window.ctl.reset(doc, None)
    before = document_to_data(window.ctl.doc)
    depth = window.ctl.undo_stack.count()

    window.cleanup_action.trigger()
    ids = [s.id for s in window.ctl.doc.all_shapes()]
    assert ids == [cover.id, spilling.id, drawn.id]
    assert window.ctl.shape(cover.id).name == "Gold"
    assert window.ctl.shape(spilling.id).points[:, 0].max() <= 100.5  # clipped
    assert window.ctl.undo_stack.count() == depth + 1
    assert window.ctl.undo_stack.undoText() == "Clean up"
    model = window.layers.model  # the layers panel shows the new name
    assert model.data(model.index_of(cover.id)) == "Gold"

    window.ctl.undo_stack.undo()
    assert document_to_data(window.ctl.doc) == before
    window.ctl.undo_stack.redo()
    assert [s.id for s in window.ctl.doc.all_shapes()] == ids


def test_clean_up_clears_paint_off_the_source_images_transparent_pixels(window, tmp_path) -> None:
    """The editor hands Clean Up its source's alpha: a traced disk across a clear column of a
    transparent PNG is notched along it."""
    from PIL import Image

    from editor.cleanup.transparent import _painted
    from editor.ui.source import SourceImage

    pixels = np.full((100, 100, 4), (200, 40, 40, 255), np.uint8)
    pixels[:, 50, 3] = 0
    Image.fromarray(pixels, "RGBA").save(tmp_path / "gap.png")
    disk = _traced(circle_points(50.3, 50.2, 20.0, 16), (0.78, 0.16, 0.16, 1.0))
    window.ctl.reset(Document(100, 100, background=None, layers=[Layer("Base", [disk])]),
                     SourceImage.open(tmp_path / "gap.png"))
    assert (1.0 - _painted(window.ctl.doc).transmittance)[:, 50].max() > 0.5

    window.cleanup_action.trigger()
    assert (1.0 - _painted(window.ctl.doc).transmittance)[:, 50].max() <= 0.5
    assert "cleared" in window.statusBar().currentMessage()
