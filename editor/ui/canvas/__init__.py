"""The canvas: a QGraphicsScene mirroring the document, and its view."""
