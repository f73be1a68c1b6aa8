"""Segmentation-guided vectorization with radial gradients (SGLIVE), re-implemented from the
paper's description."""
