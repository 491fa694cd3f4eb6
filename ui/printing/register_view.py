"""The numbering register (agenda Sprin) as a read-only table, with a year filter and a completeness check."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableView,
                               QVBoxLayout, QWidget)

from antasena_desktop.documents import numbering, workflow
from antasena_desktop.i18n import T
from antasena_desktop.timefmt import format_datetime
from ui.ops import ReadOp

COLUMNS = [T("No. Urut", "Seq."), T("Nomor", "Number"), T("Status", "Status"), T("Alasan", "Reason"),
           T("Kegiatan", "Event"), T("Status Sprin", "Order status"), T("Perubahan atas", "Amends"),
           T("Dialokasikan", "Allocated"), T("Oleh", "By")]

NUMBER_STATUS = {numbering.STATUS_USED: T("Dipakai", "Used"), numbering.STATUS_CANCELLED: T("Dibatalkan", "Cancelled")}


def _label(labels: dict, code: str) -> str:
    """A status code in the operator's language (an unknown code as it is)."""
    return labels[code].render() if code in labels else code


class NumberRegisterView(QWidget):
    """Lists `numbering.list_register` (read through ReadOps of `ctx`); call `refresh()` after a Sprin is
    issued or cancelled. `loaded` turns true when the table shows the current year."""

    def __init__(self, ctx, kind: str = "sprin", parent: QWidget | None = None,
                 on_open: Callable[[str], None] | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.loaded = False
        self._kind = kind
        self._on_open = on_open
        self.entries: list[numbering.RegisterEntry] = []
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.year_label = QLabel()
        top.addWidget(self.year_label)
        self.year = QComboBox()
        top.addWidget(self.year)
        top.addStretch(1)
        self.check_label = QLabel()
        top.addWidget(self.check_label)
        self.refresh_button = QPushButton()
        top.addWidget(self.refresh_button)
        layout.addLayout(top)
        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self._year_shown = None
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        layout.addWidget(self.table)
        self.refresh_button.clicked.connect(self.refresh)
        self.year.currentIndexChanged.connect(lambda _i: self._load())
        self.table.doubleClicked.connect(self._open)
        ctx.languageChanged.connect(self._language_changed)     # a method: Qt drops it with the widget
        self.retranslate()
        self.refresh()

    def _language_changed(self, _code: str) -> None:
        self.retranslate()
        if self.loaded:
            self._load()                       # the completeness check and dates in the new language

    def retranslate(self) -> None:
        self.year_label.setText(T("Tahun:", "Year:").render())
        self.refresh_button.setText(T("Muat ulang", "Reload").render())
        self.model.setHorizontalHeaderLabels([c.render() for c in COLUMNS])

    def refresh(self) -> None:
        self.loaded = False
        kind = self._kind
        ReadOp(self, lambda session: numbering.register_years(session, kind)).success(self._show_years).run()

    def _show_years(self, years) -> None:
        current = self.year.currentData()
        self.year.blockSignals(True)
        self.year.clear()
        for year in years:
            self.year.addItem(str(year), year)
        if current in years:
            self.year.setCurrentIndex(years.index(current))
        self.year.blockSignals(False)
        self._load()

    def _load(self) -> None:
        year, kind = self.year.currentData(), self._kind

        def job(session):
            if not year:
                return [], []
            return numbering.list_register(session, kind, year), numbering.check_register(session, kind, year)
        ReadOp(self, job).success(lambda data: self._show(year, *data)).run()

    def _show(self, year, entries, problems) -> None:
        self.entries = entries
        self.loaded = True
        self.model.removeRows(0, self.model.rowCount())
        for entry in self.entries:
            values = [str(entry.seq), entry.number, _label(NUMBER_STATUS, entry.status), entry.reason,
                      f"{entry.event_number} {entry.event_title}".strip(),
                      _label(workflow.STATUS_LABELS, entry.sprin_status), entry.parent_number,
                      format_datetime(entry.allocated_at), entry.allocated_by]
            items = [QStandardItem(v) for v in values]
            items[0].setData(entry.seq, Qt.ItemDataRole.UserRole)
            items[1].setData(entry.sprin_id, Qt.ItemDataRole.UserRole)
            if entry.status == numbering.STATUS_CANCELLED:
                for item in items:
                    item.setForeground(QColor("#b71c1c"))
            self.model.appendRow(items)
        if problems:
            self.check_label.setText("⚠ " + "; ".join(problems))
            self.check_label.setStyleSheet("color: #b71c1c;")
        else:
            self.check_label.setText(T("Register lengkap: tidak ada nomor hilang.",
                                       "Register complete: no missing number.").render() if year else "")
            self.check_label.setStyleSheet("color: #2e7d32;")

    def _open(self, index) -> None:
        if self._on_open is None:
            return
        sprin_id = self.model.item(index.row(), 1).data(Qt.ItemDataRole.UserRole)
        if sprin_id:
            self._on_open(sprin_id)
