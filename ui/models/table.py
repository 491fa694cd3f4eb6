"""A read-only item model over a list of rows, with bilingual column titles and a fast filter proxy."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor

from antasena_desktop.i18n import Text

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2


@dataclass
class Column:
    title: Text
    value: Callable[[Any], Any]                       # display value
    sort: Callable[[Any], Any] | None = None          # sort key (defaults to value)
    color: Callable[[Any], str | None] | None = None  # background colour
    align_right: bool = False


class RowTableModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[Column], parent=None):
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[Any] = []
        self._cache: list[list[str]] = []

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self._cache = [[self._text(c, r) for c in self.columns] for r in self.rows]
        self.endResetModel()

    @staticmethod
    def _text(column: Column, row: Any) -> str:
        value = column.value(row)
        return "" if value is None else str(value)

    def retranslate(self) -> None:
        self._cache = [[self._text(c, r) for c in self.columns] for r in self.rows]
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(self.columns) - 1))

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cache[index.row()][index.column()]
        if role == SORT_ROLE:
            return (column.sort or column.value)(row)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.BackgroundRole and column.color:
            color = column.color(row)
            return QBrush(QColor(color)) if color else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return str(self.columns[section].title)
        return None

    def row_at(self, index: QModelIndex) -> Any:
        return self.rows[index.row()]

    def search_text(self, row_number: int, columns: Sequence[int]) -> str:
        cached = self._cache[row_number]
        return " ".join(cached[c] for c in columns).lower()


class RowFilterProxy(QSortFilterProxyModel):
    """Case-insensitive "contains" search over chosen columns plus an optional row predicate."""

    def __init__(self, search_columns: Sequence[int], parent=None):
        super().__init__(parent)
        self.search_columns = list(search_columns)
        self.needle = ""
        self.predicate: Callable[[Any], bool] | None = None
        self.setSortRole(SORT_ROLE)
        self._haystack: list[str] = []

    def setSourceModel(self, model) -> None:  # noqa: N802 (Qt naming)
        super().setSourceModel(model)
        model.modelReset.connect(self._index_rows)
        self._index_rows()

    def _index_rows(self) -> None:
        model: RowTableModel = self.sourceModel()
        self._haystack = [model.search_text(i, self.search_columns) for i in range(model.rowCount())]

    def set_search(self, text: str) -> None:
        self.needle = text.strip().lower()
        self.invalidateRowsFilter()

    def set_predicate(self, predicate: Callable[[Any], bool] | None) -> None:
        self.predicate = predicate
        self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex) -> bool:  # noqa: N802
        if self.needle and self.needle not in self._haystack[source_row]:
            return False
        if self.predicate is not None:
            return self.predicate(self.sourceModel().rows[source_row])
        return True
