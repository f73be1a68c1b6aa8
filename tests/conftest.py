"""Shared test set-up: Qt runs offscreen (before any test module imports Qt)."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytest_plugins = ["editor.registry.testing"]  # the tmp_plugin fixture plug-in authors use
