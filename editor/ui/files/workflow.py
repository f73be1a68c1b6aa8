"""File commands as the designer meets them: open, paste, save, export, recover.

Every failure ends in an error dialog naming the file, and nothing is replaced unless the
new document loaded completely — a corrupt file never costs the open document.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QObject, QSettings, Signal
from PySide6.QtGui import QGuiApplication

from editor.errors import LayertraceError
from editor.io.atomic import write_atomic
from editor.svg import export_svg
from editor.ui.canvas.painting import render_document
from editor.ui.controller import DocumentController, snapshot_document
from editor.ui.dialogs import (
    IMAGE_FILTER,
    OPEN_FILTER,
    PNG_FILTER,
    PROJECT_FILTER,
    Dialogs,
    SaveChoice,
    SvgExportOptions,
)
from editor.ui.files.autosave import Autosaver
from editor.ui.files.opening import Opened, document_for, open_file
from editor.ui.files.project import SUFFIX as PROJECT_SUFFIX
from editor.ui.files.project import Project, save_project
from editor.ui.settings import (
    EXPORT_DIR,
    EXPORT_FLAVOUR,
    EXPORT_PRECISION,
    LAST_DIR,
    add_recent_file,
    read,
    write,
)
from editor.ui.source import SourceImage


class FileWorkflow(QObject):
    opened = Signal()  # a new document is showing (fit the view, clear the plot, …)
    message = Signal(str)  # a short note for the status bar

    def __init__(self, ctl: DocumentController, dialogs: Dialogs, settings: QSettings,
                 autosaver: Autosaver, collect_settings: Callable[[], dict],
                 apply_settings: Callable[[dict], None], before_replace: Callable[[], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctl = ctl
        self.dialogs = dialogs
        self.settings = settings
        self.autosaver = autosaver
        self.collect_settings = collect_settings
        self.apply_settings = apply_settings
        self.before_replace = before_replace  # stops the optimizer before its document goes

    # ------------------------------------------------------------------ helpers
    def project(self) -> Project:
        """The open work as a project, safe to serialize on another thread."""
        return Project(snapshot_document(self.ctl.doc), self.ctl.source, self.collect_settings())

    def _last_dir(self) -> str:
        return read(self.settings, LAST_DIR)

    def _remember(self, path: Path) -> None:
        write(self.settings, LAST_DIR, str(path.parent))
        add_recent_file(self.settings, path)

    def _display_name(self) -> str:
        if self.ctl.path is not None:
            return f"“{self.ctl.path.name}”"
        return f"“{self.ctl.source.name}”" if self.ctl.source else "this drawing"

    def confirm_discard(self) -> bool:
        """True when the open document may be replaced (saved, discarded, or clean)."""
        if not self.ctl.dirty:
            return True
        choice = self.dialogs.ask_save_changes(self._display_name())
        if choice == SaveChoice.SAVE:
            return self.save()
        return choice == SaveChoice.DISCARD

    def _show(self, opened: Opened) -> None:
        self.before_replace()
        self.ctl.reset(opened.document, opened.source, opened.project_path)
        if opened.settings:
            self.apply_settings(opened.settings)
        self.opened.emit()
        if opened.notices:
            self.dialogs.info("Opened with notes", "\n".join(f"• {n}" for n in opened.notices))

    # ------------------------------------------------------------------ open
    def open_dialog(self) -> bool:
        path = self.dialogs.open_path("Open image, SVG or project", OPEN_FILTER, self._last_dir())
        return path is not None and self.open_path(path)

    def open_path(self, path: Path) -> bool:
        if not self.confirm_discard():
            return False
        try:
            opened = open_file(Path(path), self.ctl.source)
        except LayertraceError as err:
            self.dialogs.error("Cannot open the file", str(err))
            return False
        self._show(opened)
        self._remember(Path(path))
        self.message.emit(f"Opened {Path(path).name}")
        return True

    def set_source_dialog(self) -> bool:
        """Choose the image a design (an opened SVG) is traced toward."""
        path = self.dialogs.open_path("Source image to trace toward", IMAGE_FILTER, self._last_dir())
        if path is None:
            return False
        try:
            source = SourceImage.open(path)
        except LayertraceError as err:
            self.dialogs.error("Cannot open the image", str(err))
            return False
        doc = self.ctl.doc
        if (source.width, source.height) != (doc.width, doc.height):
            self.dialogs.error(
                "Image size differs",
                f"{path.name} is {source.width}×{source.height} px but the design is "
                f"{doc.width:g}×{doc.height:g}: use an image of the design's size.")
            return False
        self.before_replace()
        self.ctl.set_source(source)
        self._remember(path)
        return True

    def paste(self) -> bool:
        """Paste an image (or a copied image file) from the clipboard as a new document."""
        mime = QGuiApplication.clipboard().mimeData()
        if mime is not None and mime.hasUrls():
            local = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]
            if local:
                return self.open_path(local[0])
        image = QGuiApplication.clipboard().image()
        if image.isNull():
            self.message.emit("The clipboard holds no image")
            return False
        if not self.confirm_discard():
            return False
        try:
            source = SourceImage.from_qimage(image)
        except LayertraceError as err:
            self.dialogs.error("Cannot paste the image", str(err))
            return False
        self._show(Opened(document_for(source), source, notices=source.notices))
        return True

    # ------------------------------------------------------------------ save
    def save(self) -> bool:
        if self.ctl.path is None:
            return self.save_as()
        return self._save_to(self.ctl.path)

    def save_as(self) -> bool:
        suggested = self.ctl.path or Path(self._last_dir()) / (
            Path(self.ctl.source.name).stem + PROJECT_SUFFIX if self.ctl.source else "Untitled.ltproj")
        path = self.dialogs.save_path("Save project", PROJECT_FILTER, str(suggested))
        if path is None:
            return False
        if path.suffix.lower() != PROJECT_SUFFIX:
            path = path.with_suffix(PROJECT_SUFFIX)
        return self._save_to(path)

    def _save_to(self, path: Path) -> bool:
        try:
            save_project(path, self.project())
        except LayertraceError as err:
            self.dialogs.error("Cannot save the project", str(err))
            return False
        self.ctl.mark_saved(path)
        self.autosaver.discard()
        self._remember(path)
        self.message.emit(f"Saved {path.name}")
        return True

    # ------------------------------------------------------------------ export
    def _export_stem(self) -> Path:
        name = self.ctl.path.stem if self.ctl.path else (
            Path(self.ctl.source.name).stem if self.ctl.source else "drawing")
        export_dir = read(self.settings, EXPORT_DIR)
        return Path(export_dir if export_dir is not None else self._last_dir()) / name

    def export_svg(self) -> bool:
        suggested = SvgExportOptions(
            self._export_stem().with_suffix(".svg"),
            read(self.settings, EXPORT_FLAVOUR),
            read(self.settings, EXPORT_PRECISION))
        options = self.dialogs.export_svg_options(suggested)
        if options is None:
            return False
        try:
            export_svg(self.ctl.doc, options.path, flavour=options.flavour, precision=options.precision)
        except LayertraceError as err:
            self.dialogs.error("Cannot export the SVG", str(err))
            return False
        write(self.settings, EXPORT_FLAVOUR, options.flavour)
        write(self.settings, EXPORT_PRECISION, options.precision)
        write(self.settings, EXPORT_DIR, str(options.path.parent))
        self.message.emit(f"Exported {options.path.name}")
        return True

    def export_png(self) -> bool:
        path = self.dialogs.save_path("Export PNG", PNG_FILTER,
                                      str(self._export_stem().with_suffix(".png")))
        if path is None:
            return False
        image = render_document(self.ctl.doc)
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")  # type: ignore[call-overload]  # PySide's stub says bytes; the binding takes str only
        try:
            write_atomic(path, bytes(buffer.data().data()))
        except LayertraceError as err:
            self.dialogs.error("Cannot export the PNG", str(err))
            return False
        write(self.settings, EXPORT_DIR, str(path.parent))
        self.message.emit(f"Exported {path.name}")
        return True

    # ------------------------------------------------------------------ recovery
    def offer_recovery(self) -> bool:
        """At start-up: restore the autosave of a session that did not end cleanly."""
        if self.autosaver.pending() is None:
            return False
        if not self.dialogs.ask_restore(self.autosaver.saved_at()):
            self.autosaver.discard()
            return False
        try:
            project = self.autosaver.restore()
        except LayertraceError as err:
            self.dialogs.error("Cannot restore the autosave", str(err))
            self.autosaver.discard()
            return False
        saved_path = project.settings.get("project_path")
        self._show(Opened(project.document, project.source,
                          Path(saved_path) if isinstance(saved_path, str) else None,
                          project.settings, project.notices))
        self.ctl.mark_unsaved()
        self.message.emit("Restored the autosaved work: save it to keep it")
        return True
