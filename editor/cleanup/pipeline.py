"""The clean-up pipeline: its steps in order, their tolerances, and what each changed."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from editor.cleanup.buried import remove_buried
from editor.cleanup.clip import clip_to_canvas
from editor.cleanup.merge import merge_touching
from editor.cleanup.nodes import remove_redundant_nodes
from editor.cleanup.roles import check_roles
from editor.cleanup.scope import editable_shapes, regions_cached
from editor.cleanup.snap import snap_primitives
from editor.cleanup.transparent import clear_transparent
from editor.document import Document, Role
from editor.document.naming import name_shapes_by_color
from editor.geometry import is_simple_as_written, repair_document


@dataclass(frozen=True)
class CleanupOptions:
    """Tolerances in px of the document (the canvas's pixels) unless said otherwise."""

    min_visible: float = 0.05  # share of a shape's area that must show, or it is buried
    outline_tolerance: float = 0.5  # a refitted outline (clip, trim, merge) strays at most this far
    color_tolerance: float = 1.0  # CIEDE2000: colours closer than this are the same colour
    # A node goes when one cubic stays this close to the original outline of its two segments
    # (0.1 px cost up to 0.6 dB over a transparent background on the dev set's 45-dB traces).
    node_tolerance: float = 0.05
    primitive_tolerance: float = 1.0  # a shape becomes a circle/ellipse/rect this close to it
    clip: bool = True
    remove_buried: bool = True
    merge: bool = True
    snap_primitives: bool = True
    remove_nodes: bool = True
    rename: bool = True  # name the optimizer's shapes by colour and role
    clear_transparent: bool = True  # notch paint out of the source's clear pixels (given its alpha)


@dataclass
class CleanupReport:
    clipped: int = 0
    buried: int = 0
    trimmed: int = 0  # mostly hidden shapes cut to the part that shows
    underlays: int = 0  # mostly hidden shapes kept whole (they paint the edges above them); a state, not a change
    merged: int = 0
    primitives: Counter[str] = field(default_factory=Counter)  # circle / ellipse / rect
    nodes: int = 0
    repaired: int = 0  # outlines a step left knotted, made simple again
    cleared: int = 0  # pixels painted where the source is clear, notched out
    roles_dropped: int = 0  # roles the final colours no longer play
    renamed: int = 0

    @property
    def changed(self) -> bool:
        return any((self.clipped, self.buried, self.trimmed, self.merged, sum(self.primitives.values()),
                    self.nodes, self.repaired, self.cleared, self.roles_dropped, self.renamed))

    def summary(self) -> str:
        snapped = ", ".join(f"{n} {kind}" for kind, n in sorted(self.primitives.items())) or "none"
        return (f"clipped {self.clipped}, removed {self.buried} buried, trimmed {self.trimmed}, "
                f"kept {self.underlays} underlays, merged {self.merged}, "
                f"primitives: {snapped}, removed {self.nodes} nodes, repaired {self.repaired}, "
                f"cleared {self.cleared} transparent px, dropped {self.roles_dropped} roles, renamed {self.renamed}")

    def to_json(self) -> dict[str, object]:
        return {"clipped": self.clipped, "buried": self.buried, "trimmed": self.trimmed,
                "underlays": self.underlays, "merged": self.merged,
                "primitives": dict(self.primitives), "nodes_removed": self.nodes,
                "repaired": self.repaired, "cleared": self.cleared, "roles_dropped": self.roles_dropped, "renamed": self.renamed}


def clean_up(doc: Document, options: CleanupOptions | None = None,
             source_alpha: np.ndarray | None = None) -> tuple[Document, CleanupReport]:
    """A cleaned-up copy of `doc` and what changed. Only the optimizer's shapes that are
    visible and unlocked change; every other shape stays as it was, bit for bit.
    `source_alpha` is the traced image's (H, W) alpha over the whole canvas, when it has one:
    where it is 0 the optimizer's shapes are notched until they paint nothing there.

    Order: clipping first (what is off the canvas must not count for burial or merging),
    then burial (no work on hidden shapes), merging, primitives (on the merged outlines),
    and node removal (it keeps primitives as they are); the source's clear pixels are cleared
    of paint on the final outlines, burial is judged again on them, and names come from final
    colours.
    """
    options = options or CleanupOptions()
    doc = doc.copy()
    with regions_cached():
        report = _run_steps(doc, options, source_alpha)
    return doc, report


def _run_steps(doc: Document, options: CleanupOptions, source_alpha: np.ndarray | None) -> CleanupReport:
    report = CleanupReport()
    knotted_before = {shape.id for _, shape in editable_shapes(doc) if not is_simple_as_written(shape)}
    if options.clip:
        report.clipped = clip_to_canvas(doc, options.outline_tolerance)
    if options.remove_buried:
        report.buried, report.trimmed = remove_buried(doc, options.min_visible, options.outline_tolerance)
    if options.merge:
        report.merged = merge_touching(doc, options.outline_tolerance, options.color_tolerance)
    if options.snap_primitives:
        report.primitives = snap_primitives(doc, options.primitive_tolerance)
    if options.remove_nodes:
        report.nodes = remove_redundant_nodes(doc, options.node_tolerance)
    # A refit (clip, merge) or a removed node can fold an outline into a cusp: what was
    # simple stays simple (outlines that came knotted, as with --free-outlines, stay so).
    knotted = {shape.id for _, shape in editable_shapes(doc)
               if shape.id not in knotted_before and not is_simple_as_written(shape)}
    report.repaired = len(repair_document(doc, knotted).repaired) if knotted else 0
    if options.clear_transparent and source_alpha is not None:
        report.cleared = clear_transparent(doc, source_alpha, options.outline_tolerance)
    if options.remove_buried:
        # Merging, snapping, node removal and repair move outlines a little: a shape that
        # just passed may now show less than min_visible. Judged again on the final outlines.
        buried, trimmed = remove_buried(doc, options.min_visible, options.outline_tolerance)
        report.buried, report.trimmed = report.buried + buried, report.trimmed + trimmed
        report.underlays = sum(shape.role is Role.UNDERLAY for _, shape in editable_shapes(doc))
    if options.rename:
        report.roles_dropped = check_roles(doc)
        report.renamed = name_shapes_by_color(doc)
    return report
