"""File input and output the editor, the CLI and the exporters share: image loading (with
its notices and limits) and atomic writes."""
