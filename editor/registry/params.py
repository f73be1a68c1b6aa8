"""Parameter schemas of methods: one declaration drives the editor's forms and the CLI flags.

A method lists `ParamSpec`s; `validate_params` turns user values (Python values, or strings
from a CLI or a settings file) into a complete, checked dict, and `add_arguments` /
`values_from_args` map the schema onto argparse.
"""
from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from editor.errors import LayertraceError

ParamType = Literal["int", "float", "bool", "choice"]
PATHS_PARAM = "num_paths"  # the parameter that sets a method's path count (`--paths`)
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


class ParamError(LayertraceError):
    """A method parameter value that is unknown, of the wrong type or out of range."""


@dataclass(frozen=True)
class ParamSpec:
    """One tunable value of a method.

    `minimum`/`maximum` bound int and float values (inclusive); `choices` lists the allowed
    strings of a "choice" parameter. `help` is shown as the form tooltip and the CLI help.
    """

    name: str
    type: ParamType
    default: Any
    help: str = ""
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.name.isidentifier():
            raise ValueError(f"parameter name {self.name!r} is not an identifier")
        if self.type == "choice" and not self.choices:
            raise ValueError(f"choice parameter {self.name!r} lists no choices")
        # A schema whose own default is invalid is a bug in the method: fail at import time.
        self.convert(self.default)

    @property
    def flag(self) -> str:
        """The CLI flag, e.g. `--num-paths` for `num_paths`."""
        return "--" + self.name.replace("_", "-")

    def convert(self, value: Any) -> Any:
        """`value` as this parameter's type, checked against its bounds; raises ParamError."""
        try:
            converted = self._coerce(value)
        except (TypeError, ValueError):
            raise ParamError(self._problem(value, f"is not a valid {self.type}")) from None
        if self.type in ("int", "float"):
            if self.minimum is not None and converted < self.minimum:
                raise ParamError(self._problem(value, f"is below the minimum {self.minimum:g}"))
            if self.maximum is not None and converted > self.maximum:
                raise ParamError(self._problem(value, f"is above the maximum {self.maximum:g}"))
        if self.type == "choice" and converted not in self.choices:
            allowed = ", ".join(self.choices)
            raise ParamError(self._problem(value, f"is not one of: {allowed}"))
        return converted

    def _coerce(self, value: Any) -> Any:
        if self.type == "bool":
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in _TRUE:
                return True
            if text in _FALSE:
                return False
            raise ValueError(value)
        if self.type == "int":
            if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                raise ValueError(value)
            return int(value)
        if self.type == "float":
            if isinstance(value, bool):
                raise ValueError(value)
            converted = float(value)
            if converted != converted or converted in (float("inf"), float("-inf")):
                raise ValueError(value)
            return converted
        return str(value)

    def _problem(self, value: Any, what: str) -> str:
        return f"parameter {self.name!r}: value {value!r} {what}"


def defaults(schema: Sequence[ParamSpec]) -> dict[str, Any]:
    return {spec.name: spec.default for spec in schema}


def validate_params(schema: Sequence[ParamSpec], values: Mapping[str, Any]) -> dict[str, Any]:
    """Every parameter of `schema`: `values` converted and checked, defaults for the rest.

    Raises ParamError naming the parameter for an unknown name or a bad value.
    """
    by_name = {spec.name: spec for spec in schema}
    unknown = sorted(set(values) - set(by_name))
    if unknown:
        known = ", ".join(by_name) or "none"
        raise ParamError(f"unknown parameter(s) {', '.join(unknown)} (known: {known})")
    result = defaults(schema)
    for name, value in values.items():
        result[name] = by_name[name].convert(value)
    return result


def add_arguments(parser: argparse.ArgumentParser | Any, schema: Sequence[ParamSpec]) -> None:
    """Add one flag per parameter (`--name-with-dashes`) to a parser or argument group.

    Flags default to None so that `values_from_args` can tell "not given" from a value and
    leave those to the method's defaults; bools get `--flag` / `--no-flag`.
    """
    for spec in schema:
        help_text = f"{spec.help} (default: {spec.default})".strip()
        dest = spec.name
        if spec.type == "bool":
            parser.add_argument(
                spec.flag, dest=dest, action=argparse.BooleanOptionalAction, default=None,
                help=help_text,
            )
        elif spec.type == "choice":
            parser.add_argument(
                spec.flag, dest=dest, choices=spec.choices, default=None, help=help_text
            )
        else:
            kind = "N" if spec.type == "int" else "X"
            parser.add_argument(spec.flag, dest=dest, metavar=kind, default=None, help=help_text)


def given_args(args: argparse.Namespace, schema: Sequence[ParamSpec]) -> dict[str, Any]:
    """The parameters whose flags were given on the command line, as given (unvalidated)."""
    return {
        spec.name: getattr(args, spec.name)
        for spec in schema
        if getattr(args, spec.name, None) is not None
    }


def values_from_args(args: argparse.Namespace, schema: Sequence[ParamSpec]) -> dict[str, Any]:
    """The parameters given on the command line, validated (others keep their defaults)."""
    return validate_params(schema, given_args(args, schema))
