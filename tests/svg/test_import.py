"""SVG import: geometry, structure, styles, gradients, compound paths, and hostile or broken input."""
from __future__ import annotations

import builtins
import gzip
import re
from pathlib import Path

import numpy as np
import pytest

from editor.document import FillRule, LinearGradient, RadialGradient
from editor.errors import BadInputError, LayertraceError
from editor.svg import import_svg, import_svg_data, svg_string
from tests.reference_raster import rasterize_svg_reference

DATA = Path(__file__).parents[1] / "data"
XLINK = 'xmlns:xlink="http://www.w3.org/1999/xlink"'


def svg(body: str, size: str = 'width="100" height="100"') -> str:
    return f'<svg xmlns="http://www.w3.org/2000/svg" {XLINK} {size}>{body}</svg>'


def only_shapes(body: str):
    return import_svg_data(svg(body)).document.all_shapes()


def curve_at(seg: np.ndarray, t: float) -> np.ndarray:
    return ((1 - t) ** 3 * seg[0] + 3 * (1 - t) ** 2 * t * seg[1]
            + 3 * (1 - t) * t ** 2 * seg[2] + t ** 3 * seg[3])


def assert_same_picture(original: str, size: int, mae: float = 2e-3) -> None:
    """The import, exported again, rasterizes (resvg) like the original file."""
    result = import_svg_data(original)
    exported = svg_string(result.document, flavour="plain", precision=3)
    a = rasterize_svg_reference(original, size, size)
    b = rasterize_svg_reference(exported, size, size)
    error = np.abs(a - b)
    assert error.mean() < mae and np.quantile(error, 0.99) < 0.05, (error.mean(), result.warnings)


# -- geometry ---------------------------------------------------------------------------------


def test_rect_becomes_four_straight_cubics() -> None:
    (shape,) = only_shapes('<rect x="10" y="20" width="30" height="40"/>')
    assert shape.closed and shape.num_segments == 4
    corners = shape.points[::3]
    assert sorted(map(tuple, corners)) == [(10, 20), (10, 60), (40, 20), (40, 60)]
    for seg in shape.segments():  # controls on the chord at 1/3 and 2/3: straight lines
        np.testing.assert_allclose(seg[1], seg[0] + (seg[3] - seg[0]) / 3)
        np.testing.assert_allclose(seg[2], seg[0] + 2 * (seg[3] - seg[0]) / 3)


def test_rounded_rect_and_circle_stay_on_their_outline() -> None:
    rounded, circle = only_shapes('<rect x="0" y="0" width="40" height="20" rx="5"/><circle cx="50" cy="50" r="10"/>')
    assert rounded.num_segments == 8 and rounded.bounds() == pytest.approx((0, 0, 40, 20))
    assert circle.num_segments == 4
    for seg in circle.segments():
        for t in np.linspace(0, 1, 9):
            assert np.hypot(*(curve_at(seg, t) - 50)) == pytest.approx(10, rel=3e-4)


def test_ellipse_line_polyline_polygon() -> None:
    ellipse, line, polyline, polygon = only_shapes(
        '<ellipse cx="50" cy="50" rx="20" ry="10"/>'
        '<line x1="0" y1="0" x2="10" y2="5" stroke="black"/>'
        '<polyline points="0,0 10,10 20,0" fill="none" stroke="black"/>'
        '<polygon points="0,0 10,10 20,0"/>'
    )
    assert ellipse.bounds() == pytest.approx((30, 40, 70, 60), abs=1e-9)
    assert not line.closed and line.num_segments == 1 and line.fill is None and line.stroke is not None
    assert not polyline.closed and polyline.num_segments == 2
    assert polygon.closed and polygon.num_segments == 3


def test_quadratic_is_elevated_exactly_and_arcs_follow_the_circle() -> None:
    quad, arc = only_shapes('<path d="M0 0 Q 50 100 100 0" fill="none" stroke="red"/>'
                            '<path d="M 20 50 A 30 30 0 0 1 80 50" fill="none" stroke="red"/>')
    # A quadratic's midpoint is (p0 + 2q + p2) / 4.
    np.testing.assert_allclose(curve_at(quad.segments()[0], 0.5), [50, 50])
    assert arc.num_segments == 2  # 180° in pieces of at most 90°
    for seg in arc.segments():
        for t in np.linspace(0, 1, 7):
            assert np.hypot(*(curve_at(seg, t) - [50, 50])) == pytest.approx(30, rel=3e-4)


def test_relative_commands_and_closing_segment() -> None:
    (shape,) = only_shapes('<path d="m 10 10 h 20 v 20 z"/>')
    assert shape.closed and shape.num_segments == 3  # the Z adds the straight way back
    assert sorted(map(tuple, shape.points[::3])) == [(10, 10), (30, 10), (30, 30)]


def test_transforms_compose_through_groups_use_and_viewbox() -> None:
    doc = import_svg_data(svg(
        '<defs><rect id="r" width="10" height="10"/></defs>'
        '<g transform="translate(10 0)"><g transform="scale(2)"><use href="#r" x="5" y="5"/></g></g>',
        size='width="200" height="200" viewBox="0 0 100 100"',
    )).document
    (shape,) = doc.all_shapes()
    # viewBox ×2, translate 10, scale 2, use offset 5: x = 2 * (10 + 2 * (5 + [0, 10]))
    assert shape.bounds() == pytest.approx((40, 20, 80, 60))


def test_preserve_aspect_ratio_centers_the_view_box() -> None:
    doc = import_svg_data(svg('<rect width="10" height="10"/>', size='width="200" height="100" viewBox="0 0 10 10"')).document
    assert (doc.width, doc.height) == (200, 100)
    assert doc.all_shapes()[0].bounds() == pytest.approx((50, 0, 150, 100))


# -- canvas size ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "size, expected",
    [
        ('width="64" height="32"', (64, 32)),
        ('viewBox="0 0 120 80"', (120, 80)),
        ('width="240" viewBox="0 0 120 80"', (240, 160)),
        ('width="10mm" height="1in"', (pytest.approx(37.795, abs=1e-3), 96)),
    ],
)
def test_canvas_size_from_width_height_and_view_box(size: str, expected) -> None:
    doc = import_svg_data(svg("", size=size)).document
    assert (doc.width, doc.height) == expected


def test_canvas_without_any_size_is_fitted_to_the_content_with_a_warning() -> None:
    result = import_svg_data(svg('<rect x="0" y="0" width="30.5" height="20"/>', size=""))
    assert (result.document.width, result.document.height) == (31, 20)
    assert any("fitted to the content" in w for w in result.warnings)


# -- structure --------------------------------------------------------------------------------


def test_inkscape_layers_keep_label_id_hidden_and_locked_state() -> None:
    result = import_svg(DATA / "inkscape_layers.svg")
    doc = result.document
    assert [(l.name, l.visible, l.locked) for l in doc.layers] == [
        ("Layer 1", True, False),  # the path before any layer
        ("Shapes", True, False),
        ("Lines", True, True),
        ("Notes", False, False),
    ]
    assert [l.id for l in doc.layers[1:]] == ["layer1", "layer2", "layer3"]
    shapes = {s.id: s for s in doc.all_shapes()}
    assert list(shapes) == ["loose", "rounded", "dot", "oval", "ghost", "rule", "zigzag", "star", "tick", "arc"]
    assert shapes["rounded"].name == "Rounded box"
    assert not shapes["ghost"].visible and shapes["ghost"].fill is not None  # hidden, kept
    tick = shapes["tick"]  # in a hidden, locked sublayer: flattened into "Lines"
    assert tick in doc.layers[2].shapes and not tick.visible and tick.locked
    assert shapes["arc"].visible  # its layer is hidden, not the shape itself
    assert result.warnings == ["Skipped unsupported content: <text> (1)."]
    # 60 mm page at 96 dpi, viewBox 240 × 160 scaled into it
    assert doc.width == pytest.approx(60 / 25.4 * 96)
    assert shapes["loose"].bounds()[2] == pytest.approx(20 * doc.width / 240)


def test_styles_cascade_and_opacity_multiplies() -> None:
    shapes = {s.id: s for s in import_svg(DATA / "inkscape_layers.svg").document.all_shapes()}
    assert shapes["dot"].fill.color == pytest.approx((0xE6 / 255, 0x51 / 255, 0, 1))  # class beats attribute
    assert shapes["rounded"].fill.color[3] == pytest.approx(0.5)  # fill-opacity in style
    assert shapes["oval"].fill.color[3] == pytest.approx(0.5 * 0.8)  # group × own opacity
    assert shapes["star"].fill_rule == FillRule.EVENODD  # from an #id rule
    rule = shapes["rule"]
    assert rule.stroke == pytest.approx((0x21 / 255,) * 3 + (1,))
    assert rule.stroke_width == pytest.approx(4 * 60 / 25.4 * 96 / 240)  # scaled like the geometry


def test_top_level_groups_are_layers_without_inkscape_markup_and_entities_are_allowed() -> None:
    """Illustrator's legacy export: entity-declared namespaces, <switch> wrapper, CSS classes."""
    result = import_svg(DATA / "illustrator_legacy.svg")
    doc = result.document
    assert [(l.name, l.id) for l in doc.layers] == [("Layer 1", "Layer_x0020_1"), ("Top_Layer", "Top_x5F_Layer")]
    square, stroke = doc.layers[0].shapes
    assert square.fill.color == pytest.approx((0xE5 / 255, 0x39 / 255, 0x35 / 255, 1))
    assert stroke.fill is None and stroke.stroke_width == 2 and not stroke.closed
    assert doc.layers[1].shapes[0].fill.color[1] == pytest.approx(0xA0 / 255)  # style="" beats the class
    assert any("CSS rule with an unsupported selector (1)" in w for w in result.warnings)


def test_content_outside_layers_keeps_paint_order() -> None:
    doc = import_svg_data(svg(
        '<rect id="a" width="1" height="1"/>'
        '<g xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" inkscape:groupmode="layer" id="L">'
        '<rect id="b" width="1" height="1"/></g>'
        '<rect id="c" width="1" height="1"/>'
    )).document
    assert [[s.id for s in l.shapes] for l in doc.layers] == [["a"], ["b"], ["c"]]


def test_background_rect_is_recognised_only_when_it_covers_the_canvas() -> None:
    doc = import_svg_data(svg('<rect width="100" height="100" fill="#102030" opacity="0.5"/><circle r="5"/>')).document
    assert doc.background == pytest.approx((0x10 / 255, 0x20 / 255, 0x30 / 255, 0.5))
    assert len(doc.all_shapes()) == 1
    partial = import_svg_data(svg('<rect width="100" height="90" fill="#102030"/>')).document
    assert partial.background is None and len(partial.all_shapes()) == 1


def test_ids_stay_unique_when_use_repeats_an_element() -> None:
    doc = import_svg_data(svg('<rect id="r" width="1" height="1"/><use href="#r" x="5"/><use href="#r" x="9"/>')).document
    assert [s.id for s in doc.all_shapes()] == ["r", "r-2", "r-3"] and doc.unique_ids()


def test_symbol_mask_and_marker_content_is_not_drawn() -> None:
    result = import_svg_data(svg(
        '<symbol id="s" viewBox="0 0 10 10"><rect width="10" height="10"/></symbol>'
        '<mask id="m"><rect width="100" height="100" fill="white"/></mask>'
        '<marker id="k"><circle r="2"/></marker>'
        '<use href="#s" x="50" width="20" height="20"/>'
    ))
    (shape,) = result.document.all_shapes()
    assert shape.bounds() == pytest.approx((50, 0, 70, 20))
    assert result.warnings == []


def test_unsupported_content_is_reported_once_with_counts() -> None:
    result = import_svg_data(svg(
        '<text>a</text><text>b</text><image href="x.png" width="5" height="5"/>'
        '<rect width="5" height="5" clip-path="url(#c)"/><rect width="5" height="5" filter="url(#f)"/>'
        '<foreignObject/>'
    ))
    assert len(result.document.all_shapes()) == 2
    assert result.warnings == [
        "Skipped unsupported content: <foreignObject> (1), <image> (1), <text> (2), clip-path (1), filter (1)."
    ]


# -- paints ------------------------------------------------------------------------------------


def test_fill_colors_opacity_current_color_and_none() -> None:
    a, b, c = only_shapes(
        '<rect width="1" height="1" fill="rgb(255, 0, 0)" fill-opacity="25%"/>'
        '<g color="#00ff00" opacity="0.5"><rect width="1" height="1" fill="currentColor"/></g>'
        '<rect width="1" height="1" fill="none" stroke="#0000ff80" stroke-width="2"/>'
    )
    assert a.fill.color == pytest.approx((1, 0, 0, 0.25))
    assert b.fill.color == pytest.approx((0, 1, 0, 0.5))
    assert c.fill is None and c.stroke == pytest.approx((0, 0, 1, 128 / 255))


def test_gradients_with_href_chains_units_and_transforms() -> None:
    shapes = import_svg(DATA / "noto_style_gradients.svg").document.all_shapes()
    face, blush, shine, mouth = (s.fill for s in shapes)
    assert isinstance(face, RadialGradient)  # stops inherited through xlink:href
    assert face.center == pytest.approx((64, 50)) and face.radius == pytest.approx((60, 60))
    assert [s.offset for s in face.stops] == pytest.approx([0.2, 1.0])
    assert face.stops[1].color == pytest.approx((0xF4 / 255, 0xA2 / 255, 0x23 / 255, 0.9))  # from style=""
    # gradientTransform translate(10 60) scale(1.5 1): an axis-aligned ellipse
    assert blush.center == pytest.approx((55, 80)) and blush.radius == pytest.approx((15, 10))
    # objectBoundingBox 0→1 vertical over the rect (30, 20)–(70, 40)
    assert isinstance(shine, LinearGradient)
    assert shine.start == pytest.approx((30, 20)) and shine.end == pytest.approx((30, 40))
    assert mouth.start == pytest.approx((40, 90)) and mouth.end == pytest.approx((88, 110))
    assert shapes[3].stroke_width == 3


def test_gradient_fidelity_against_resvg() -> None:
    assert_same_picture((DATA / "noto_style_gradients.svg").read_text(), 128)


def test_linear_gradient_under_a_skewing_transform_stays_exact() -> None:
    original = svg(
        '<linearGradient id="g" gradientUnits="userSpaceOnUse" x1="0" y1="0" x2="40" y2="10">'
        '<stop offset="0" stop-color="#ff0000"/><stop offset="1" stop-color="#0000ff"/></linearGradient>'
        '<rect transform="matrix(1 0.3 0.6 1 5 5)" width="50" height="50" fill="url(#g)"/>'
    )
    assert_same_picture(original, 100, mae=1e-3)


def test_rotated_radial_gradient_is_approximated_with_a_warning() -> None:
    result = import_svg_data(svg(
        '<radialGradient id="g" gradientTransform="rotate(30 50 50) scale(2 1)" gradientUnits="userSpaceOnUse" '
        'cx="25" cy="50" r="20"><stop offset="0" stop-color="#fff"/><stop offset="1" stop-color="#000"/></radialGradient>'
        '<rect width="100" height="100" fill="url(#g)"/>'
    ))
    assert result.warnings == ["Approximated: rotated or skewed radial gradient (1)."]
    assert isinstance(result.document.all_shapes()[0].fill, RadialGradient)


def test_missing_paint_server_uses_the_fallback_color() -> None:
    a, b = only_shapes('<rect width="1" height="1" fill="url(#nope) #00ff00"/><rect width="1" height="1" fill="url(#nope)"/>')
    assert a.fill.color == pytest.approx((0, 1, 0, 1)) and b.fill is None


# -- compound paths ------------------------------------------------------------------------------

DONUT = "M 10 50 A 40 40 0 1 0 90 50 A 40 40 0 1 0 10 50 Z M 30 50 A 20 20 0 1 1 70 50 A 20 20 0 1 1 30 50 Z"


@pytest.mark.parametrize("rule", ["nonzero", "evenodd"])
def test_ring_imports_as_one_shape_with_its_hole_and_exports_as_one_path(rule: str) -> None:
    original = svg(f'<path id="ring" d="{DONUT}" fill="#3949ab" fill-rule="{rule}"/>')
    result = import_svg_data(original)
    (shape,) = result.document.all_shapes()
    assert shape.closed and shape.fill_rule.value == rule and len(shape.subpaths) == 1
    assert shape.bounds() == pytest.approx((10, 10, 90, 90), abs=1e-6)
    hole = shape.subpaths[0]
    assert np.allclose(np.linalg.norm(hole[::3] - 50, axis=1), 20)  # the inner circle's nodes
    assert result.warnings == []
    exported = svg_string(result.document, flavour="plain")
    (d,) = re.findall(r' d="([^"]*)"', exported)
    assert d.count("M") == 2 and d.count("Z") == 2
    assert ('fill-rule="evenodd"' in exported) == (rule == "evenodd")
    assert_same_picture(original, 100, mae=1e-3)


@pytest.mark.parametrize("rule", ["nonzero", "evenodd"])
def test_same_direction_contours_are_a_hole_only_under_evenodd(rule: str) -> None:
    """Both squares wind the same way: nonzero fills the inner one, even-odd cuts it out."""
    original = svg(f'<path d="M 10 10 h 80 v 80 h -80 Z M 30 30 h 40 v 40 h -40 Z" fill="red" fill-rule="{rule}"/>')
    (shape,) = import_svg_data(original).document.all_shapes()
    assert len(shape.subpaths) == 1
    assert_same_picture(original, 100, mae=1e-3)


def test_disjoint_subpaths_stay_one_shape_filled_then_stroked() -> None:
    original = svg('<path d="M 10 10 h 20 v 20 h -20 Z M 50 50 h 20 v 20 h -20 Z" fill="red" stroke="blue" stroke-width="3" stroke-linejoin="round"/>')
    result = import_svg_data(original)
    (shape,) = result.document.all_shapes()
    assert shape.fill is not None and shape.stroke is not None and len(shape.subpaths) == 1
    assert result.warnings == []
    assert_same_picture(original, 100)


def test_degenerate_contours_are_dropped_with_a_warning() -> None:
    original = svg('<path id="a" d="M 10 10 h 80 v 80 h -80 Z M 20 20 L 40 40 Z M 30 30 h 40 v 40 h -40 Z" fill="red" fill-rule="evenodd"/>'
                   '<path id="flat" d="M 5 5 L 50 5 L 95 5 Z" fill="blue"/>'
                   '<path id="dot" d="M 60 60 Z" fill="blue"/>')
    result = import_svg_data(original)
    (shape,) = result.document.all_shapes()
    assert shape.id == "a" and len(shape.subpaths) == 1
    assert np.ptp(shape.subpaths[0], axis=0).tolist() == [40, 40]
    assert result.warnings == ["Dropped 2 contour(s) and 1 shape(s) that paint nothing "
                               "(zero area, or fewer than 3 control points)."]
    assert "NaN" not in svg_string(result.document) and "nan" not in svg_string(result.document)


def test_open_filled_and_stroked_path_splits_into_fill_and_stroke() -> None:
    fill, stroke = only_shapes('<path d="M 10 10 L 90 10 L 50 90" fill="red" stroke="black" stroke-linecap="round" stroke-linejoin="round"/>')
    assert fill.closed and fill.num_segments == 3 and fill.stroke is None
    assert not stroke.closed and stroke.num_segments == 2 and stroke.fill is None


# -- bad input ---------------------------------------------------------------------------------


def bad(data: bytes | str, match: str) -> None:
    with pytest.raises(BadInputError, match=match):
        import_svg_data(data, "drawing.svg")


def test_missing_file_and_folder_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(BadInputError, match=r"nope\.svg: file not found"):
        import_svg(tmp_path / "nope.svg")
    with pytest.raises(BadInputError, match="folder"):
        import_svg(tmp_path)


@pytest.mark.parametrize(
    "data, match",
    [
        (b"", "empty"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><rect', "not a valid XML file"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><desc>\xff\xfe</desc></svg>', "not a valid XML file"),
        (b"<html><body/></html>", r"not an SVG file \(the document is <html>"),
        (b"\x89PNG\r\n\x1a\n", "not a valid XML file"),
        (b"\x1f\x8b\x08\x00garbage", "compressed"),
    ],
)
def test_broken_files_are_refused_with_the_reason(data: bytes, match: str) -> None:
    bad(data, rf"drawing\.svg: .*{match}")


@pytest.mark.parametrize("size", ['width="1e9" height="10"', 'width="0" height="10"', 'width="-5" height="5"',
                                  'viewBox="0 0 1e12 1e12"', 'width="NaN" height="10"'])
def test_absurd_canvas_sizes_are_refused(size: str) -> None:
    bad(svg("", size=size), "canvas size")


@pytest.mark.parametrize("body", ['<rect x="1e300" width="10" height="10"/>', '<path d="M 0 0 L 2e6 0"/>',
                                  '<rect transform="scale(1e400)" width="10" height="10"/>'])
def test_huge_or_infinite_coordinates_are_refused(body: str) -> None:
    bad(svg(body), "not finite or beyond")


def test_entity_expansion_bomb_is_refused() -> None:
    lol = ('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">'
           + "".join(f'<!ENTITY {c} "{("&" + p + ";") * 10}">' for p, c in zip("abcdefgh", "bcdefghi"))
           + ']><svg xmlns="http://www.w3.org/2000/svg"><desc>&i;</desc></svg>')
    bad(lol, "nested XML entity")
    quadratic = ('<!DOCTYPE svg [<!ENTITY a "' + "x" * 1000 + '">]><svg xmlns="http://www.w3.org/2000/svg"><desc>'
                 + "&a;" * 10000 + "</desc></svg>")
    bad(quadratic, "expand")


def test_external_entities_are_refused_and_nothing_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_open(*args, **kwargs):
        raise AssertionError(f"import opened {args[0]!r}")

    xxe = '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg"><desc>&x;</desc></svg>'
    monkeypatch.setattr(builtins, "open", no_open)
    bad(xxe, "external")
    result = import_svg_data(svg(
        '<use href="other.svg#shape"/><use xlink:href="http://example.com/a.svg#b"/>'
        '<image href="/etc/secret.png" width="5" height="5"/><rect width="5" height="5" fill="url(other.svg#g)"/>'
    ))
    assert result.warnings == ["Skipped unsupported content: <image> (1), reference to another file (not read) (3)."]
    assert result.document.all_shapes()[0].fill is None  # no fallback colour given


def test_use_bombs_and_cycles_end_quickly() -> None:
    layers = ['<rect id="l0" width="1" height="1"/>'] + [
        f'<g id="l{i}">' + f'<use href="#l{i - 1}"/>' * 10 + "</g>" for i in range(1, 9)
    ]
    bad(svg("<defs>" + "".join(layers) + '</defs><use href="#l8"/>'), "too many elements")
    result = import_svg_data(svg('<g id="a"><rect width="1" height="1"/><use href="#a"/></g>'))
    assert any("circular" in w for w in result.warnings)


def test_deep_nesting_is_refused() -> None:
    bad(svg("<g>" * 500 + "</g>" * 500), "nested more than")


def test_errors_are_layertrace_errors_with_no_partial_document(tmp_path: Path) -> None:
    path = tmp_path / "broken.svg"
    path.write_bytes(svg('<rect width="10" height="10"/><path d="M 0 0 L 1e9 0"/>').encode())
    with pytest.raises(LayertraceError) as info:
        import_svg(path)
    assert str(info.value).startswith(str(path))


def test_svgz_is_read() -> None:
    data = gzip.compress(svg('<rect width="10" height="10"/>').encode())
    assert len(import_svg_data(data).document.all_shapes()) == 1
