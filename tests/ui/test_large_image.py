"""A large image keeps its size: the document is the image's, the optimizer works at its
working size, the export is full size."""
from __future__ import annotations

import numpy as np
from lxml import etree

from editor.ui.dialogs import SvgExportOptions
from tests.ui.helpers import start_tracing, wait_steps, write_test_image


def test_large_image_keeps_its_size_through_trace_and_export(window, tmp_path, qtbot):
    path = tmp_path / "large.png"
    write_test_image(path, size=48)
    from PIL import Image
    Image.open(path).resize((3000, 2000), Image.NEAREST).save(path)  # a 3:2 photo's size
    assert window.files.open_path(path)
    doc = window.ctl.doc
    assert (doc.width, doc.height) == (3000, 2000)
    assert (window.ctl.source.width, window.ctl.source.height) == (3000, 2000)
    assert not window.dialogs.infos  # no "downscaled" notice
    window.optimize.working_size.setValue(128)
    start_tracing(window, qtbot)
    wait_steps(window, qtbot, 5)
    working = window.runner._session._working
    assert (working.width, working.height) == (128, 85)  # the optimizer's canvas
    points = np.concatenate([s.points for s in window.ctl.doc.all_shapes()])
    assert points[:, 0].max() > 400  # shapes come back in document units
    window.runner.stop()
    out = tmp_path / "large.svg"
    window.dialogs.export_answer = SvgExportOptions(out, "inkscape", 2)
    assert window.files.export_svg()
    root = etree.parse(str(out)).getroot()
    assert (root.get("width"), root.get("height"), root.get("viewBox")) == \
        ("3000", "2000", "0 0 3000 2000")
