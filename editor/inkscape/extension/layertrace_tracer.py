"""Running Layertrace from Inkscape's Python: the tracer lives in another environment (with
torch), so it runs as a subprocess, in a temporary folder, with a time limit.

`layertrace_config.json` beside this file (written by `python main.py inkscape install`)
names that environment's interpreter and Layertrace's folder; without it (the tests, run
from the source tree) the current interpreter and the tree this file is in are used.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import inkex

CONFIG_FILE = Path(__file__).with_name("layertrace_config.json")
WORKER = "editor.inkscape.worker"


@dataclass(frozen=True)
class Tracer:
    python: str  # Layertrace's interpreter
    root: str  # the folder holding Layertrace's `editor` package

    @classmethod
    def configured(cls) -> Tracer:
        if CONFIG_FILE.is_file():
            config = json.loads(CONFIG_FILE.read_text(encoding="utf-8"))
            return cls(python=config["python"], root=config["root"])
        return cls(python=sys.executable, root=str(Path(__file__).resolve().parents[3]))

    def run(self, args: Sequence[str], folder: str, timeout: float) -> None:
        """Run the worker with `args` in `folder`; AbortExtension says why when it fails."""
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (self.root, env.get("PYTHONPATH", "")) if p)
        env["TMPDIR"] = folder  # anything the tracer writes on its own stays in our folder
        try:
            done = subprocess.run(
                [self.python, "-m", WORKER, *args], cwd=folder, env=env, timeout=timeout,
                stdin=subprocess.DEVNULL, capture_output=True, check=False,
            )
        except FileNotFoundError:
            raise inkex.AbortExtension(
                f"Layertrace's Python ({self.python}) is gone; run `python main.py inkscape install` "
                "again from Layertrace's folder."
            ) from None
        except subprocess.TimeoutExpired:
            raise inkex.AbortExtension(
                f"Layertrace did not finish within {timeout:g} s; the document is unchanged. "
                "Lower the working size or the number of paths, or raise the time limit."
            ) from None
        if done.returncode != 0:
            lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
            reason = lines[-1] if lines else f"exit code {done.returncode}"
            raise inkex.AbortExtension(f"Layertrace failed; the document is unchanged. {reason}")
