"""Review: the table, its filters and search, the detail panel, and marking with undo."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QUndoCommand, QUndoStack

from contactgate.core.model import BUSINESS, PRIVATE, Bucket, Verdict
from contactgate.ui.context import UiContext
from contactgate.ui.controllers.jobs import JobRunner
from contactgate.ui.detail import contact_html, quarantine_html, stored_html
from contactgate.ui.errors import describe
from contactgate.ui.icons import icon
from contactgate.ui.main_window import MainWindow
from contactgate.ui.models import (
    COL_BUCKET,
    COL_NAME,
    COL_NUMBERS,
    COL_ORG,
    COL_SCORE,
    BucketModel,
    ContactTableModel,
)
from contactgate.ui.rows import Row, RowKind
from contactgate.ui.session import Session
from contactgate.ui.texts import ALL, FILTERS, bucket_label, fill

COLUMN_WIDTHS = {COL_NAME: 150, COL_ORG: 130, COL_NUMBERS: 125, COL_BUCKET: 90, COL_SCORE: 50}


class MarkCommand(QUndoCommand):
    """Mark contacts business or private; undo puts their earlier verdicts back."""

    def __init__(self, session: Session, keys: Sequence[int], bucket: Bucket, text: str,
                 report: Callable[[Exception], None]) -> None:
        super().__init__(text)
        self.session = session
        self.keys = list(keys)
        self.bucket = bucket
        self.before: dict[int, Verdict] = {}
        self.report = report  # Qt would swallow an exception raised in redo()/undo()

    def redo(self) -> None:
        try:
            self.before = self.session.mark(self.keys, self.bucket)
        except Exception as exc:
            self.report(exc)

    def undo(self) -> None:
        try:
            self.session.restore(self.before)
        except Exception as exc:
            self.report(exc)


class ReviewController(QObject):
    current_changed = Signal(str, int)  # row kind and key of the current row; ("", -1) for none

    def __init__(self, ctx: UiContext, session: Session, window: MainWindow,
                 jobs: JobRunner) -> None:
        super().__init__(window)
        self.ctx, self.session, self.window, self.jobs = ctx, session, window, jobs
        self.model = ContactTableModel(self)
        self.buckets = BucketModel(icon, self)
        window.table.setModel(self.model)
        header = window.table.horizontalHeader()
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the phone's order until asked
        for column, width in COLUMN_WIDTHS.items():
            header.resizeSection(column, width)
        window.buckets.setModel(self.buckets)
        window.buckets.setCurrentIndex(self.buckets.index(FILTERS.index(ALL)))
        self.undo_stack = QUndoStack(self)
        self._install_undo_actions()
        session.rows_reset.connect(self._rows_reset)
        session.rows_changed.connect(self._rows_changed)
        session.source_changed.connect(self.undo_stack.clear)
        window.search.textChanged.connect(self.apply_filter)
        window.buckets.selectionModel().currentChanged.connect(self.apply_filter)
        window.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.modelReset.connect(self._selection_changed)
        window.business_action.triggered.connect(self.mark_business)
        window.private_action.triggered.connect(self.mark_private)
        window.find_action.triggered.connect(self.focus_search)
        window.details_action.triggered.connect(self.show_details)
        for action in window.filter_actions:
            key = str(action.data())
            action.triggered.connect(lambda _checked=False, key=key: self._jump_to_filter(key))

    # --- filtering ---------------------------------------------------------------------

    def current_filter(self) -> str:
        index = self.window.buckets.currentIndex()
        return FILTERS[index.row()] if index.isValid() else ALL

    def show_filter(self, key: str) -> None:
        self.window.buckets.setCurrentIndex(self.buckets.index(FILTERS.index(key)))

    @Slot()
    def apply_filter(self) -> None:
        key = self.current_filter()
        self.model.set_filter(self.window.search.text(), None if key == ALL else frozenset({key}))
        self._show_count()

    def _jump_to_filter(self, key: str) -> None:
        self.show_filter(key)
        self.window.table.setFocus()

    def focus_search(self) -> None:
        self.window.search.setFocus()
        self.window.search.selectAll()

    def show_details(self) -> None:
        self.window.side.setCurrentWidget(self.window.detail)

    def _show_count(self) -> None:
        shown, total = self.model.rowCount(), len(self.model.rows())
        if total:
            self.window.show_status(fill(self.tr("Showing %1 of %2"), shown, total))

    # --- rows --------------------------------------------------------------------------

    @Slot()
    def _rows_reset(self) -> None:
        current = self.current_row()
        self.model.set_rows(self.session.rows)
        self.buckets.set_counts(self.session.counts)
        self._show_count()
        if current is not None:  # the same person stays selected, if still there
            self.select_row(current.kind, current.key)

    @Slot(object)
    def _rows_changed(self, changes: object) -> None:
        """Keep the current contact selected; if it left the filter, select the one after it."""
        current = self.current_row()
        index = self.window.table.currentIndex()
        position = index.row() if index.isValid() else 0
        if isinstance(changes, dict):
            self.model.replace_rows(changes)
        self.buckets.set_counts(self.session.counts)
        self._show_count()  # a contact marked away from the filter leaves it
        if current is None or not self.select_row(current.kind, current.key):
            self.select_position(position)

    def retranslate(self) -> None:
        self.model.retranslate()
        self.buckets.retranslate()
        self._install_undo_actions()  # Qt words "Undo %1" when it makes the actions

    def _install_undo_actions(self) -> None:
        self.window.install_undo_actions(self.undo_stack.createUndoAction(self),
                                         self.undo_stack.createRedoAction(self))

    # --- selection ---------------------------------------------------------------------

    def selected_rows(self) -> list[Row]:
        selection = self.window.table.selectionModel().selectedRows()
        positions = sorted(index.row() for index in selection)
        return [self.model.row_at(position) for position in positions]

    def current_row(self) -> Row | None:
        index = self.window.table.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.row_at(index.row())

    def select_position(self, position: int) -> None:
        count = self.model.rowCount()
        if count == 0:
            return
        position = max(0, min(position, count - 1))
        index = self.model.index(position, 0)
        flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect
                 | QItemSelectionModel.SelectionFlag.Rows)
        self.window.table.selectionModel().setCurrentIndex(index, flags)
        self.window.table.scrollTo(index)

    def select_row(self, kind: RowKind, key: int) -> bool:
        index = self.session.row_index(kind, key)
        position = self.model.position_of(index) if index is not None else None
        if position is None:
            return False
        self.select_position(position)
        return True

    @Slot()
    def _selection_changed(self, *_args: QItemSelection | QModelIndex) -> None:
        row = self.current_row()
        selected = self.window.table.selectionModel().selectedRows()
        if row is None or not selected:
            self.window.detail.show_nothing()
            self.current_changed.emit("", -1)
            return
        self.window.detail.show_html(self._detail_html(row))
        self.current_changed.emit(row.kind, row.key)

    def _detail_html(self, row: Row) -> str:
        session = self.session
        if row.kind == "contact":
            return contact_html(session.contact(row.key), session.decisions[row.key],
                                session.consent_book, session.at, self.ctx.language)
        if row.kind == "stored":
            return stored_html(session.stored_contact(row.key), session.consent_book, session.at,
                               self.ctx.language, session.zone)
        return quarantine_html(session.quarantined(row.key))

    # --- marking -----------------------------------------------------------------------

    @Slot()
    def mark_business(self) -> None:
        self.mark(BUSINESS)

    @Slot()
    def mark_private(self) -> None:
        self.mark(PRIVATE)

    def mark(self, bucket: Bucket) -> bool:
        """Mark the selected contacts; the decision is remembered and can be undone."""
        if self.jobs.busy:
            self.window.show_status(self.tr("Wait until the running job has finished."))
            return False
        chosen = self.selected_rows() or [r for r in (self.current_row(),) if r is not None]
        rows = [row for row in chosen if row.kind == "contact"]
        if not rows:
            self.window.show_status(self._why_nothing_to_mark())
            return False
        text = self.tr("Mark %n contact(s) as %1", "", len(rows))
        text = text.replace("%1", bucket_label(bucket))
        keys = [row.key for row in rows]
        self.undo_stack.push(MarkCommand(self.session, keys, bucket, text, self._report))
        return True

    def _report(self, exc: Exception) -> None:
        self.ctx.prompts.error(self.window, self.tr("Could not remember the decision"),
                               describe(exc))

    def _why_nothing_to_mark(self) -> str:
        if self.session.book is None:
            return self.tr("Import the phone's address book to mark contacts.")
        return self.tr("Select one or more contacts to mark (unreadable cards cannot be marked).")
