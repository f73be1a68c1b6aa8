"""Edits of the selected shapes from menus and panels: fill colour, a colour sampled from
the image, the fill type (solid, linear, radial), and stacking order (raise, lower, to top,
to bottom)."""
from __future__ import annotations

from collections.abc import Callable

from editor.document import RGBA, Layer, Shape, SolidFill, fill_colors
from editor.document.fills import FillKind, fill_kind
from editor.ui import commands as cmd
from editor.ui.canvas.painting import shape_path
from editor.ui.controller import DocumentController
from editor.ui.dialogs import Dialogs
from editor.ui.selection import Selection
from editor.ui.tools.image_gradient import new_gradient
from editor.ui.tools.sampling import mean_color


class ShapeActions:
    def __init__(self, ctl: DocumentController, selection: Selection, dialogs: Dialogs) -> None:
        self.ctl = ctl
        self.selection = selection
        self.dialogs = dialogs

    def _shapes(self) -> list[str]:
        return self.selection.shape_ids(self.ctl.doc)

    def fill_targets(self) -> list[Shape]:
        """The selected shapes whose fill the designer may change: unlocked closed paths
        (an open path is drawn by its stroke alone)."""
        doc = self.ctl.doc
        return [shape for shape in map(self.ctl.shape, self._shapes())
                if shape.closed and not doc.is_shape_locked(shape.id)]

    def set_fill_kind(self, kind: FillKind) -> None:
        """Switch the fills of the selection to `kind` as one history entry, keeping each
        look as far as the new type allows; a solid colour becomes a gradient sampled from
        the image under the shape."""
        source = self.ctl.source
        scale = source.width / self.ctl.doc.width if source is not None else 1.0
        changes = [(shape, new_gradient(shape, kind, source, scale))
                   for shape in self.fill_targets() if fill_kind(shape.fill) != kind]
        if not changes:
            return
        label = f"{kind.capitalize()} fill"
        with self.ctl.macro(label):
            for shape, fill in changes:
                self.ctl.undo_stack.push(cmd.RecolorCommand(self.ctl, shape.id, shape.fill, fill, label))

    def recolor(self) -> None:
        """Fill the selection with a colour the designer picks (gradients become solid)."""
        ids = self._shapes()
        if not ids:
            return
        colors = fill_colors(self.ctl.shape(ids[0]).fill)
        picked = self.dialogs.pick_color(colors[0] if colors else (0.5, 0.5, 0.5, 1.0))
        if picked is not None:
            self._fill(ids, {i: picked for i in ids}, "Recolor")

    def sample_from_image(self) -> None:
        """Fill each selected shape with the mean image colour under it."""
        source = self.ctl.source
        if source is None:
            return
        scale = source.width / self.ctl.doc.width
        colors = {i: mean_color(source, shape_path(self.ctl.shape(i)), scale) for i in self._shapes()}
        self._fill([i for i, c in colors.items() if c is not None], colors, "Sample color from image")

    def _fill(self, ids: list[str], colors: dict[str, RGBA | None], label: str) -> None:
        if not ids:
            return
        with self.ctl.macro(label):
            for shape_id in ids:
                color = colors[shape_id]
                assert color is not None
                fill = self.ctl.shape(shape_id).fill
                self.ctl.undo_stack.push(cmd.RecolorCommand(self.ctl, shape_id, fill, SolidFill(color)))

    # ------------------------------------------------------------------ stacking order
    def raise_(self) -> None:
        self._restack(lambda below, rest: min(below + 1, rest))

    def lower(self) -> None:
        self._restack(lambda below, rest: max(below - 1, 0))

    def to_top(self) -> None:
        self._restack(lambda below, rest: rest)

    def to_bottom(self) -> None:
        self._restack(lambda below, rest: 0)

    def _restack(self, where: Callable[[int, int], int]) -> None:
        """Move the selected shapes of each layer together, to the index among the others
        that `where(shapes below them, other shapes)` gives."""
        chosen = set(self._shapes())
        moves: list[tuple[Layer, list[str], int]] = []
        for layer in self.ctl.doc.layers:
            ids = [s.id for s in layer.shapes if s.id in chosen]
            if not ids:
                continue
            first = next(n for n, s in enumerate(layer.shapes) if s.id in chosen)
            rest = len(layer.shapes) - len(ids)
            target = where(first, rest)
            if target != first or any(layer.shapes[first + k].id != i for k, i in enumerate(ids)):
                moves.append((layer, ids, target))
        if not moves:
            return
        with self.ctl.macro("Change stacking order"):
            for layer, ids, target in moves:
                self.ctl.undo_stack.push(cmd.ReorderShapesCommand(self.ctl, ids, layer.id, target))
