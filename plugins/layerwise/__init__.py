"""Layer-wise vectorization (LIVE), re-implemented from the paper's description."""
