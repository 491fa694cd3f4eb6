"""Kasus: the case list (filters: stage, overdue, assigned to me; overdue rows highlighted) beside
the detail of the selected case."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QSplitter, QTableView, QVBoxLayout, QWidget)

from antasena_desktop.i18n import T
from ui.models.table import Column, RowFilterProxy, RowTableModel
from ui.wbs import core
from ui.wbs.base import WbsView
from ui.wbs.case_detail import CaseDetail
from ui.wbs.labels import day_text

OVERDUE_COLOR = "#f8d7da"


def _columns() -> list[Column]:
    overdue = lambda r: OVERDUE_COLOR if r.overdue else None  # noqa: E731
    return [
        Column(T("Nomor", "Reference"), lambda r: r.reference, color=overdue),
        Column(T("Kategori", "Category"), lambda r: core.category_label(r), color=overdue),
        Column(T("Tahap", "Stage"), lambda r: core.stage_label(r.stage), color=overdue),
        Column(T("Diterima", "Received"), lambda r: day_text(r.received_at), sort=lambda r: r.received_at,
               color=overdue),
        Column(T("Jatuh tempo", "Due"), lambda r: day_text(core.row_due(r)), sort=lambda r: core.row_due(r),
               color=overdue),
        Column(T("Wilayah", "Region"), lambda r: core.wilayah_short(r.wilayah), color=overdue),
        Column(T("Penangan", "Handlers"), lambda r: ", ".join(core.row_handlers(r)), color=overdue),
        Column(T("Pesan", "Messages"), lambda r: r.message_count, color=overdue, align_right=True),
        Column(T("Lampiran", "Files"), lambda r: r.attachment_count, color=overdue, align_right=True),
        Column(T("Status", "State"), lambda r: str(T("LEWAT JATUH TEMPO", "OVERDUE")) if r.overdue else "",
               color=overdue),
    ]


class CasesView(WbsView):
    title = T("Kasus", "Cases")
    permission = "list_cases"
    watches = core.CASE_ENTITIES
    open_case_requested = Signal(str)

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.pending_select: str | None = None
        self.stage = QComboBox()
        self.stage.setObjectName("cases_stage")
        self.overdue = QCheckBox()
        self.overdue.setObjectName("cases_overdue")
        self.mine = QCheckBox()
        self.mine.setObjectName("cases_mine")
        self.search = QLineEdit()
        self.search.setObjectName("cases_search")
        self.stage_label, self.count_label = QLabel(), QLabel()
        self.model = RowTableModel(_columns())
        self.proxy = RowFilterProxy([0, 1, 2, 5, 6])
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("cases_table")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)        # newest report first
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.detail = CaseDetail(ctx, self)
        self.detail.setObjectName("case_detail")
        self.stage.setMinimumWidth(200)
        filters = QHBoxLayout()
        filters.addWidget(self.stage_label)
        filters.addWidget(self.stage, 1)
        filters.addWidget(self.overdue)
        filters.addWidget(self.mine)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.count_label)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([620, 900])
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.splitter, 1)
        self.stages_filled = False
        self.stage.currentIndexChanged.connect(lambda _i: self.refresh() if self.stages_filled else None)
        self.overdue.toggled.connect(lambda _c: self.refresh())
        self.mine.toggled.connect(lambda _c: self.refresh())
        self.search.textChanged.connect(self._search)
        self.retranslate()

    # ---- data (filters are the service's: stage, overdue, assigned to me)
    def refresh(self) -> None:
        # the filters are read here, on the UI thread; the read itself runs on a worker
        actor, stage, overdue, mine = self.ctx.actor, self.stage.currentData(), self.overdue.isChecked(), \
            self.mine.isChecked()
        self.load(lambda session: (core.list_cases(session, actor, stage=stage, overdue=overdue, assigned_to_me=mine),
                                   core.stage_choices(session)))

    def show_data(self, data) -> None:
        rows, stages = data
        if not self.stages_filled:
            self.stage.blockSignals(True)
            self.stage.addItem(str(T("Semua tahap", "All stages")), None)
            for code, label in stages:
                self.stage.addItem(str(label), code)
            self.stage.blockSignals(False)
            self.stages_filled = True
        current = self.detail.case_id
        self.model.set_rows(rows)
        self._update_count()
        target = self.pending_select or current
        self.pending_select = None
        if target:
            self._select_row(target)

    def _search(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_count()

    def _update_count(self) -> None:
        overdue = sum(1 for r in self.model.rows if r.overdue)
        self.count_label.setText(str(T("{n} kasus ditampilkan, {o} lewat jatuh tempo",
                                       "{n} cases shown, {o} overdue", n=self.model.rowCount(), o=overdue)))

    def _selected(self, *_args) -> None:
        indexes = self.table.selectionModel().selectedRows()
        if indexes:
            row = self.model.row_at(self.proxy.mapToSource(indexes[0]))
            if row.id != self.detail.case_id:
                self.detail.open(row.id)

    def _select_row(self, case_id: str) -> bool:
        for position, row in enumerate(self.model.rows):
            if row.id == case_id:
                index = self.proxy.mapFromSource(self.model.index(position, 0))
                self.table.selectRow(index.row())
                return True
        return False

    def select_case(self, case_id: str) -> None:
        """Select (and open) a case, e.g. from the due list; clears filters that would hide it."""
        if not self._select_row(case_id):
            self.pending_select = case_id
            self.search.clear()
            if self.stage.currentIndex() != 0 or self.overdue.isChecked() or self.mine.isChecked():
                self.stage.setCurrentIndex(0)
                self.overdue.setChecked(False)
                self.mine.setChecked(False)
            self.refresh()

    def retranslate(self) -> None:
        self.stage_label.setText(str(T("Tahap:", "Stage:")))
        self.overdue.setText(str(T("Lewat jatuh tempo", "Overdue")))
        self.mine.setText(str(T("Ditugaskan kepada saya", "Assigned to me")))
        self.search.setPlaceholderText(str(T("Cari nomor, kategori, tahap…", "Search reference, category, stage…")))
        if self.stages_filled and self.stage.count():
            self.stage.setItemText(0, str(T("Semua tahap", "All stages")))
        self.model.columns = _columns()
        self.model.retranslate()
        self._update_count()
        self.detail.retranslate()
