"""Shared test set-up: Qt runs offscreen (before any test module imports Qt)."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
