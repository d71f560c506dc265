"""Settings: region, policy file, database location, language."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot

from contactgate.ui.context import UiContext
from contactgate.ui.dialogs import SettingsDialog
from contactgate.ui.errors import describe
from contactgate.ui.i18n import choose_language
from contactgate.ui.main_window import MainWindow


class SettingsController(QObject):
    language_changed = Signal()
    database_changed = Signal()
    sorting_changed = Signal()  # region or policy: the open book must be sorted again

    def __init__(self, ctx: UiContext, window: MainWindow) -> None:
        super().__init__(window)
        self.ctx, self.window = ctx, window
        self.dialog: SettingsDialog | None = None
        window.settings_action.triggered.connect(self.open_dialog)

    @Slot()
    def open_dialog(self) -> SettingsDialog:
        from contactgate.cli import default_db_path

        settings = self.ctx.settings
        dialog = SettingsDialog(str(default_db_path()), self.window)
        dialog.set_values(settings.region, settings.policy_path, settings.db_path,
                          settings.language)
        dialog.buttons.accepted.disconnect()
        dialog.buttons.accepted.connect(self.apply)
        dialog.browse_policy_requested.connect(self._browse_policy)
        dialog.browse_db_requested.connect(self._browse_db)
        dialog.finished.connect(self._forget_dialog)
        self.dialog = dialog
        self.ctx.prompts.present(dialog)
        return dialog

    @Slot()
    def _forget_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = None

    @Slot()
    def _browse_policy(self) -> None:
        if self.dialog is None:
            return
        path = self.ctx.prompts.open_file(self.dialog, self.tr("Company policy"),
                                          self.dialog.policy.text(),
                                          self.tr("Policy (*.toml);;All files (*)"))
        if path is not None:
            self.dialog.policy.setText(str(path))

    @Slot()
    def _browse_db(self) -> None:
        if self.dialog is None:
            return
        path = self.ctx.prompts.choose_dir(self.dialog, self.tr("Folder for the database"),
                                           self.dialog.database.text())
        if path is not None:
            self.dialog.database.setText(str(path / "contactgate.db"))

    @Slot()
    def apply(self) -> bool:
        """Check and keep the dialog's values; the dialog stays open on a mistake."""
        dialog = self.dialog
        if dialog is None:
            return False
        policy = dialog.policy.text().strip()
        if policy:
            from contactgate.io.policy_file import load_policy

            try:
                load_policy(Path(policy).expanduser())
            except Exception as exc:
                self.ctx.prompts.error(dialog, self.tr("Settings"), describe(exc))
                return False
        settings = self.ctx.settings
        database = dialog.database.text().strip()
        if database and database != settings.db_path and not self._usable(database):
            return False  # the dialog stays open: a location that cannot be used is not kept
        before = (settings.region, settings.policy_path, settings.db_path, settings.language)
        settings.region = dialog.chosen_region()
        settings.policy_path = policy
        settings.db_path = database
        settings.language = dialog.chosen_language()
        settings.sync()
        dialog.accept()
        if (settings.region, settings.policy_path) != before[:2]:
            self.sorting_changed.emit()
        if settings.db_path != before[2]:
            self.database_changed.emit()
        if settings.language != before[3]:
            self.switch_language(choose_language(self.ctx.lang_override, settings.language))
        return True

    def _usable(self, database: str) -> bool:
        """Whether a database can be opened (or made) there; says why not. Writes nothing:
        the database is made when it is first used."""
        from contactgate.store.db import check_database_place

        try:
            check_database_place(Path(database).expanduser())
        except Exception as exc:  # StoreError, and an OSError on the way to it
            self.ctx.prompts.error(self.dialog, self.tr("Settings"), describe(exc))
            return False
        return True

    def switch_language(self, language: str) -> None:
        if self.ctx.translators is not None:
            self.ctx.translators.switch(language)
        self.ctx.language = language
        self.language_changed.emit()
