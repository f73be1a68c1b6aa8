"""Opening, saving, exporting and autosaving documents."""
