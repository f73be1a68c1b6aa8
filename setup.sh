#!/usr/bin/env bash
# Idempotent set-up on a fresh machine: the system libraries Qt loads, a virtual environment
# in .venv, and the pinned packages (torch 2.13.0 is the local CPU build; see requirements.txt).
# Usage: ./setup.sh [--test]   (--test adds pytest, pytest-qt and the reference rasterizer)
set -euo pipefail
cd "$(dirname "$0")"

qt_libs=(libegl1 libgl1 libopengl0 libxkbcommon0 libfontconfig1 libfreetype6 libglib2.0-0 libdbus-1-3 libx11-6 libx11-xcb1 libxcb1)
if command -v dpkg >/dev/null 2>&1; then
  missing=()
  for pkg in "${qt_libs[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
      echo "setup: installing Qt's system libraries: ${missing[*]}" >&2
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
      echo "setup: Qt needs these system packages (run as root to install them): ${missing[*]}" >&2
    fi
  fi
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
requirements=requirements.txt
[ "${1:-}" = "--test" ] && requirements=requirements-test.txt
stamp=".venv/.installed-$(cat requirements.txt "$requirements" requirements-nodeps.txt pyproject.toml | sha256sum | cut -c1-16)"
if [ ! -e "$stamp" ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check -r "$requirements"
  if [ "$requirements" = requirements-test.txt ]; then
    .venv/bin/python -m pip install -q --disable-pip-version-check --no-deps -r requirements-nodeps.txt
  fi
  .venv/bin/python -m pip install -q --disable-pip-version-check --no-deps -e .
  touch "$stamp"
fi
