"""Adding a drawn shape: which layer receives it, its starting colour, the undo entry."""
from __future__ import annotations

import numpy as np
from PySide6.QtGui import QPainterPathStroker

from editor.document import Layer, Shape, SolidFill
from editor.ui.canvas.painting import shape_path
from editor.ui.commands import AddLayerCommand, AddShapeCommand
from editor.ui.tools.base import ToolContext
from editor.ui.tools.sampling import mean_color

NEUTRAL = (0.5, 0.5, 0.5, 1.0)  # the colour of a shape drawn where there is no image
OPEN_PATH_WIDTH = 2.0  # px: open pen paths are strokes


def target_layer(ctx: ToolContext) -> Layer | None:
    """The selected (or selected shape's) layer if editable, else the top editable layer."""
    doc = ctx.ctl.doc
    for item_id in ctx.selection.ids:
        found = doc.find_shape(item_id)
        layer = doc.find_layer(item_id) or (found[0] if found else None)
        if layer is not None and layer.visible and not layer.locked:
            return layer
    return next((la for la in reversed(doc.layers) if la.visible and not la.locked), None)


def add_drawn_shape(ctx: ToolContext, points: np.ndarray, closed: bool, kind: str) -> Shape:
    """Push the shape as one undoable step, coloured by the image under it, and select it.

    A running optimization receives it as an edit and starts optimizing it at its next step.
    """
    ctl = ctx.ctl
    shape = Shape(points=points, closed=closed, name=f"{kind} {len(ctl.doc.all_shapes()) + 1}")
    scale = ctl.source.width / ctl.doc.width if ctl.source is not None else 1.0
    path = shape_path(shape)
    if closed:
        shape.fill = SolidFill(mean_color(ctl.source, path, scale) or NEUTRAL)
    else:
        stroker = QPainterPathStroker()
        stroker.setWidth(OPEN_PATH_WIDTH)
        shape.stroke = mean_color(ctl.source, stroker.createStroke(path), scale) or NEUTRAL
        shape.stroke_width = OPEN_PATH_WIDTH
    layer = target_layer(ctx)
    with ctl.macro(f"Draw {kind.lower()}"):
        if layer is None:  # every layer is locked or hidden: give the shape a new one on top
            layer = Layer(name=f"Layer {len(ctl.doc.layers) + 1}")
            ctl.undo_stack.push(AddLayerCommand(ctl, len(ctl.doc.layers), layer))
        ctl.undo_stack.push(AddShapeCommand(ctl, layer.id, len(layer.shapes), shape, f"Draw {kind.lower()}"))
    ctx.selection.set([shape.id])
    ctl.shapeDrawn.emit(shape.id)
    return shape
