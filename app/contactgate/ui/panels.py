"""The panels beside the table: details of one contact, and its consents.

Views only: they hold widgets, say what the user asked for through signals,
and hand out what was typed. Controllers decide what happens.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QDate, QDateTime, QEvent, QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from contactgate.io.consent_csv import EARLIEST_YEAR, LATEST_YEAR
from contactgate.ui.icons import icon
from contactgate.ui.models import TextTableModel


def to_utc(value: QDateTime) -> datetime:
    return datetime.fromtimestamp(value.toSecsSinceEpoch(), UTC)


def _date_time_edit(parent: QWidget) -> QDateTimeEdit:
    """Now, with a calendar, within the years a consent CSV accepts (so that what is
    recorded here reads back from ``consent export``)."""
    edit = QDateTimeEdit(QDateTime.currentDateTime(), parent)
    edit.setCalendarPopup(True)
    edit.setDateRange(QDate(EARLIEST_YEAR, 1, 1), QDate(LATEST_YEAR, 12, 31))
    return edit


class DetailPanel(QWidget):
    """Every field of the selected contact and the reasons for its verdict."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)
        self.browser.setObjectName("detailBrowser")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser)
        self.show_nothing()

    def show_html(self, html: str) -> None:
        self.browser.setHtml(html)

    def show_nothing(self) -> None:
        self.browser.setPlainText(self.tr("Select a contact to see all its fields and the "
                                          "reasons for its bucket."))

    def text(self) -> str:
        return self.browser.toPlainText()


class ConsentPanel(QWidget):
    """The grants on record for the selected contact's numbers; add one, withdraw one."""

    add_requested = Signal()
    withdraw_requested = Signal()
    browse_requested = Signal()
    import_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.subject = QLabel(self)
        self.subject.setTextFormat(Qt.TextFormat.PlainText)  # a contact's name is never markup
        self.subject.setWordWrap(True)
        self.model = TextTableModel(self)
        self.grants = QTableView(self)
        self.grants.setModel(self.model)
        self.grants.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.grants.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grants.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grants.verticalHeader().hide()
        self.grants.horizontalHeader().setStretchLastSection(True)
        self.grants.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self._build_form()
        self._build_withdraw()
        self.import_button = QPushButton(self)
        self.import_button.clicked.connect(self.import_requested)
        layout = QVBoxLayout(self)
        layout.addWidget(self.subject)
        layout.addWidget(self.grants, 1)
        layout.addWidget(self.withdraw_box)
        layout.addWidget(self.form_box)
        layout.addWidget(self.import_button)
        self.retranslate()

    def _build_form(self) -> None:
        self.form_box = QGroupBox(self)
        self.number = QComboBox(self.form_box)
        self.number.setEditable(True)
        self.granted = _date_time_edit(self.form_box)
        self.method = QComboBox(self.form_box)
        self.method.setEditable(True)
        self.evidence = QLineEdit(self.form_box)
        self.evidence_file = QLineEdit(self.form_box)
        self.browse_button = QToolButton(self.form_box)
        self.browse_button.setText("…")
        self.browse_button.clicked.connect(self.browse_requested)
        file_row = QHBoxLayout()
        file_row.addWidget(self.evidence_file, 1)
        file_row.addWidget(self.browse_button)
        self.add_button = QPushButton(self.form_box)
        self.add_button.setIcon(icon("consent"))
        self.add_button.clicked.connect(self.add_requested)
        self.evidence.returnPressed.connect(self.add_requested)
        form = QFormLayout(self.form_box)
        self._labels = [QLabel(self.form_box) for _ in range(5)]
        for label, field in zip(self._labels, (self.number, self.granted, self.method,
                                                self.evidence, self.evidence_file), strict=True):
            label.setBuddy(field)
        form.addRow(self._labels[0], self.number)
        form.addRow(self._labels[1], self.granted)
        form.addRow(self._labels[2], self.method)
        form.addRow(self._labels[3], self.evidence)
        form.addRow(self._labels[4], file_row)
        form.addRow(self.add_button)

    def _build_withdraw(self) -> None:
        self.withdraw_box = QWidget(self)
        self.withdrawn_at = _date_time_edit(self.withdraw_box)
        self._withdrawal_chosen = False  # the user has not set the field: withdraw as of now
        self.withdrawn_at.dateTimeChanged.connect(self._withdrawal_time_chosen)
        self.withdraw_button = QPushButton(self.withdraw_box)
        self.withdraw_button.setIcon(icon("withdraw"))
        self.withdraw_button.clicked.connect(self.withdraw_requested)
        column = QVBoxLayout(self.withdraw_box)  # stacked: the panel stays narrow
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.withdrawn_at)
        column.addWidget(self.withdraw_button)

    def retranslate(self) -> None:
        self.form_box.setTitle(self.tr("Record a consent"))
        texts = (self.tr("&Number:"), self.tr("&Granted on:"), self.tr("&Method:"),
                 self.tr("E&vidence:"), self.tr("Evidence &file:"))
        for label, text in zip(self._labels, texts, strict=True):
            label.setText(text)
        chosen = self.method.currentIndex()
        typed = self.method.currentText()
        preset = chosen >= 0 and typed == self.method.itemText(chosen)
        self.method.clear()
        self.method.addItems([self.tr("written form"), self.tr("double opt-in (web form)"),
                              self.tr("e-mail"), self.tr("verbal, documented"),
                              self.tr("opt-in by message")])
        if preset:
            self.method.setCurrentIndex(chosen)
        elif typed:
            self.method.setEditText(typed)
        self.evidence.setPlaceholderText(self.tr("Where the signed form or e-mail is kept"))
        self.evidence_file.setPlaceholderText(self.tr("Optional: scan or e-mail of the consent"))
        self.browse_button.setToolTip(self.tr("Choose the evidence file"))
        self.add_button.setText(self.tr("&Add consent"))
        self.withdraw_button.setText(self.tr("&Withdraw selected consent"))
        self.withdrawn_at.setToolTip(self.tr("When the person withdrew the consent"))
        self.import_button.setText(self.tr("Import consent &register (CSV)…"))
        if not self.subject.text():
            self.set_subject("")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- what the controller sets and reads ---------------------------------------

    def set_subject(self, name: str) -> None:
        if name:
            self.subject.setText(self.tr("Consents on record for %1").replace("%1", name))
        else:
            self.subject.setText(self.tr("All consents on record"))

    def set_numbers(self, numbers: list[str]) -> None:
        current = self.number.currentText()
        self.number.clear()
        self.number.addItems(numbers)
        if not numbers:
            self.number.setEditText(current)

    def selected_grant(self) -> int | None:
        rows = self.grants.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def number_text(self) -> str:
        return self.number.currentText().strip()

    def granted_at(self) -> datetime:
        return to_utc(self.granted.dateTime())

    def method_text(self) -> str:
        return self.method.currentText().strip()

    def evidence_text(self) -> str:
        return self.evidence.text().strip()

    def evidence_path(self) -> str:
        return self.evidence_file.text().strip()

    def withdrawal_time(self, now: datetime) -> datetime:
        """When the user says the consent was withdrawn; ``now`` unless they chose a time.

        The field shows the time the window last reset it, which can be long before
        a consent recorded since: taken as it is, such a withdrawal would lie before
        that grant and close nothing.
        """
        return to_utc(self.withdrawn_at.dateTime()) if self._withdrawal_chosen else now

    def _withdrawal_time_chosen(self) -> None:
        self._withdrawal_chosen = True

    def reset_form(self) -> None:
        self.evidence.clear()
        self.evidence_file.clear()
        self.granted.setDateTime(QDateTime.currentDateTime())
        self.reset_withdrawal()

    def reset_withdrawal(self) -> None:
        with QSignalBlocker(self.withdrawn_at):
            self.withdrawn_at.setDateTime(QDateTime.currentDateTime())
        self._withdrawal_chosen = False
