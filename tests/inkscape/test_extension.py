"""The Inkscape effects with inkex's own test harness: reference outputs (fuzzy numeric
comparison) for every kind of image placement and for refinement, and each bad input."""
from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

import pytest
from inkex.tester import ComparisonMixin, TestCase
from inkex.tester.filters import CompareNumericFuzzy
from layertrace_effects import RefinePaths, TraceBitmap
from lxml import etree

from tests.inkscape.placement import assert_on_image, psnr_on_image, traced_layers

DATA = Path(__file__).parent / "data"
REFS = DATA / "refs"
SMALL_TRACE = ("--id=photo", "--paths=4", "--size=64", "--params=max_steps=20 min_steps=20 final_steps=30",
               "--cleanup=false")
REFINE = ("--id=photo", "--id=red-blob", "--id=blue-box", "--steps=30", "--size=64")
SVG = "{http://www.w3.org/2000/svg}"


class TestTraceBitmap(ComparisonMixin, TestCase):
    """Embedded (base64 over several lines), linked, nested rotated and scaled, and
    preserveAspectRatio meet in a box of another shape."""

    effect_class = TraceBitmap
    compare_file = ("embedded.svg", "linked.svg", "nested.svg", "aspect.svg")
    comparisons = (SMALL_TRACE,)
    compare_filters = (CompareNumericFuzzy(),)


class TestRefinePaths(ComparisonMixin, TestCase):
    effect_class = RefinePaths
    compare_file = "refine.svg"
    comparisons = (REFINE,)
    compare_filters = (CompareNumericFuzzy(),)


def reference(fixture: str) -> etree._Element:
    """The reference output TestTraceBitmap compares against (the effect's output)."""
    [path] = [p for p in REFS.glob("*paths*.out") if p.name.endswith(f"{fixture.replace('.', '__')}.out")]
    return etree.parse(str(path)).getroot()


@pytest.mark.parametrize("fixture", ["embedded.svg", "linked.svg", "nested.svg", "aspect.svg"])
def test_trace_sits_on_the_image(fixture: str) -> None:
    assert_on_image(reference(fixture), DATA)


def test_trace_inserts_layers_above_the_image_layer() -> None:
    root = reference("nested.svg")
    inner = root.find(f".//{SVG}g[@id='inner']")
    siblings = list(inner.getparent())
    layers = traced_layers(root)
    assert [siblings.index(layer) for layer in layers] == list(
        range(siblings.index(inner) + 1, siblings.index(inner) + 1 + len(layers)))
    labels = [layer.get("{http://www.inkscape.org/namespaces/inkscape}label") for layer in layers]
    assert labels[0] == "Background" and len(labels) >= 2  # then the trace's own layers
    assert all(labels[1:]) and not {"Outer", "Inner"} & set(labels)
    assert all(layer.get("{http://www.inkscape.org/namespaces/inkscape}groupmode") == "layer" for layer in layers)


def test_refined_shapes_fit_the_image_in_place() -> None:
    [out] = REFS.glob("*red-blob*.out")
    before = etree.parse(str(DATA / "refine.svg")).getroot()
    after = etree.parse(str(out)).getroot()
    ids = lambda root: [e.get("id") for e in root.iter() if e.get("id") and not e.tag.endswith("Gradient")]
    assert [i for i in ids(before) if i != "blue-fill"] == [i for i in ids(after) if not i.startswith("blue-fill")]
    find = lambda root, i: root.find(f".//*[@id='{i}']")
    assert etree.tostring(find(before, "untouched")) == etree.tostring(find(after, "untouched"))
    assert find(after, "blue-box").tag == f"{SVG}path"  # a rect becomes a path, same id and place
    assert find(after, "blue-box").getparent().get("id") == "layer2"
    assert "url(#" in find(after, "blue-box").get("style")
    assert find(after, "red-blob").get("d") != find(before, "red-blob").get("d")
    assert find(after, "blue-fill") is None  # the replaced gradient is gone, not left behind
    fit = lambda root: psnr_on_image(_as_trace(root, "layer2"), DATA, [(0, 0)])[0]
    assert fit(after) > fit(before) + 1.0


def _as_trace(root: etree._Element, layer_id: str) -> etree._Element:
    """`root` with `layer_id` marked as the traced content for the placement check."""
    copy = etree.fromstring(etree.tostring(root))
    copy.find(f".//*[@id='{layer_id}']").set("id", "layertrace-sketch")
    for circle in copy.iter(f"{SVG}circle"):
        circle.getparent().remove(circle)
    return copy


# ------------------------------------------------------------------------------ bad input


def run_effect(effect_class: type, fixture: str, *args: str,
               capsys: pytest.CaptureFixture[str]) -> tuple[int | str | None, str, bytes]:
    output = io.BytesIO()
    os.environ["DOCUMENT_PATH"] = str(DATA / fixture)
    with pytest.raises(SystemExit) as exit_:
        effect_class().run([str(DATA / fixture), *args], output=output)
    return exit_.value.code, capsys.readouterr().err, output.getvalue()


@pytest.mark.parametrize(("fixture", "args", "message"), [
    ("embedded.svg", (), "Nothing is selected"),
    ("embedded.svg", ("--id=note",), "no bitmap image"),
    ("missing_link.svg", ("--id=photo",), "was not found: gone/nowhere.png"),
    ("unsupported.svg", ("--id=photo",), "is an SVG drawing"),
    ("not_invertible.svg", ("--id=photo",), "not invertible"),
    ("embedded.svg", ("--id=photo", "--method=nosuch"), "unknown method 'nosuch'"),
    ("embedded.svg", ("--id=photo", "--timeout=1"), "did not finish within 1 s"),
])
def test_trace_bad_input_aborts_with_a_message(fixture: str, args: tuple[str, ...], message: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    code, err, output = run_effect(TraceBitmap, fixture, *args, capsys=capsys)
    assert code != 0
    assert message in err
    assert "Traceback" not in err
    assert output == b""  # nothing written: Inkscape keeps the document as it was


@pytest.mark.parametrize(("args", "message"), [
    (("--id=photo",), "No paths or shapes are selected"),
    (("--id=red-blob",), "no bitmap image"),
    (("--id=photo", "--id=untouched", "--id=far"), "do not lie over the selected image: far"),
])
def test_refine_bad_input_aborts_with_a_message(args: tuple[str, ...], message: str, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    text = (DATA / "refine.svg").read_text().replace(
        "</g>\n</svg>", '<rect id="far" x="500" y="500" width="5" height="5"/></g>\n</svg>')
    (tmp_path / "refine.svg").write_text(text)
    (tmp_path / "photo.png").write_bytes((DATA / "photo.png").read_bytes())
    code, err, output = run_effect(RefinePaths, str(tmp_path / "refine.svg"), *args, capsys=capsys)
    assert code != 0 and message in err and output == b""


def test_tracer_writes_only_in_its_temporary_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    before = sorted(p.name for p in DATA.iterdir())
    code, _err, _ = run_effect(TraceBitmap, "linked.svg", "--id=photo", "--method=nosuch", capsys=capsys)
    assert code != 0
    assert list(tmp_path.iterdir()) == []  # its temporary folder is gone again
    assert sorted(p.name for p in DATA.iterdir()) == before


# ------------------------------------------------------------------------------ dialogs

INX = Path(__file__).resolve().parents[2] / "editor" / "inkscape" / "extension"
INX_NS = "{http://www.inkscape.org/namespace/inkscape/extension}"


@pytest.mark.parametrize(("inx", "effect_class"), [
    ("layertrace_trace.inx", TraceBitmap), ("layertrace_refine.inx", RefinePaths)])
def test_dialog_parameters_are_the_effects_arguments(inx: str, effect_class: type) -> None:
    root = etree.parse(str(INX / inx)).getroot()
    defaults = {}
    for param in root.iter(f"{INX_NS}param"):
        option = param.find(f"{INX_NS}option")
        defaults[param.get("name")] = option.get("value") if option is not None else (param.text or "").strip()
    effect = effect_class()
    own = {a.dest for a in effect.arg_parser._actions} - {"help", "input_file", "output", "ids", "selected_nodes"}
    assert set(defaults) == own
    parsed = effect.arg_parser.parse_args([f"--{name}={value}" for name, value in defaults.items()])
    assert all(str(getattr(parsed, name)).lower() == value.lower()
               for name, value in defaults.items() if name != "tab")
    command = root.find(f"{INX_NS}script/{INX_NS}command")
    assert (INX / command.text).is_file()


def test_a_huge_image_traces_at_the_working_size(tmp_path: Path) -> None:
    from PIL import Image

    Image.open(DATA / "photo.png").resize((4800, 3200), Image.NEAREST).save(tmp_path / "huge.png")
    (tmp_path / "huge.svg").write_text((DATA / "linked.svg").read_text().replace("photo.png", "huge.png"))
    os.environ["DOCUMENT_PATH"] = str(tmp_path / "huge.svg")
    output = io.BytesIO()
    TraceBitmap().run([str(tmp_path / "huge.svg"), *SMALL_TRACE], output=output)
    root = etree.fromstring(output.getvalue())
    layers = traced_layers(root)
    assert layers
    # 4800 image pixels fill the 96-unit box: the layers are scaled by 96 / 4800.
    assert all(layer.get("transform") == "matrix(0.02 0 0 0.02 4 6)" for layer in layers)
    assert_on_image(root, tmp_path)


def test_gradient_ids_are_made_unique_in_the_host_document(tmp_path: Path) -> None:
    """The segmentation method fills with gradients; the host already uses the first id."""
    text = (DATA / "linked.svg").read_text().replace(
        "</g>", '<rect id="layertrace-fill-1" width="1" height="1"/></g>', 1)
    (tmp_path / "host.svg").write_text(text)
    (tmp_path / "photo.png").write_bytes((DATA / "photo.png").read_bytes())
    os.environ["DOCUMENT_PATH"] = str(tmp_path / "host.svg")
    output = io.BytesIO()
    TraceBitmap().run([str(tmp_path / "host.svg"), "--id=photo", "--method=segmentation", "--paths=2",
                       "--size=64", "--params=max_steps=10 min_steps=10 final_steps=10"], output=output)
    root = etree.fromstring(output.getvalue())
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids))
    gradients = {g.get("id") for g in root.iter(f"{SVG}radialGradient", f"{SVG}linearGradient")}
    assert gradients and "layertrace-fill-1" not in gradients
    fills = [p.get("fill") for layer in traced_layers(root) for p in layer.iter(f"{SVG}path")]
    assert {f[5:-1] for f in fills if f.startswith("url(#")} == gradients
