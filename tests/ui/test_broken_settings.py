"""A policy file that went away, a database place that cannot be used, a register that is
not one: the window opens, says what to fix, and keeps working."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from contactgate.store.db import open_db
from tests.ui.conftest import AppFactory
from tests.ui.helpers import SAMPLE_BOOK, ScriptedPrompts
from tests.ui.test_workflow import drop_files, find_row


def test_a_policy_file_that_went_away_does_not_keep_the_window_from_opening(
        make_app: AppFactory, prompts: ScriptedPrompts, settings_file: Path,
        tmp_path: Path) -> None:
    gone = tmp_path / "share" / "firma.toml"  # a share that is not mounted today
    settings = QSettings(str(settings_file), QSettings.Format.IniFormat)
    settings.setValue("gate/policy", str(gone))
    settings.sync()
    prompts.answers.append(False)  # no sample, thanks
    app = make_app(lang="de")  # raised PolicyError before: no window, no way to Settings
    assert prompts.errors and str(gone) in prompts.errors[0][1]
    assert "Einstellungen" in prompts.errors[0][1]  # what to do about it
    drop_files(app, SAMPLE_BOOK)  # sorting needs the policy: asked to fix it, not done wrong
    assert app.session.book is None and "firma.toml" in prompts.errors[-1][1]
    dialog = app.settings.open_dialog()  # and Settings can be reached to fix it
    dialog.policy.setText("")
    assert app.settings.apply()
    drop_files(app, SAMPLE_BOOK)
    assert app.session.book is not None


def test_a_register_that_is_no_consent_csv_gets_advice_about_registers(
        make_app: AppFactory, prompts: ScriptedPrompts, tmp_path: Path) -> None:
    app = make_app()
    wrong = tmp_path / "register.csv"
    wrong.write_text("Name,Street\nAnna,Hauptstr. 1\n", encoding="utf-8")
    prompts.file.append(wrong)
    app.window.consent_import_action.trigger()
    message = prompts.errors[-1][1]
    assert str(wrong) in message and "consent register as CSV" in message
    assert "address book" not in message  # not the advice for a phone's export


def test_a_database_place_that_cannot_be_used_keeps_the_settings_dialog_open(
        make_app: AppFactory, prompts: ScriptedPrompts, tmp_path: Path) -> None:
    app = make_app()
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way")
    dialog = app.settings.open_dialog()
    dialog.database.setText(str(blocker / "contactgate.db"))
    assert not app.settings.apply()
    assert dialog.isVisible() and app.ctx.settings.db_path != str(blocker / "contactgate.db")
    assert prompts.errors and "a-file" in prompts.errors[-1][1]


def test_the_status_counts_what_the_table_shows_after_a_mark(make_app: AppFactory) -> None:
    app = make_app(region="DE")
    drop_files(app, SAMPLE_BOOK)
    app.review.show_filter("unsure")
    shown = app.review.model.rowCount()
    find_row(app, "")
    app.window.business_action.trigger()  # it leaves the filter
    assert app.review.model.rowCount() == shown - 1
    assert f"Showing {shown - 1} of" in app.window.status_text.text()


def test_consents_are_indexed_by_contact(tmp_path: Path) -> None:
    store = open_db(tmp_path / "cg.db")
    plan = store.db.conn.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM consents WHERE contact_id = 1").fetchall()
    store.close()
    # what removing a business contact asks for each consent: an index, not a full scan
    assert "consents_contact" in " ".join(str(row) for row in plan)


def test_no_export_preview_is_made_while_the_policy_cannot_be_read(
        make_app: AppFactory, prompts: ScriptedPrompts, tmp_path: Path) -> None:
    policy = tmp_path / "firma.toml"
    policy.write_text('[company]\nname = "Firma"\n', encoding="utf-8")
    app = make_app(region="DE")
    dialog = app.settings.open_dialog()
    dialog.policy.setText(str(policy))
    assert app.settings.apply()
    drop_files(app, SAMPLE_BOOK)
    policy.unlink()  # the share went away
    app.window.export_action.trigger()
    assert app.exporter.dialog is None  # no preview under another policy than the export's
    assert "firma.toml" in prompts.errors[-1][1]


def test_choosing_a_new_database_place_writes_nothing_there_yet(
        make_app: AppFactory, prompts: ScriptedPrompts, tmp_path: Path) -> None:
    app = make_app()
    place = tmp_path / "new" / "folder" / "contactgate.db"
    dialog = app.settings.open_dialog()
    dialog.database.setText(str(place))
    assert app.settings.apply(), prompts.errors
    assert app.ctx.settings.db_path == str(place)  # kept for when it is used ...
    assert not (tmp_path / "new").exists()  # ... and no folder, database or key made for it
