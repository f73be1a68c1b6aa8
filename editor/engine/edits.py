"""Edit commands a designer's actions send to a running session.

Each is a small immutable value: the UI thread builds one and calls `Session.submit`; the
session applies queued edits at the start of its next step, on its own thread. Ids name
shapes or layers of the session's document; an edit naming an id that no longer exists
(e.g. deleted meanwhile) is ignored.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from editor.document import Fill, Shape, new_id


@dataclass(frozen=True)
class SetLockedEdit:
    """Lock or unlock a shape or a whole layer: locked shapes never change."""

    item_id: str
    locked: bool


@dataclass(frozen=True)
class SetVisibleEdit:
    """Show or hide a shape or a layer: hidden shapes are neither drawn nor optimized."""

    item_id: str
    visible: bool


@dataclass(frozen=True)
class DeleteEdit:
    """Remove a shape or a layer (with its shapes)."""

    item_id: str


@dataclass(frozen=True)
class AddShapeEdit:
    """Insert a shape (copied) into a layer at `index` (None: on top); it is optimized
    with the running stage. `layer_id` None puts it in the top layer (made if none)."""

    shape: Shape
    layer_id: str | None = None
    index: int | None = None


@dataclass(frozen=True)
class AddLayerEdit:
    """A new empty layer at `index` (bottom first; None: on top), with the id given here."""

    name: str = ""
    index: int | None = None
    layer_id: str = field(default_factory=lambda: new_id("layer"))


@dataclass(frozen=True)
class AddShapesAtErrorEdit:
    """Let the method place `count` shapes where the error is largest, in a new layer.

    The ids are chosen now, so the caller knows them before the shapes exist.
    """

    count: int
    layer_name: str = "Added"
    ids: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.ids:
            object.__setattr__(self, "ids", tuple(new_id("path") for _ in range(self.count)))
        if len(self.ids) != self.count:
            raise ValueError("AddShapesAtErrorEdit needs exactly `count` ids")


@dataclass(frozen=True)
class SetFillEdit:
    shape_id: str
    fill: Fill | None


@dataclass(frozen=True)
class SetGeometryEdit:
    """Move or redraw a shape: new control points (any count that fits `closed`) and, when
    given, new subpaths (further closed contours; None: unchanged)."""

    shape_id: str
    points: np.ndarray = field(compare=False)
    closed: bool | None = None  # None: unchanged
    subpaths: tuple[np.ndarray, ...] | None = field(default=None, compare=False)


@dataclass(frozen=True)
class MoveShapeEdit:
    """Reorder: put a shape into `layer_id` at `index` (bottom first; None: on top)."""

    shape_id: str
    layer_id: str
    index: int | None = None


@dataclass(frozen=True)
class MoveLayerEdit:
    layer_id: str
    index: int  # bottom first


@dataclass(frozen=True)
class SetSelectionEdit:
    """Restrict optimization to these shapes within the method's stages (None: no
    restriction, the method decides which shapes a stage optimizes)."""

    shape_ids: frozenset[str] | None


Edit = (
    SetLockedEdit | SetVisibleEdit | DeleteEdit | AddShapeEdit | AddLayerEdit | AddShapesAtErrorEdit
    | SetFillEdit | SetGeometryEdit | MoveShapeEdit | MoveLayerEdit | SetSelectionEdit
)
