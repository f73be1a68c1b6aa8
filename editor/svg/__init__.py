"""SVG export (Inkscape layers or plain, atomic writes) and import (svgelements geometry, our own
structure, style and gradient reading, hardened XML parsing)."""
from editor.svg.export import Flavour, export_svg, svg_string
from editor.svg.importer import ImportResult, import_svg, import_svg_data

__all__ = ["Flavour", "ImportResult", "export_svg", "import_svg", "import_svg_data", "svg_string"]
