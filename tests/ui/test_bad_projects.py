"""A damaged project never replaces the editor's document (the corpus of tests/io)."""
from __future__ import annotations

from pathlib import Path

from tests.io.bad_input_corpus import PROJECT_CASES
from tests.ui.helpers import doc_state


def test_the_editor_keeps_its_document_when_a_project_is_damaged(
    window, image_path: Path, tmp_path: Path
) -> None:
    assert window.files.open_path(image_path)
    before, source = doc_state(window.ctl.doc), window.ctl.source
    for case, make in PROJECT_CASES.items():
        bad = tmp_path / f"{len(window.dialogs.errors)}.ltproj"
        bad.write_bytes(make())
        assert not window.open_path(bad), case
        _title, message = window.dialogs.errors[-1]
        assert f"cannot open {bad} because" in message, (case, message)
    assert doc_state(window.ctl.doc) == before and window.ctl.source is source
