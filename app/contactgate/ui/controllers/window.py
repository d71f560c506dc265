"""The window as a whole: builds the feature controllers, starts up, remembers its size."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Slot

from contactgate.store.db import StoreError
from contactgate.ui.context import UiContext
from contactgate.ui.controllers.consents import ConsentController
from contactgate.ui.controllers.exporting import ExportController
from contactgate.ui.controllers.importing import ImportController, sample_book
from contactgate.ui.controllers.jobs import JobRunner
from contactgate.ui.controllers.review import ReviewController
from contactgate.ui.controllers.settings import SettingsController
from contactgate.ui.dialogs import AboutDialog
from contactgate.ui.errors import describe
from contactgate.ui.main_window import MainWindow
from contactgate.ui.session import Session


class WindowController(QObject):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.window = MainWindow()
        self.session = Session(ctx, self)
        self.jobs = JobRunner(ctx, self.window)
        self.review = ReviewController(ctx, self.session, self.window, self.jobs)
        self.importer = ImportController(ctx, self.session, self.window, self.jobs,
                                         self.open_user_database)
        self.consents = ConsentController(ctx, self.session, self.window, self.jobs)
        self.exporter = ExportController(ctx, self.session, self.window, self.jobs)
        self.settings = SettingsController(ctx, self.window)
        self.review.current_changed.connect(self.consents.show_for)
        self.session.source_changed.connect(self.update_chrome)
        self.jobs.busy_changed.connect(self.update_chrome)
        self.settings.language_changed.connect(self._language_changed)
        self.settings.database_changed.connect(self._database_changed)
        self.settings.sorting_changed.connect(self._sort_again)
        self.window.about_action.triggered.connect(self.show_about)
        self.window.quit_action.triggered.connect(self.window.close)
        self.window.closing.connect(self.shutdown)
        self._restore_layout()
        self.update_chrome()

    # --- start and end -------------------------------------------------------------

    def start(self, files: Sequence[Path] = ()) -> None:
        """Open the database; import ``files``, or offer the sample to a newcomer."""
        fresh = not self.ctx.db_path().exists()
        if files:
            self.open_user_database()
            self.importer.import_files(list(files))
        elif fresh and sample_book().is_file() and self.ctx.prompts.ask(
                self.window, self.tr("Welcome to ContactGate"), self.tr(
                    "There is no ContactGate database yet. Open the sample address book to "
                    "see how it works? It runs in a separate scratch database, with sample "
                    "consents; your own data is not touched.")):
            self.importer.open_sample()
        else:
            self.open_user_database()
        self.update_chrome()

    def open_user_database(self) -> bool:
        path = self.ctx.db_path()
        try:
            self.session.open_database(path)
        except StoreError as exc:
            self.ctx.prompts.error(self.window, self.tr("Cannot open the database"),
                                   describe(exc))
            self.update_chrome()
            return False
        if self.session.policy_error is not None:
            self.ctx.prompts.error(self.window, self.tr("Cannot read the policy"),
                                   describe(self.session.policy_error))
        return True

    @Slot()
    def shutdown(self) -> None:
        if self.jobs.busy:
            self.jobs.cancel()
        self._save_layout()
        self.session.shutdown()

    def _restore_layout(self) -> None:
        settings, window = self.ctx.settings, self.window
        geometry = settings.window_state("geometry")
        if geometry is not None:
            window.restoreGeometry(geometry)
        state = settings.window_state("state")
        if state is not None:
            window.restoreState(state)
        splitter = settings.window_state("splitter")
        if splitter is not None:
            window.splitter.restoreState(splitter)
        else:  # wide enough for the longest filter name in this language
            left = window.buckets.sizeHintForColumn(0) + 2 * window.buckets.frameWidth() + 8
            window.splitter.setSizes([max(left, 180), 600, 440])

    def _save_layout(self) -> None:
        settings, window = self.ctx.settings, self.window
        settings.set_window_state("geometry", window.saveGeometry())
        settings.set_window_state("state", window.saveState())
        settings.set_window_state("splitter", window.splitter.saveState())
        settings.sync()

    # --- how the window looks in each state ------------------------------------------

    @Slot()
    def update_chrome(self) -> None:
        session, window = self.session, self.window
        busy = self.jobs.busy
        has_book = session.book is not None
        has_store = session.store is not None
        for action in (window.import_action, window.sample_action, window.settings_action):
            action.setEnabled(not busy)
        window.export_action.setEnabled(has_book and has_store and not busy)
        window.business_action.setEnabled(has_book and not busy)
        window.private_action.setEnabled(has_book and not busy)
        for action in (window.consent_action, window.withdraw_action,
                       window.consent_import_action):
            action.setEnabled(has_store and not busy)
        window.consents.setEnabled(has_store and not busy)
        window.set_banner(*self._banner())
        window.setWindowTitle(self._title())

    def _banner(self) -> tuple[str, bool]:
        session = self.session
        if session.in_sample:
            return self.tr("This is the sample address book, in a scratch database that is "
                           "deleted when you quit. Import your phone's export to start for "
                           "real."), True
        if session.store is None and session.book is None:
            return self.tr("No database is open: consents and decisions cannot be kept. "
                           "Choose a database location in Settings."), False
        if session.book is None and session.stored:
            return self.tr("Showing %n business contact(s) and their consents from the "
                           "database. Private contacts are never stored: import the phone's "
                           "address book again to review the rest and to export.", "",
                           len(session.stored)), True
        if session.book is None:
            return self.tr("Import the address book exported from the phone (vCard or CSV): "
                           "choose Import, or drop the files on this window."), True
        return "", False

    def _title(self) -> str:
        book = self.session.book
        title = "ContactGate"
        if book is not None and book.inputs:
            title += " – " + ", ".join(i.name for i in book.inputs)
        if self.session.in_sample:
            title += " " + self.tr("(sample)")
        return title

    # --- reactions to settings ---------------------------------------------------------

    @Slot()
    def _language_changed(self) -> None:
        # Qt posts LanguageChange to the widgets too; doing it now leaves no stale text meanwhile.
        self.window.retranslate()
        self.window.consents.retranslate()
        self.review.retranslate()
        self.session.rebuild()  # the rows' labels are in the new language
        self.consents.refresh()
        self.update_chrome()

    @Slot()
    def _database_changed(self) -> None:
        if not self.session.in_sample:
            self.open_user_database()
            self.session.rebuild()

    @Slot()
    def _sort_again(self) -> None:
        book = self.session.book
        if book is not None and book.inputs and not self.session.in_sample:
            self.importer.import_files([i.path for i in book.inputs])

    @Slot()
    def show_about(self) -> AboutDialog:
        dialog = AboutDialog(self.window)
        dialog.finished.connect(dialog.deleteLater)
        self.ctx.prompts.present(dialog)
        return dialog
