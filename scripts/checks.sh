#!/usr/bin/env bash
# Static checks that keep the architecture (run by .ci/run before the tests, as in README):
# ruff (lint + import order, rules in pyproject.toml) and import-linter's contracts
# (layers document <- render <- engine <- ui, Qt only in editor/ui, no torch in the editor's
# GUI process, plug-ins import only editor.methods). mypy's configuration is in pyproject.toml
# too; it is not a gate yet.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check .
PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}" .venv/bin/lint-imports
