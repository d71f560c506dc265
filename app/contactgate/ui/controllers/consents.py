"""Consents: the grants of the selected contact; record one, withdraw one, import a register."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, tzinfo
from pathlib import Path

from PySide6.QtCore import QObject, Slot

from contactgate.core.consent import state_at
from contactgate.core.model import Consent
from contactgate.ui.context import UiContext
from contactgate.ui.controllers.jobs import JobRunner
from contactgate.ui.core_texts import core_text, located_text
from contactgate.ui.errors import describe
from contactgate.ui.jobs import ConsentImport, consent_csv_job, operator_name
from contactgate.ui.main_window import MainWindow
from contactgate.ui.rows import RowKind
from contactgate.ui.session import Session
from contactgate.ui.texts import consent_label, fill

SHOWN_ROW_ERRORS = 10


def _when(value: datetime | None, zone: tzinfo) -> str:
    """In the policy's time zone, where consent dates are counted, not the laptop's."""
    return value.astimezone(zone).strftime("%Y-%m-%d %H:%M") if value is not None else ""


class ConsentController(QObject):
    def __init__(self, ctx: UiContext, session: Session, window: MainWindow,
                 jobs: JobRunner) -> None:
        super().__init__(window)
        self.ctx, self.session, self.window, self.jobs = ctx, session, window, jobs
        self.panel = window.consents
        self._kind: RowKind | None = None  # the row whose consents are shown; None: all
        self._key = -1
        session.consents_changed.connect(self.refresh)
        session.source_changed.connect(self.refresh)
        self.panel.add_requested.connect(self.add)
        self.panel.withdraw_requested.connect(self.withdraw)
        self.panel.browse_requested.connect(self.browse_evidence)
        self.panel.import_requested.connect(self.import_register)
        window.consent_action.triggered.connect(self.focus_form)
        window.withdraw_action.triggered.connect(self.withdraw)
        window.consent_import_action.triggered.connect(self.import_register)

    # --- showing -----------------------------------------------------------------------

    @Slot(str, int)
    def show_for(self, kind: str, key: int) -> None:
        self._kind = "contact" if kind == "contact" else "stored" if kind == "stored" else None
        self._key = key
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        session, kind, key = self.session, self._kind, self._key
        numbers: list[str] = []
        name = ""
        if kind is not None and session.row_index(kind, key) is not None:
            numbers = session.numbers_of(kind, key)
            name = (session.contact(key).display_name if kind == "contact"
                    else session.stored_contact(key).fn)
        grants = session.grants_for(numbers) if name else list(session.consents)
        self.panel.set_subject(name)
        self.panel.set_numbers(numbers)
        headers = [self.tr("Number"), self.tr("Granted"), self.tr("Method"), self.tr("Evidence"),
                   self.tr("State"), self.tr("Withdrawn")]
        at = session.at
        zone = session.zone
        rows = [(g.e164, _when(g.granted_at, zone), g.method, g.evidence or g.evidence_file,
                 consent_label(state_at(g, at)), _when(g.withdrawn_at, zone)) for g in grants]
        self.panel.model.set_content(headers, rows, list(grants))

    @Slot()
    def focus_form(self) -> None:
        self.window.side.setCurrentWidget(self.panel)
        target = self.panel.evidence if self.panel.number_text() else self.panel.number
        target.setFocus()

    # --- recording ---------------------------------------------------------------------

    @Slot()
    def add(self) -> bool:
        store = self.session.store
        if store is None:
            return self._fail(self.tr("No database is open, so a consent cannot be kept. "
                                      "Choose a database location in Settings."))
        panel = self.panel
        from contactgate.io.consent_csv import to_e164
        from contactgate.store.consents import add_consent

        try:
            region = self.session.run_settings().region
        except Exception as exc:  # the policy or the region, not the number
            return self._fail(describe(exc))
        try:
            e164 = to_e164(panel.number_text(), region)
        except Exception as exc:
            return self._fail(self.tr("The number cannot be used: %1. Enter it as on the phone, "
                                      "e.g. +49 171 2345678.").replace("%1",
                                                                       core_text(str(exc))))
        evidence_file = Path(panel.evidence_path()).expanduser() if panel.evidence_path() else None
        if not panel.method_text() or not (panel.evidence_text() or evidence_file):
            return self._fail(self.tr("A consent must be demonstrable: say how it was given "
                                      "(method) and where the proof is kept (evidence)."))
        if evidence_file is not None and not evidence_file.is_file():
            return self._fail(self.tr("The evidence file %1 does not exist. Choose the file "
                                      "again.").replace("%1", str(evidence_file)))
        if panel.granted_at() > self.ctx.clock():
            return self._fail(self.tr("The consent date lies in the future. Enter the day the "
                                      "person agreed."))
        consent = Consent(e164=e164, granted_at=panel.granted_at(), method=panel.method_text(),
                          evidence=panel.evidence_text() or (evidence_file.name if evidence_file
                                                             else ""))
        if self._kind == "contact":
            consent = replace(consent, name=self.session.contact(self._key).display_name)
        try:
            add_consent(store, consent, recorded_by=operator_name(), evidence_path=evidence_file)
        except Exception as exc:
            return self._fail(describe(exc))
        panel.reset_form()
        self.session.reload_consents([e164])
        self.window.show_status(self.tr("Consent recorded for %1.").replace("%1", e164))
        return True

    @Slot()
    def withdraw(self) -> bool:
        store = self.session.store
        position = self.panel.selected_grant()
        if store is None or position is None:
            return self._fail(self.tr("Select the consent to withdraw in the list of consents."))
        grant = self.panel.model.key_at(position)
        if not isinstance(grant, Consent):
            return False
        now = self.ctx.clock()
        if grant.withdrawn_at is not None and grant.withdrawn_at <= now:
            return self._fail(self.tr("This consent is withdrawn already. A new consent from "
                                      "the person is recorded above."))
        at = self.panel.withdrawal_time(now)
        if at > now:
            return self._fail(self.tr("The withdrawal date lies in the future. Enter when the "
                                      "person withdrew the consent."))
        if at < grant.granted_at:  # it would end only grants before it: this one stays valid
            return self._fail(self.tr("The withdrawal date lies before the consent was given. "
                                      "Enter when the person withdrew the consent."))
        question = self.tr("Withdraw the consent of %1? The number will not be exported "
                           "again until a new consent is recorded.").replace("%1", grant.e164)
        if not self.ctx.prompts.ask(self.window, self.tr("Withdraw consent"), question):
            return False
        from contactgate.store.consents import withdraw

        try:
            withdraw(store, grant.e164, at, grant.purpose,
                     route=self.tr("recorded in ContactGate"), recorded_by=operator_name())
        except Exception as exc:
            return self._fail(describe(exc))
        self.panel.reset_withdrawal()
        self.session.reload_consents([grant.e164])
        self.window.show_status(self.tr("Consent of %1 withdrawn.").replace("%1", grant.e164))
        return True

    @Slot()
    def browse_evidence(self) -> None:
        path = self.ctx.prompts.open_file(self.window, self.tr("Evidence of the consent"),
                                          self.ctx.settings.last_dir, self.tr("All files (*)"))
        if path is not None:
            self.panel.evidence_file.setText(str(path))

    @Slot()
    def import_register(self) -> bool:
        db_path = self.session.db_path
        if self.session.store is None or db_path is None:
            return self._fail(self.tr("No database is open. Choose a database location in "
                                      "Settings."))
        path = self.ctx.prompts.open_file(self.window, self.tr("Import consent register"),
                                          self.ctx.settings.last_dir,
                                          self.tr("Consent register (*.csv *.txt);;All files (*)"))
        if path is None:
            return False
        return self.import_register_file(path)

    def import_register_file(self, path: Path) -> bool:
        db_path = self.session.db_path
        if db_path is None:
            return False
        try:
            settings = self.session.run_settings()
        except Exception as exc:
            return self._fail(describe(exc))
        return self.jobs.run(self.tr("Importing consents"),
                             lambda: consent_csv_job(path, settings, db_path),
                             self._register_imported, self.tr("Consent import failed"))

    def _register_imported(self, result: object) -> None:
        if not isinstance(result, ConsentImport):
            return
        self.session.reload_consents()
        summary = fill(self.tr("%1 consent rows read from %2."), result.grants, result.path.name)
        self.window.show_status(summary)
        if result.errors:
            lines = [located_text(str(e)) for e in result.errors[:SHOWN_ROW_ERRORS]]
            more = len(result.errors) - len(lines)
            if more > 0:
                lines.append(fill(self.tr("… and %1 more."), more))
            message = fill(self.tr("Rows that could not be read grant nothing (%1). Correct "
                                   "them in the register and import it again:"),
                           len(result.errors))
            self.ctx.prompts.info(self.window, self.tr("Some consent rows were rejected"),
                                  summary + "\n\n" + message + "\n" + "\n".join(lines))

    def _fail(self, message: str) -> bool:
        self.ctx.prompts.error(self.window, self.tr("Consent"), message)
        return False
