"""Geometry of outlines (numpy + shapely, no torch, no Qt): Bézier fitting, simplicity tests
and the repair pass that makes every optimizer outline a simple closed curve."""
from editor.geometry.outline import is_simple, painted_region
from editor.geometry.repair import RepairReport, is_simple_as_written, repair_document, repair_shape

__all__ = [
    "RepairReport", "is_simple", "is_simple_as_written", "painted_region", "repair_document", "repair_shape",
]
