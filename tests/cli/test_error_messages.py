"""One error-to-message mapping (editor.errors) for the CLI and the batch records."""
from __future__ import annotations

import pytest

from editor.batch.worker import MEMORY_HINT
from editor.cli.common import describe_failure
from editor.errors import BadInputError, describe_error


class OutOfMemoryError(RuntimeError):
    """Named as torch's CUDA out-of-memory error, which the mapping knows by name."""


def test_a_layertrace_error_is_its_own_message():
    err = BadInputError("not an image file", "cat.txt")
    assert describe_failure(err) == "cat.txt: not an image file"
    assert describe_error(err, memory_hint=MEMORY_HINT) == "cat.txt: not an image file"


@pytest.mark.parametrize("err", [MemoryError(), OutOfMemoryError("CUDA out of memory")])
def test_out_of_memory_says_what_to_try_in_each_callers_options(err):
    assert describe_failure(err) == "out of memory: try a smaller --size, fewer --paths or --device cpu"
    assert describe_error(err, memory_hint=MEMORY_HINT) == (
        "out of memory: try a smaller --size, fewer --paths or fewer --jobs")


def test_a_bug_is_said_briefly_with_the_traceback_on_request(monkeypatch, capsys):
    err = ZeroDivisionError("division by zero")
    monkeypatch.delenv("LAYERTRACE_DEBUG", raising=False)
    assert describe_failure(err) == (
        "unexpected ZeroDivisionError: division by zero (set LAYERTRACE_DEBUG=1 for the traceback)")
    assert capsys.readouterr().err == ""
    assert describe_error(err, memory_hint=MEMORY_HINT) == "unexpected ZeroDivisionError: division by zero"
    monkeypatch.setenv("LAYERTRACE_DEBUG", "1")
    describe_failure(err)
    assert "ZeroDivisionError: division by zero" in capsys.readouterr().err
