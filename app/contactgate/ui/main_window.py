"""The main window: widgets and actions only; controllers give them behaviour.

Layout: filters with live counts on the left, search and the contacts table
in the middle, details and consents on the right, progress and cancel in the
status bar. No colour is hard-coded: everything comes from the palette, so a
dark theme stays readable.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QMenu,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from contactgate.ui.icons import icon
from contactgate.ui.panels import ConsentPanel, DetailPanel
from contactgate.ui.texts import FILTERS, filter_label


def dropped_paths(event: QDropEvent | QDragEnterEvent) -> list[Path]:
    """Local files among the dropped URLs (the content decides later whether they are contacts)."""
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


class MainWindow(QMainWindow):
    files_dropped = Signal(list)  # list[Path]
    closing = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowIcon(icon("app"))
        self.setAcceptDrops(True)
        self._make_actions()
        self._make_widgets()
        self._make_menus()
        self._make_toolbar()
        self._make_status()
        self._set_tab_order()
        self.retranslate()
        self.resize(1200, 760)

    # --- building ------------------------------------------------------------------

    def _action(self, name: str, shortcut: QKeySequence | str | None = None) -> QAction:
        action = QAction(icon(name) if name else icon("app"), "", self)
        action.setObjectName(f"action_{name}")
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        return action

    def _make_actions(self) -> None:
        std = QKeySequence.StandardKey
        self.import_action = self._action("import", QKeySequence(std.Open))
        self.sample_action = QAction(self)
        self.sample_action.setObjectName("action_sample")
        self.export_action = self._action("export", "Ctrl+E")
        self.settings_action = self._action("settings", "Ctrl+,")
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))  # StandardKey.Quit can be empty
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.find_action = self._action("search", QKeySequence(std.Find))
        self.business_action = self._action("business", "Ctrl+B")
        self.private_action = self._action("private", "Ctrl+P")
        self.consent_action = self._action("consent", "Ctrl+K")
        self.withdraw_action = self._action("withdraw", "Ctrl+Shift+K")
        self.consent_import_action = QAction(self)
        self.consent_import_action.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.details_action = QAction(self)
        self.details_action.setShortcut(QKeySequence("Ctrl+D"))
        self.about_action = QAction(icon("app"), "", self)
        self.about_action.setShortcut(QKeySequence("F1"))
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.cancel_action = QAction(self)
        self.cancel_action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.cancel_action.setEnabled(False)
        self.filter_actions: list[QAction] = []
        for number, key in enumerate(FILTERS, start=1):
            action = QAction(icon(key), "", self)
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
            action.setData(key)
            self.filter_actions.append(action)
        self.undo_action: QAction | None = None
        self.redo_action: QAction | None = None
        self.addAction(self.cancel_action)

    def _make_widgets(self) -> None:
        self.buckets = QListView(self)
        self.buckets.setObjectName("buckets")
        self.buckets.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.buckets.setMinimumWidth(160)
        self.search = QLineEdit(self)
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setAcceptDrops(False)  # a dropped file is imported, not typed
        self.search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.table = QTableView(self)
        self.table.setObjectName("contacts")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setSortingEnabled(True)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move inside it
        vertical = self.table.verticalHeader()
        vertical.hide()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # never measures 100k rows
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 8)
        horizontal = self.table.horizontalHeader()
        horizontal.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        horizontal.setStretchLastSection(True)
        horizontal.setDefaultSectionSize(150)
        horizontal.setMinimumSectionSize(40)
        self.banner = QFrame(self)
        self.banner.setObjectName("banner")
        self.banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.banner.setAutoFillBackground(True)
        self.banner.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.banner_text = QLabel(self.banner)
        self.banner_text.setTextFormat(Qt.TextFormat.PlainText)
        self.banner_text.setWordWrap(True)
        self.banner_button = QPushButton(icon("import"), "", self.banner)
        banner_row = QHBoxLayout(self.banner)
        banner_row.addWidget(self.banner_text, 1)
        banner_row.addWidget(self.banner_button)
        self.detail = DetailPanel(self)
        self.consents = ConsentPanel(self)
        self.side = QTabWidget(self)
        self.side.setObjectName("side")
        self.side.addTab(self.detail, "")
        self.side.addTab(self.consents, "")
        middle = QWidget(self)
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.addWidget(self.banner)
        middle_layout.addWidget(self.search)
        middle_layout.addWidget(self.table, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("splitter")
        self.splitter.addWidget(self.buckets)
        self.splitter.addWidget(middle)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 2)
        self.splitter.setSizes([220, 620, 420])
        self.setCentralWidget(self.splitter)

    def _make_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = QMenu(bar)
        self.file_menu.addActions([self.import_action, self.sample_action, self.export_action])
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.settings_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.edit_menu = QMenu(bar)
        self.edit_separator = self.edit_menu.addSeparator()
        self.edit_menu.addActions([self.find_action, self.business_action, self.private_action])
        self.view_menu = QMenu(bar)
        self.view_menu.addActions(self.filter_actions)
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.details_action)
        self.consent_menu = QMenu(bar)
        self.consent_menu.addActions([self.consent_action, self.withdraw_action,
                                      self.consent_import_action])
        self.help_menu = QMenu(bar)
        self.help_menu.addAction(self.about_action)
        for menu in (self.file_menu, self.edit_menu, self.view_menu, self.consent_menu,
                     self.help_menu):
            bar.addMenu(menu)

    def _make_toolbar(self) -> None:
        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toolbar.addActions([self.import_action, self.export_action])
        self.toolbar.addSeparator()
        self.toolbar.addActions([self.business_action, self.private_action])
        self.toolbar_undo_anchor = self.toolbar.addSeparator()
        self.toolbar.addAction(self.consent_action)
        self.addToolBar(self.toolbar)

    def _make_status(self) -> None:
        self.status_text = QLabel(self)
        self.status_text.setTextFormat(Qt.TextFormat.PlainText)
        self.progress = QProgressBar(self)
        self.progress.setMaximumWidth(260)
        self.progress.setVisible(False)
        self.cancel_button = QPushButton(self)
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel_action.trigger)
        status = self.statusBar()
        status.addWidget(self.status_text, 1)
        status.addPermanentWidget(self.progress)
        status.addPermanentWidget(self.cancel_button)

    def _set_tab_order(self) -> None:
        c = self.consents
        chain: list[QWidget] = [
            self.search, self.buckets, self.table, self.side, self.detail.browser,
            c.grants, c.withdrawn_at, c.withdraw_button, c.number, c.granted, c.method,
            c.evidence, c.evidence_file, c.browse_button, c.add_button, c.import_button,
            self.banner_button,
        ]  # fmt: skip
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def install_undo_actions(self, undo: QAction, redo: QAction) -> None:
        """The undo stack's own actions, with icons and shortcuts, in menu and toolbar
        (in place of the ones before, worded in the language before)."""
        for old in (self.undo_action, self.redo_action):
            if old is not None:
                self.edit_menu.removeAction(old)
                self.toolbar.removeAction(old)
                old.deleteLater()
        undo.setIcon(icon("undo"))
        redo.setIcon(icon("redo"))
        undo.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
        redo.setShortcuts([QKeySequence(QKeySequence.StandardKey.Redo),
                           QKeySequence("Ctrl+Shift+Z")])
        self.edit_menu.insertActions(self.edit_separator, [undo, redo])
        self.toolbar.insertAction(self.toolbar_undo_anchor, undo)
        self.undo_action, self.redo_action = undo, redo

    # --- texts ---------------------------------------------------------------------

    def retranslate(self) -> None:
        self.import_action.setText(self.tr("&Import address book…"))
        self.import_action.setToolTip(self.tr("Import vCard or CSV exports from the phone "
                                              "(you can also drop files on the window)"))
        self.sample_action.setText(self.tr("Open the &sample book"))
        self.export_action.setText(self.tr("&Export…"))
        self.export_action.setToolTip(self.tr("Write whatsapp-business.vcf and the other files"))
        self.settings_action.setText(self.tr("&Settings…"))
        self.quit_action.setText(self.tr("&Quit"))
        self.find_action.setText(self.tr("&Find"))
        self.business_action.setText(self.tr("Mark &business"))
        self.business_action.setToolTip(self.tr("Mark the selected contacts as business"))
        self.private_action.setText(self.tr("Mark &private"))
        self.private_action.setToolTip(self.tr("Mark the selected contacts as private"))
        self.consent_action.setText(self.tr("Record &consent…"))
        self.consent_action.setToolTip(self.tr("Record a consent for the selected contact"))
        self.withdraw_action.setText(self.tr("&Withdraw consent"))
        self.consent_import_action.setText(self.tr("Import consent &register (CSV)…"))
        self.details_action.setText(self.tr("Show &details"))
        self.about_action.setText(self.tr("&About ContactGate"))
        self.cancel_action.setText(self.tr("Cancel"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.file_menu.setTitle(self.tr("&File"))
        self.edit_menu.setTitle(self.tr("&Edit"))
        self.view_menu.setTitle(self.tr("&View"))
        self.consent_menu.setTitle(self.tr("&Consent"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.toolbar.setWindowTitle(self.tr("Main toolbar"))
        self.search.setPlaceholderText(self.tr("Search name, organisation, number or e-mail "
                                               "(Ctrl+F)"))
        self.search.setAccessibleName(self.tr("Search"))
        self.buckets.setAccessibleName(self.tr("Buckets"))
        self.table.setAccessibleName(self.tr("Contacts"))
        self.side.setTabText(0, self.tr("Details"))
        self.side.setTabText(1, self.tr("Consents"))
        self.banner_button.setText(self.tr("Import address book…"))
        for action in self.filter_actions:
            action.setText(self.tr("Show: %1").replace("%1", filter_label(str(action.data()))))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- what controllers set ------------------------------------------------------

    def set_banner(self, text: str, button: bool) -> None:
        self.banner_text.setText(text)
        self.banner_button.setVisible(button)
        self.banner.setVisible(bool(text))

    def set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        self.cancel_action.setEnabled(busy)
        if busy:
            self.progress.setRange(0, 0)

    def show_progress(self, done: int, total: int, text: str) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
        else:
            self.progress.setRange(0, 0)  # unknown total: a moving bar
        self.status_text.setText(text)

    def show_status(self, text: str) -> None:
        self.status_text.setText(text)

    # --- events --------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_paths(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = dropped_paths(event)
        if paths:
            event.acceptProposedAction()
            self.files_dropped.emit(paths)
        else:
            event.ignore()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closing.emit()
        super().closeEvent(event)
