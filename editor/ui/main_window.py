"""The main window: canvas in the middle, layers and optimizer docks, menus, shortcuts.

It wires the parts together and owns nothing they could own themselves: the document is
the controller's, files are the workflow's, the session is the runner's.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from PySide6.QtCore import QPoint, QSettings, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
)
from PySide6.QtWidgets import QAbstractButton, QDockWidget, QMainWindow, QMenu, QToolBar, QWidget

from editor.document import Origin
from editor.engine.run_modes import TRACE, RunMode
from editor.engine.snapshot import RunState, Snapshot
from editor.errors import LayertraceError
from editor.registry import MethodInfo, discover_methods
from editor.ui import commands as cmd
from editor.ui.canvas.scene import CanvasScene
from editor.ui.canvas.view import CanvasView
from editor.ui.controller import DocumentController
from editor.ui.dialogs import Dialogs
from editor.ui.files.autosave import Autosaver
from editor.ui.files.workflow import FileWorkflow
from editor.ui.fill import FillPanel
from editor.ui.layers.panel import LayersPanel
from editor.ui.optimize.history import OptimizerHistory
from editor.ui.optimize.panel import OptimizePanel
from editor.ui.optimize.runner import DEFAULT_INTERVAL_MS, OptimizerRunner
from editor.ui.optimize.verbs import OptimizerVerbs
from editor.ui.selection import Selection
from editor.ui.settings import (
    DARK_THEME,
    FAST_PREVIEW,
    OPTIMIZER_SETTINGS,
    RECENT_FILES,
    WINDOW_GEOMETRY,
    WINDOW_STATE,
    read,
    write,
)
from editor.ui.shape_actions import ShapeActions
from editor.ui.status import StatusBar
from editor.ui.theme import Icons
from editor.ui.tools import TOOLS, Tool, ToolContext
from editor.ui.view_bar import ViewBar

APP_NAME = "Layertrace"
# Saved window states of another version are ignored: version 1 restored docks as they were
# left, a Layers list squeezed to 3 rows by a gradient's stops included.
LAYOUT_VERSION = 2
DOCK_LAYERS_HEIGHT = 300  # Fill and Optimize get their content's height, Layers the rest
DOCK_WIDTH = 330
MIN_LAYER_ROWS = 7
log = logging.getLogger("layertrace")


class MainWindow(QMainWindow):
    def __init__(
        self,
        settings: QSettings,
        dialogs: Dialogs | None = None,
        autosave_dir: Path | None = None,
        methods: Sequence[MethodInfo] | None = None,
        refresh_ms: int = DEFAULT_INTERVAL_MS,
        torch_threads: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.dialogs = dialogs or Dialogs(self)
        self.icons = Icons(self)
        self.ctl = DocumentController(self)
        self.selection = Selection(self)
        self.scene = CanvasScene(self.ctl, self.selection)
        self.view = CanvasView(self.scene)
        self.runner = OptimizerRunner(self.ctl, self.scene.adopt, refresh_ms, torch_threads, self)
        self.history = OptimizerHistory(self.ctl, self)
        self.layers = LayersPanel(self.ctl, self.selection, self.icons)
        self.optimize = OptimizePanel(discover_methods() if methods is None else methods, self.icons)
        self.status = StatusBar()
        self.autosaver = Autosaver(self.ctl, lambda: self.files.project(), autosave_dir, parent=self)
        self.files = FileWorkflow(self.ctl, self.dialogs, settings, self.autosaver,
                                  self._collect_settings, self._apply_settings,
                                  self.runner.stop, self)
        self.shape_actions = ShapeActions(self.ctl, self.selection, self.dialogs)
        self.fill_panel = FillPanel(self.ctl, self.selection, self.shape_actions, self.icons,
                                    self.dialogs)
        self.verbs = OptimizerVerbs(self.ctl, self.selection, self.runner, self.dialogs,
                                    self.start_optimizing)
        self.tool_context = ToolContext(self.view, self.ctl, self.selection)
        self.tools: dict[str, Tool] = {cls.name: cls(self.tool_context) for cls in TOOLS}
        self.tool_actions: dict[str, QAction] = {}

        self.setCentralWidget(self.view)
        self.setStatusBar(self.status)
        self.view_bar = ViewBar(self.view, self.icons, settings, self)
        self._build_docks()
        self._build_actions()
        self._connect()
        self.setAcceptDrops(True)
        self.view.viewport().setAcceptDrops(False)
        self.resize(1400, 900)
        self._restore_layout()
        self.icons.apply_theme(read(settings, DARK_THEME))
        self.dark_action.setChecked(self.icons.dark)
        self.fast_preview_action.setChecked(read(settings, FAST_PREVIEW))
        self.set_tool("select")
        self.status.set_zoom(self.view.zoom)
        self._update_title()
        self._update_can_start()
        self.autosaver.start()

    # ------------------------------------------------------------------ construction
    def _build_docks(self) -> None:
        layers_dock = QDockWidget("Layers", self)
        layers_dock.setObjectName("layers-dock")
        layers_dock.setWidget(self.layers)
        fill_dock = QDockWidget("Fill", self)
        fill_dock.setObjectName("fill-dock")
        fill_dock.setWidget(self.fill_panel)
        optimize_dock = QDockWidget("Optimize", self)
        optimize_dock.setObjectName("optimize-dock")
        optimize_dock.setWidget(self.optimize)
        self.docks = (layers_dock, fill_dock, optimize_dock)
        for dock in self.docks:  # Qt's own title-bar buttons come without tooltips
            for name, tip in (("qt_dockwidget_floatbutton", "Float or dock this panel"),
                              ("qt_dockwidget_closebutton", "Close this panel (View menu reopens it)")):
                button = dock.findChild(QAbstractButton, name)
                if button is not None:
                    button.setToolTip(tip)
        # A floor a restored or dragged layout cannot go below: a Layers list of a few rows
        # (the Optimize panel keeps its essential parameters on screen itself).
        tree = self.layers.tree
        row = tree.fontMetrics().height() + 8
        tree.setMinimumHeight(MIN_LAYER_ROWS * row + tree.header().sizeHint().height()
                              + 2 * tree.frameWidth())
        self._optimize_height_before_stops: int | None = None
        self._default_dock_layout()
        QTimer.singleShot(0, self._fit_fill_dock)  # once the docks have their width
        self.fill_panel.contentChanged.connect(self._fill_content_changed)

    def _default_dock_layout(self) -> None:
        """Layers, Fill and Optimize stacked on the right; Fill as tall as its content."""
        for dock in self.docks:
            dock.setFloating(False)
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
            dock.show()
        heights = [DOCK_LAYERS_HEIGHT, self.fill_panel.sizeHint().height(),
                   self.optimize.sizeHint().height()]
        self.resizeDocks(list(self.docks), heights, Qt.Orientation.Vertical)
        self.resizeDocks([self.docks[0]], [DOCK_WIDTH], Qt.Orientation.Horizontal)

    def reset_layout(self) -> None:
        """View ▸ Reset Layout: every panel and toolbar back where a fresh start puts it."""
        for bar in self.findChildren(QToolBar):
            bar.show()
        self._default_dock_layout()
        QTimer.singleShot(0, self._fit_fill_dock)

    def _fill_content_changed(self) -> None:
        if self.fill_panel.stops.isVisibleTo(self.fill_panel) \
                and self._optimize_height_before_stops is None:
            # before the layout makes room for the stops, taking some from every dock
            self._optimize_height_before_stops = self.docks[2].height()
        QTimer.singleShot(0, self._fit_fill_dock)

    def _fit_fill_dock(self) -> None:
        """The Fill panel's content changed (gradient stops shown or hidden): make its dock
        as tall as that content, so the space a gradient took goes back to the Layers list."""
        fill_dock = self.docks[1]
        if fill_dock.isFloating() or not fill_dock.isVisible():
            return
        layout = self.fill_panel.layout()
        assert layout is not None  # the panel sets its layout when it is made
        layout.activate()
        chrome = fill_dock.height() - self.fill_panel.height()  # the dock's title bar
        # at the dock's width: the hint is a wrapped label
        wanted = layout.totalHeightForWidth(self.fill_panel.width()) + chrome
        layers_dock, _, optimize_dock = self.docks
        if not all(d.isVisible() and not d.isFloating()
                   and self.dockWidgetArea(d) == self.dockWidgetArea(fill_dock)
                   for d in (layers_dock, optimize_dock)):
            self.resizeDocks([fill_dock], [wanted], Qt.Orientation.Vertical)
            return
        # Space the stops need comes from the Layers list first; when they go, the Optimize
        # panel gets back what it gave and the Layers list the rest.
        freed = fill_dock.height() - wanted
        layers, optimize = layers_dock.height(), optimize_dock.height()
        if freed < 0:
            from_layers = min(-freed, max(0, layers - layers_dock.minimumSizeHint().height()))
            layers -= from_layers
            optimize -= -freed - from_layers
        elif not self.fill_panel.stops.isVisibleTo(self.fill_panel):
            given = min(freed, max(0, (self._optimize_height_before_stops or 0) - optimize))
            optimize += given
            layers += freed - given
            self._optimize_height_before_stops = None
        else:
            layers += freed
        self.resizeDocks(list(self.docks), [layers, wanted, optimize], Qt.Orientation.Vertical)

    def _action(self, text: str, slot: Callable[..., object],  # checkable: called with the state
                shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
                icon: str | None = None, tip: str = "", checkable: bool = False) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if icon:
            self.icons.set(action, icon)
        hint = f" ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})" \
            if shortcut is not None else ""
        action.setToolTip((tip or text.replace("&", "").rstrip("…")) + hint)
        action.setStatusTip(tip or text.replace("&", ""))
        action.setCheckable(checkable)
        if checkable:
            action.toggled.connect(slot)
        else:
            action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)  # shortcuts work even with the menu bar hidden
        return action

    def _separator(self) -> QAction:
        separator = QAction(self)
        separator.setSeparator(True)
        return separator

    def _build_actions(self) -> None:
        f, ctl = self.files, self.ctl
        a = self._action
        self.open_action = a("&Open…", f.open_dialog, QKeySequence.StandardKey.Open, "fa5s.folder-open",
                             "Open an image, an SVG or a Layertrace project")
        self.source_action = a("Set &Source Image…", f.set_source_dialog, None, "mdi.image-outline",
                               "Choose the image this design is traced toward")
        self.paste_action = a("&Paste Image", f.paste, QKeySequence.StandardKey.Paste, "fa5s.paste",
                              "Trace the image on the clipboard")
        self.save_action = a("&Save", f.save, QKeySequence.StandardKey.Save, "fa5s.save",
                             "Save the project (document, image and settings)")
        self.save_as_action = a("Save &As…", f.save_as, QKeySequence.StandardKey.SaveAs, None,
                                "Save the project under a new name")
        self.export_action = a("&Export SVG…", f.export_svg, "Ctrl+E", "fa5s.file-export",
                               "Export an SVG with Inkscape layers, or plain")
        self.export_png_action = a("Export &PNG…", f.export_png, "Shift+Ctrl+E", None,
                                   "Export the drawing as a PNG image")
        quit_action = a("&Quit", self.close, QKeySequence.StandardKey.Quit, None, "Quit Layertrace")

        self.undo_action = a("&Undo", ctl.undo_stack.undo, QKeySequence.StandardKey.Undo, "fa5s.undo")
        self.redo_action = a("&Redo", ctl.undo_stack.redo, "Shift+Ctrl+Z", "fa5s.redo")
        self.delete_action = a("&Delete", self.layers.delete_selection, QKeySequence.StandardKey.Delete,
                               "fa5s.trash-alt", "Delete the selected shapes and layers")
        self.lock_action = a("&Lock / Unlock", lambda: self.layers.toggle("locked"), "L", "fa5s.lock",
                             "Lock the selection so neither you nor the optimizer changes it")
        self.hide_action = a("&Hide / Show", lambda: self.layers.toggle("visible"), "H",
                             "fa5s.eye-slash", "Hide the selection (hidden shapes are not optimized)")
        select_all = a("Select &All", self.select_all, QKeySequence.StandardKey.SelectAll, None,
                       "Select every editable shape")
        deselect = a("Dese&lect", lambda: self.selection.set([]), "Shift+Ctrl+A", None,
                     "Clear the selection")
        sa = self.shape_actions
        self.recolor_action = a("Fill &Color…", sa.recolor, "Shift+Ctrl+F", "fa5s.palette",
                                 "Choose the fill color of the selected shapes")
        self.sample_action = a("Sample Color From &Image", sa.sample_from_image, "I",
                               "fa5s.eye-dropper",
                               "Fill the selected shapes with the image's color under them")
        la = self.layers.layer_actions

        def raise_selection() -> None:  # the selected layers, else the selected shapes
            if not la.raise_layers():
                sa.raise_()

        def lower_selection() -> None:
            if not la.lower_layers():
                sa.lower()

        arrange = [
            a("&Raise", raise_selection, "PgUp",
              "mdi.arrange-bring-forward",
              "Move the selected layers, or shapes in their layer, one step up"),
            a("&Lower", lower_selection, "PgDown",
              "mdi.arrange-send-backward",
              "Move the selected layers, or shapes in their layer, one step down"),
            a("Raise to &Top", sa.to_top, "Home", "mdi.arrange-bring-to-front",
              "Move the selected shapes to the top of their layer"),
            a("Lower to &Bottom", sa.to_bottom, "End", "mdi.arrange-send-to-back",
              "Move the selected shapes to the bottom of their layer"),
        ]
        shape_menu = [self.recolor_action, self.sample_action, self._separator(),
                      *self.fill_panel.kind_actions.values(), self._separator(), *arrange]

        self.new_layer_action = a("&New Layer", self.layers.add_layer, "Shift+Ctrl+N",
                                  "mdi.layers-plus", "Add a layer above the selection")
        self.group_action = a("New Layer from &Selection", la.new_layer_from_selection, "Ctrl+G",
                              "fa5s.layer-group", "Put the selected shapes into a new layer")
        self.move_menu = QMenu("&Move to Layer", self)
        self.move_menu.aboutToShow.connect(self._fill_move_menu)
        self.merge_action = a("&Merge Layers", la.merge_layers, "Ctrl+M", "mdi.layers-triple",
                              "Merge the selected layers into the lowest of them, or a single "
                              "selected layer into the one below")
        self.duplicate_action = a("&Duplicate", la.duplicate, "Ctrl+D", "fa5s.clone",
                                  "Duplicate the selected layers or shapes")

        zoom_in = a("Zoom &In", lambda: self.view.zoom_by(1.25), QKeySequence.StandardKey.ZoomIn,
                    "fa5s.search-plus")
        zoom_out = a("Zoom &Out", lambda: self.view.zoom_by(0.8), QKeySequence.StandardKey.ZoomOut,
                     "fa5s.search-minus")
        fit = a("&Fit in Window", self.view.zoom_fit, "Ctrl+0", "fa5s.expand")
        actual = a("&Actual Pixels (100 %)", self.view.zoom_actual, "Ctrl+1")
        self.dark_action = a("&Dark Theme", self._set_dark, None, "mdi.theme-light-dark",
                             "Switch between the light and the dark palette", checkable=True)
        self.fast_preview_action = a(
            "Fast Preview While &Optimizing", self._set_fast_preview, None, None,
            "Draw edges without antialiasing while the optimizer runs, so the window stays "
            "fluid with hundreds of shapes (exact again when it pauses or stops)",
            checkable=True)

        v = self.verbs
        self.start_action = a("&Optimize", v.default, "F5", "fa5s.play",
                              "Refine the shapes there are, or trace an empty document")
        self.trace_action = a("&Trace", v.trace, "Ctrl+F5", "mdi.vector-curve",
                              "Trace the image with the method's schedule; again replaces "
                              "the optimizer's unlocked shapes (asks first)")
        self.refine_action = a("&Refine", v.refine, None, "mdi.auto-fix",
                               "Optimize the selected shapes, or every unlocked one, adding none")
        self.add_paths_action = a("&Add Paths", lambda: v.add_paths(self.optimize.add_count.value()),
                                  None, "mdi.shape-plus",
                                  "Add paths where the error is largest (count: Optimize panel)")
        self.pause_action = a("&Pause / Resume", self.toggle_pause, "F6", "fa5s.pause",
                              "Pause or resume the optimizer")
        self.stop_action = a("S&top", self.runner.stop, "Shift+F5", "fa5s.stop",
                             "Stop the optimizer and keep the result")
        self.cleanup_action = a(
            "&Clean Up", self.clean_up, None, "mdi.broom",
            "Tidy the optimizer's shapes: clip to the canvas, remove buried shapes, merge "
            "same-color neighbors, snap circles and rectangles, drop needless nodes, name "
            "shapes by color (your own and locked shapes stay as they are)")

        group = QActionGroup(self)
        for cls in TOOLS:
            action = a(cls.label, partial(self.set_tool, cls.name), cls.shortcut, cls.icon, cls.tip)
            action.setCheckable(True)
            group.addAction(action)
            self.tool_actions[cls.name] = action

        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        file_menu.addActions([self.open_action])
        self.recent_menu = QMenu("Open &Recent", self)
        self.recent_menu.setToolTipsVisible(True)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu.addMenu(self.recent_menu)
        file_menu.addActions([self.source_action, self.paste_action])
        file_menu.addSeparator()
        file_menu.addActions([self.save_action, self.save_as_action])
        file_menu.addSeparator()
        file_menu.addActions([self.export_action, self.export_png_action])
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        edit_menu = menu.addMenu("&Edit")
        edit_menu.addActions([self.undo_action, self.redo_action])
        edit_menu.addSeparator()
        edit_menu.addActions([self.delete_action, self.lock_action, self.hide_action])
        edit_menu.addSeparator()
        edit_menu.addActions(shape_menu)
        edit_menu.addSeparator()
        edit_menu.addActions([select_all, deselect])
        # the same actions on a right click, on the canvas and in the layers list
        self.context_actions = [self.lock_action, self.hide_action, self.delete_action,
                                self.duplicate_action, self.group_action,
                                self.move_menu.menuAction(), *shape_menu]
        self.layers.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.layers.tree.addActions(self.context_actions)
        self.view.viewport().setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.viewport().customContextMenuRequested.connect(self._canvas_menu)
        layer_menu = menu.addMenu("&Layer")
        layer_menu.addActions([self.new_layer_action, self.group_action])
        layer_menu.addMenu(self.move_menu)
        layer_menu.addActions([self.merge_action, self.duplicate_action, self._separator(),
                               *arrange[:2]])
        view_menu = menu.addMenu("&View")
        view_menu.addActions([zoom_in, zoom_out, fit, actual])
        view_menu.addSeparator()
        for dock in self.docks:
            view_menu.addAction(dock.toggleViewAction())
        view_menu.addAction(a("&Reset Layout", self.reset_layout, None, None,
                              "Put every panel and toolbar back where a fresh start puts them"))
        view_menu.addSeparator()
        view_menu.addActions([self.fast_preview_action, self.dark_action])
        tools_menu = menu.addMenu("&Tools")
        tools_menu.addActions(list(self.tool_actions.values()))
        run_menu = menu.addMenu("&Optimize")
        run_menu.addActions([self.start_action, self.trace_action, self.refine_action,
                             self.add_paths_action, self._separator(), self.pause_action,
                             self.stop_action])
        run_menu.addSeparator()
        run_menu.addAction(self.cleanup_action)
        self.checkpoint_menu = QMenu("Revert to &Checkpoint", self)
        self.checkpoint_menu.setToolTipsVisible(True)
        self.checkpoint_menu.aboutToShow.connect(self._fill_checkpoint_menu)
        run_menu.addMenu(self.checkpoint_menu)
        for m in (file_menu, edit_menu, layer_menu, self.move_menu, view_menu, tools_menu, run_menu):
            m.setToolTipsVisible(True)

        main_bar = QToolBar("Main", self)
        main_bar.setObjectName("main-bar")
        main_bar.addActions([self.open_action, self.save_action, self.export_action])
        main_bar.addSeparator()
        main_bar.addActions([self.undo_action, self.redo_action])
        main_bar.addSeparator()
        main_bar.addActions([self.trace_action, self.refine_action, self.pause_action,
                             self.stop_action])
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, main_bar)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.view_bar)
        tool_bar = QToolBar("Tools", self)
        tool_bar.setObjectName("tool-bar")
        tool_bar.addActions(list(self.tool_actions.values()))
        self.addToolBar(Qt.ToolBarArea.LeftToolBarArea, tool_bar)

    def _connect(self) -> None:
        ctl, stack = self.ctl, self.ctl.undo_stack
        stack.canUndoChanged.connect(self.undo_action.setEnabled)
        stack.canRedoChanged.connect(self.redo_action.setEnabled)
        stack.undoTextChanged.connect(lambda t: self.undo_action.setText(f"&Undo {t}".strip()))
        stack.redoTextChanged.connect(lambda t: self.redo_action.setText(f"&Redo {t}".strip()))
        self.undo_action.setEnabled(False)
        self.redo_action.setEnabled(False)
        ctl.dirtyChanged.connect(lambda _d: self._update_title())
        ctl.documentReset.connect(self._document_reset)
        ctl.structureChanged.connect(lambda: self.selection.prune(ctl.doc))
        self.selection.changed.connect(self._selection_changed)
        self.view.zoomChanged.connect(self.status.set_zoom)
        self.view.cursorMoved.connect(self.status.set_cursor)
        self.files.message.connect(lambda text: self.status.showMessage(text, 4000))
        self.files.opened.connect(self._after_open)

        panel, runner = self.optimize, self.runner
        panel.startRequested.connect(self.verbs.trace)
        panel.refineRequested.connect(self.verbs.refine)
        panel.pauseRequested.connect(runner.pause)
        panel.resumeRequested.connect(runner.resume)
        panel.stopRequested.connect(runner.stop)
        panel.addShapesRequested.connect(self.verbs.add_paths)
        ctl.structureChanged.connect(self._document_changed)
        panel.refineSelectionToggled.connect(self._restrict_to_selection)
        runner.stateChanged.connect(self._run_state_changed)
        runner.progressed.connect(self._progressed)
        runner.snapshotArriving.connect(self.history.before_snapshot)
        runner.progressed.connect(self.history.after_snapshot)
        runner.stateChanged.connect(self.history.run_ended)
        runner.failed.connect(lambda text: self._optimizer_failed("The optimizer stopped", text))

    # ------------------------------------------------------------------ tools and selection
    def set_tool(self, name: str) -> None:
        self.view.set_tool(self.tools[name])
        self.tool_actions[name].setChecked(True)

    def _canvas_menu(self, pos: QPoint) -> None:
        """Right click: pick the shape under the cursor if it is not selected, then the menu."""
        item = self.scene.shape_at(self.view.mapToScene(pos))
        if item is not None and item.shape_id not in self.selection.shape_ids(self.ctl.doc):
            self.selection.set([item.shape_id])
        menu = QMenu(self)
        menu.setToolTipsVisible(True)
        menu.addActions(self.context_actions)
        menu.exec(self.view.viewport().mapToGlobal(pos))

    def _fill_move_menu(self) -> None:
        """Move to Layer ▸: every layer, top first, as in the layers list."""
        self.move_menu.clear()
        chosen = bool(self.layers.layer_actions.selected_shapes())
        for layer in reversed(self.ctl.doc.layers):
            action = self.move_menu.addAction(layer.name)
            action.setToolTip(f"Move the selected shapes to the top of “{layer.name}”")
            action.setEnabled(chosen)
            action.triggered.connect(
                lambda _c=False, i=layer.id: self.layers.layer_actions.move_selection_to(i))

    def _fill_checkpoint_menu(self) -> None:
        """Revert to Checkpoint ▸: the optimizer's checkpoints, newest first."""
        self.checkpoint_menu.clear()
        for checkpoint in reversed(self.history.checkpoints):
            action = self.checkpoint_menu.addAction(checkpoint.describe())
            action.setToolTip("Take the trace back to this state; your own changes since stay "
                              "(Undo brings the later trace back)")
            action.triggered.connect(lambda _c=False, c=checkpoint: self.history.revert(c))
        if not self.history.checkpoints:
            self.checkpoint_menu.addAction("No checkpoints yet: start the optimizer").setEnabled(False)

    def clean_up(self) -> None:
        """Clean the document up as one undoable step; the status bar says what changed."""
        from editor.cleanup import clean_up  # shapely and scikit-image load on first use

        before = self.ctl.doc.copy()
        source = self.ctl.source
        after, report = clean_up(before, source_alpha=source.alpha if source is not None else None)
        if not report.changed:
            self.status.showMessage("Clean up: nothing to change", 4000)
            return
        self.ctl.push(cmd.CleanUpCommand(self.ctl, before, after))
        self.status.showMessage(f"Cleaned up: {report.summary()}", 8000)

    def select_all(self) -> None:
        self.selection.set([s.id for s in self.ctl.doc.all_shapes() if self.ctl.is_editable(s.id)])

    def _selection_changed(self, _origin: object) -> None:
        if self.optimize.refine_selection.isChecked():
            self._restrict_to_selection(True)

    def _restrict_to_selection(self, on: bool) -> None:
        if self.runner.active:
            ids = self.selection.shape_ids(self.ctl.doc)
            self.ctl.restrict_optimization(frozenset(ids) if on else None)

    # ------------------------------------------------------------------ optimizer
    def start_optimizing(self, mode: RunMode = TRACE) -> bool:
        """A session with the Optimize panel's method and settings (the verbs choose `mode`)."""
        try:
            method = self.optimize.method_info()
            if method is None:
                raise ValueError("no vectorization method is available")
            self.runner.start(method, self.optimize.params(), self.optimize.working_size.value(),
                              mode)
        except (LayertraceError, ValueError) as err:
            self._optimizer_failed("Cannot start the optimizer", str(err))
            return False
        self.history.run_started()
        self.optimize.plot.clear()
        self.status.starting()
        write(self.settings, OPTIMIZER_SETTINGS, json.dumps(self.optimize.settings()))
        return True

    def _document_changed(self) -> None:
        shapes = self.ctl.doc.all_shapes()
        traced = any(s.origin == Origin.OPTIMIZER for s in shapes)
        self.optimize.set_document(bool(shapes), traced)
        self.trace_action.setText("&Trace Again…" if traced else "&Trace")

    def _optimizer_failed(self, title: str, text: str) -> None:
        """The optimizer could not start or its process ended: say so in the status bar, the
        log and a dialog. The document keeps everything the last applied step gave it."""
        log.error("%s: %s", title, text)
        self.status.failed(title, text)
        self.dialogs.error(title, f"{text}\n\nThe document keeps the optimizer's last result; "
                                  "Start runs it again.")

    def toggle_pause(self) -> None:
        if self.runner.state == RunState.PAUSED:
            self.runner.resume()
        else:
            self.runner.pause()

    def _run_state_changed(self, state: RunState) -> None:
        self.optimize.set_state(state)
        self.status.set_state(state)
        self.view.set_fast_preview(state == RunState.RUNNING and self.fast_preview_action.isChecked())
        active = state in (RunState.RUNNING, RunState.PAUSED)
        self.pause_action.setEnabled(active)
        self.stop_action.setEnabled(active)

    def _progressed(self, snap: Snapshot) -> None:
        self.status.show_snapshot(snap)
        self.optimize.plot.add(snap.step, snap.psnr)

    def _update_can_start(self) -> None:
        self.optimize.set_can_start(self.ctl.source is not None)
        for action in (self.start_action, self.trace_action, self.refine_action,
                       self.add_paths_action):
            action.setEnabled(self.ctl.source is not None)
        self._document_changed()
        self._run_state_changed(self.runner.state)

    # ------------------------------------------------------------------ documents
    def open_path(self, path: Path) -> bool:
        return self.files.open_path(path)

    def _document_reset(self) -> None:
        self.selection.set([])
        self._update_can_start()
        self._update_title()

    def _after_open(self) -> None:
        self.optimize.plot.clear()
        self.status.clear_progress()
        QTimer.singleShot(0, self.view.zoom_fit)  # after the layout gave the view its size

    def _collect_settings(self) -> dict:
        return {"optimizer": self.optimize.settings(),
                "project_path": str(self.ctl.path) if self.ctl.path else None}

    def _apply_settings(self, settings: dict) -> None:
        optimizer = settings.get("optimizer")
        if isinstance(optimizer, dict):
            self.optimize.apply_settings(optimizer)

    def _update_title(self) -> None:
        ctl = self.ctl
        name = ctl.path.name if ctl.path else (ctl.source.name if ctl.source else "Untitled")
        self.setWindowTitle(f"{name}[*] — {APP_NAME}")
        self.setWindowModified(ctl.dirty)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        files = [p for p in read(self.settings, RECENT_FILES) if p.exists()]
        for path in files:
            action = self.recent_menu.addAction(path.name)
            action.setToolTip(str(path))
            action.triggered.connect(lambda _c=False, p=path: self.files.open_path(p))
        if not files:
            self.recent_menu.addAction("No recent files").setEnabled(False)

    # ------------------------------------------------------------------ drag and drop
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            QTimer.singleShot(0, lambda: self.files.open_path(paths[0]))  # not inside the drop

    # ------------------------------------------------------------------ layout and theme
    def _set_fast_preview(self, fast: bool) -> None:
        write(self.settings, FAST_PREVIEW, fast)
        self._run_state_changed(self.runner.state)

    def _set_dark(self, dark: bool) -> None:
        self.icons.apply_theme(dark)
        self.layers.model.retheme()
        write(self.settings, DARK_THEME, dark)
        self.view.viewport().update()

    def _restore_layout(self) -> None:
        geometry = read(self.settings, WINDOW_GEOMETRY)
        state = read(self.settings, WINDOW_STATE)
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state, LAYOUT_VERSION)  # refuses another version's state
        saved = read(self.settings, OPTIMIZER_SETTINGS)
        if saved:
            try:
                self.optimize.apply_settings(json.loads(saved))
            except (ValueError, AttributeError):
                pass  # settings from an older version: keep the defaults

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.files.confirm_discard():
            event.ignore()
            return
        self.runner.shutdown()
        write(self.settings, WINDOW_GEOMETRY, self.saveGeometry())
        write(self.settings, WINDOW_STATE, self.saveState(LAYOUT_VERSION))
        write(self.settings, OPTIMIZER_SETTINGS, json.dumps(self.optimize.settings()))
        self.settings.sync()
        self.autosaver.discard()  # a clean exit: nothing to recover next time
        event.accept()
