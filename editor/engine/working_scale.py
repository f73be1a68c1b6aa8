"""The optimizer's working size: a document traced at a fixed pixel scale.

Methods are tuned in pixels of a working canvas (step sizes, placement thresholds, the
256-px development set), and a step's cost grows with the canvas area. So the CLI and the
editor trace at a working size — the long side in pixels — whatever the image's size, and
map between the two coordinate systems here: edits go in scaled to the working canvas,
snapshots and documents come back scaled to the designer's document.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from editor.document import Document
from editor.document.scaling import scale_document, scale_fill, scale_shape, stroke_factor
from editor.engine import edits as ed
from editor.engine.snapshot import ShapeState, Snapshot
from editor.io.image_io import working_dimensions

DEFAULT_WORKING_SIZE = 256  # px, long side: the scale the methods are tuned at
MIN_WORKING_SIZE, MAX_WORKING_SIZE = 8, 4096


@dataclass(frozen=True)
class WorkingScale:
    """A document's size and the working canvas it is optimized on."""

    document_size: tuple[float, float]  # user units
    width: int  # working canvas, px
    height: int

    @classmethod
    def fit(cls, width: float, height: float, size: int) -> WorkingScale:
        """The working canvas whose long side is `size` px, as `resize_for_trace` makes it."""
        return cls((width, height), *working_dimensions(int(round(width)), int(round(height)), size))

    @property
    def sx(self) -> float:
        """Document units × (sx, sy) = working pixels."""
        return self.width / self.document_size[0]

    @property
    def sy(self) -> float:
        return self.height / self.document_size[1]

    @property
    def identity(self) -> bool:
        return self.sx == 1.0 and self.sy == 1.0

    def to_working(self, doc: Document) -> Document:
        return scale_document(doc, self.width, self.height)

    def from_working(self, doc: Document) -> Document:
        return scale_document(doc, *self.document_size)

    def edit(self, edit: ed.Edit) -> ed.Edit:
        """`edit` in working coordinates (most edits have none)."""
        sx, sy = self.sx, self.sy
        if isinstance(edit, ed.AddShapeEdit):
            return replace(edit, shape=scale_shape(edit.shape, sx, sy))
        if isinstance(edit, ed.SetFillEdit):
            return replace(edit, fill=scale_fill(edit.fill, sx, sy))
        if isinstance(edit, ed.SetGeometryEdit):
            subpaths = None if edit.subpaths is None else tuple(np.asarray(p) * (sx, sy) for p in edit.subpaths)
            return replace(edit, points=np.asarray(edit.points, dtype=np.float64) * (sx, sy), subpaths=subpaths)
        return edit

    def snapshot(self, snap: Snapshot) -> Snapshot:
        """`snap` (working coordinates) in document coordinates."""
        if self.identity:
            return snap
        return replace(snap, shapes={sid: self._state(state) for sid, state in snap.shapes.items()})

    def _state(self, state: ShapeState) -> ShapeState:
        ux, uy = 1.0 / self.sx, 1.0 / self.sy
        return replace(state, points=state.points * (ux, uy), fill=scale_fill(state.fill, ux, uy),
                       subpaths=[p * (ux, uy) for p in state.subpaths],
                       stroke_width=state.stroke_width * stroke_factor(ux, uy))
