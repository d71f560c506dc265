"""The user's settings, kept in ``QSettings`` (tests pass one backed by a temporary file)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

LANGUAGES = ("", "de", "en")  # "" follows the system locale


class AppSettings:
    """Typed access to the few values ContactGate remembers between starts."""

    def __init__(self, store: QSettings) -> None:
        self.qsettings = store

    def _text(self, key: str, default: str = "") -> str:
        value = self.qsettings.value(key, default)
        return value if isinstance(value, str) else default

    def _set(self, key: str, value: object) -> None:
        self.qsettings.setValue(key, value)

    @property
    def region(self) -> str:
        """Two-letter country for numbers without +; "" picks policy, locale, then DE."""
        return self._text("gate/region").upper()

    @region.setter
    def region(self, value: str) -> None:
        self._set("gate/region", value.strip().upper())

    @property
    def policy_path(self) -> str:
        return self._text("gate/policy")

    @policy_path.setter
    def policy_path(self, value: str) -> None:
        self._set("gate/policy", value.strip())

    @property
    def db_path(self) -> str:
        return self._text("database/path")

    @db_path.setter
    def db_path(self, value: str) -> None:
        self._set("database/path", value.strip())

    @property
    def language(self) -> str:
        value = self._text("ui/language")
        return value if value in LANGUAGES else ""

    @language.setter
    def language(self, value: str) -> None:
        self._set("ui/language", value if value in LANGUAGES else "")

    @property
    def last_dir(self) -> str:
        return self._text("ui/last_dir")

    @last_dir.setter
    def last_dir(self, value: str) -> None:
        self._set("ui/last_dir", value)

    @property
    def export_dir(self) -> str:
        return self._text("export/dir")

    @export_dir.setter
    def export_dir(self, value: str) -> None:
        self._set("export/dir", value)

    @property
    def export_format(self) -> str:
        return self._text("export/format", "vcard30")

    @export_format.setter
    def export_format(self, value: str) -> None:
        self._set("export/format", value)

    @property
    def export_profile(self) -> str:
        return self._text("export/profile", "minimal")

    @export_profile.setter
    def export_profile(self, value: str) -> None:
        self._set("export/profile", value)

    def window_state(self, name: str) -> QByteArray | None:
        value = self.qsettings.value(f"window/{name}")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_window_state(self, name: str, value: QByteArray) -> None:
        self._set(f"window/{name}", value)

    def sync(self) -> None:
        self.qsettings.sync()
