"""Kegiatan: the event register as a searchable, filterable list."""
from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QTableView, QVBoxLayout

from antasena_desktop.domain.catalog import EVENT_KIND_BY_CODE, EVENT_KINDS, EVENT_STATUS_BY_CODE
from antasena_desktop.i18n import T, current_language
from antasena_desktop.services import events as event_service
from antasena_desktop.services.settings import kerawanan_label, load as load_settings
from antasena_desktop.timefmt import format_date_id, format_time_wib, now_utc
from ui.models.table import Column, RowFilterProxy, RowTableModel
from ui.views.base import BaseView

PERIODS = [("14", T("14 hari ke depan", "Next 14 days"), 0, 14), ("30", T("30 hari ke depan", "Next 30 days"), 0, 30),
           ("past30", T("30 hari terakhir", "Last 30 days"), -30, 0), ("year", T("Satu tahun", "One year"), -365, 30)]


class EventsView(BaseView):
    title = T("Kegiatan", "Events")
    icon_name = "fa5s.calendar-alt"
    watches = {"event", "post", "post_requirement", "assignment", "security_request"}
    eventSelected = Signal(str)

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.settings = None
        lang = lambda: current_language()  # noqa: E731
        self.model = RowTableModel([
            Column(T("Nomor", "Number"), lambda r: r.number),
            Column(T("Judul", "Title"), lambda r: r.title),
            Column(T("Jenis", "Kind"), lambda r: EVENT_KIND_BY_CODE[r.kind].label(lang()) if r.kind in EVENT_KIND_BY_CODE else r.kind),
            Column(T("Tanggal", "Date"), lambda r: format_date_id(r.start_at), sort=lambda r: r.start_at),
            Column(T("Jam", "Time"), lambda r: f"{format_time_wib(r.start_at)}"),
            Column(T("Lokasi", "Place"), lambda r: r.place),
            Column(T("Kecamatan", "District"), lambda r: r.kecamatan),
            Column(T("Massa", "Crowd"), lambda r: f"{r.expected_crowd:,}".replace(",", "."), sort=lambda r: r.expected_crowd,
                   align_right=True),
            Column(T("Kerawanan", "Risk"), self._kerawanan, sort=lambda r: r.kerawanan_level, color=self._kerawanan_color),
            Column(T("Status", "Status"), lambda r: EVENT_STATUS_BY_CODE[r.status].label(lang())),
            Column(T("Terisi/Kebutuhan", "Filled/Required"), lambda r: f"{r.filled}/{r.required}" if r.required else "—",
                   sort=lambda r: (r.required - r.filled), color=lambda r: "#ffcdd2" if r.filled < r.required else None),
        ], self)
        self.proxy = RowFilterProxy([0, 1, 5, 6], self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("events_table")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(3, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._selected)
        self.search = QLineEdit()
        self.search.setObjectName("events_search")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_search)
        self.period = QComboBox()
        self.period.setObjectName("events_period")
        self.period.currentIndexChanged.connect(lambda _i: self.refresh())
        self.kind = QComboBox()
        self.kind.setObjectName("events_kind")
        self.kind.currentIndexChanged.connect(self._filter_kind)
        self.count_label = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.search, 2)
        top.addWidget(self.period)
        top.addWidget(self.kind)
        top.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table)
        self.retranslate()

    def _kerawanan(self, row) -> str:
        return kerawanan_label(self.settings, row.kerawanan_level, current_language()) if self.settings else str(row.kerawanan_level)

    def _kerawanan_color(self, row) -> str | None:
        return {1: "#c8e6c9", 2: "#fff59d", 3: "#ef9a9a"}.get(row.kerawanan_level)

    def load_data(self):
        _code, _label, start_days, end_days = PERIODS[max(0, self.period.currentIndex())]
        now = now_utc()
        with self.ctx.database.session() as session:
            settings = load_settings(session)
            rows = event_service.list_events(session, now + timedelta(days=start_days), now + timedelta(days=end_days))
        return settings, rows

    def show_data(self, data) -> None:
        self.settings, rows = data
        self.model.set_rows(rows)
        self.proxy._index_rows()
        self._update_count()

    def _filter_kind(self, index: int) -> None:
        code = self.kind.itemData(index)
        self.proxy.set_predicate((lambda r: r.kind == code) if code else None)
        self._update_count()

    def _update_count(self) -> None:
        self.count_label.setText(str(T("{n} kegiatan", "{n} events", n=self.proxy.rowCount())))

    def _selected(self, current, _previous) -> None:
        if current.isValid():
            self.eventSelected.emit(self.proxy.data(current, Qt.ItemDataRole.UserRole + 1).id)

    def retranslate(self) -> None:
        self.search.setPlaceholderText(str(T("Cari nomor, judul, lokasi…", "Search number, title, place…")))
        index = self.period.currentIndex()
        self.period.blockSignals(True)
        self.period.clear()
        for code, label, _s, _e in PERIODS:
            self.period.addItem(str(label), code)
        self.period.setCurrentIndex(max(0, index))
        self.period.blockSignals(False)
        kind_index = self.kind.currentIndex()
        self.kind.blockSignals(True)
        self.kind.clear()
        self.kind.addItem(str(T("Semua jenis", "All kinds")), None)
        for term in EVENT_KINDS:
            self.kind.addItem(term.label(current_language()), term.code)
        self.kind.setCurrentIndex(max(0, kind_index))
        self.kind.blockSignals(False)
        self.model.retranslate()
        self._update_count()
