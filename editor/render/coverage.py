"""Scan conversion by signed-area accumulation (font-rasterizer style), exact for polygons.

Every line piece is split where it crosses a pixel row or column, so each sub-piece lies in
one pixel cell. A sub-piece with height dy and mean x `xm` in cell (iy, ix) adds
dy·(ix + 1 − xm) to that cell and dy·(xm − ix) to the cell on its right; a prefix sum along
each row then gives the box-filtered winding number of every pixel. The values are
differentiable in the piece end points; the cell indices are piecewise constant.

Everything here is vectorized over all pieces of all shapes; per shape, only a bounding box
of cells is kept (see `CellBoxes`), so memory follows the shapes' area, not shapes × canvas.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch


def _split_at_lines(p0: torch.Tensor, p1: torch.Tensor, axis: int, lo: int, hi: int):
    """Split pieces where they cross the integer lines lo..hi of one axis.

    Split points are placed exactly on the line (no rounding error can move a sub-piece into
    the neighbouring cell). Returns (q0, q1, source piece index). Per-piece values reach the
    sub-pieces through one `index_select` each (whose backward is a cheap `index_add`).
    """
    a0, a1 = p0[:, axis].detach(), p1[:, axis].detach()
    amin, amax = torch.minimum(a0, a1), torch.maximum(a0, a1)
    kmin = torch.clamp(torch.floor(amin) + 1, min=lo)
    kmax = torch.clamp(torch.ceil(amax) - 1, max=hi)
    pieces = torch.clamp(kmax - kmin + 2, min=1).long()  # sub-pieces per piece
    rep = torch.repeat_interleave(torch.arange(p0.shape[0], device=p0.device), pieces)
    first = torch.cumsum(pieces, 0) - pieces
    # Travel order: the line at the start of sub-piece j is `base + step * j`.
    ascending = a1 > a0
    base = torch.where(ascending, kmin - 1, kmax + 1)
    step = torch.where(ascending, 1.0, -1.0)
    # float64: line numbers and sub-piece counts stay exact integers at any scene size.
    per_piece = torch.stack([base, step, first, pieces - 1], 1).double()
    base, step, first, last = per_piece.index_select(0, rep).unbind(1)
    j = torch.arange(rep.shape[0], device=p0.device, dtype=torch.float64) - first
    line_start = (base + step * j).to(p0.dtype)
    line_end = (base + step * (j + 1)).to(p0.dtype)
    ends = torch.cat([p0, p1], 1).index_select(0, rep)
    s0, s1 = ends[:, :2], ends[:, 2:]
    along = s1[:, axis] - s0[:, axis]
    safe = torch.where(along == 0, 1.0, along)
    other = 1 - axis

    def point_on_line(line: torch.Tensor, keep: torch.Tensor, end: torch.Tensor) -> torch.Tensor:
        t = (line - s0[:, axis]) / safe
        o = s0[:, other] + t * (s1[:, other] - s0[:, other])
        on_line = torch.stack([line, o] if axis == 0 else [o, line], -1)
        return torch.where(keep[:, None], end, on_line)

    q0 = point_on_line(line_start, j == 0, s0)
    q1 = point_on_line(line_end, j == last, s1)
    return q0, q1, rep


@dataclass
class CellBoxes:
    """Per-item boxes of cells in one flat accumulation buffer.

    Item i owns rows y0[i] .. y0[i]+h[i]-1 and buffer columns x0[i] .. x0[i]+w[i]-1 (the last
    buffer column only receives spill-over and is never read); its coverage is read from the
    first `cw[i]` columns. Python ints: the compositing loop slices with them.
    """

    y0: list[int]
    x0: list[int]
    h: list[int]
    w: list[int]
    cw: list[int]
    offset: list[int]
    total: int


@dataclass
class CellContributions:
    """Signed areas per sub-piece: `values` (2M,) go to cells (iy, ix) then (iy, ix + 1)."""

    values: torch.Tensor  # (2M,) differentiable
    item: torch.Tensor  # (M,) long
    iy: torch.Tensor  # (M,) long, row in [0, H)
    ix: torch.Tensor  # (M,) long, column in [0, W]; columns ≥ W only spill off the canvas

    def boxed(self, num_items: int, width: int) -> tuple[torch.Tensor, CellBoxes]:
        """Flat indices into per-item cell boxes (see `CellBoxes`), matching `values`."""
        boxes, (base, row0, col0, row_w) = _cell_boxes(self.ix, self.iy, self.item, num_items, width)
        left = base + (self.iy - row0) * row_w + (self.ix - col0)
        return torch.cat([left, left + 1]), boxes


def cell_contributions(
    p0: torch.Tensor, p1: torch.Tensor, item: torch.Tensor, width: int, height: int
) -> CellContributions:
    """Signed-area contributions of pieces (in pixel coordinates) to the cells they cross."""
    q0, q1, rep = _split_at_lines(p0, p1, 1, 0, height)
    ymid = 0.5 * (q0[:, 1] + q1[:, 1]).detach()
    keep = torch.nonzero((ymid > 0) & (ymid < height) & (q0[:, 1] != q1[:, 1]))[:, 0]
    q0, q1, it = q0.index_select(0, keep), q1.index_select(0, keep), item[rep[keep]]
    q0, q1, rep = _split_at_lines(q0, q1, 0, 0, width)
    it = it.index_select(0, rep)
    x0 = q0[:, 0].clamp(0, width)
    x1 = q1[:, 0].clamp(0, width)
    dy = q1[:, 1] - q0[:, 1]
    xm = 0.5 * (x0 + x1)
    with torch.no_grad():
        iy = torch.floor(0.5 * (q0[:, 1] + q1[:, 1])).long().clamp(0, height - 1)
        ix = torch.floor(xm).long().clamp(0, width)
    frac = xm - ix.to(xm.dtype)
    return CellContributions(torch.cat([dy * (1 - frac), dy * frac]), it, iy, ix)


def _cell_boxes(ix: torch.Tensor, iy: torch.Tensor, item: torch.Tensor, num_items: int, width: int):
    device = ix.device
    big = torch.iinfo(torch.long).max

    def reduce(src: torch.Tensor, how: str, init: int) -> torch.Tensor:
        out = torch.full((num_items,), init, dtype=torch.long, device=device)
        return out.scatter_reduce(0, item, src, reduce=how, include_self=True)

    xlo, xhi = reduce(ix, "amin", big), reduce(ix, "amax", -1)
    ylo, yhi = reduce(iy, "amin", big), reduce(iy, "amax", -1)
    present = xhi >= 0
    xlo = torch.where(present, xlo, torch.zeros_like(xlo))
    ylo = torch.where(present, ylo, torch.zeros_like(ylo))
    h = torch.where(present, yhi - ylo + 1, torch.zeros_like(ylo))
    w = torch.where(present, xhi - xlo + 2, torch.zeros_like(xlo))  # + spill column
    cw = torch.where(present, torch.clamp(torch.minimum(xhi + 1, torch.full_like(xhi, width)) - xlo, min=0), w)
    area = h * w
    offset = torch.cumsum(area, 0) - area
    y0, x0, hs, ws, cws, offsets = torch.stack([ylo, xlo, h, w, cw, offset]).tolist()  # one device sync
    boxes = CellBoxes(y0, x0, hs, ws, cws, offsets, total=int(area.sum()))
    return boxes, (offset[item], ylo[item], xlo[item], w[item])
