"""Parameter schemas: validation with clear errors, and the generated CLI flags."""
from __future__ import annotations

import argparse

import pytest

from editor.registry import (
    ParamError,
    ParamSpec,
    add_arguments,
    validate_params,
    values_from_args,
)

SCHEMA = (
    ParamSpec("num_paths", "int", 16, "paths", minimum=1, maximum=256),
    ParamSpec("rate", "float", 0.5, minimum=0.0, maximum=1.0),
    ParamSpec("udf", "bool", True),
    ParamSpec("schedule", "choice", "exponential", choices=("exponential", "fixed")),
)


def test_defaults_and_conversion():
    assert validate_params(SCHEMA, {}) == {
        "num_paths": 16, "rate": 0.5, "udf": True, "schedule": "exponential",
    }
    values = validate_params(SCHEMA, {"num_paths": "32", "rate": "0.25", "udf": "no"})
    assert values["num_paths"] == 32 and values["rate"] == 0.25 and values["udf"] is False


@pytest.mark.parametrize(
    "values, message",
    [
        ({"num_paths": 0}, "'num_paths'.*below the minimum 1"),
        ({"num_paths": 2.5}, "'num_paths'.*not a valid int"),
        ({"rate": "fast"}, "'rate'.*not a valid float"),
        ({"rate": float("nan")}, "'rate'.*not a valid float"),
        ({"rate": 2}, "'rate'.*above the maximum 1"),
        ({"udf": "maybe"}, "'udf'.*not a valid bool"),
        ({"schedule": "linear"}, "'schedule'.*not one of: exponential, fixed"),
        ({"colour": 1}, "unknown parameter.*colour.*known: num_paths"),
    ],
)
def test_bad_values_are_named(values, message):
    with pytest.raises(ParamError, match=message):
        validate_params(SCHEMA, values)


def test_invalid_schema_is_rejected_at_declaration():
    with pytest.raises(ParamError):
        ParamSpec("n", "int", 0, minimum=1)
    with pytest.raises(ValueError):
        ParamSpec("mode", "choice", "a")
    with pytest.raises(ValueError):
        ParamSpec("not an identifier", "int", 1)


def test_argparse_round_trip():
    parser = argparse.ArgumentParser()
    add_arguments(parser, SCHEMA)
    args = parser.parse_args(["--num-paths", "64", "--no-udf", "--schedule", "fixed"])
    assert values_from_args(args, SCHEMA) == {
        "num_paths": 64, "rate": 0.5, "udf": False, "schedule": "fixed",
    }
    with pytest.raises(ParamError, match="num_paths"):
        values_from_args(parser.parse_args(["--num-paths", "lots"]), SCHEMA)
    with pytest.raises(SystemExit):
        parser.parse_args(["--schedule", "linear"])
