"""The designer's three verbs for the optimizer, as the window offers them.

    Trace (again)  the method's schedule; when the optimizer's shapes are already there it
                   asks, then removes them (one undo entry) — drawn, imported and locked
                   shapes stay — so a second trace never doubles the first
    Refine         optimize the selected shapes, or every unlocked one, adding none: F5 once
                   there is something to refine, and what a shape drawn after a finished
                   run gets on its own
    Add paths      N new paths where the error is largest (into a running trace, or alone)
"""
from __future__ import annotations

from collections.abc import Callable

from editor.document.traced import replaceable
from editor.engine.run_modes import AddPaths, Refine, RunMode, Trace
from editor.engine.snapshot import RunState
from editor.ui import commands as cmd
from editor.ui.controller import DocumentController
from editor.ui.dialogs import Dialogs
from editor.ui.optimize.runner import OptimizerRunner
from editor.ui.selection import Selection


class OptimizerVerbs:
    def __init__(self, ctl: DocumentController, selection: Selection, runner: OptimizerRunner,
                 dialogs: Dialogs, start: Callable[[RunMode], bool]) -> None:
        self.ctl = ctl
        self.selection = selection
        self.runner = runner
        self.dialogs = dialogs
        self.start = start  # starts a session with the Optimize panel's method and settings
        ctl.shapeDrawn.connect(self.shape_drawn)

    def trace(self) -> bool:
        ids = replaceable(self.ctl.doc)
        if ids:
            count = sum(len(la.shapes) if (la := self.ctl.doc.find_layer(i)) else 1 for i in ids)
            if not self.dialogs.ask_trace_again(count):
                return False
            self.runner.stop()
            with self.ctl.macro("Trace again"):
                self.ctl.undo_stack.push(cmd.DeleteCommand(self.ctl, ids))
        return self.start(Trace())

    def refine(self) -> bool:
        ids = self.selection.shape_ids(self.ctl.doc)
        return self.start(Refine(frozenset(ids) if ids else None))

    def add_paths(self, count: int) -> bool:
        if self.runner.active:
            self.runner.add_shapes_at_error(count)
            return True
        return self.start(AddPaths(count))

    def default(self) -> bool:
        """F5: refine what there is; trace an empty document."""
        return self.refine() if self.ctl.doc.all_shapes() else self.trace()

    def shape_drawn(self, shape_id: str) -> None:
        """A running session optimizes a drawn shape already; after a finished run, the
        shape gets a refinement of its own."""
        if not self.runner.active and self.runner.state == RunState.FINISHED:
            self.start(Refine(frozenset({shape_id})))
