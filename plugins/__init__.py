"""Bundled vectorization methods, one package per folder, each described by a manifest.toml."""
