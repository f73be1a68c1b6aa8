"""The PySide6 editor: canvas, layers panel, tools, undo commands, optimizer worker."""
from editor.ui.pyside_compat import protect_none

protect_none()  # before any PySide6 call: see pyside_compat
