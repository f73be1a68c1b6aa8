"""SGLIVE's residual segmentation and the segmentation-guided method."""
from __future__ import annotations

import numpy as np
import pytest
from scipy import ndimage

from editor.document import RadialGradient
from editor.engine.session import Session
from editor.registry.loading import load_method
from plugins.segmentation.regions import (
    EXPAND_PX,
    ranked_regions,
    region_gradient,
    residual_labels,
)

SIZE = 64
BLOBS = (  # centre x, y, radius, inner colour, outer colour
    (20.0, 24.0, 13.0, (0.95, 0.75, 0.1), (0.85, 0.3, 0.05)),
    (44.0, 42.0, 16.0, (0.3, 0.6, 1.0), (0.1, 0.15, 0.5)),
)


def _two_blobs(supersample: int = 4) -> tuple[np.ndarray, list[np.ndarray]]:
    """Two discs with radial gradients on white, anti-aliased like a renderer would draw
    them (a hard-edged target could never be matched exactly), and each disc's mask."""
    n = SIZE * supersample
    ys, xs = (np.mgrid[0:n, 0:n] + 0.5) / supersample
    image = np.ones((n, n, 3))
    masks = []
    for cx, cy, r, inner, outer in BLOBS:
        d = np.hypot(xs - cx, ys - cy)
        mask = d < r
        t = (d / r)[..., None]
        image[mask] = ((1 - t) * np.array(inner) + t * np.array(outer))[mask]
        masks.append(mask[supersample // 2 :: supersample, supersample // 2 :: supersample])
    image = image.reshape(SIZE, supersample, SIZE, supersample, 3).mean(axis=(1, 3))
    return image.astype(np.float32), masks


def test_residual_splits_into_the_two_gradient_blobs() -> None:
    target, masks = _two_blobs()
    blank = np.ones_like(target)
    _, _, threshold = residual_labels(blank, target)
    assert 0.04 <= threshold <= 0.1
    regions = ranked_regions(blank, target, 5)
    assert len(regions) == 2  # the white background has no error: no region there
    assert regions[0].error >= regions[1].error
    # the larger, darker blob has the larger summed error; each region is one whole blob,
    # grown by the label expansion but not into the other blob
    for region, mask, other in zip(regions, (masks[1], masks[0]), (masks[0], masks[1])):
        assert (region.mask & mask).sum() >= 0.95 * mask.sum()
        grown = ndimage.binary_dilation(mask, iterations=EXPAND_PX + 1)
        assert (region.mask & ~grown).sum() == 0
        assert not (region.mask & other).any()
        assert mask[region.seed]


def test_region_gradient_starts_from_the_blob() -> None:
    target, _ = _two_blobs()
    region = ranked_regions(np.ones_like(target), target, 1)[0]
    fill = region_gradient(region, target)
    cx, cy, r, inner, outer = BLOBS[1]
    assert np.hypot(fill.center[0] - cx, fill.center[1] - cy) < 3.0
    # the box gives radius ~r, the least-squares stops the blob's own colours
    assert np.allclose(fill.radius, (r, r), atol=3.0)
    assert np.allclose(fill.stops[0].color[:3], inner, atol=0.1)
    assert np.allclose(fill.stops[1].color[:3], outer, atol=0.1)


def test_method_traces_the_blobs_with_radial_gradients() -> None:
    target, _ = _two_blobs()
    method = load_method(
        "segmentation", num_paths=2, paths_per_stage=1, max_steps=80, min_steps=80, final_steps=0
    )
    session = Session(target, method, device="cpu")
    session.run()
    doc = session.document()
    assert [len(layer.shapes) for layer in doc.layers] == [1, 1]
    assert all(isinstance(s.fill, RadialGradient) for s in doc.all_shapes())
    assert session.snapshot().psnr > 32.0


def test_new_paths_have_the_asked_segments_and_the_final_stage_decays_to_final_lr() -> None:
    target, _ = _two_blobs()
    method = load_method("segmentation", num_paths=2, paths_per_stage=2, segments=8,
                         max_steps=5, min_steps=5, final_steps=10, final_lr=0.05)
    session = Session(target, method, device="cpu")
    session.run()
    shapes = session.document().all_shapes()
    assert len(shapes) == 2 and all(len(s.points) == 3 * 8 for s in shapes)
    stages: list = []
    probe = load_method("segmentation", num_paths=2, paths_per_stage=2, final_steps=10, final_lr=0.05)
    from editor.methods import TraceState

    while (stage := probe.next_stage(TraceState(len(stages), 0, 0))) is not None:
        stages.append(stage)
    first, final = stages
    assert first.add == 2 and final.add == 0 and final.max_steps == 10
    assert probe.lr_scale(final, 10) == pytest.approx(0.05)
    assert probe.lr_scale(first, first.max_steps) == pytest.approx(0.4)  # LIVE's decay per stage
