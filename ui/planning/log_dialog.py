"""Per-event assignment log: a timeline of who placed/moved/removed whom, when, why; CSV export."""
from __future__ import annotations

import re

from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView,
                               QLabel, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout)

from antasena_desktop.i18n import T
from antasena_desktop.planning.board import event_log
from antasena_desktop.planning.posts import export_event_log_csv
from antasena_desktop.timefmt import format_date, format_time_wib
from ui.context import AppContext
from ui.ops import ReadOp, error_text

ACTIONS = {"place": T("tempatkan", "place"), "move": T("pindah", "move"), "remove": T("hapus", "remove"),
           "pin": T("patok", "pin"), "unpin": T("lepas patok", "unpin")}
SOURCES = {"manual": T("manual", "manual"), "auto": T("otomatis", "auto"), "import": T("impor", "import")}


class EventLogDialog(QDialog):
    def __init__(self, ctx: AppContext, event_id: str, title: str, parent=None, number: str = ""):
        super().__init__(parent)
        self.event_title = title
        self.event_number = number            # the export's file name comes from it (KEG/2026/0806 → KEG-2026-0806)
        self.setObjectName("event_log_dialog")
        self.ctx, self.event_id, self.event_title = ctx, event_id, title
        self.entries = []
        self.loaded = False
        self.resize(1000, 520)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.table = QTableWidget()
        self.table.setObjectName("event_log_table")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.export_button = QPushButton()
        self.export_button.setObjectName("event_log_export")
        self.export_button.clicked.connect(self._ask_export)
        self.status = QLabel()
        self.status.setObjectName("event_log_status")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.export_button)
        bottom.addWidget(self.status, 1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table)
        layout.addLayout(bottom)
        self.retranslate()
        self.reload()

    def reload(self):
        event_id = self.event_id
        return ReadOp(self, lambda session: event_log(session, event_id)).success(self._show) \
            .failure(lambda exc, _t: self.status.setText(error_text(exc))).run().task

    def _show(self, entries) -> None:
        self.entries = entries
        self.loaded = True
        self._fill()

    def _fill(self) -> None:
        self.table.setRowCount(len(self.entries))
        for r, e in enumerate(self.entries):
            values = (f"{format_date(e.at)} {format_time_wib(e.at)}", e.username,
                      str(ACTIONS.get(e.action, e.action)), str(SOURCES.get(e.source, e.source)), e.person, e.post,
                      e.reason, e.before or "", e.after or "")
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c >= 7:
                    item.setToolTip(value)
                    item.setText(value[:60] + ("…" if len(value) > 60 else ""))
                self.table.setItem(r, c, item)

    def _ask_export(self) -> None:
        from ui.files import save_path
        slug = re.sub(r"[^0-9A-Za-z]+", "-", self.event_number or self.event_title).strip("-")[:60]
        name = f"log-penugasan-{slug}.csv" if slug else "log-penugasan.csv"
        path = save_path(self, T("Ekspor log ke CSV", "Export log to CSV"), name, "CSV (*.csv)")
        if path:
            self.export_to(path)

    def export_to(self, path: str):
        event_id = self.event_id
        return ReadOp(self, lambda session: export_event_log_csv(session, event_id, path)) \
            .success(lambda n: self.status.setText(str(T("{n} baris diekspor ke {p}", "{n} rows exported to {p}",
                                                          n=n, p=path)))) \
            .failure(lambda exc, _t: self.status.setText(error_text(exc))).run().task

    def retranslate(self) -> None:
        self.setWindowTitle(str(T("Log penugasan", "Assignment log")))
        self.heading.setText(str(T("Riwayat penempatan untuk {e} (waktu WIB)", "Placement history of {e} (WIB times)",
                                   e=self.event_title)))
        self.export_button.setText(str(T("Ekspor CSV", "Export CSV")))
        headers = [T("Waktu", "When"), T("Pengguna", "User"), T("Aksi", "Action"), T("Sumber", "Source"),
                   T("Personel", "Person"), T("Pos", "Post"), T("Alasan", "Reason"), T("Sebelum", "Before"),
                   T("Sesudah", "After")]
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels([str(h) for h in headers])
        self._fill()
