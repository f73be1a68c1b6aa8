"""The optimization engine (no Qt): sessions, edits, snapshots, shared losses and placement."""
