"""Clean-up of traced documents (engine side: numpy + shapely, no torch, no Qt): clip to the
canvas, remove buried shapes, merge touching same-colour shapes, snap to primitives, remove
redundant nodes, name shapes by colour. One module per step; `pipeline` runs them in order."""
from editor.cleanup.pipeline import CleanupOptions, CleanupReport, clean_up

__all__ = ["CleanupOptions", "CleanupReport", "clean_up"]
