"""Loss terms shared by methods: distance-weighted (UDF) pixel loss and the Xing
(self-intersection) loss, re-implemented from the LIVE paper's description."""
from __future__ import annotations

import numpy as np
import torch
from scipy.ndimage import distance_transform_edt

from editor.render.scene import RenderShape

_EPS = 1e-8


def outline_distance(shapes: list[RenderShape], height: int, width: int) -> np.ndarray:
    """Unsigned distance (px) from every pixel centre to the nearest outline of `shapes`,
    (H, W) float32; +inf everywhere when no outline crosses the canvas.

    The outlines are sampled densely (≥ 2 samples per pixel of control-polygon length) and
    marked on the pixel grid; one Euclidean distance transform then gives all distances.
    Called once per stage, so its ~1 ms does not matter; accurate to about half a pixel.
    """
    marks = np.zeros((height, width), dtype=bool)
    for shape in shapes:
        for contour in shape.contours if shape.closed else [shape.points]:
            for seg in _segments(contour.detach().cpu().double().numpy(), shape.closed):
                length = np.linalg.norm(np.diff(seg, axis=0), axis=1).sum()
                t = np.linspace(0.0, 1.0, max(int(np.ceil(2 * length)), 8))[:, None]
                curve = (
                    (1 - t) ** 3 * seg[0] + 3 * (1 - t) ** 2 * t * seg[1]
                    + 3 * (1 - t) * t**2 * seg[2] + t**3 * seg[3]
                )
                cols, rows = np.floor(curve[:, 0]).astype(int), np.floor(curve[:, 1]).astype(int)
                inside = (rows >= 0) & (rows < height) & (cols >= 0) & (cols < width)
                marks[rows[inside], cols[inside]] = True
    if not marks.any():
        return np.full((height, width), np.inf, dtype=np.float32)
    return distance_transform_edt(~marks).astype(np.float32)


def udf_weights(distance: np.ndarray, tau: float, previous: np.ndarray | None = None) -> np.ndarray:
    """LIVE's weight map: (τ − d)/τ near the outlines, 0 beyond τ, plus the previous
    stage's map, clipped to [0, 1]."""
    weights = np.clip((tau - distance) / tau, 0.0, 1.0)
    if previous is not None:
        weights = np.clip(weights + previous, 0.0, 1.0)
    return weights.astype(np.float32)


def weighted_mse(render: torch.Tensor, target: torch.Tensor, weights: torch.Tensor) -> torch.Tensor:
    """mean_p w_p Σ_c (render − target)² over the target's channels: RGB when the render is
    over an opaque background, premultiplied RGBA (alpha counts) when the target has one."""
    channels = target.shape[-1]
    return (weights * (render[..., :channels] - target).square().sum(dim=-1)).mean()


def xing_loss(shapes: list[RenderShape]) -> torch.Tensor:
    """Penalises cubic segments whose control polygon folds over itself (a sign of a
    self-intersecting outline): for A, B, C, D, with D1 = [AB × BC ≥ 0] and
    s = (AB × CD) / (|AB| |CD|), loss = D1·ReLU(−s) + (1 − D1)·ReLU(s), averaged over
    segments."""
    segments = [
        _segment_tensor(contour, True) for s in shapes if s.closed and s.num_segments > 0
        for contour in s.contours if contour.shape[0] >= 3
    ]
    if not segments:
        return torch.zeros((), device=shapes[0].points.device if shapes else None)
    seg = torch.cat(segments)  # (S, 4, 2)
    ab, bc, cd = seg[:, 1] - seg[:, 0], seg[:, 2] - seg[:, 1], seg[:, 3] - seg[:, 2]
    d1 = (_cross(ab, bc) >= 0).to(seg.dtype)
    sine = _cross(ab, cd) / (ab.norm(dim=-1) * cd.norm(dim=-1) + _EPS)
    return (d1 * torch.relu(-sine) + (1 - d1) * torch.relu(sine)).mean()


def _cross(u: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    return u[:, 0] * v[:, 1] - u[:, 1] * v[:, 0]


def _segment_tensor(points: torch.Tensor, closed: bool) -> torch.Tensor:
    n = points.shape[0]
    count = n // 3 if closed else (n - 1) // 3
    starts = torch.arange(count, device=points.device)[:, None] * 3
    return points[(starts + torch.arange(4, device=points.device)) % n]


def _segments(points: np.ndarray, closed: bool) -> np.ndarray:
    n = len(points)
    count = n // 3 if closed else max((n - 1) // 3, 0)
    idx = np.arange(count)[:, None] * 3 + np.arange(4)[None, :]
    return points[idx % n]
