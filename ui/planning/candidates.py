"""The personnel list of the board: who could serve the selected post's window, draggable onto posts."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from antasena_desktop.i18n import T
from ui.models.table import Column, RowFilterProxy, RowTableModel
from ui.planning.tree import HOLDER_MIME, decode, encode_people, function_label
from ui.map.view import PERSONNEL_MIME


def _hours(value: float) -> str:
    return f"{value:g}"


class CandidateModel(RowTableModel):
    """Rows are `board.Candidate`; selected rows drag as PERSONNEL_MIME."""

    def __init__(self, parent=None):
        super().__init__([
            Column(T("NRP", "NRP"), lambda c: c.nrp),
            Column(T("Nama", "Name"), lambda c: c.name),
            Column(T("Pangkat", "Rank"), lambda c: c.rank_code, sort=lambda c: -c.rank_seniority),
            Column(T("Satuan", "Unit"), lambda c: c.unit),
            Column(T("Fungsi", "Functions"), lambda c: ", ".join(function_label(f) for f in c.functions)),
            Column(T("Jam 7 h", "Hours 7 d"), lambda c: _hours(c.hours_7d), sort=lambda c: c.hours_7d, align_right=True),
            Column(T("Jam 30 h", "Hours 30 d"), lambda c: _hours(c.hours_30d), sort=lambda c: c.hours_30d,
                   align_right=True),
            Column(T("Bentrok", "Conflict"), lambda c: c.busy or "—", sort=lambda c: (c.busy != "", c.busy),
                   color=lambda c: "#ffe0b2" if c.busy else None),
        ], parent)

    def flags(self, index):
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled if index.isValid() else \
            base | Qt.ItemFlag.ItemIsDropEnabled

    def mimeTypes(self):  # noqa: N802
        return [PERSONNEL_MIME]

    def mimeData(self, indexes):  # noqa: N802
        rows = sorted({i.row() for i in indexes})
        return encode_people([self.rows[r] for r in rows])

    def supportedDragActions(self):  # noqa: N802
        return Qt.DropAction.CopyAction

    def supportedDropActions(self):  # noqa: N802
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction


class CandidateFilterProxy(RowFilterProxy):
    def __init__(self, parent=None):
        super().__init__([0, 1, 2, 3, 4], parent)
        self.unit = None
        self.function = None
        self.free_only = False

    def setSourceModel(self, model) -> None:  # noqa: N802
        super().setSourceModel(model)
        model.apply_filter(predicate=self._accepts)

    def _accepts(self, row) -> bool:
        if self.unit and row.unit != self.unit:
            return False
        if self.function and self.function not in row.functions:
            return False
        if self.free_only and row.busy:
            return False
        return True

    def set_filters(self, unit=None, function=None, free_only=False) -> None:
        self.unit, self.function, self.free_only = unit, function, free_only
        self.invalidateRowsFilter()


class CandidateTable(QTableView):
    """Drag source of personnel; a drop of holders here means "remove from the post"."""

    holdersRemoved = Signal(list)
    placeRequested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("planning_candidates")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.setSortingEnabled(True)
        self.setAlternatingRowColors(True)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(22)

    def selected_rows(self):
        model = self.model()
        return [model.sourceModel().row_at(model.mapToSource(i)) for i in self.selectionModel().selectedRows(0)]

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasFormat(HOLDER_MIME):
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:  # noqa: N802
        self.dragEnterEvent(event)

    def dropEvent(self, event) -> None:  # noqa: N802
        ids = decode(event.mimeData(), HOLDER_MIME)
        if not ids:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        self.holdersRemoved.emit(ids)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.placeRequested.emit()
            return
        super().keyPressEvent(event)
