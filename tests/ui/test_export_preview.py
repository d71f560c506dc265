"""The export preview names exactly what the written whatsapp-business.vcf will hold.

The window's decisions were made at import; an export is made from the
register and policy as they are when it runs. The dialog reads them again when
it opens and once more at Export, so that a grant recorded meanwhile by another
program, a withdrawal, or a policy changed in Settings never makes the file
differ from the rows the user was shown. The sample (a German phone's book)
is exported in the region it was read in, whatever the computer's locale.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

import contactgate.pipeline as pipeline
from contactgate.core.model import Consent
from contactgate.store.consents import add_consent, withdraw
from contactgate.store.db import open_db
from contactgate.ui.controllers.window import WindowController
from contactgate.ui.dialogs import ExportDialog
from tests.ui.conftest import AppFactory
from tests.ui.helpers import ScriptedPrompts
from tests.ui.test_workflow import tel_lines

LATE_GRANT = "+491713920014"  # business in the sample book, without a consent there


def sample(make_app: AppFactory, prompts: ScriptedPrompts) -> WindowController:
    prompts.answers.append(True)  # "open the sample?"
    app = make_app()
    assert app.session.in_sample and app.session.db_path is not None
    return app


def another_program(app: WindowController):  # type: ignore[no-untyped-def]
    assert app.session.db_path is not None
    return open_db(app.session.db_path)  # e.g. `contactgate consent add` in a terminal


def preview_numbers(app: WindowController, prompts: ScriptedPrompts) -> list[str]:
    app.window.export_action.trigger()
    dialog = prompts.presented[-1]
    assert isinstance(dialog, ExportDialog)
    return sorted(cells[2] for cells in dialog.preview_model.cells())


def export(prompts: ScriptedPrompts, out: Path) -> None:
    dialog = prompts.presented[-1]
    assert isinstance(dialog, ExportDialog)
    dialog.folder.setText(str(out))
    dialog.export_button.click()
    assert not prompts.errors, prompts.errors


def test_a_grant_recorded_by_another_program_is_in_the_preview_and_the_file(
        make_app: AppFactory, prompts: ScriptedPrompts, tmp_path: Path) -> None:
    app = sample(make_app, prompts)
    other = another_program(app)
    add_consent(other, Consent(e164=LATE_GRANT, granted_at=datetime(2026, 1, 5, tzinfo=UTC),
                               method="web_form", evidence="form 14"))
    withdraw(other, "+491713920001", datetime(2026, 2, 1, tzinfo=UTC))
    other.close()

    shown = preview_numbers(app, prompts)
    assert LATE_GRANT in shown and "+491713920001" not in shown
    export(prompts, tmp_path / "out")
    assert sorted(tel_lines(tmp_path / "out" / "whatsapp-business.vcf")) == shown
    summary = json.loads((tmp_path / "out" / "summary.json").read_text("utf-8"))
    assert app.session.counts["ready"] == summary["exported_contacts"]  # the window agrees


def test_a_change_between_preview_and_export_is_shown_before_anything_is_written(
        make_app: AppFactory, prompts: ScriptedPrompts, tmp_path: Path) -> None:
    app = sample(make_app, prompts)
    shown = preview_numbers(app, prompts)
    other = another_program(app)
    withdraw(other, shown[0], datetime(2026, 2, 1, tzinfo=UTC))
    other.close()

    export(prompts, tmp_path / "out")
    assert not (tmp_path / "out").exists()  # not written: the user sees the change first
    assert prompts.infos and "changed since the preview" in prompts.infos[-1][1]
    dialog = prompts.presented[-1]
    assert isinstance(dialog, ExportDialog)
    assert shown[0] not in {cells[2] for cells in dialog.preview_model.cells()}


def test_the_sample_is_exported_in_the_region_it_was_read_in(
        make_app: AppFactory, prompts: ScriptedPrompts, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "_locale_country", lambda: "US")  # an American laptop
    app = sample(make_app, prompts)
    preview_numbers(app, prompts)
    export(prompts, tmp_path / "out")
    summary = json.loads((tmp_path / "out" / "summary.json").read_text("utf-8"))
    assert summary["region"] == "DE"
    assert app.session.book_region == "DE"
