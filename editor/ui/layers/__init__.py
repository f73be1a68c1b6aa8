"""The layers panel: a tree of layers and shapes with eye, lock, rename and reorder."""
