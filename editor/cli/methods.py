"""`main.py methods`: every method found, whether it can run here, and its parameters."""
from __future__ import annotations

import argparse
import textwrap
from typing import TYPE_CHECKING, Any

from editor.cli.common import EXIT_OK, PROG, print_json

if TYPE_CHECKING:
    from editor.registry import MethodInfo, ParamSpec


def cmd_methods(args: argparse.Namespace) -> int:
    # Imports every available plug-in (the editor does not): one that fails to import is
    # listed here as unavailable, with the reason, before anyone picks it.
    from editor.registry.loading import verify_methods

    infos = verify_methods()
    if args.json:
        print_json([_method_json(info) for info in infos], indent=2)
        return EXIT_OK
    if not infos:
        print("No methods found (plug-ins live in plugins/<name>/manifest.toml).")
        return EXIT_OK
    for info in infos:
        status = "available" if info.available else f"unavailable: {info.reason}"
        print(f"{info.name} — {info.display_name} ({status})")
        if info.description:
            print(textwrap.fill(info.description, width=88, initial_indent="    ",
                                subsequent_indent="    "))
        for spec in info.params:
            print(f"    {_spec_usage(spec):<24} {_spec_help(spec)}")
        print()
    print(f"Use one with: {PROG} trace IMAGE --method NAME [its options]")
    return EXIT_OK


def _method_json(info: MethodInfo) -> dict[str, Any]:
    from editor.registry import PATHS_PARAM

    return {
        "name": info.name,
        "display_name": info.display_name,
        "description": info.description,
        "available": info.available,
        "reason": info.reason or None,
        "source": info.source,
        "params": [
            {
                "name": spec.name,
                "flag": "--paths" if spec.name == PATHS_PARAM else spec.flag,
                "type": spec.type,
                "default": spec.default,
                "help": spec.help,
                "minimum": spec.minimum,
                "maximum": spec.maximum,
                "choices": list(spec.choices) or None,
            }
            for spec in info.params
        ],
    }


def _spec_usage(spec: ParamSpec) -> str:
    from editor.registry import PATHS_PARAM

    if spec.name == PATHS_PARAM:
        return "--paths N"
    if spec.type == "bool":
        return f"{spec.flag}/--no-{spec.flag[2:]}"
    if spec.type == "choice":
        return f"{spec.flag} CHOICE"
    return f"{spec.flag} {'N' if spec.type == 'int' else 'X'}"


def _spec_help(spec: ParamSpec) -> str:
    text = spec.help or spec.name
    details = [f"default {spec.default}"]
    if spec.minimum is not None or spec.maximum is not None:
        low = "" if spec.minimum is None else f"{spec.minimum:g}"
        high = "" if spec.maximum is None else f"{spec.maximum:g}"
        details.append(f"{low}..{high}")
    if spec.choices:
        details.append("CHOICE: " + "|".join(spec.choices))
    return f"{text} ({'; '.join(details)})"
