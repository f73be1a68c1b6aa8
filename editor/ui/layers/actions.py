"""Reorganising layers: new layer from the selection, move to a layer, merge, raise and lower
layers, duplicate. Every verb is one undo entry built from the ordinary undo commands, so a
running optimizer receives the same edits as for any other change, and the layers tree's
drag and drop goes through `move_shapes` like the menu does.
"""
from __future__ import annotations

from dataclasses import dataclass

from editor.document import Layer, Shape, new_id
from editor.ui import commands as cmd
from editor.ui.controller import DocumentController
from editor.ui.selection import Selection


@dataclass
class LayerActions:
    ctl: DocumentController
    selection: Selection

    # ------------------------------------------------------------------ what is selected
    def selected_layers(self) -> list[Layer]:
        """Selected layers, bottom first."""
        chosen = set(self.selection.ids)
        return [layer for layer in self.ctl.doc.layers if layer.id in chosen]

    def selected_shapes(self) -> list[str]:
        """Selected shapes (and those of selected layers) in paint order."""
        return self.selection.shape_ids(self.ctl.doc)

    # ------------------------------------------------------------------ verbs
    def new_layer_from_selection(self) -> Layer | None:
        """Put the selected shapes, in their paint order, into a new layer above the
        highest layer they come from."""
        ids = self.selected_shapes()
        if not ids:
            return None
        doc = self.ctl.doc
        index = max(doc.layers.index(doc.locate_shape(i)[0]) for i in ids) + 1
        layer = Layer(name=f"Layer {len(doc.layers) + 1}")
        with self.ctl.macro("New layer from selection"):
            self.ctl.undo_stack.push(cmd.AddLayerCommand(self.ctl, index, layer))
            self._move(ids, layer, 0)
        self.selection.set([layer.id])
        return layer

    def move_shapes(self, ids: list[str], layer_id: str, index: int | None = None) -> None:
        """Move shapes into a layer so the lowest lands at `index` among the layer's other
        shapes (None: on top of them). The tree's drops and the Move to layer menu."""
        layer = self.ctl.doc.find_layer(layer_id)
        ids = [i for i in ids if self.ctl.doc.find_shape(i) is not None]
        if layer is None or not ids:
            return
        if index is None:
            index = len([s for s in layer.shapes if s.id not in ids])
        with self.ctl.macro(f"Move to “{layer.name}”"):
            self._move(ids, layer, index)

    def move_selection_to(self, layer_id: str) -> None:
        self.move_shapes(self.selected_shapes(), layer_id)

    def merge_layers(self) -> bool:
        """Merge the selected layers into the lowest of them (the upper ones' shapes stay
        above); a single selected layer merges down into the layer below it."""
        layers = self.selected_layers()
        doc = self.ctl.doc
        if len(layers) == 1:
            below = doc.layers.index(layers[0]) - 1
            if below < 0:
                return False
            layers.insert(0, doc.layers[below])
        if len(layers) < 2:
            return False
        target, sources = layers[0], layers[1:]
        ids = [s.id for layer in sources for s in layer.shapes]
        with self.ctl.macro(f"Merge {len(layers)} layers"):
            self._move(ids, target, len(target.shapes))
            self.ctl.undo_stack.push(cmd.DeleteCommand(self.ctl, [layer.id for layer in sources]))
        self.selection.set([target.id])
        return True

    def raise_layers(self) -> bool:
        """Move the selected layers one step up; False when no layer is selected."""
        return self._restack_layers(+1)

    def lower_layers(self) -> bool:
        return self._restack_layers(-1)

    def duplicate(self) -> None:
        """Copies, with new ids, right above their originals: whole layers when layers are
        selected, otherwise the selected shapes. The copies become the selection."""
        layers = self.selected_layers()
        copies: list[str] = []
        if layers:
            with self.ctl.macro(f"Duplicate {_plural(len(layers), 'layer')}"):
                for layer in reversed(layers):  # top first: lower indices stay valid
                    twin = Layer(name=f"{layer.name} copy", shapes=[_twin(s) for s in layer.shapes],
                                 visible=layer.visible, locked=layer.locked)
                    index = self.ctl.doc.layers.index(layer) + 1
                    self.ctl.undo_stack.push(cmd.AddLayerCommand(self.ctl, index, twin))
                    copies.append(twin.id)
        else:
            ids = self.selected_shapes()
            if not ids:
                return
            label = f"Duplicate {_plural(len(ids), 'shape')}"
            with self.ctl.macro(label):
                for shape_id in reversed(ids):
                    layer, shape = self.ctl.doc.locate_shape(shape_id)
                    shape_twin = _twin(shape)
                    index = layer.shapes.index(shape) + 1
                    self.ctl.undo_stack.push(cmd.AddShapeCommand(self.ctl, layer.id, index, shape_twin, label))
                    copies.append(shape_twin.id)
        self.selection.set(copies)

    # ------------------------------------------------------------------ helpers
    def _move(self, ids: list[str], target: Layer, index: int) -> None:
        """Push the reorder, keeping each shape as locked and as visible as it looked: a
        shape leaving a locked or hidden layer for one that is not gets the flag itself."""
        doc = self.ctl.doc
        flags: dict[str, dict[str, bool]] = {"locked": {}, "visible": {}}
        for shape_id in ids:
            layer, shape = doc.locate_shape(shape_id)
            if layer is target:
                continue
            if layer.locked and not target.locked and not shape.locked:
                flags["locked"][shape_id] = False
            if not layer.visible and target.visible and shape.visible:
                flags["visible"][shape_id] = True
        self.ctl.undo_stack.push(cmd.ReorderShapesCommand(self.ctl, ids, target.id, index))
        if flags["locked"]:
            self.ctl.undo_stack.push(cmd.SetFlagCommand(self.ctl, "locked", True, flags["locked"]))
        if flags["visible"]:
            self.ctl.undo_stack.push(cmd.SetFlagCommand(self.ctl, "visible", False, flags["visible"]))

    def _restack_layers(self, step: int) -> bool:
        layers = self.selected_layers()
        if not layers:
            return False
        order = self.ctl.doc.layers
        below = order.index(layers[0])  # the layers under the lowest selected one
        rest = len(order) - len(layers)
        target = min(max(below + step, 0), rest)
        contiguous = order.index(layers[-1]) - order.index(layers[0]) == len(layers) - 1
        if target != below or not contiguous:
            self.ctl.push(cmd.ReorderLayersCommand(self.ctl, [la.id for la in layers], target))
        return True


def _twin(shape: Shape) -> Shape:
    """A copy of `shape` with an id of its own."""
    twin = shape.copy()
    twin.id = new_id("path")
    twin.name = f"{shape.name} copy"
    return twin


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
