"""Export: a preview of exactly what leaves, then the core writes the files of ``split``."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import cast

from PySide6.QtCore import QObject, QStandardPaths, QUrl, Slot

from contactgate.core.consent import ConsentBook
from contactgate.core.gate import OUTPUT_FILES, Decision, Profile, decide
from contactgate.io.vcard_write import Format
from contactgate.pipeline import REPORT_HTML, Book, ExportOptions, SplitResult
from contactgate.ui.context import UiContext
from contactgate.ui.controllers.jobs import JobRunner
from contactgate.ui.dialogs import ExportDialog
from contactgate.ui.errors import describe
from contactgate.ui.jobs import export_job
from contactgate.ui.main_window import MainWindow
from contactgate.ui.prepare import load_gate_consents
from contactgate.ui.session import Session
from contactgate.ui.texts import fill

ExportedNumbers = frozenset[tuple[int, str]]


def gate_decisions(consents: ConsentBook, book: Book, at: datetime) -> list[Decision]:
    """What the gate decides for every contact at ``at``: the core's ``decide``, nothing else."""
    return [decide(c, book.verdicts[c.key], consents, at) for c in book.contacts]


def exported_numbers(decisions: list[Decision]) -> ExportedNumbers:
    return frozenset((d.contact.key, phone.e164 or "")
                     for d in decisions for phone, _grant in d.exported)


def default_export_dir() -> str:
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return str(Path(documents or Path.home()) / "ContactGate export")


class ExportController(QObject):
    def __init__(self, ctx: UiContext, session: Session, window: MainWindow,
                 jobs: JobRunner) -> None:
        super().__init__(window)
        self.ctx, self.session, self.window, self.jobs = ctx, session, window, jobs
        self.dialog: ExportDialog | None = None
        self.last_result: SplitResult | None = None
        self._shown: ExportedNumbers = frozenset()
        window.export_action.triggered.connect(self.open_dialog)

    @Slot()
    def open_dialog(self) -> ExportDialog | None:
        if self.session.book is None:
            self.ctx.prompts.info(self.window, self.tr("Export"), self.tr(
                "Import the phone's address book first: the export is made from it, so that "
                "every contact ends up in exactly one file."))
            return None
        if self.session.store is None:
            self.ctx.prompts.error(self.window, self.tr("Export"), self.tr(
                "No database is open: the export needs it for consents and its record. "
                "Choose a database location in Settings."))
            return None
        try:  # the register and the policy as the export will read them, not as at import
            self.session.reload_consents()  # (another program, a policy changed, time passed)
        except Exception as exc:
            self.ctx.prompts.error(self.window, self.tr("Export"), describe(exc))
            return None
        if self.session.policy_error is not None:  # no preview made with another policy
            self.ctx.prompts.error(self.window, self.tr("Export"),
                                   describe(self.session.policy_error))
            return None
        settings = self.ctx.settings
        dialog = ExportDialog(self.window)
        dialog.set_choices(settings.export_dir or default_export_dir(), settings.export_format,
                           settings.export_profile)
        dialog.browse_requested.connect(self._browse)
        dialog.options_changed.connect(self._update_preview)
        dialog.export_requested.connect(self.export)
        dialog.finished.connect(self._forget_dialog)
        self.dialog = dialog
        self._update_preview()
        self.ctx.prompts.present(dialog)
        return dialog

    @Slot()
    def _forget_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = None

    @Slot()
    def _browse(self) -> None:
        if self.dialog is None:
            return
        path = self.ctx.prompts.choose_dir(self.window, self.tr("Folder for the export"),
                                           self.dialog.folder.text())
        if path is not None:
            self.dialog.folder.setText(str(path))

    @Slot()
    def _update_preview(self) -> None:
        dialog, book = self.dialog, self.session.book
        if dialog is None or book is None:
            return
        decisions = gate_decisions(self.session.consent_book, book, self.ctx.clock())
        self._shown = exported_numbers(decisions)
        standard = dialog.chosen_profile() == "standard"
        headers = [self.tr("Name"), self.tr("Organisation"), self.tr("Number"),
                   self.tr("Consent granted"), self.tr("Method")]
        if standard:
            headers += [self.tr("Title"), self.tr("Work e-mail")]
        rows: list[tuple[str, ...]] = []
        zone = self.session.zone  # where consent dates count
        for decision in decisions:
            contact = decision.contact
            extra: tuple[str, ...] = ()
            if standard:
                work = ", ".join(e.address for e in contact.emails if "work" in e.types)
                extra = (contact.title, work)
            for phone, grant in decision.exported:
                rows.append((contact.display_name, contact.org, phone.e164 or "",
                             grant.granted_at.astimezone(zone).strftime("%Y-%m-%d"), grant.method,
                             *extra))
        dialog.preview_model.set_content(headers, rows)
        dialog.preview.resizeColumnsToContents()
        dialog.summary.setText(self._summary(decisions, len(book.quarantined)))
        dialog.export_button.setEnabled(True)

    def _summary(self, decisions: list[Decision], quarantined: int) -> str:
        where = Counter(d.destination for d in decisions)
        contacts = where["whatsapp"]
        numbers = sum(len(d.exported) for d in decisions)
        text = self.tr("%1 contacts with %2 numbers will be written to %3 — exactly the rows "
                       "below. Kept out of it, each in its own file: %4 business without "
                       "consent, %5 private, %6 unsure, %7 unreadable cards.")
        return fill(text, contacts, numbers, OUTPUT_FILES["whatsapp"],
                    where["business_no_consent"], where["private"], where["review"], quarantined)

    @Slot()
    def export(self) -> bool:
        dialog, book, db_path = self.dialog, self.session.book, self.session.db_path
        if dialog is None or book is None or db_path is None:
            return False
        folder = dialog.folder.text().strip()
        if not folder:
            self.ctx.prompts.error(dialog, self.tr("Export"),
                                   self.tr("Choose the folder the files are written to."))
            return False
        out_dir = Path(folder).expanduser()
        if (out_dir / OUTPUT_FILES["whatsapp"]).exists() and not self.ctx.prompts.ask(
                dialog, self.tr("Replace the export?"),
                self.tr("%1 already holds an export. Replace its files?").replace("%1", folder)):
            return False
        at = self.ctx.clock()
        try:
            settings = self.session.run_settings()
            register = load_gate_consents(self.session.store, settings.policy) \
                if self.session.store is not None else []
        except Exception as exc:
            self.ctx.prompts.error(dialog, self.tr("Export"), describe(exc))
            return False
        if exported_numbers(gate_decisions(ConsentBook(register), book, at)) != self._shown:
            self.session.reload_consents()  # the window shows the register as it is now
            self._update_preview()  # a consent expired or changed meanwhile: show it first
            self.ctx.prompts.info(dialog, self.tr("Export"), self.tr(
                "What would leave has changed since the preview (a consent expired or was "
                "withdrawn). Check the updated preview and export again."))
            return False
        options = ExportOptions(out_dir=out_dir, label=dialog.label.text().strip() or "default",
                                fmt=cast(Format, dialog.chosen_format()),
                                profile=cast(Profile, dialog.chosen_profile()), at=at)
        self._remember_choices(dialog, folder)
        open_report = dialog.open_report.isChecked()
        dialog.accept()
        return self.jobs.run(
            self.tr("Exporting"), lambda: export_job(book, settings, options, db_path),
            lambda result: self._exported(result, open_report), self.tr("Export failed"))

    def _remember_choices(self, dialog: ExportDialog, folder: str) -> None:
        settings = self.ctx.settings
        settings.export_dir = folder
        settings.export_format = dialog.chosen_format()
        settings.export_profile = dialog.chosen_profile()

    def _exported(self, result: object, open_report: bool) -> None:
        if not isinstance(result, SplitResult):
            return
        self.last_result = result
        summary = result.summary
        text = fill(self.tr("Exported %1 contacts with %2 numbers to %3."),
                    summary["exported_contacts"], summary["exported_numbers"], str(result.out_dir))
        self.window.show_status(text)
        if open_report:
            self.ctx.prompts.open_url(QUrl.fromLocalFile(str(result.out_dir / REPORT_HTML)))
        self.ctx.prompts.info(self.window, self.tr("Export done"), text + "\n\n" + self.tr(
            "Put only whatsapp-business.vcf on the WhatsApp Business side of the phone, after "
            "removing the contacts there (importing never deletes a contact). "
            "private.vcf belongs on the personal side; business-no-consent.vcf to the "
            "company's address book, with a consent request to each."))
