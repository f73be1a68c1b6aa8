"""Layertrace: a live, layered raster-to-SVG tracer and vector editor."""
