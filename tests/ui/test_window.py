"""Language, keyboard, remembered size, settings, about, consents: the window's craft."""

from __future__ import annotations

import io
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from contactgate import __version__
from contactgate.cli import main as cli_main
from contactgate.ui.controllers.window import WindowController
from contactgate.ui.dialogs import AboutDialog, ExportDialog, SettingsDialog
from contactgate.ui.models import COL_BUCKET
from contactgate.ui.settings import AppSettings
from tests.ui.conftest import AppFactory
from tests.ui.helpers import SAMPLE_BOOK, ScriptedPrompts, card, write_vcards


def imported(app: WindowController, *paths: Path, region: str = "DE") -> WindowController:
    assert app.importer.import_files(list(paths), region=region)
    return app


def test_german_ui_starts_with_german_strings(make_app: AppFactory) -> None:
    app = imported(make_app(lang="de"), SAMPLE_BOOK)
    window = app.window
    assert window.file_menu.title() == "&Datei"
    assert window.import_action.text() == "Adressbuch &importieren…"
    assert window.side.tabText(1) == "Einwilligungen"
    assert app.review.buckets.data(app.review.buckets.index(0)).startswith("Bereit für WhatsApp")
    model = app.review.model
    assert model.headerData(COL_BUCKET, Qt.Orientation.Horizontal) == "Kategorie"
    shown = {model.data(model.index(r, COL_BUCKET)) for r in range(model.rowCount())}
    assert shown <= {"Geschäftlich", "Privat", "Unklar", "Unlesbar"}
    assert window.status_text.text().startswith("phone-book.vcf importiert")
    app.review.select_position(0)
    assert "Warum diese Kategorie" in window.detail.text()


def test_language_switch_in_settings_takes_effect_at_once(make_app: AppFactory,
                                                          prompts: ScriptedPrompts) -> None:
    app = make_app(lang=None)
    app.settings.switch_language("en")
    dialog = app.settings.open_dialog()
    assert dialog in prompts.presented
    dialog.language.setCurrentIndex(dialog.language.findData("de"))
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert app.ctx.settings.language == "de"
    assert app.window.export_action.text() == "&Exportieren…"
    assert "Importieren Sie" in app.window.banner_text.text()
    # Qt words the undo actions when it makes them: they are made anew in the new language
    undo, redo = app.window.undo_action, app.window.redo_action
    assert undo is not None and redo is not None
    assert (undo.text(), redo.text()) == ("Rückgängig", "Wiederherstellen")
    assert app.window.edit_menu.actions().count(undo) == 1  # in place of the English one
    assert [a.text() for a in app.window.edit_menu.actions()].count("Undo") == 0


def test_bad_policy_file_keeps_the_settings_dialog_open(make_app: AppFactory,
                                                        prompts: ScriptedPrompts,
                                                        tmp_path: Path) -> None:
    app = make_app()
    bad = tmp_path / "policy.toml"
    bad.write_text("[company\nname = 'x'\n", encoding="utf-8")
    dialog = app.settings.open_dialog()
    dialog.policy.setText(str(bad))
    assert not app.settings.apply()
    assert dialog.isVisible() and app.ctx.settings.policy_path == ""
    assert prompts.errors and "policy.toml" in prompts.errors[-1][1]
    assert "Settings" in prompts.errors[-1][1]


def test_region_setting_changes_how_numbers_are_read(make_app: AppFactory, tmp_path: Path) -> None:
    book = write_vcards(tmp_path / "b.vcf", [card("Ina", "TEL;TYPE=CELL:0151 12345678")])
    app = imported(make_app(), book, region="AT")
    assert app.session.contact(0).numbers() == ["+4315112345678"]
    dialog = app.settings.open_dialog()
    assert isinstance(dialog, SettingsDialog)
    dialog.region.setCurrentIndex(dialog.region.findData("DE"))
    assert app.settings.apply()  # the open book is sorted again with the new region
    assert app.session.contact(0).numbers() == ["+4915112345678"]


def test_window_remembers_its_size(make_app: AppFactory, settings_file: Path) -> None:
    app = make_app()
    app.window.resize(761, 577)  # within the offscreen screen (800 wide), above the minimum
    app.window.close()
    assert AppSettings(QSettings(str(settings_file), QSettings.Format.IniFormat)).window_state(
        "geometry") is not None
    again = make_app()
    assert (again.window.width(), again.window.height()) == (761, 577)


def test_every_main_action_has_its_own_shortcut(make_app: AppFactory) -> None:
    window = make_app().window
    actions = [window.import_action, window.export_action, window.settings_action,
               window.quit_action, window.find_action, window.business_action,
               window.private_action, window.consent_action, window.withdraw_action,
               window.consent_import_action, window.about_action, window.undo_action,
               window.redo_action, window.details_action, *window.filter_actions]
    keys = []
    for action in actions:
        assert action is not None
        shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.PortableText)
        assert shortcut, action.text()
        keys.append(shortcut)
    assert len(keys) == len(set(keys))


def test_keyboard_alone_reviews_a_contact(make_app: AppFactory, qtbot: QtBot) -> None:
    app = imported(make_app(), SAMPLE_BOOK)
    window = app.window
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.search
    qtbot.keyClicks(window.search, "Kowalski")
    qtbot.keyClick(window.search, Qt.Key.Key_Tab)
    qtbot.keyClick(window.search, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.table
    qtbot.keyClick(window.table, Qt.Key.Key_Down)
    row = app.review.current_row()
    assert row is not None and row.name.endswith("Kowalski")
    qtbot.keyClick(window.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert app.session.book is not None
    assert app.session.book.verdicts[row.key].bucket == "private"
    qtbot.keyClick(window.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert app.session.book.verdicts[row.key].bucket != "private"


def test_tab_order_runs_from_search_through_the_panels(make_app: AppFactory) -> None:
    window = make_app().window
    order: list[QWidget] = [window.search]
    widget = window.search.nextInFocusChain()
    while widget is not window.search and len(order) < 200:
        order.append(widget)
        widget = widget.nextInFocusChain()
    position = {id(w): i for i, w in enumerate(order)}
    chain = [window.search, window.buckets, window.table, window.consents.number,
             window.consents.add_button]
    indexes = [position[id(w)] for w in chain]
    assert indexes == sorted(indexes)


def test_about_names_version_and_licence(make_app: AppFactory) -> None:
    dialog = make_app().show_about()
    assert isinstance(dialog, AboutDialog)
    assert __version__ in dialog.text.text() and "GPL-3.0-or-later" in dialog.text.text()


def test_consent_can_be_withdrawn_and_the_contact_is_held_back(make_app: AppFactory,
                                                               prompts: ScriptedPrompts,
                                                               tmp_path: Path) -> None:
    book = write_vcards(tmp_path / "b.vcf", [card("Ina Acme", "ORG:Acme GmbH",
                                                  "TEL;TYPE=WORK:+4930123456",
                                                  "EMAIL;TYPE=WORK:ina@acme.example")])
    app = imported(make_app(), book)
    app.review.select_position(0)
    assert app.session.rows[0].group == "no_consent"
    panel = app.window.consents
    scan = tmp_path / "form-12.pdf"
    scan.write_bytes(b"%PDF-1.4 signed form")
    panel.method.setEditText("written form")
    panel.evidence.setText("Form 12")
    panel.evidence_file.setText(str(scan))
    panel.add_button.click()
    assert app.session.rows[0].group == "ready" and panel.model.rowCount() == 1
    grant = app.session.consents[0]
    assert grant.evidence_file == str(scan) and len(grant.evidence_sha256) == 64
    panel.grants.selectRow(0)
    prompts.answers.append(True)
    panel.withdraw_button.click()
    assert not prompts.errors, prompts.errors
    assert app.session.rows[0].group == "no_consent"
    assert app.session.rows[0].consent == "Withdrawn"


def test_a_consent_without_evidence_is_refused(make_app: AppFactory, prompts: ScriptedPrompts,
                                               tmp_path: Path) -> None:
    book = write_vcards(tmp_path / "b.vcf", [card("Ina", "TEL:+4915112345678")])
    app = imported(make_app(), book)
    app.review.select_position(0)
    app.window.consents.add_button.click()
    assert prompts.errors and "demonstrable" in prompts.errors[-1][1]
    assert app.session.consents == []


def test_export_asks_before_replacing_an_earlier_export(make_app: AppFactory,
                                                        prompts: ScriptedPrompts,
                                                        tmp_path: Path) -> None:
    app = imported(make_app(), SAMPLE_BOOK)
    out = tmp_path / "out"
    out.mkdir()
    (out / "whatsapp-business.vcf").write_text("old", encoding="utf-8")
    dialog = app.exporter.open_dialog()
    assert isinstance(dialog, ExportDialog)
    dialog.folder.setText(str(out))
    dialog.open_report.setChecked(False)
    prompts.answers.append(False)
    assert not app.exporter.export()
    assert (out / "whatsapp-business.vcf").read_text(encoding="utf-8") == "old"
    prompts.answers.append(True)
    assert app.exporter.export()
    assert (out / "whatsapp-business.vcf").read_text(encoding="utf-8") != "old"
    assert prompts.urls == []


def test_export_without_an_imported_book_explains_why(make_app: AppFactory,
                                                      prompts: ScriptedPrompts) -> None:
    app = make_app()
    assert app.exporter.open_dialog() is None
    assert prompts.infos and "Import the phone's address book first" in prompts.infos[-1][1]


def test_gui_is_a_registered_command_that_checks_its_files(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert cli_main(["gui", "--help"], stdout=out, stderr=err) == 0
    assert cli_main(["gui", str(tmp_path / "missing.vcf")], stdout=out, stderr=err) == 2
    assert "missing.vcf: no such file" in err.getvalue()


def test_no_hard_coded_colours_so_dark_themes_stay_readable() -> None:
    """Colours come from the palette only; a fixed colour turns unreadable on a dark theme."""
    import re

    from tests.ui.helpers import REPO

    fixed = re.compile(r"#[0-9a-fA-F]{3,8}\b|QColor\(|setStyleSheet|\bcolor\s*:|Qt\.GlobalColor")
    offenders = [
        f"{path.name}:{number}"
        for path in sorted((REPO / "app" / "contactgate" / "ui").rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if fixed.search(line)
    ]
    assert offenders == []


def test_consent_dates_stay_within_the_years_a_consent_csv_accepts(
        make_app: AppFactory) -> None:
    from PySide6.QtCore import QDate

    panel = make_app().window.consents
    for edit in (panel.granted, panel.withdrawn_at):
        edit.setDate(QDate(1800, 5, 1))  # recorded here, it would not read back from an export
        assert edit.date() == QDate(1900, 1, 1)
        edit.setDate(QDate(9999, 12, 31))
        assert edit.date() == QDate(2999, 12, 31)


def test_german_ui_writes_numbers_kinds_of_line_and_countries_in_german(
        make_app: AppFactory, prompts: ScriptedPrompts, tmp_path: Path) -> None:
    book = write_vcards(tmp_path / "big.vcf", [card(f"Person {i}", f"TEL;TYPE=CELL:+49151{i:08d}")
                                               for i in range(1_200)])
    app = imported(make_app(lang="de"), book)
    app.window.search.setText("Person")
    assert "1.200 von 1.200 angezeigt" in app.window.status_text.text()  # not 1,200
    assert app.review.buckets.data(app.review.buckets.index(5)).endswith("(1.200)")  # "Alle"
    app.review.select_position(0)
    assert "Mobil" in app.window.detail.text() and "mobile" not in app.window.detail.text()
    dialog = app.settings.open_dialog()
    regions = [dialog.region.itemText(i) for i in range(dialog.region.count())]
    assert "DE – Deutschland" in regions and "AT – Österreich" in regions
    dialog.reject()


def test_a_stored_contact_shows_its_times_in_the_policy_time_zone() -> None:
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from contactgate.core.consent import ConsentBook
    from contactgate.ui.detail import stored_html
    from contactgate.ui.stored import StoredBusiness

    stored = StoredBusiness(1, "Klara Kunde", "Kunde AG", ("+49301234567",), (), 5, (), False,
                            "default", "2026-11-29T13:15:00+00:00", "2026-07-01T08:00:00+00:00")
    html = stored_html(stored, ConsentBook([]), datetime.now(UTC), "en",
                       ZoneInfo("Europe/Berlin"))
    assert "2026-11-29 14:15" in html and "2026-07-01 10:00" in html  # winter and summer time
