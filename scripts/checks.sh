#!/usr/bin/env bash
# Static checks that keep the architecture (run by .ci/run before the tests, as in README):
# ruff (lint + import order, rules in pyproject.toml); mypy (types of every package and
# plug-in, the Qt editor and the Inkscape extension included; warn_unused_ignores, so a stale
# `type: ignore` fails); import-linter's contracts
# (layers document <- render <- engine <- ui, Qt only in editor/ui, no torch in the editor's
# GUI process, plug-ins import only editor.methods, no import cycles between the modules and
# packages of editor/ui).
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check .
.venv/bin/mypy
PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}" .venv/bin/lint-imports
