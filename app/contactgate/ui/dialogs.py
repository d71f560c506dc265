"""The dialogs: export (with a preview of exactly what leaves), settings, about.

Views only. They are shown with ``open()`` (never a blocking ``exec()``), so
the controller listens to their signals and tests can drive them directly.
"""

from __future__ import annotations

import phonenumbers
from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from contactgate import __version__
from contactgate.ui.icons import icon
from contactgate.ui.models import TextTableModel


def _path_row(edit: QLineEdit, button: QToolButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(edit, 1)
    row.addWidget(button)
    return row


def _select_data(combo: QComboBox, value: str) -> None:
    index = combo.findData(value)
    combo.setCurrentIndex(max(index, 0))


class ExportDialog(QDialog):
    """Folder, format, profile; a preview of the contacts and numbers that will leave."""

    browse_requested = Signal()
    export_requested = Signal()
    options_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.folder = QLineEdit(self)
        self.browse_button = QToolButton(self)
        self.browse_button.setText("…")
        self.browse_button.clicked.connect(self.browse_requested)
        self.fmt = QComboBox(self)
        self.profile = QComboBox(self)
        self.label = QLineEdit("default", self)
        self.open_report = QCheckBox(self)
        self.open_report.setChecked(True)
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.preview_model = TextTableModel(self)
        self.preview = QTableView(self)
        self.preview.setModel(self.preview_model)
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.preview.verticalHeader().hide()
        self.preview.horizontalHeader().setStretchLastSection(True)
        self.preview.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.buttons = QDialogButtonBox(self)
        self.export_button = QPushButton(icon("export"), "", self)
        self.export_button.setDefault(True)
        self.buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.rejected.connect(self.reject)
        self.export_button.clicked.connect(self.export_requested)
        self.fmt.currentIndexChanged.connect(self.options_changed)
        self.profile.currentIndexChanged.connect(self.options_changed)
        self._labels = [QLabel(self) for _ in range(4)]
        for label, field in zip(self._labels, (self.folder, self.fmt, self.profile, self.label),
                                strict=True):
            label.setBuddy(field)
        form = QFormLayout()
        form.addRow(self._labels[0], _path_row(self.folder, self.browse_button))
        form.addRow(self._labels[1], self.fmt)
        form.addRow(self._labels[2], self.profile)
        form.addRow(self._labels[3], self.label)
        form.addRow(self.open_report)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.buttons)
        self.retranslate()
        self.resize(760, 560)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Export for WhatsApp Business"))
        texts = (self.tr("&Folder:"), self.tr("F&ormat:"), self.tr("&Profile:"),
                 self.tr("Phone &label:"))
        for label, text in zip(self._labels, texts, strict=True):
            label.setText(text)
        self.browse_button.setToolTip(self.tr("Choose the folder for the files"))
        self.label.setToolTip(self.tr("The name of this phone's export history: the report "
                                      "lists what changed since its previous export"))
        fmt, profile = self.chosen_format(), self.chosen_profile()
        self.fmt.blockSignals(True)
        self.fmt.clear()
        self.fmt.addItem(self.tr("vCard 3.0 (recommended)"), "vcard30")
        self.fmt.addItem(self.tr("vCard 2.1 (older phones)"), "vcard21")
        self.fmt.addItem(self.tr("vCard 4.0"), "vcard40")
        _select_data(self.fmt, fmt or "vcard30")
        self.fmt.blockSignals(False)
        self.profile.blockSignals(True)
        self.profile.clear()
        self.profile.addItem(self.tr("Minimal: name, organisation, consented numbers"), "minimal")
        self.profile.addItem(self.tr("Standard: also job title and work e-mail"), "standard")
        _select_data(self.profile, profile or "minimal")
        self.profile.blockSignals(False)
        self.open_report.setText(self.tr("Open the &report when done"))
        self.export_button.setText(self.tr("&Export"))

    def chosen_format(self) -> str:
        return str(self.fmt.currentData() or "")

    def chosen_profile(self) -> str:
        return str(self.profile.currentData() or "")

    def set_choices(self, folder: str, fmt: str, profile: str) -> None:
        self.folder.setText(folder)
        _select_data(self.fmt, fmt)
        _select_data(self.profile, profile)


def _territory_name(code: str) -> str:
    """The country's own name for itself (Deutschland, Österreich, France): Qt names
    countries only in English or in their own language, never in the one chosen here."""
    territory = QLocale.codeToTerritory(code)
    if territory == QLocale.Country.AnyTerritory:
        return code
    local = QLocale(QLocale.Language.AnyLanguage, territory)
    if local.territory() != territory:  # no locale of its own (Ascension): Qt's English name
        return QLocale.territoryToString(territory)
    return local.nativeTerritoryName() or QLocale.territoryToString(territory)


class SettingsDialog(QDialog):
    """Region, policy file, database location, language."""

    browse_policy_requested = Signal()
    browse_db_requested = Signal()

    def __init__(self, default_db: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.region = QComboBox(self)
        self.region.addItem("", "")
        for code in sorted(phonenumbers.SUPPORTED_REGIONS):
            self.region.addItem(f"{code} – {_territory_name(code)}", code)
        self.policy = QLineEdit(self)
        self.policy_button = QToolButton(self)
        self.policy_button.setText("…")
        self.policy_button.clicked.connect(self.browse_policy_requested)
        self.database = QLineEdit(self)
        self.database.setPlaceholderText(default_db)
        self.db_button = QToolButton(self)
        self.db_button.setText("…")
        self.db_button.clicked.connect(self.browse_db_requested)
        self.language = QComboBox(self)
        self.language.addItem("", "")
        self.language.addItem("Deutsch", "de")
        self.language.addItem("English", "en")
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._labels = [QLabel(self) for _ in range(4)]
        for label, field in zip(self._labels, (self.region, self.policy, self.database,
                                               self.language), strict=True):
            label.setBuddy(field)
        form = QFormLayout()
        form.addRow(self._labels[0], self.region)
        form.addRow(self._labels[1], _path_row(self.policy, self.policy_button))
        form.addRow(self._labels[2], _path_row(self.database, self.db_button))
        form.addRow(self._labels[3], self.language)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.retranslate()
        self.resize(620, 280)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Settings"))
        texts = (self.tr("&Region:"), self.tr("&Policy file:"), self.tr("&Database:"),
                 self.tr("&Language:"))
        for label, text in zip(self._labels, texts, strict=True):
            label.setText(text)
        self.region.setItemText(0, self.tr("Automatic (policy, then system, then DE)"))
        self.region.setToolTip(self.tr("The country assumed for numbers written without +"))
        self.policy.setPlaceholderText(self.tr("The shipped default policy"))
        self.policy_button.setToolTip(self.tr("Choose a company policy file (TOML)"))
        self.db_button.setToolTip(self.tr("Choose where the database is kept"))
        self.language.setItemText(0, self.tr("System default"))
        self.note.setText(self.tr(
            "Region and policy apply to the next import: the open address book is sorted "
            "again. Keep the database and its .key file together, on this computer."))

    def set_values(self, region: str, policy: str, database: str, language: str) -> None:
        _select_data(self.region, region)
        self.policy.setText(policy)
        self.database.setText(database)
        _select_data(self.language, language)

    def chosen_region(self) -> str:
        return str(self.region.currentData() or "")

    def chosen_language(self) -> str:
        return str(self.language.currentData() or "")


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About ContactGate"))
        picture = QLabel(self)
        picture.setPixmap(icon("app").pixmap(64, 64))
        self.text = QLabel(self)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setWordWrap(True)
        self.text.setOpenExternalLinks(True)
        heading = self.tr("ContactGate %1").replace("%1", __version__)
        purpose = self.tr("Only business contacts with a valid consent reach WhatsApp Business; "
                          "private contacts stay on your side of the phone.")
        licence = self.tr("Licence: GPL-3.0-or-later. This program comes with absolutely no "
                          "warranty; you may redistribute it under the terms of the GNU General "
                          "Public License, version 3 or later.")
        self.text.setText(f"<h3>{heading}</h3><p>{purpose}</p><p>{licence}</p>"
                          "<p><a href='https://www.gnu.org/licenses/gpl-3.0.html'>"
                          "gnu.org/licenses/gpl-3.0</a></p>")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        row = QHBoxLayout()
        row.addWidget(picture, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.resize(460, 240)
