"""Riwayat akses (Inspektur): who opened, exported or changed which case, and when, from the
hash-chained WBS audit log; the chain can be verified from here."""
from __future__ import annotations

from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout)

from antasena_desktop.i18n import T
from ui.wbs import core
from ui.wbs.base import WbsView


class AccessHistoryView(WbsView):
    title = T("Riwayat akses", "Access history")
    permission = "access_history"
    watches = core.CASE_ENTITIES

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.case = QComboBox()
        self.case.setObjectName("access_case")
        self.case_label = QLabel()
        self.verify_button = QPushButton()
        self.verify_button.setObjectName("access_verify")
        self.verify_button.clicked.connect(self.verify)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("access_table")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        top = QHBoxLayout()
        top.addWidget(self.case_label)
        top.addWidget(self.case, 1)
        top.addWidget(self.verify_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.cases_filled = False
        self.case.currentIndexChanged.connect(lambda _i: self.load_history())
        self.retranslate()

    def load_data(self, session):
        return core.list_cases(session, self.ctx.actor)

    def show_data(self, rows) -> None:
        current = self.case.currentData()
        self.case.blockSignals(True)
        self.case.clear()
        for row in rows:
            self.case.addItem(f"{row.reference} — {core.stage_label(row.stage)}", row.id)
        index = self.case.findData(current)
        self.case.setCurrentIndex(max(0, index))
        self.case.blockSignals(False)
        self.load_history()

    def load_history(self) -> None:
        case_id = self.case.currentData()
        if not case_id:
            self.table.setRowCount(0)
            return
        actor = self.ctx.actor
        self.call(lambda session: core.access_history(session, actor, case_id),   # audited: on the writer
                  lambda entries: self._show_history(entries) if self.case.currentData() == case_id else None)

    def _show_history(self, entries) -> None:
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            for col, text in enumerate(core.access_row_texts(entry)):
                self.table.setItem(row, col, QTableWidgetItem(text))

    def verify(self) -> None:
        actor = self.ctx.actor
        self.read(lambda session: core.verify_audit(session, actor),
                  lambda text: self.message.show_info(str(text)))

    def retranslate(self) -> None:
        self.case_label.setText(str(T("Kasus:", "Case:")))
        self.verify_button.setText(str(T("Periksa rantai log audit", "Verify the audit chain")))
        self.table.setHorizontalHeaderLabels([str(T("Waktu", "When")), str(T("Oleh", "By")),
                                              str(T("Tindakan", "Action")), str(T("Keterangan", "Detail"))])
