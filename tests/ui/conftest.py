"""GUI tests run offscreen, synchronously, with scripted answers to every dialog.

The QApplication is created here, at collection, so that a QGuiApplication
made earlier in the run by the PDF writer cannot stand in for it (widgets
need a QApplication). Settings live in a temporary INI file, the database in
the per-test directory (tests/conftest.py sets CONTACTGATE_DB), and the
worker runs jobs in the calling thread: no test waits on a timer.
"""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from contactgate.ui.app import build
from contactgate.ui.controllers.window import WindowController
from contactgate.ui.i18n import shared_translators
from contactgate.ui.workers import ImmediatePool
from tests.ui.helpers import ScriptedPrompts

APP = QApplication.instance() or QApplication(["contactgate-tests"])


@pytest.fixture
def prompts() -> ScriptedPrompts:
    return ScriptedPrompts()


@pytest.fixture
def settings_file(tmp_path: Path) -> Path:
    return tmp_path / "settings" / "contactgate.ini"


AppFactory = Callable[..., WindowController]


@pytest.fixture
def make_app(tmp_path: Path, prompts: ScriptedPrompts, settings_file: Path,
             db_path: Path) -> Iterator[AppFactory]:
    """Build main windows as the app does, wired to test doubles; closed after the test."""
    built: list[WindowController] = []

    def factory(lang: str | None = "en", start: bool = True, files: tuple[Path, ...] = (),
                **kwargs: object) -> WindowController:
        settings = QSettings(str(settings_file), QSettings.Format.IniFormat)
        options: dict[str, object] = {"pool": ImmediatePool(), **kwargs}
        controller = build(settings=settings, prompts=prompts, lang=lang,
                           sample_root=tmp_path / "scratch", **options)  # type: ignore[arg-type]
        built.append(controller)
        controller.window.show()
        if start:
            controller.start(list(files))
        return controller

    yield factory
    for controller in built:
        controller.window.close()
        controller.window.deleteLater()
    shared_translators(APP).switch("en")  # the next test starts in English again

