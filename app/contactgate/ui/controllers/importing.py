"""Import: address-book files by dialog, by drag and drop, or the sample book."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot

from contactgate.resources import resource
from contactgate.ui.context import UiContext
from contactgate.ui.controllers.jobs import JobRunner
from contactgate.ui.errors import describe
from contactgate.ui.jobs import ImportedBook, import_job
from contactgate.ui.main_window import MainWindow
from contactgate.ui.session import Session
from contactgate.ui.texts import fill

SAMPLE_REGION = "DE"


def sample_book() -> Path:
    return resource("samples", "phone-book.vcf")


def sample_consents() -> Path:
    return resource("samples", "consents.csv")


class ImportController(QObject):
    imported = Signal()  # a book was read and is shown

    def __init__(self, ctx: UiContext, session: Session, window: MainWindow, jobs: JobRunner,
                 open_user_database: Callable[[], bool]) -> None:
        super().__init__(window)
        self.ctx, self.session, self.window, self.jobs = ctx, session, window, jobs
        self._open_user_database = open_user_database
        window.import_action.triggered.connect(self.choose_files)
        window.banner_button.clicked.connect(self.choose_files)
        window.files_dropped.connect(self.import_files)
        window.sample_action.triggered.connect(self.open_sample)

    @Slot()
    def choose_files(self) -> None:
        paths = self.ctx.prompts.open_files(
            self.window, self.tr("Import address book"), self.ctx.settings.last_dir,
            self.tr("Address books (*.vcf *.vcard *.csv);;All files (*)"))
        if paths:
            self.ctx.settings.last_dir = str(paths[0].parent)
            self.import_files(paths)

    @Slot(list)
    def import_files(self, paths: Sequence[Path], consents_csv: Path | None = None,
                     region: str | None = None) -> bool:
        """Read ``paths`` into a new book (replacing the one shown); False if not started."""
        if self.session.in_sample and consents_csv is None:
            self.session.leave_sample()  # the user's own book goes into the user's database
            self._open_user_database()
        try:
            settings = self.ctx.run_settings(region)
        except Exception as exc:  # a broken policy file or region: say what to fix
            self.ctx.prompts.error(self.window, self.tr("Cannot import"), describe(exc))
            return False
        chosen = list(paths)
        db_path = self.session.db_path if self.session.store is not None else None
        title = self.tr("Importing %n file(s)", "", len(chosen))
        clock = self.ctx.clock
        return self.jobs.run(
            title, lambda: import_job(chosen, settings, db_path, consents_csv, clock),
            lambda result: self._imported(result, settings.region), self.tr("Import failed"))

    @Slot()
    def open_sample(self) -> bool:
        """The sample phone book and its consents, in a fresh scratch database."""
        book = sample_book()
        if not book.is_file():
            self.ctx.prompts.error(self.window, self.tr("Sample book missing"), self.tr(
                "The sample book is not part of this installation (%1 is missing). "
                "Import your own address book instead.").replace("%1", str(book)))
            return False
        try:
            self.session.start_sample_database()
        except Exception as exc:
            self.ctx.prompts.error(self.window, self.tr("Cannot open the sample"), describe(exc))
            return False
        consents = sample_consents()
        # The sample is a German phone's book: its national numbers are German anywhere.
        return self.import_files([book], consents if consents.is_file() else None,
                                 region=SAMPLE_REGION)

    def _imported(self, result: object, region: str) -> None:
        if not isinstance(result, ImportedBook):
            return
        self.session.book_region = region
        self.session.set_book(result.book, result.prepared)
        counts = self.session.counts
        files = ", ".join(i.name for i in result.book.inputs)
        text = self.tr("Imported %1: %2 ready for WhatsApp, %3 business without consent, "
                       "%4 private, %5 unsure, %6 unreadable.")
        self.window.show_status(fill(text, files, counts["ready"], counts["no_consent"],
                                     counts["private"], counts["unsure"], counts["quarantined"]))
        self.imported.emit()
