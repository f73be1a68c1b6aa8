"""Loading raster images for tracing: any file a designer is likely to drop on the editor.

`load_image` turns PNG, JPEG, WebP, BMP, TIFF (and whatever else Pillow decodes) into one
canonical form — float32 RGB in [0, 1] composited over a background, plus the alpha channel
when the image has transparency — and turns every way a file can be broken into a
`BadInputError` that names the file and the problem. No torch here: the CLI and the editor
load images before (or without) starting the engine.
"""
from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
from PIL import Image, ImageCms, ImageFile, ImageOps, UnidentifiedImageError

from editor.errors import BadInputError

DEFAULT_MAX_SIZE = 1024
SUPPORTED_FORMATS = "PNG, JPEG, WebP, BMP, TIFF"

# Pillow formats we decode: its own raster decoders only. EPS (Ghostscript), WMF and the like
# run or need external programs, so they are refused by type before Pillow looks at them.
PILLOW_FORMATS = ("PNG", "JPEG", "WEBP", "BMP", "DIB", "TIFF", "GIF", "PPM", "TGA", "ICO")  # JPEG includes MPO
_REFUSED_SIGNATURES = (  # (leading bytes, what the file is)
    (b"%!PS", "a PostScript/EPS file"),
    (b"\xc5\xd0\xd3\xc6", "a PostScript/EPS file"),
    (b"%PDF", "a PDF document"),
    (b"\xd7\xcd\xc6\x9a", "a Windows metafile (WMF)"),
)

# Modes whose pixels Pillow converts to 8-bit RGB(A) without losing anything we keep.
_TO_RGB = {"1", "L", "RGB", "RGBX", "YCbCr", "CMYK", "HSV"}
_TO_RGBA = {"LA", "La", "PA", "RGBA", "RGBa"}


class RasterSize:
    """`width`, `height` and `size` of a class holding an (H, W, …) pixel array `rgb`."""

    rgb: np.ndarray

    @property
    def width(self) -> int:
        return int(self.rgb.shape[1])

    @property
    def height(self) -> int:
        return int(self.rgb.shape[0])

    @property
    def size(self) -> tuple[int, int]:
        return self.width, self.height


@dataclass
class LoadedImage(RasterSize):
    """A decoded image, ready to become an optimization target.

    `rgb` is straight colour already composited over `background`, so it is exactly what
    the user sees; `alpha` is kept separately (None when the image is fully opaque) so a
    method can trace transparent regions as empty canvas.
    """

    rgb: np.ndarray  # (H, W, 3) float32 in [0, 1]
    alpha: np.ndarray | None  # (H, W) float32 in [0, 1], or None when opaque
    original_size: tuple[int, int]  # (width, height) as stored in the file, after EXIF rotation
    path: Path
    background: tuple[float, float, float] = (1.0, 1.0, 1.0)
    notices: list[str] = field(default_factory=list)  # things the user should be told

    @property
    def target(self) -> np.ndarray:
        """What the optimizer traces: see `trace_target`."""
        return trace_target(self.rgb, self.alpha, self.background)


def load_image(
    path: str | Path,
    *,
    max_size: int | None = DEFAULT_MAX_SIZE,
    background: tuple[float, float, float] = (1.0, 1.0, 1.0),
) -> LoadedImage:
    """Decode `path`; downscale so the long side is at most `max_size` (None: never).

    Raises BadInputError for missing, empty, unreadable, truncated or oversized files.
    """
    path = Path(path)
    _check_file(path)
    _refuse_by_type(path)
    notices: list[str] = []
    im, original_size = _decode(path, max_size, notices)
    if max_size and max(im.size) > max_size:
        scale = max_size / max(im.size)
        new_size = (max(1, round(im.width * scale)), max(1, round(im.height * scale)))
        im = _resize_pil(im, new_size)
    if im.size != original_size:
        notices.append(
            f"downscaled from {original_size[0]}×{original_size[1]} to {im.width}×{im.height} "
            f"(longest side limited to {max_size} px)"
        )
    rgb, alpha = _to_float(im, path, notices)
    red, green, blue = (float(c) for c in background)
    return LoadedImage(
        rgb=_composite(rgb, alpha, background),
        alpha=alpha if alpha is not None and float(alpha.min()) < 1.0 else None,
        original_size=original_size,
        path=path,
        background=(red, green, blue),
        notices=notices,
    )


def trace_target(
    rgb: np.ndarray, alpha: np.ndarray | None, background: tuple[float, float, float] = (1.0, 1.0, 1.0)
) -> np.ndarray:
    """The optimization target of an image whose `rgb` is composited over `background`:
    that RGB when opaque, else premultiplied RGBA (H, W, 4), so transparency is traced too.
    Composited colour = premultiplied + background·(1 − alpha), hence the subtraction."""
    if alpha is None:
        return rgb
    a = alpha[..., None]
    premultiplied = np.clip(rgb - np.asarray(background, dtype=np.float32) * (1.0 - a), 0.0, a)
    return np.concatenate([premultiplied, a], axis=-1).astype(np.float32)


def working_dimensions(width: int, height: int, size: int) -> tuple[int, int]:
    """(width, height) scaled so the long side is `size` px."""
    if size < 1:
        raise ValueError(f"working size must be at least 1 px, got {size}")
    scale = size / max(width, height)
    return max(1, round(width * scale)), max(1, round(height * scale))


def resize_rgb(rgb: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """(H, W, C) float image (RGB, or premultiplied RGBA) resampled to (width, height) = `size`."""
    if (rgb.shape[1], rgb.shape[0]) == tuple(size):
        return rgb
    return np.stack([_resize_channel(rgb[..., c], size) for c in range(rgb.shape[-1])], axis=-1)


def resize_for_trace(img: LoadedImage, size: int) -> LoadedImage:
    """The image resampled so its long side is `size` pixels (the optimizer's working size).

    Small images are scaled up as well: the optimizer's step sizes and placement thresholds
    are tuned in pixels of the working canvas, so every target should have the same scale.
    """
    new_size = working_dimensions(img.width, img.height, size)
    if new_size == img.size:
        return img
    rgb = resize_rgb(img.rgb, new_size)
    alpha = None if img.alpha is None else _resize_channel(img.alpha, new_size)
    return replace(img, rgb=rgb, alpha=alpha, notices=list(img.notices))


# ---------------------------------------------------------------------------- decoding


def _check_file(path: Path) -> None:
    if not path.exists():
        raise BadInputError("file not found", path)
    if path.is_dir():
        raise BadInputError("is a folder, not an image file", path)
    try:
        if path.stat().st_size == 0:
            raise BadInputError("file is empty (0 bytes)", path)
    except OSError as err:
        raise BadInputError(f"cannot read the file ({err.strerror or err})", path) from err


def _refuse_by_type(path: Path) -> None:
    """Vector and page formats are refused by their content, whatever the file is called."""
    try:
        with open(path, "rb") as f:
            head = f.read(64)
    except OSError as err:
        raise BadInputError(f"cannot read the file ({err.strerror or err})", path) from err
    for signature, kind in _REFUSED_SIGNATURES:
        if head.startswith(signature):
            raise BadInputError(
                f"is {kind}, which Layertrace does not read (it needs an external program to "
                f"draw); export it as PNG first (supported: {SUPPORTED_FORMATS})", path
            )
    if head[40:44] == b" EMF":
        raise BadInputError(f"is a Windows metafile (EMF), which Layertrace does not read "
                            f"(supported: {SUPPORTED_FORMATS})", path)


def _decode(
    path: Path, max_size: int | None, notices: list[str]
) -> tuple[Image.Image, tuple[int, int]]:
    """The first frame, decoded and upright, with its full (width, height) in the file."""
    # With this flag Pillow fills missing data with grey and reports nothing; a half-grey
    # target would be traced without complaint. It is global, so force it off while we load.
    allow_truncated = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with warnings.catch_warnings():
            # Pillow warns between its pixel limit and twice that, and raises above. We
            # downscale right after decoding, so only the hard limit matters here.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            im: Image.Image = Image.open(path, formats=PILLOW_FORMATS)
        stored_size = im.size
        if im.format in ("JPEG", "MPO"):
            check_jpeg_data_size(path, stored_size)
        frames = getattr(im, "n_frames", 1)  # only multi-frame formats have it
        if frames > 1:
            notices.append(f"the file has {frames} frames; using the first")
        if max_size and im.format == "JPEG" and max(im.size) > 2 * max_size:
            # Let libjpeg decode at 1/2, 1/4 or 1/8 scale: a 100-megapixel photo then never
            # needs its full-resolution buffer. The result stays >= max_size.
            im.draft(im.mode, (max_size, max_size))
        im.load()
    except BadInputError:
        raise
    except Image.DecompressionBombError as err:
        limit = Image.MAX_IMAGE_PIXELS or 0  # set: Pillow raises only when there is a limit
        raise BadInputError(
            f"image is too large to open safely (more than {2 * limit:,} "
            "pixels; it may be a decompression bomb)",
            path,
        ) from err
    except UnidentifiedImageError as err:
        raise BadInputError(
            f"not an image file Layertrace can read (supported: {SUPPORTED_FORMATS})", path
        ) from err
    except PermissionError as err:
        raise BadInputError("permission denied", path) from err
    except MemoryError as err:
        raise BadInputError("not enough memory to decode the image", path) from err
    except Exception as err:
        # Decoders report damaged data with a zoo of types (OSError, SyntaxError,
        # struct.error, zlib.error, EOFError, ValueError, ...); all mean the same to the user.
        raise BadInputError(f"the file is damaged or truncated ({_reason(err)})", path) from err
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = allow_truncated
    decoded_size = im.size
    try:
        im = ImageOps.exif_transpose(im)
    except Exception:  # noqa: BLE001 — malformed EXIF must not make a good image unusable
        notices.append("could not read the EXIF orientation; the image is used as stored")
    if im.width < 1 or im.height < 1:
        raise BadInputError(f"image has no pixels ({im.width}×{im.height})", path)
    rotated = im.size != decoded_size
    original_size = stored_size[::-1] if rotated else stored_size
    return _to_srgb(im, notices), original_size


# Start-of-frame markers of arithmetic-coded JPEGs, which have no lower bound on bits per block.
_ARITHMETIC_SOF = {0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def check_jpeg_data_size(path: Path, size: tuple[int, int]) -> None:
    """Refuse a JPEG whose header promises more pixels than its data can hold.

    Decoders fill blocks missing from the data with flat grey and say nothing, so a header
    claiming 20000×8000 over 64×64 of data would be traced as a grey picture. Huffman coding
    spends at least one bit on the DC value of every 8×8 block of the full-resolution
    component, so the file needs at least blocks/8 bytes.
    """
    blocks = -(-size[0] // 8) * -(-size[1] // 8)
    try:
        file_bytes = path.stat().st_size
    except OSError:
        return
    if file_bytes * 8 >= blocks or _jpeg_frame_marker(path) in _ARITHMETIC_SOF:
        return
    raise BadInputError(
        f"the image data is incomplete: the header says {size[0]}×{size[1]} pixels, but the "
        f"file ({file_bytes:,} bytes) is too small to hold them (damaged or truncated)", path
    )


def _jpeg_frame_marker(path: Path) -> int | None:
    """The start-of-frame marker (0xC0…0xCF) of a JPEG, from its segment headers."""
    with open(path, "rb") as f:
        if f.read(2) != b"\xff\xd8":
            return None
        for _ in range(1000):
            head = f.read(4)
            if len(head) < 4 or head[0] != 0xFF:
                return None
            marker, length = head[1], int.from_bytes(head[2:4], "big")
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                return marker
            f.seek(length - 2, 1)
    return None


def _reason(err: BaseException) -> str:
    text = str(err).strip()
    return text or type(err).__name__


def _to_srgb(im: Image.Image, notices: list[str]) -> Image.Image:
    """Apply an embedded ICC profile (CMYK print files, Display-P3 phone photos).

    Without this, CMYK files come out with badly shifted colours; when the profile cannot
    be used we fall back to Pillow's naive conversion and say so.
    """
    icc = im.info.get("icc_profile")
    if not icc or im.mode not in {"RGB", "RGBA", "CMYK"}:
        return im
    try:
        src = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if im.mode != "CMYK" and "srgb" in ImageCms.getProfileDescription(src).lower():
            return im
        out_mode = "RGBA" if im.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(im, src, ImageCms.createProfile("sRGB"), outputMode=out_mode)
        assert converted is not None  # only inPlace=True returns None
        return converted
    except (ImageCms.PyCMSError, OSError, ValueError):
        notices.append("the embedded color profile could not be applied; colors may be off")
        return im


# ------------------------------------------------------------------------- conversion


def _to_float(
    im: Image.Image, path: Path, notices: list[str]
) -> tuple[np.ndarray, np.ndarray | None]:
    """(H, W, 3) colour and (H, W) alpha or None, float32 in [0, 1]."""
    mode = im.mode
    if mode == "P":
        mode_to = "RGBA" if im.has_transparency_data else "RGB"
        im = im.convert(mode_to)
        mode = mode_to
    if mode in _TO_RGB:
        return np.asarray(im.convert("RGB"), dtype=np.float32) / 255.0, None
    if mode in _TO_RGBA:
        arr = np.asarray(im.convert("RGBA"), dtype=np.float32) / 255.0
        return arr[..., :3], arr[..., 3]
    if mode.startswith("I") or mode == "F":
        pixels = np.asarray(im)
        if not np.isfinite(pixels).all():
            raise BadInputError("some pixel values are not finite numbers (NaN or infinity)", path)
        gray = _high_depth_gray(pixels, mode, notices)
        return np.repeat(gray[..., None], 3, axis=-1), None
    try:
        return np.asarray(im.convert("RGB"), dtype=np.float32) / 255.0, None
    except ValueError as err:
        raise BadInputError(f"unsupported color mode {mode!r}", path) from err


def _high_depth_gray(arr: np.ndarray, mode: str, notices: list[str]) -> np.ndarray:
    """16-bit, 32-bit integer and float grayscale to [0, 1] without clipping to 8 bits.

    Pillow's own convert("RGB") clips these at 255, which turns most 16-bit images white.
    """
    values = arr.astype(np.float64)
    if mode.startswith("I;16"):
        return (values / 65535.0).astype(np.float32)
    lo, hi = float(values.min()), float(values.max())
    if mode == "F" and lo >= 0.0 and hi <= 1.0:
        return values.astype(np.float32)
    if mode == "I" and lo >= 0.0 and hi <= 65535.0:  # how Pillow stores most 16-bit data
        return (values / 65535.0).astype(np.float32)
    notices.append(f"pixel values span {lo:g}..{hi:g}; stretched to the full grey range")
    span = hi - lo if hi > lo else 1.0
    return ((values - lo) / span).astype(np.float32)


def _composite(
    rgb: np.ndarray, alpha: np.ndarray | None, background: tuple[float, float, float]
) -> np.ndarray:
    if alpha is None:
        return np.ascontiguousarray(rgb, dtype=np.float32)
    bg = np.asarray(background, dtype=np.float32)
    a = alpha[..., None]
    return np.clip(rgb * a + bg * (1.0 - a), 0.0, 1.0).astype(np.float32)


# --------------------------------------------------------------------------- resampling


def _resize_pil(im: Image.Image, size: tuple[int, int]) -> Image.Image:
    """Downscale before converting to float so huge files never exist as float32 arrays.

    For 8-bit RGBA Pillow premultiplies internally, so transparent pixels do not bleed
    their (arbitrary) colour into the edges.
    """
    if im.mode in {"I;16", "I;16L", "I;16B", "I;16N"}:
        im = im.convert("I")  # Pillow resamples only I and F among the deep modes
    if im.mode == "P":
        im = im.convert("RGBA" if im.has_transparency_data else "RGB")
    if im.mode in {"1", "CMYK", "YCbCr", "HSV", "PA"}:
        im = im.convert("RGBA" if im.mode == "PA" else "RGB")
    return im.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def _resize_channel(channel: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    resized = Image.fromarray(np.ascontiguousarray(channel, dtype=np.float32))
    resized = resized.resize(size, Image.Resampling.LANCZOS)
    return np.clip(np.asarray(resized, dtype=np.float32), 0.0, 1.0)
