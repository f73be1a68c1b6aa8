"""SVG export: structure designers' tools expect, paints, precision, flavours and atomic writes."""
from __future__ import annotations

import os
import stat
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest

from editor.document import (
    Document,
    FillRule,
    GradientStop,
    Layer,
    LinearGradient,
    RadialGradient,
    Shape,
    SolidFill,
    circle_points,
    rect_points,
)
from editor.errors import LayertraceError
from editor.svg import export_svg, svg_string
from tests.reference_raster import rasterize_svg_reference

SVG = "{http://www.w3.org/2000/svg}"
INK = "{http://www.inkscape.org/namespaces/inkscape}"
SODI = "{http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd}"


def parse(text: str) -> ET.Element:
    return ET.fromstring(text.encode())


def sample_doc() -> Document:
    doc = Document(200, 100, background=(1.0, 1.0, 1.0, 1.0))
    base = Layer(name="Base", id="base")
    base.shapes.append(Shape(rect_points(10, 10, 50, 30), fill=SolidFill((1.0, 0.5, 0.0, 0.25)),
                             fill_rule=FillRule.EVENODD, id="box", name="Box"))
    base.shapes.append(Shape(circle_points(100, 50, 20), fill=SolidFill((0.0, 0.0, 1.0, 1.0)), id="disc",
                             stroke=(0.0, 0.0, 0.0, 0.5), stroke_width=2.5))
    top = Layer(name='Top "notes" & <stuff>', id="top", visible=False, locked=True)
    top.shapes.append(Shape(np.array([[0, 0], [10, 0], [20, 10], [30, 10]]), closed=False,
                            fill=SolidFill((1, 0, 0, 1)), stroke=(0.0, 0.5, 0.0, 1.0), stroke_width=3, id="line"))
    top.shapes.append(Shape(rect_points(150, 10, 20, 20), fill=SolidFill((0, 0, 0, 1)), id="secret",
                            visible=False, locked=True))
    doc.layers += [base, top]
    return doc


def test_root_has_view_box_size_and_declared_namespaces() -> None:
    root = parse(svg_string(sample_doc()))  # ElementTree refuses undeclared prefixes
    assert (root.get("width"), root.get("height"), root.get("viewBox")) == ("200", "100", "0 0 200 100")
    text = svg_string(sample_doc())
    assert 'xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"' in text
    assert 'xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"' in text


def test_background_is_its_own_bottom_rect_and_omitted_when_transparent() -> None:
    doc = sample_doc()
    doc.background = (0.2, 0.4, 0.6, 0.5)
    rect = [e for e in parse(svg_string(doc)) if e.tag != f"{SVG}defs"][0]
    assert rect.tag == f"{SVG}rect" and rect.get(f"{INK}groupmode") is None
    assert (rect.get("width"), rect.get("height"), rect.get("fill"), rect.get("fill-opacity")) == ("200", "100", "#336699", "0.5")
    doc.background = None
    assert parse(svg_string(doc)).find(f"{SVG}rect") is None


def test_layers_are_inkscape_layers_with_lock_and_visibility() -> None:
    layers = parse(svg_string(sample_doc())).findall(f"{SVG}g")
    assert [(g.get(f"{INK}groupmode"), g.get(f"{INK}label"), g.get("id")) for g in layers] == [
        ("layer", "Base", "base"), ("layer", 'Top "notes" & <stuff>', "top")
    ]
    assert layers[0].get(f"{SODI}insensitive") is None and layers[0].get("style") is None
    assert layers[1].get(f"{SODI}insensitive") == "true" and layers[1].get("style") == "display:none"
    secret = layers[1].find(f"{SVG}path[@id='secret']")
    assert secret.get(f"{SODI}insensitive") == "true" and secret.get("style") == "display:none"


def test_paths_fills_rules_and_strokes() -> None:
    paths = {p.get("id"): p for p in parse(svg_string(sample_doc())).iter(f"{SVG}path")}
    box, disc, line = paths["box"], paths["disc"], paths["line"]
    assert box.get("d") == "M10,10C26.67,10 43.33,10 60,10 60,20 60,30 60,40 43.33,40 26.67,40 10,40 10,30 10,20 10,10Z"
    assert (box.get("fill"), box.get("fill-opacity"), box.get("fill-rule")) == ("#ff8000", "0.25", "evenodd")
    assert box.get(f"{INK}label") == "Box" and box.get("stroke") is None
    assert disc.get("fill-opacity") is None and disc.get("fill-rule") is None  # opaque, nonzero: defaults
    assert (disc.get("stroke"), disc.get("stroke-opacity"), disc.get("stroke-width")) == ("#000000", "0.5", "2.5")
    assert (disc.get("stroke-linecap"), disc.get("stroke-linejoin")) == ("round", "round")
    assert line.get("d") == "M0,0C10,0 20,10 30,10" and line.get("fill") == "none"  # open: stroke only


def test_gradients_live_in_defs_in_user_space() -> None:
    doc = Document(100, 100, background=None)
    stops = [GradientStop(0.0, (1.0, 0.0, 0.0, 1.0)), GradientStop(0.5, (0.0, 1.0, 0.0, 0.4))]
    layer = doc.add_layer()
    layer.shapes += [
        Shape(rect_points(0, 0, 50, 50), fill=LinearGradient((0, 0), (50, 25), stops), id="lin"),
        Shape(rect_points(50, 0, 50, 50), fill=RadialGradient((75, 25), (20, 20), stops), id="circ"),
        Shape(rect_points(0, 50, 50, 50), fill=RadialGradient((25, 75), (20, 10), stops), id="oval"),
    ]
    root = parse(svg_string(doc))
    defs = root.find(f"{SVG}defs")
    lin, circ, oval = list(defs)
    assert lin.tag == f"{SVG}linearGradient"
    assert [lin.get(k) for k in ("gradientUnits", "x1", "y1", "x2", "y2")] == ["userSpaceOnUse", "0", "0", "50", "25"]
    assert [(s.get("offset"), s.get("stop-color"), s.get("stop-opacity")) for s in lin] == [
        ("0", "#ff0000", None), ("0.5", "#00ff00", "0.4")
    ]
    assert [circ.get(k) for k in ("cx", "cy", "r", "gradientTransform")] == ["75", "25", "20", None]
    assert oval.get("gradientTransform") == "matrix(20 0 0 10 25 75)" and oval.get("r") == "1"
    fills = [p.get("fill") for p in root.iter(f"{SVG}path")]
    assert fills == [f"url(#{g.get('id')})" for g in (lin, circ, oval)]


def test_elliptical_radial_gradient_renders_correctly_in_resvg() -> None:
    """resvg must show t = |(p - c) / r| per axis: compare with the analytic field."""
    center, radius = np.array([40.0, 30.0]), np.array([30.0, 12.0])
    doc = Document(80, 60, background=None)
    fill = RadialGradient(tuple(center), tuple(radius),
                          [GradientStop(0.0, (0, 0, 0, 1)), GradientStop(1.0, (1, 1, 1, 1))])
    doc.add_layer().shapes.append(Shape(rect_points(0, 0, 80, 60), fill=fill))
    image = rasterize_svg_reference(svg_string(doc), 80, 60)
    y, x = np.mgrid[0:60, 0:80] + 0.5
    t = np.clip(np.hypot((x - center[0]) / radius[0], (y - center[1]) / radius[1]), 0, 1)
    assert np.abs(image[..., 0] - t).max() < 0.02


def test_precision_is_configurable_and_trailing_zeros_are_stripped() -> None:
    doc = Document(10.5, 10, background=None)
    doc.add_layer().shapes.append(Shape(rect_points(1.23456, -0.0001, 2, 3), fill=SolidFill((0, 0, 0, 1)), id="r"))
    d = {p: parse(svg_string(doc, precision=p)).find(f".//{SVG}path").get("d") for p in (0, 3)}
    assert d[0].startswith("M1,0C2,0 ")  # -0.0001 → "0", never "-0"
    assert d[3].startswith("M1.235,0C1.901,0 ")
    assert parse(svg_string(doc, precision=0)).get("width") == "10.5"  # the canvas is never rounded away


def test_plain_flavour_has_no_editor_metadata_and_drops_hidden_items() -> None:
    text = svg_string(sample_doc(), flavour="plain")
    assert "inkscape" not in text and "sodipodi" not in text and "display:none" not in text
    root = parse(text)
    assert [g.get("id") for g in root.findall(f"{SVG}g")] == ["base"]  # hidden layer left out
    assert [p.get("id") for p in root.iter(f"{SVG}path")] == ["box", "disc"]
    doc = sample_doc()
    doc.layers[1].visible = True
    assert [p.get("id") for p in parse(svg_string(doc, flavour="plain")).iter(f"{SVG}path")] == ["box", "disc", "line"]


def test_ids_never_clash_with_our_own() -> None:
    doc = Document(10, 10)
    stops = [GradientStop(0, (0, 0, 0, 1)), GradientStop(1, (1, 1, 1, 1))]
    layer = Layer(name="L", id="background")
    layer.shapes += [Shape(rect_points(0, 0, 5, 5), fill=LinearGradient((0, 0), (5, 0), stops), id="a"),
                     Shape(rect_points(5, 5, 5, 5), fill=SolidFill((0, 0, 0, 1)), id="a-fill")]
    doc.layers.append(layer)
    ids = [e.get("id") for e in parse(svg_string(doc)).iter() if e.get("id")]
    assert len(ids) == len(set(ids)) and {"background", "a", "a-fill"} <= set(ids)


def test_labels_with_control_characters_stay_valid_xml() -> None:
    doc = Document(10, 10)
    doc.layers.append(Layer(name="tab\there\nnewline\x07bell", id="l"))
    assert parse(svg_string(doc)).find(f"{SVG}g").get(f"{INK}label") == "tab\there\nnewlinebell"


def test_non_finite_numbers_are_refused_naming_the_file(tmp_path: Path) -> None:
    doc = Document(10, 10)
    doc.add_layer().shapes.append(Shape(np.array([[0, 0], [np.nan, 1], [2, 2]]), fill=SolidFill((0, 0, 0, 1))))
    target = tmp_path / "out.svg"
    with pytest.raises(LayertraceError, match=r"out\.svg: .*not finite"):
        export_svg(doc, target)
    assert not target.exists()


# -- atomic writes -------------------------------------------------------------------------------


def test_export_writes_the_file_and_replaces_an_old_one_keeping_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "art.svg"
    target.write_text("old")
    os.chmod(target, 0o640)
    export_svg(sample_doc(), target, flavour="plain", precision=3)
    assert target.read_text(encoding="utf-8") == svg_string(sample_doc(), flavour="plain", precision=3)
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["art.svg"]


def test_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "art.svg"
    target.write_text("precious")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(LayertraceError, match=r"art\.svg: cannot write the file: No space left on device"):
        export_svg(sample_doc(), target)
    assert target.read_text() == "precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["art.svg"]


def test_unwritable_destination_raises_naming_the_file(tmp_path: Path) -> None:
    with pytest.raises(LayertraceError, match=r"missing/art\.svg: cannot write the file"):
        export_svg(sample_doc(), tmp_path / "missing" / "art.svg")
    (tmp_path / "folder.svg").mkdir()
    with pytest.raises(LayertraceError, match=r"folder\.svg: cannot write the file"):
        export_svg(sample_doc(), tmp_path / "folder.svg")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder.svg"]
