"""The small context every controller gets instead of reaching for globals (git-cola's habit).

Dialogs go through :class:`Prompts`, so tests answer them without a modal
loop; the thread pool and the clock are injected for the same reason.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from contactgate.core.phones import valid_region
from contactgate.pipeline import RunSettings, resolve_region
from contactgate.ui.i18n import Translators
from contactgate.ui.settings import AppSettings
from contactgate.ui.workers import Pool


class Prompts(Protocol):
    """Everything that asks or tells the user outside the main window."""

    def error(self, parent: QWidget | None, title: str, message: str) -> None: ...

    def info(self, parent: QWidget | None, title: str, message: str) -> None: ...

    def ask(self, parent: QWidget | None, title: str, question: str) -> bool: ...

    def open_files(self, parent: QWidget | None, title: str, start: str,
                   name_filter: str) -> list[Path]: ...

    def open_file(self, parent: QWidget | None, title: str, start: str,
                  name_filter: str) -> Path | None: ...

    def choose_dir(self, parent: QWidget | None, title: str, start: str) -> Path | None: ...

    def present(self, dialog: QDialog) -> None:
        """Show a dialog without blocking; the caller listens to its signals."""
        ...

    def open_url(self, url: QUrl) -> bool: ...


class UnattendedPrompts:
    """Prompts for a run nobody watches (screenshot, benchmark): every question answered
    no, nothing opened, errors collected for the caller to report."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def error(self, parent: object, title: str, message: str) -> None:
        self.errors.append(f"{title}: {message}")

    def info(self, parent: object, title: str, message: str) -> None:
        return None

    def ask(self, parent: object, title: str, question: str) -> bool:
        return False

    def open_files(self, *_args: object) -> list[Path]:
        return []

    def open_file(self, *_args: object) -> Path | None:
        return None

    def choose_dir(self, *_args: object) -> Path | None:
        return None

    def present(self, dialog: object) -> None:
        return None

    def open_url(self, url: object) -> bool:
        return False


class QtPrompts:
    """The real thing: message boxes and file dialogs."""

    def error(self, parent: QWidget | None, title: str, message: str) -> None:
        QMessageBox.critical(parent, title, message)

    def info(self, parent: QWidget | None, title: str, message: str) -> None:
        QMessageBox.information(parent, title, message)

    def ask(self, parent: QWidget | None, title: str, question: str) -> bool:
        buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
        answer = QMessageBox.question(parent, title, question, buttons,
                                      QMessageBox.StandardButton.Yes)
        return answer == QMessageBox.StandardButton.Yes

    def open_files(self, parent: QWidget | None, title: str, start: str,
                   name_filter: str) -> list[Path]:
        names, _chosen = QFileDialog.getOpenFileNames(parent, title, start, name_filter)
        return [Path(name) for name in names]

    def open_file(self, parent: QWidget | None, title: str, start: str,
                  name_filter: str) -> Path | None:
        name, _chosen = QFileDialog.getOpenFileName(parent, title, start, name_filter)
        return Path(name) if name else None

    def choose_dir(self, parent: QWidget | None, title: str, start: str) -> Path | None:
        name = QFileDialog.getExistingDirectory(parent, title, start)
        return Path(name) if name else None

    def present(self, dialog: QDialog) -> None:
        dialog.open()

    def open_url(self, url: QUrl) -> bool:
        return QDesktopServices.openUrl(url)


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class UiContext:
    settings: AppSettings
    prompts: Prompts
    pool: Pool
    clock: Callable[[], datetime] = utc_now
    db_override: Path | None = None  # --db on the command line
    lang_override: str | None = None  # --lang
    region_override: str | None = None  # --region
    sample_root: Path | None = field(default=None)  # where the sample's scratch database goes
    language: str = "en"  # the language the window currently speaks
    translators: Translators | None = None

    def db_path(self) -> Path:
        """--db, else CONTACTGATE_DB, else the setting, else the user data dir."""
        from contactgate.cli import default_db_path

        if self.db_override is not None:
            return self.db_override
        if os.environ.get("CONTACTGATE_DB"):
            return default_db_path()
        if self.settings.db_path:
            return Path(self.settings.db_path).expanduser()
        return default_db_path()

    def run_settings(self, region: str | None = None) -> RunSettings:
        """Policy, region and language for the core; PolicyError/ValueError when unusable.

        ``region`` overrides everything (the German sample book needs DE anywhere).
        """
        from contactgate.io.policy_file import load_policy

        policy_path = self.settings.policy_path
        policy = load_policy(Path(policy_path).expanduser() if policy_path else None)
        chosen = region or self.region_override or self.settings.region
        if chosen:
            source = "settings" if chosen == self.settings.region else "--region"
            resolved = chosen.upper()
        else:
            resolved, source = resolve_region(None, policy)
        if not valid_region(resolved):
            raise ValueError(QCoreApplication.translate(
                "Context", "Unknown region %1: choose a country in Settings.").replace(
                "%1", resolved))
        return RunSettings(policy=policy, region=resolved, region_source=source,
                           lang=self.language)
