"""The employee's whole path through the window: import, review, mark, consent, export, restart."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, Qt, QThreadPool, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from contactgate.core.model import BUSINESS
from contactgate.ui.controllers.window import WindowController
from contactgate.ui.dialogs import ExportDialog
from contactgate.ui.rows import Row
from tests.ui.conftest import AppFactory
from tests.ui.helpers import SAMPLE_BOOK, SAMPLE_CONSENTS, ScriptedPrompts, card, write_vcards

OUTPUTS = ("whatsapp-business.vcf", "business-no-consent.vcf", "private.vcf", "review.vcf",
           "quarantine.txt", "report.html", "report.pdf", "summary.json")


def drop_files(app: WindowController, *paths: Path) -> None:
    """Drag files over the window and drop them, as a file manager does."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    where, action = QPoint(10, 10), Qt.DropAction.CopyAction
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(where, action, mime, buttons, keys)
    QApplication.sendEvent(app.window, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(app.window, QDropEvent(where, action, mime, buttons, keys))


def find_row(app: WindowController, text: str) -> Row:
    """Type into the search box and select the first match, as a user would."""
    app.window.search.setText(text)
    model = app.review.model
    assert model.rowCount() >= 1, f"nothing matches {text!r}"
    app.review.select_position(0)
    return model.row_at(0)


def tel_lines(path: Path) -> list[str]:
    return [line.split(":", 1)[1] for line in path.read_text("utf-8").splitlines()
            if line.upper().startswith("TEL")]


def business_names(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {row[0] for row in conn.execute("SELECT fn FROM business_contacts")}


def test_whole_workflow_from_import_to_files_on_disk(make_app: AppFactory,
                                                     prompts: ScriptedPrompts, db_path: Path,
                                                     tmp_path: Path) -> None:
    app = make_app(start=False, region="DE")
    app.start()  # no database yet: the sample is offered; the script says no
    assert prompts.questions and not app.session.in_sample
    assert db_path.exists()

    # Import: dropped on the window; the company's consent register from the Consent menu.
    drop_files(app, SAMPLE_BOOK)
    assert app.session.book is not None and app.session.counts["all"] > 30
    prompts.file.append(SAMPLE_CONSENTS)
    app.window.consent_import_action.trigger()
    assert any("rejected" in title for title, _ in prompts.infos)  # line 13 has a bad date
    counts = app.session.counts
    assert counts["ready"] == 9 and counts["unsure"] >= 1

    # Review: the plumber is unsure; mark him business, undo, redo.
    app.review.show_filter("unsure")
    huber = find_row(app, "Huber")
    assert huber.group == "unsure"
    app.window.business_action.trigger()
    key = huber.key
    assert app.session.book.verdicts[key].bucket == BUSINESS
    assert app.session.book.verdicts[key].reasons[0].code == "user_override"
    assert app.session.rows[app.session.row_index("contact", key) or 0].group == "no_consent"
    assert app.review.model.rowCount() == 0  # he left the Unsure filter
    assert app.review.buckets.count("unsure") == counts["unsure"] - 1  # live counts
    assert app.window.undo_action is not None and app.window.redo_action is not None
    assert any("Huber" in name for name in business_names(db_path))  # kept as business
    app.window.undo_action.trigger()
    assert app.session.book.verdicts[key].bucket == "unsure"
    assert not app.session.book.verdicts[key].overridden  # exactly as before, reasons and all
    assert not any("Huber" in name for name in business_names(db_path))  # and gone again
    app.window.redo_action.trigger()
    assert app.session.book.verdicts[key].bucket == BUSINESS

    # The nursery looks like a company; the user knows better.
    app.review.show_filter("all")
    kita = find_row(app, "Kita Sonnenschein")
    app.window.private_action.trigger()
    assert app.session.rows[app.session.row_index("contact", kita.key) or 0].group == "private"

    # Consent for the plumber, recorded with date, method and evidence.
    find_row(app, "Huber")
    panel = app.window.consents
    number = app.session.contact(key).numbers()[0]
    panel.number.setEditText(number)
    panel.method.setEditText("written form")
    panel.evidence.setText("Signed form, folder Customers 2025")
    panel.add_button.click()
    assert not prompts.errors, prompts.errors
    assert app.session.rows[app.session.row_index("contact", key) or 0].group == "ready"
    assert any(g.e164 == number for g in app.session.grants_for([number]))

    # Export: the preview names exactly what leaves; the core writes the eight files.
    app.window.export_action.trigger()
    dialog = prompts.presented[-1]
    assert isinstance(dialog, ExportDialog)
    preview = dialog.preview_model.cells()
    previewed_numbers = sorted(cells[2] for cells in preview)
    assert number in previewed_numbers
    assert "Sophie Lange" not in {cells[0] for cells in preview}  # private, despite a consent
    out = tmp_path / "export"
    dialog.folder.setText(str(out))
    dialog.export_button.click()
    assert not prompts.errors, prompts.errors
    for name in OUTPUTS:
        assert (out / name).is_file(), name
    assert sorted(tel_lines(out / "whatsapp-business.vcf")) == previewed_numbers
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert summary["exported_numbers"] == len(preview)
    assert summary["exported_contacts"] == len({cells[0] for cells in preview})
    assert "Kita Sonnenschein" in (out / "private.vcf").read_text("utf-8")
    assert [u.toLocalFile() for u in prompts.urls] == [str(out / "report.html")]

    # Invariant 5: the database holds business contacts only.
    stored = business_names(db_path)
    private_or_unsure = {r.name for r in app.session.rows if r.group in ("private", "unsure")}
    assert stored and not stored & private_or_unsure
    assert "Kita Sonnenschein" not in stored
    business_count = counts_business(app)

    # Next start: business contacts and consents from the database; the rest is asked for.
    app.window.close()
    again = make_app()
    assert again.session.book is None
    assert len(again.session.rows) == business_count
    assert {r.name for r in again.session.rows}.isdisjoint(private_or_unsure)
    assert "import the phone's address book again" in again.window.banner_text.text()
    assert again.session.grants_for([number])
    assert not again.window.export_action.isEnabled()


def counts_business(app: WindowController) -> int:
    return app.session.counts["ready"] + app.session.counts["no_consent"]


def test_newcomer_is_offered_the_sample_in_a_scratch_database(make_app: AppFactory,
                                                              prompts: ScriptedPrompts,
                                                              db_path: Path) -> None:
    prompts.answers.append(True)
    app = make_app()
    assert app.session.in_sample
    assert app.session.counts["ready"] == 9  # the sample's consents came along
    assert not db_path.exists()  # the user's own database was not touched
    assert "(sample)" in app.window.windowTitle()
    scratch = app.session.sample_dir
    assert scratch is not None and scratch.is_dir()
    app.window.close()
    assert not scratch.exists()


def test_importing_own_files_leaves_the_sample(make_app: AppFactory, prompts: ScriptedPrompts,
                                               db_path: Path, tmp_path: Path) -> None:
    prompts.answers.append(True)
    app = make_app()
    own = write_vcards(tmp_path / "own.vcf", [card("Ina Own", "TEL;TYPE=CELL:+4915112345678")])
    prompts.files.append([own])
    app.window.import_action.trigger()
    assert not app.session.in_sample and db_path.exists()
    assert [r.name for r in app.session.rows] == ["Ina Own"]


def test_several_files_at_once_merge_into_one_book(make_app: AppFactory, tmp_path: Path) -> None:
    app = make_app()
    first = write_vcards(tmp_path / "a.vcf", [card("Ina Own", "TEL:+4915112345678")])
    second = tmp_path / "b.csv"
    second.write_text("Name,Phone 1 - Value\nOla Other,+4915187654321\n", encoding="utf-8")
    drop_files(app, first, second)
    assert app.session.book is not None
    assert [i.name for i in app.session.book.inputs] == ["a.vcf", "b.csv"]
    assert app.session.counts["all"] == 2


def test_unreadable_input_is_an_actionable_error_dialog(make_app: AppFactory,
                                                       prompts: ScriptedPrompts,
                                                       tmp_path: Path) -> None:
    app = make_app()
    missing = tmp_path / "gone.vcf"
    drop_files(app, missing)
    assert prompts.errors
    title, message = prompts.errors[-1]
    assert title == "Import failed"
    assert "gone.vcf" in message and "import it again" in message
    assert not app.jobs.busy and app.window.import_action.isEnabled()


def test_quarantined_cards_show_and_count(make_app: AppFactory, tmp_path: Path) -> None:
    app = make_app()
    broken = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Half\r\nTEL;TYPE=CELL:+4915100000000\r\n"
    book = write_vcards(tmp_path / "mixed.vcf", [card("Whole", "TEL:+4915111111111"), broken])
    drop_files(app, book)
    assert app.session.counts["quarantined"] == 1
    app.review.show_filter("quarantined")
    app.review.select_position(0)
    assert "could not be read" in app.window.detail.text()


def test_hostile_names_are_shown_as_text(make_app: AppFactory, tmp_path: Path) -> None:
    app = make_app()
    book = write_vcards(tmp_path / "x.vcf", [card("<b>Bold</b> <img src=x>", "TEL:+4915111111111")])
    drop_files(app, book)
    app.review.select_position(0)
    assert "<b>Bold</b> <img src=x>" in app.window.detail.text()


def test_cancelled_import_changes_nothing(make_app: AppFactory, tmp_path: Path) -> None:
    app = make_app()
    book = write_vcards(tmp_path / "many.vcf",
                        [card(f"Person {i}", f"TEL:+49151{i:08d}") for i in range(5000)])
    app.window.progress.valueChanged.connect(lambda _v: app.jobs.cancel())
    drop_files(app, book)
    assert app.session.book is None
    assert app.window.status_text.text().startswith("Cancelled")
    assert not app.jobs.busy


def test_import_and_export_in_real_worker_threads(make_app: AppFactory, qtbot: QtBot,
                                                  prompts: ScriptedPrompts,
                                                  tmp_path: Path) -> None:
    """What the app does: the core runs off the GUI thread, the report PDF included."""
    app = make_app(pool=QThreadPool())
    assert app.importer.import_files([SAMPLE_BOOK], SAMPLE_CONSENTS, region="DE")
    qtbot.waitUntil(lambda: not app.jobs.busy, timeout=60_000)
    assert app.session.book is not None and app.session.counts["ready"] == 9
    dialog = app.exporter.open_dialog()
    assert isinstance(dialog, ExportDialog)
    out = tmp_path / "threaded"
    dialog.folder.setText(str(out))
    dialog.open_report.setChecked(False)
    assert app.exporter.export()
    assert app.jobs.busy or (out / "summary.json").exists()
    qtbot.waitUntil(lambda: not app.jobs.busy, timeout=60_000)
    assert not prompts.errors, prompts.errors
    assert (out / "report.pdf").read_bytes().startswith(b"%PDF")
    assert json.loads((out / "summary.json").read_text("utf-8"))["exported_contacts"] == 9
