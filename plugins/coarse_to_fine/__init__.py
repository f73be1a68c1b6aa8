"""Coarse-to-fine layered vectorization with classical image simplification."""
