#!/usr/bin/env bash
# Idempotent set-up on a fresh machine: the system libraries Qt loads, a virtual environment
# in .venv, and the pinned packages (torch 2.13.0 is the local CPU build; see requirements.txt).
# Usage: ./setup.sh [--test]   (--test adds pytest, pytest-qt and the reference rasterizer)
set -euo pipefail
cd "$(dirname "$0")"

# What Qt 6 loads: its core (offscreen too), then the xcb platform plugin a Linux desktop
# uses (Qt's list for X11; without libxcb-cursor0 Qt >= 6.5 aborts at start), and for the
# tests a virtual X server to run the editor on that plugin.
qt_libs=(libegl1 libgl1 libopengl0 libxkbcommon0 libfontconfig1 libfreetype6 libglib2.0-0 libdbus-1-3
         libx11-6 libx11-xcb1 libxcb1 libxext6 libxrender1 libxkbcommon-x11-0
         libxcb-cursor0 libxcb-glx0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
         libxcb-render0 libxcb-render-util0 libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-util1
         libxcb-xfixes0 libxcb-xinerama0 libxcb-xkb1)
# The tests also start Inkscape for real (the extension's host, with the Python it runs
# extensions in) where Debian's package can be installed.
[ "${1:-}" = "--test" ] && qt_libs+=(xvfb xauth inkscape python3-lxml python3-numpy)
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
