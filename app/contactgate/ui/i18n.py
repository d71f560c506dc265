"""Translations: ContactGate's own ``.qm`` files plus Qt's (standard buttons, file dialogs).

The language is the ``--lang`` option, else the setting, else the system locale
(German for any ``de_*`` locale, English otherwise).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from contactgate.resources import resource

SUPPORTED = ("de", "en")


def translations_dir() -> Path:
    return resource("translations")


def system_language() -> str:
    name = QLocale.system().name()  # "de_DE", "en_GB", "C"
    return "de" if name.lower().startswith("de") else "en"


def choose_language(override: str | None, setting: str) -> str:
    for choice in (override, setting):
        if choice in SUPPORTED:
            return str(choice)
    return system_language()


class Translators:
    """The installed translators; ``switch`` replaces them and Qt sends LanguageChange."""

    def __init__(self, app: QCoreApplication) -> None:
        self.app = app
        self._installed: list[QTranslator] = []
        self.language = "en"

    def switch(self, language: str) -> bool:
        """Install ``language``; False when ContactGate's own file is missing."""
        for translator in self._installed:
            self.app.removeTranslator(translator)
        self._installed = []
        self.language = language if language in SUPPORTED else "en"
        # numbers and dates as the chosen language writes them (1.500 in German), not as
        # the computer's region does
        QLocale.setDefault(QLocale("de_DE" if self.language == "de" else "en_GB"))
        found = self._load(translations_dir(), f"contactgate_{self.language}")
        qt_dir = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
        if self.language != "en":
            self._load(qt_dir, f"qtbase_{self.language}")
        return found

    def _load(self, directory: Path, name: str) -> bool:
        translator = QTranslator(self.app)
        if not translator.load(name, str(directory)):
            return False
        self.app.installTranslator(translator)
        self._installed.append(translator)
        return True


_shared: Translators | None = None


def shared_translators(app: QCoreApplication) -> Translators:
    """One set of translators per application: a second window replaces, never stacks, them."""
    global _shared
    if _shared is None or _shared.app is not app:
        _shared = Translators(app)
    return _shared
