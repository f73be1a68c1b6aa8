"""Shared test set-up: Qt runs offscreen, torch stays on few threads, tests see tests/ helpers."""
from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))
