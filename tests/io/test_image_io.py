"""Image loading: every odd or broken input a designer may hand us (files made in tmp_path)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from editor.errors import BadInputError
from editor.io.image_io import LoadedImage, load_image, resize_for_trace

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"


def _check_canonical(img: LoadedImage) -> None:
    assert img.rgb.dtype == np.float32 and img.rgb.ndim == 3 and img.rgb.shape[2] == 3
    assert 0.0 <= float(img.rgb.min()) and float(img.rgb.max()) <= 1.0
    if img.alpha is not None:
        assert img.alpha.dtype == np.float32 and img.alpha.shape == img.rgb.shape[:2]


def test_rgb_png_roundtrip(tmp_path: Path) -> None:
    path = tmp_path / "red.png"
    Image.new("RGB", (40, 30), (255, 0, 0)).save(path)
    img = load_image(path)
    _check_canonical(img)
    assert img.size == (40, 30) and img.original_size == (40, 30)
    assert img.alpha is None and img.notices == [] and img.path == path
    np.testing.assert_allclose(img.rgb[0, 0], [1, 0, 0])


@pytest.mark.parametrize("fmt,ext", [("JPEG", "jpg"), ("WEBP", "webp"), ("BMP", "bmp"), ("TIFF", "tif")])
def test_common_formats(tmp_path: Path, fmt: str, ext: str) -> None:
    path = tmp_path / f"blue.{ext}"
    Image.new("RGB", (16, 8), (0, 0, 255)).save(path, format=fmt)
    img = load_image(path)
    _check_canonical(img)
    assert img.size == (16, 8)
    assert img.rgb[..., 2].mean() > 0.9 and img.rgb[..., 0].mean() < 0.1


def test_grayscale_16_bit_keeps_its_range(tmp_path: Path) -> None:
    path = tmp_path / "deep.png"
    ramp = np.linspace(0, 65535, 64, dtype=np.uint16)[None, :].repeat(4, axis=0)
    Image.fromarray(ramp).save(path)
    img = load_image(path)
    _check_canonical(img)
    # Pillow's own convert("RGB") would clip everything above 255 to white.
    assert img.rgb[0, 0, 0] == pytest.approx(0.0)
    assert img.rgb[0, 32, 0] == pytest.approx(32 / 63, abs=1e-3)
    assert img.rgb[0, -1, 0] == pytest.approx(1.0)
    assert np.allclose(img.rgb[..., 0], img.rgb[..., 2])


def test_32_bit_integer_gray_out_of_16_bit_range_is_stretched(tmp_path: Path) -> None:
    path = tmp_path / "wide.tif"
    Image.fromarray(np.array([[0, 1_000_000]], dtype=np.int32)).save(path)
    img = load_image(path)
    np.testing.assert_allclose(img.rgb[0, :, 0], [0, 1])
    assert any("stretched" in n for n in img.notices)


def test_palette_with_transparency_composites_and_keeps_alpha(tmp_path: Path) -> None:
    path = tmp_path / "pal.png"
    im = Image.new("P", (8, 8), 0)
    im.putpalette([255, 0, 0, 0, 0, 255] + [0] * 762)
    im.paste(1, (0, 0, 4, 8))
    im.info["transparency"] = 0  # palette index 0 (red) is fully transparent
    im.save(path, transparency=0)
    img = load_image(path, background=(0.0, 1.0, 0.0))
    _check_canonical(img)
    assert img.alpha is not None
    np.testing.assert_allclose(img.alpha[0, :4], 1)
    np.testing.assert_allclose(img.alpha[0, 4:], 0)
    np.testing.assert_allclose(img.rgb[0, 0], [0, 0, 1])  # opaque blue
    np.testing.assert_allclose(img.rgb[0, 7], [0, 1, 0])  # transparent -> background


def test_luminance_alpha_over_white(tmp_path: Path) -> None:
    path = tmp_path / "la.png"
    Image.new("LA", (4, 4), (0, 128)).save(path)
    img = load_image(path)
    assert img.alpha is not None and img.alpha[0, 0] == pytest.approx(128 / 255)
    # black at ~50 % over white is mid grey in every channel
    np.testing.assert_allclose(img.rgb[0, 0], [1 - 128 / 255] * 3, atol=1e-6)


def test_opaque_alpha_channel_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "opaque.png"
    Image.new("RGBA", (4, 4), (10, 20, 30, 255)).save(path)
    assert load_image(path).alpha is None


def test_cmyk_jpeg_converts_to_rgb(tmp_path: Path) -> None:
    path = tmp_path / "cmyk.jpg"
    Image.new("CMYK", (16, 16), (0, 255, 255, 0)).save(path, quality=95)  # pure red ink
    img = load_image(path)
    _check_canonical(img)
    r, g, b = img.rgb[8, 8]
    assert r > 0.9 and g < 0.1 and b < 0.1


def test_exif_orientation_is_honoured(tmp_path: Path) -> None:
    path = tmp_path / "rotated.jpg"
    im = Image.new("RGB", (40, 20), (255, 255, 255))
    im.paste((0, 0, 0), (0, 0, 10, 20))  # black band on the left as stored
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    im.save(path, exif=exif, quality=95)
    img = load_image(path)
    assert img.size == (20, 40) and img.original_size == (20, 40)
    # after a clockwise quarter turn the left band is at the top
    assert img.rgb[:10].mean() < 0.1 and img.rgb[30:].mean() > 0.9


def test_huge_image_is_downscaled_with_a_notice(tmp_path: Path) -> None:
    path = tmp_path / "big.png"
    Image.new("RGB", (3000, 1500), (0, 128, 0)).save(path)
    img = load_image(path, max_size=512)
    assert img.size == (512, 256) and img.original_size == (3000, 1500)
    assert len(img.notices) == 1 and "3000×1500" in img.notices[0] and "512×256" in img.notices[0]
    np.testing.assert_allclose(img.rgb[100, 100], [0, 128 / 255, 0], atol=1e-6)


def test_huge_jpeg_decodes_at_reduced_scale(tmp_path: Path) -> None:
    path = tmp_path / "big.jpg"
    Image.new("RGB", (4000, 2000), (200, 100, 50)).save(path)
    img = load_image(path, max_size=256)
    assert img.size == (256, 128) and img.original_size == (4000, 2000)


def test_max_size_none_keeps_full_resolution(tmp_path: Path) -> None:
    path = tmp_path / "big.png"
    Image.new("RGB", (1500, 10)).save(path)
    img = load_image(path, max_size=None)
    assert img.size == (1500, 10) and img.notices == []


def test_decompression_bomb_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "bomb.png"
    Image.new("RGB", (200, 200)).save(path)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 10_000)  # 40,000 px > 2 × the limit
    with pytest.raises(BadInputError, match="too large") as info:
        load_image(path)
    assert info.value.path == path


def test_truncated_png_is_an_error_not_grey(tmp_path: Path) -> None:
    full = tmp_path / "full.png"
    noise = np.random.default_rng(0).integers(0, 256, (128, 128, 3), dtype=np.uint8)
    Image.fromarray(noise).save(full)
    path = tmp_path / "cut.png"
    path.write_bytes(full.read_bytes()[: full.stat().st_size // 2])
    with pytest.raises(BadInputError, match="truncated") as info:
        load_image(path)
    assert str(path) in str(info.value)


def test_truncated_jpeg_is_an_error(tmp_path: Path) -> None:
    full = tmp_path / "full.jpg"
    noise = np.random.default_rng(1).integers(0, 256, (128, 128, 3), dtype=np.uint8)
    Image.fromarray(noise).save(full)
    path = tmp_path / "cut.jpg"
    path.write_bytes(full.read_bytes()[: full.stat().st_size // 2])
    with pytest.raises(BadInputError, match="truncated"):
        load_image(path)


def test_truncation_is_caught_even_if_pillow_is_told_to_ignore_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PIL import ImageFile

    full = tmp_path / "full.png"
    Image.fromarray(np.zeros((64, 64, 3), np.uint8) + 77).save(full, compress_level=0)
    path = tmp_path / "cut.png"
    path.write_bytes(full.read_bytes()[:3000])
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    with pytest.raises(BadInputError):
        load_image(path)
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # restored for whoever set it


def test_zero_byte_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.png"
    path.touch()
    with pytest.raises(BadInputError, match="empty"):
        load_image(path)


def test_text_file_renamed_png(tmp_path: Path) -> None:
    path = tmp_path / "notes.png"
    path.write_text("these are not pixels\n")
    with pytest.raises(BadInputError, match="not an image") as info:
        load_image(path)
    assert "PNG, JPEG" in str(info.value)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(BadInputError, match="not found") as info:
        load_image(tmp_path / "nope.png")
    assert "nope.png" in str(info.value)
    with pytest.raises(BadInputError, match="folder"):
        load_image(tmp_path)


def test_resize_for_trace_scales_long_side_both_ways(tmp_path: Path) -> None:
    path = tmp_path / "wide.png"
    Image.new("RGBA", (200, 100), (255, 0, 0, 128)).save(path)
    img = load_image(path)
    small = resize_for_trace(img, 64)
    assert small.size == (64, 32) and small.alpha is not None and small.alpha.shape == (32, 64)
    _check_canonical(small)
    np.testing.assert_allclose(small.rgb[16, 32], img.rgb[50, 100], atol=1e-5)
    big = resize_for_trace(img, 400)
    assert big.size == (400, 200) and big.original_size == (200, 100)
    assert resize_for_trace(img, 200) is img


def test_bundled_samples_load() -> None:
    for name in ("smiley.png", "sphere.png", "leaf-badge.png"):
        img = load_image(SAMPLES / name)
        _check_canonical(img)
        assert img.size == (256, 256)
    assert load_image(SAMPLES / "leaf-badge.png").alpha is not None
