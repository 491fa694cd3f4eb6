"""Suggestions for a short requirement line: the engine's top 5 with why; one click places one."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QAbstractItemView, QHeaderView, QLabel, QPushButton, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from antasena_desktop.i18n import T, format_number
from antasena_desktop.planning.posts import suggest_for_line
from ui.context import AppContext
from ui.ops import ReadOp, error_text


class SuggestionPanel(QWidget):
    placeRequested = Signal(str, str, str)     # person id, post id, line id

    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.setObjectName("planning_suggestions")
        self.ctx = ctx
        self.line_id = self.post_id = None
        self.line_title = ""
        self.suggestions = []
        self.post_names: dict[str, str] = {}
        self._serial = 0
        self.loading = False
        self.heading = QLabel()
        self.heading.setObjectName("suggestions_heading")
        self.heading.setWordWrap(True)
        self.table = QTableWidget()
        self.table.setObjectName("suggestions_table")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.table)
        self.retranslate()

    def clear(self) -> None:
        self.line_id = self.post_id = None
        self.suggestions = []
        self._serial += 1
        self.loading = False
        self.retranslate()

    def set_line(self, post_id: str, line_id: str, title: str):
        """Compute suggestions for the line off the UI thread."""
        self.post_id, self.line_id, self.line_title = post_id, line_id, title
        self._serial += 1
        serial = self._serial
        self.loading = True
        self.suggestions = []
        self.retranslate()
        return ReadOp(self, lambda session: suggest_for_line(session, line_id, k=5)) \
            .success(lambda result: self._show(serial, result)) \
            .failure(lambda exc, _t: self._fail(serial, exc)).run().task

    def _show(self, serial: int, suggestions) -> None:
        if serial != self._serial:
            return
        self.loading = False
        self.suggestions = suggestions
        self.retranslate()

    def _fail(self, serial: int, exc) -> None:
        if serial != self._serial:
            return
        self.loading = False
        self.suggestions = []
        self.heading.setText(error_text(exc))

    def retranslate(self) -> None:
        if self.line_id is None:
            self.heading.setText(str(T("Pilih baris kebutuhan yang masih kurang untuk melihat saran.",
                                       "Select a short requirement line to see suggestions.")))
        elif self.loading:
            self.heading.setText(str(T("Menghitung saran untuk {l}…", "Computing suggestions for {l}…",
                                       l=self.line_title)))
        elif not self.suggestions:
            self.heading.setText(str(T("Tidak ada saran untuk {l} (sudah penuh atau tidak ada calon).",
                                       "No suggestions for {l} (full, or nobody eligible).", l=self.line_title)))
        else:
            self.heading.setText(str(T("Saran terbaik untuk {l}", "Best suggestions for {l}", l=self.line_title)))
        headers = [T("", ""), T("Personel", "Person"), T("Satuan", "Unit"), T("Alasan", "Why")]
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels([str(h) for h in headers])
        self.table.setRowCount(len(self.suggestions))
        for r, s in enumerate(self.suggestions):
            why = [str(T("jarak {d} km", "distance {d} km", d=format_number(s.distance_km, 1))),
                   str(T("{h} jam 30 hari", "{h} h in 30 days", h=format_number(s.recent_hours, 1)))]
            if s.conflicts:
                names = ", ".join(self.post_names.get(p, p) for p in s.conflicts)
                why.append(str(T("harus meninggalkan {p}", "must leave {p}", p=names)))
            why_item = QTableWidgetItem("; ".join(why))
            why_item.setToolTip("\n".join(why))
            self.table.setItem(r, 1, QTableWidgetItem(f"{s.rank_code} {s.name} ({s.nrp})"))
            self.table.setItem(r, 2, QTableWidgetItem(s.unit))
            self.table.setItem(r, 3, why_item)
            button = QPushButton(str(T("Tempatkan", "Place")))
            button.setObjectName(f"suggestion_place_{r}")
            button.clicked.connect(lambda _c=False, pid=s.person_id: self.placeRequested.emit(
                pid, self.post_id or "", self.line_id or ""))
            self.table.setCellWidget(r, 0, button)
