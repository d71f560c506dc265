"""Item models over precomputed Python lists.

Filtering and sorting work on plain lists (a case-folded search text and sort
keys per row) and end in one model reset. A ``QSortFilterProxyModel`` would
call ``data()`` in Python for every row: ~0.4 s per keystroke at 100k rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont, QIcon

from contactgate.ui.rows import Row, normalise_needle
from contactgate.ui.texts import FILTERS, GROUPS, filter_help, filter_label

Index = QModelIndex | QPersistentModelIndex

COL_NAME, COL_ORG, COL_NUMBERS, COL_BUCKET, COL_SCORE, COL_CONSENT = range(6)
COLUMN_COUNT = 6

DISPLAY = int(Qt.ItemDataRole.DisplayRole)
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
FONT = int(Qt.ItemDataRole.FontRole)
DECORATION = int(Qt.ItemDataRole.DecorationRole)
KEY_ROLE = int(Qt.ItemDataRole.UserRole) + 1  # Row.key (int)
KIND_ROLE = int(Qt.ItemDataRole.UserRole) + 2  # Row.kind ("contact", "stored", "quarantined")
GROUP_ROLE = int(Qt.ItemDataRole.UserRole) + 3  # Row.group, or a filter key in BucketModel
SORT_ROLE = int(Qt.ItemDataRole.UserRole) + 4  # the value a column sorts by

_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_GROUP_ORDER = {group: index for index, group in enumerate(GROUPS)}


def _sort_key(row: Row, column: int) -> str | int:
    if column == COL_NAME:
        return row.name.casefold()
    if column == COL_ORG:
        return row.org.casefold()
    if column == COL_NUMBERS:
        return row.numbers
    if column == COL_BUCKET:
        return _GROUP_ORDER[row.group]
    if column == COL_SCORE:
        return -(10**9) if row.score is None else row.score
    return row.consent.casefold()


class ContactTableModel(QAbstractTableModel):
    """All rows, the visible subset in sort order, and the text and groups that filter it."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []
        self._order: list[int] = []  # every row index, in the current sort order
        self._visible: list[int] = []
        self._position: dict[int, int] | None = None  # row index -> visible position, lazily
        self._needle = ""
        self._groups: frozenset[str] | None = None  # None: every group
        self._sort_column = -1
        self._descending = False
        self._italic = QFont()
        self._italic.setItalic(True)
        self._headers: list[str] = []
        self.retranslate()

    # --- Qt's interface ---------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def data(self, index: Index, role: int = DISPLAY) -> object:
        if not index.isValid():
            return None
        row = self._rows[self._visible[index.row()]]
        column = index.column()
        if role == DISPLAY:
            return self._display(row, column)
        if role == TOOLTIP:
            return self._display(row, column) or None
        if role == ALIGN:
            return _RIGHT if column == COL_SCORE else None
        if role == FONT:
            return self._italic if row.overridden and column == COL_BUCKET else None
        if role == KEY_ROLE:
            return row.key
        if role == KIND_ROLE:
            return row.kind
        if role == GROUP_ROLE:
            return row.group
        if role == SORT_ROLE:
            return _sort_key(row, column)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> object:
        if orientation == Qt.Orientation.Horizontal and role == DISPLAY and (
                0 <= section < COLUMN_COUNT):
            return self._headers[section]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort_column = column
        self._descending = order == Qt.SortOrder.DescendingOrder
        self._apply_sort()
        self._refilter(self._order)

    # --- what controllers use ------------------------------------------------------

    def retranslate(self) -> None:
        self._headers = [
            self.tr("Name"), self.tr("Organisation"), self.tr("Numbers"),
            self.tr("Bucket"), self.tr("Score"), self.tr("Consent"),
        ]  # fmt: skip
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, COLUMN_COUNT - 1)

    def set_rows(self, rows: list[Row]) -> None:
        self._rows = rows
        self._apply_sort()
        self._refilter(self._order)

    def rows(self) -> Sequence[Row]:
        return self._rows

    def replace_rows(self, changes: dict[int, Row]) -> None:
        """New content for some row indices; rows that leave the filter disappear."""
        column = self._sort_column
        resort = False
        for index, row in changes.items():
            resort = resort or (column >= 0 and
                                _sort_key(row, column) != _sort_key(self._rows[index], column))
            self._rows[index] = row
        if resort:
            self._apply_sort()
        self._refilter(self._order)

    def set_filter(self, text: str, groups: frozenset[str] | None) -> None:
        needle = normalise_needle(text)
        narrower = needle.startswith(self._needle) and groups == self._groups and self._needle
        self._needle, self._groups = needle, groups
        # Typing one more letter only narrows the result: search within what is shown.
        self._refilter(self._visible if narrower else self._order)

    def row_at(self, position: int) -> Row:
        return self._rows[self._visible[position]]

    def row_index_at(self, position: int) -> int:
        return self._visible[position]

    def position_of(self, row_index: int) -> int | None:
        if self._position is None:
            self._position = {index: pos for pos, index in enumerate(self._visible)}
        return self._position.get(row_index)

    # --- internals -------------------------------------------------------------------

    def _display(self, row: Row, column: int) -> str:
        if column == COL_NAME:
            return row.name
        if column == COL_ORG:
            return row.org
        if column == COL_NUMBERS:
            return row.numbers
        if column == COL_BUCKET:
            return row.bucket
        if column == COL_SCORE:
            return "" if row.score is None else str(row.score)
        return row.consent

    def _apply_sort(self) -> None:
        order = list(range(len(self._rows)))
        if self._sort_column >= 0:
            rows, column = self._rows, self._sort_column
            keys = [_sort_key(row, column) for row in rows]
            order.sort(key=lambda index: keys[index], reverse=self._descending)
        self._order = order

    def _refilter(self, candidates: list[int]) -> None:
        self.beginResetModel()
        self._visible = self._matching(candidates)
        self._position = None
        self.endResetModel()

    def _matching(self, candidates: list[int]) -> list[int]:
        rows, groups = self._rows, self._groups
        words = self._needle.split()
        if groups is not None:
            candidates = [i for i in candidates if rows[i].group in groups]
        if not words:
            return list(candidates)
        if len(words) == 1:
            word = words[0]
            return [i for i in candidates if word in rows[i].search]
        return [i for i in candidates if all(w in rows[i].search for w in words)]


class BucketModel(QAbstractListModel):
    """The filters with live counts: Ready for WhatsApp (12), …, All (200)."""

    def __init__(self, icon_for: Callable[[str], QIcon], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._counts: dict[str, int] = dict.fromkeys(FILTERS, 0)
        self._icon_for = icon_for

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(FILTERS)

    def data(self, index: Index, role: int = DISPLAY) -> object:
        if not index.isValid():
            return None
        key = FILTERS[index.row()]
        if role == DISPLAY:
            return f"{filter_label(key)} ({QLocale().toString(self._counts[key])})"
        if role == TOOLTIP:
            return filter_help(key)
        if role == DECORATION:
            return self._icon_for(key)
        if role == GROUP_ROLE:
            return key
        return None

    def set_counts(self, counts: dict[str, int]) -> None:
        self._counts = {key: counts.get(key, 0) for key in FILTERS}
        self.dataChanged.emit(self.index(0), self.index(len(FILTERS) - 1))

    def count(self, key: str) -> int:
        return self._counts[key]

    def retranslate(self) -> None:
        self.dataChanged.emit(self.index(0), self.index(len(FILTERS) - 1))


class TextTableModel(QAbstractTableModel):
    """A small read-only table of strings (consents of a contact, the export preview)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._headers: list[str] = []
        self._rows: list[tuple[str, ...]] = []
        self._keys: list[object] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: Index, role: int = DISPLAY) -> object:
        if not index.isValid():
            return None
        if role in (DISPLAY, TOOLTIP):
            return self._rows[index.row()][index.column()]
        if role == KEY_ROLE:
            return self._keys[index.row()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> object:
        if orientation == Qt.Orientation.Horizontal and role == DISPLAY and (
                0 <= section < len(self._headers)):
            return self._headers[section]
        return None

    def set_content(self, headers: Sequence[str], rows: Sequence[tuple[str, ...]],
                    keys: Sequence[object] | None = None) -> None:
        if any(len(row) != len(headers) for row in rows):
            raise ValueError("every row needs one cell per header")
        self.beginResetModel()
        self._headers, self._rows = list(headers), list(rows)
        self._keys = list(keys) if keys is not None else [None] * len(rows)
        self.endResetModel()

    def key_at(self, position: int) -> object:
        return self._keys[position]

    def cells(self) -> list[tuple[str, ...]]:
        return list(self._rows)
