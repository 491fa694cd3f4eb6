"""Kegiatan: the event register (list, calendar, detail), the request register (permohonan), undo.

All database work goes through `ui/ops.py`: reads by `ReadOp`, writes by `WriteOp` with an undo text,
so every write lands on the app-wide undo stack (Ctrl+Z / Ctrl+Shift+Z → `services/undo.py`).
"""
from __future__ import annotations

from datetime import timedelta
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QHeaderView, QInputDialog, QLabel, QLineEdit, QMenu,
                               QPushButton, QScrollArea, QSplitter, QTableView, QTabWidget, QToolButton, QVBoxLayout,
                               QWidget)
from shiboken6 import isValid

from antasena_desktop.domain.catalog import (EVENT_KIND_BY_CODE, EVENT_KINDS, EVENT_STATUS_BY_CODE, EVENT_STATUSES,
                                             POST_TYPE_BY_CODE, REQUEST_CHANNELS, can_move)
from antasena_desktop.i18n import T, UserError, current_language, format_number
from antasena_desktop.services import events as event_service
from antasena_desktop.services import requests as request_service
from antasena_desktop.services import templates as template_service
from antasena_desktop.services.security import Permission
from antasena_desktop.services.settings import kerawanan_label, load as load_settings
from antasena_desktop.timefmt import format_date, format_datetime, format_time_wib, now_utc
from ui.dialogs.event_editor import EventEditor
from ui.dialogs.request_editor import RequestEditor
from ui.ops import ReadOp, WriteOp, error_text
from ui.undo import view_undo_actions
from ui.models.table import ROW_ROLE, Column, RowFilterProxy, RowTableModel
from ui.views.base import BaseView
from ui.widgets import DetailFollowsFilter, setup_table
from ui.views.calendar import EventCalendar, items_from_rows

PERIODS = [("14", T("14 hari ke depan", "Next 14 days"), 0, 14), ("30", T("30 hari ke depan", "Next 30 days"), 0, 30),
           ("past30", T("30 hari terakhir", "Last 30 days"), -30, 0), ("year", T("Satu tahun", "One year"), -365, 30)]
KERAWANAN_BG = {1: "#c8e6c9", 2: "#fff59d", 3: "#ef9a9a"}
DADAKAN_BG = "#e53935"
CHANNEL_BY_CODE = {c.code: c for c in REQUEST_CHANNELS}


class EventsView(BaseView):
    title = T("Kegiatan", "Events")
    icon_name = "fa5s.calendar-alt"
    watches = {"event", "post", "post_requirement", "assignment", "security_request", "event_template", "setting"}
    eventSelected = Signal(str)

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.settings = None
        self.dadakan_ids: set[str] = set()
        self.linkable: list = []
        self.venues: list = []
        self.templates: list = []
        self.editor: EventEditor | None = None
        self.request_editor: RequestEditor | None = None
        self.current_id: str | None = None
        self._pending_select: str | None = None
        self.detail_task = None
        self._period_filtered = False
        lang = lambda: current_language()  # noqa: E731
        can_edit = ctx.actor.can(Permission.EDIT_EVENTS)

        # ---- event list
        self.model = RowTableModel([
            Column(T("Nomor", "Number"), lambda r: r.number),
            Column(T("Judul", "Title"), lambda r: r.title),
            Column(T("Jenis", "Kind"), lambda r: EVENT_KIND_BY_CODE[r.kind].label(lang()) if r.kind in EVENT_KIND_BY_CODE else r.kind),
            Column(T("Tanggal", "Date"), lambda r: format_date(r.start_at), sort=lambda r: r.start_at),
            Column(T("Jam", "Time"), lambda r: f"{format_time_wib(r.start_at)}"),
            Column(T("Lokasi", "Place"), lambda r: r.place),
            Column(T("Kecamatan", "District"), lambda r: r.kecamatan),
            Column(T("Massa", "Crowd"), lambda r: format_number(r.expected_crowd), sort=lambda r: r.expected_crowd,
                   align_right=True),
            Column(T("Kerawanan", "Risk"), self._kerawanan, sort=lambda r: r.kerawanan_level, color=self._kerawanan_color),
            Column(T("Status", "Status"), lambda r: EVENT_STATUS_BY_CODE[r.status].label(lang())),
            Column(T("Terisi/Kebutuhan", "Filled/Required"), lambda r: f"{r.filled}/{r.required}" if r.required else "—",
                   sort=lambda r: (r.required - r.filled), color=lambda r: "#ffcdd2" if r.filled < r.required else None),
            Column(T("Dadakan", "Short notice"), lambda r: str(T("DADAKAN", "SHORT NOTICE")) if r.id in self.dadakan_ids else "",
                   sort=lambda r: r.id in self.dadakan_ids, color=lambda r: DADAKAN_BG if r.id in self.dadakan_ids else None),
        ], self)
        self.proxy = RowFilterProxy([0, 1, 5, 6], self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setObjectName("events_table")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(3, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        setup_table(self.table, "events", {0: 125, 1: 320, 2: 115, 3: 130, 4: 75, 5: 170, 6: 110, 7: 65, 8: 95,
                                           9: 95, 10: 105, 11: 95})
        self.table.selectionModel().currentRowChanged.connect(self._selected)
        self.follow = DetailFollowsFilter(self.table, self._event_hidden)     # a filtered-out event leaves the pane
        self.table.doubleClicked.connect(lambda _i: self.edit_event())
        self.search = QLineEdit()
        self.search.setObjectName("events_search")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_search)
        self.search.textChanged.connect(lambda _t: self.request_proxy.set_search(_t))
        self.search.textChanged.connect(lambda _t: self._update_count())      # the counter follows the search
        self.period = QComboBox()
        self.period.setObjectName("events_period")
        self.period.currentIndexChanged.connect(lambda _i: self._period_picked())
        self.kind = QComboBox()
        self.kind.setObjectName("events_kind")
        self.kind.currentIndexChanged.connect(self._filter_kind)
        self.count_label = QLabel()

        # ---- actions
        self.new_button = QPushButton(objectName="events_new")
        self.new_button.clicked.connect(lambda: self.new_event())
        self.edit_button = QPushButton(objectName="events_edit")
        self.edit_button.clicked.connect(lambda: self.edit_event())
        self.status_button = QToolButton(objectName="events_status")
        self.status_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.status_menu = QMenu(self)
        self.status_actions: dict[str, QAction] = {}
        for term in EVENT_STATUSES:
            action = self.status_menu.addAction(term.id)
            action.triggered.connect(lambda _c=False, code=term.code: self.set_status(code))
            self.status_actions[term.code] = action
        self.status_button.setMenu(self.status_menu)
        self.template_button = QPushButton(objectName="events_apply_template")
        self.template_button.clicked.connect(lambda: self.apply_template())
        self.new_request_button = QPushButton(objectName="requests_new")
        self.new_request_button.clicked.connect(lambda: self.new_request())
        self.posts_button = QPushButton(objectName="events_posts")
        self.posts_button.clicked.connect(lambda: self.edit_posts())
        self.undo_stack = ctx.undo_stack                      # the app-wide history
        self.undo_action, self.redo_action = view_undo_actions(self, ctx)
        self.undo_button = QToolButton(objectName="events_undo")
        self.undo_button.setDefaultAction(self.undo_action)
        for widget in (self.new_button, self.edit_button, self.status_button, self.template_button,
                       self.new_request_button):
            widget.setEnabled(can_edit)
        self.template_button.setEnabled(ctx.actor.can(Permission.PLAN))

        # ---- detail panel
        self.detail = QLabel(objectName="event_detail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        detail_scroll = QScrollArea()
        detail_scroll.setWidgetResizable(True)
        detail_scroll.setWidget(self.detail)
        detail_scroll.setMinimumWidth(260)
        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(detail_scroll)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)

        # ---- calendar
        self.calendar = EventCalendar()
        self.calendar.setObjectName("events_calendar")
        self.calendar.eventClicked.connect(self.select_event)
        self.calendar.rangeChanged.connect(lambda _s, _e: self._load_calendar())

        # ---- requests
        self.request_model = RowTableModel([
            Column(T("Nomor agenda", "Intake no."), lambda r: r.intake_number),
            Column(T("Diterima", "Received"), lambda r: format_datetime(r.received_at), sort=lambda r: r.received_at),
            Column(T("Saluran", "Channel"), lambda r: CHANNEL_BY_CODE[r.channel].label(lang()) if r.channel in CHANNEL_BY_CODE else r.channel),
            Column(T("Pemohon", "Requester"), lambda r: r.requester_name),
            Column(T("Organisasi", "Organisation"), lambda r: r.requester_org),
            Column(T("Kegiatan", "Event"), lambda r: f"{r.event_number} — {r.event_title}" if r.event_number else "—"),
            Column(T("Tenggang (jam)", "Lead time (h)"), lambda r: "" if r.lead_time_hours is None else f"{r.lead_time_hours:.0f}",
                   sort=lambda r: r.lead_time_hours if r.lead_time_hours is not None else 1e9, align_right=True),
            Column(T("Dadakan", "Short notice"), lambda r: str(T("DADAKAN", "SHORT NOTICE")) if r.dadakan else "",
                   sort=lambda r: r.dadakan, color=lambda r: DADAKAN_BG if r.dadakan else None),
            Column(T("Status", "Status"), lambda r: EVENT_STATUS_BY_CODE[r.status].label(lang()) if r.status in EVENT_STATUS_BY_CODE else r.status),
        ], self)
        self.request_proxy = RowFilterProxy([0, 3, 4, 5], self)
        self.request_proxy.setSourceModel(self.request_model)
        self.requests_table = QTableView(objectName="requests_table")
        self.requests_table.setModel(self.request_proxy)
        self.requests_table.setSortingEnabled(True)
        self.requests_table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
        self.requests_table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.requests_table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.requests_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.requests_table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        setup_table(self.requests_table, "requests", {0: 130, 1: 170, 2: 110, 3: 170, 4: 170, 6: 90, 7: 100, 8: 100})
        self.requests_table.doubleClicked.connect(lambda _i: self.edit_request())
        self.request_detail = QLabel(objectName="request_detail")
        self.request_detail.setWordWrap(True)
        self.request_detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.requests_table.selectionModel().currentRowChanged.connect(self._request_selected)
        self.request_follow = DetailFollowsFilter(self.requests_table, self._clear_request_detail)
        self.edit_request_button = QPushButton(objectName="requests_edit")
        self.edit_request_button.clicked.connect(lambda: self.edit_request())
        self.request_status_button = QToolButton(objectName="requests_status")
        self.request_status_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.request_status_menu = QMenu(self)
        self.request_status_actions: dict[str, QAction] = {}
        for term in EVENT_STATUSES:
            action = self.request_status_menu.addAction(term.id)
            action.triggered.connect(lambda _c=False, code=term.code: self.set_request_status(code))
            self.request_status_actions[term.code] = action
        self.request_status_button.setMenu(self.request_status_menu)
        self.request_status_menu.aboutToShow.connect(self._update_request_actions)
        self.link_button = QPushButton(objectName="requests_link")
        self.link_button.clicked.connect(lambda: self.link_request())
        self.attachment_button = QPushButton(objectName="requests_attachment")
        self.attachment_button.clicked.connect(self.open_attachment)
        for widget in (self.edit_request_button, self.request_status_button, self.link_button):
            widget.setEnabled(can_edit)
        self.request_count = QLabel()
        request_bar = QHBoxLayout()
        for widget in (self.edit_request_button, self.request_status_button, self.link_button, self.attachment_button):
            request_bar.addWidget(widget)
        request_bar.addStretch()
        request_bar.addWidget(self.request_count)
        request_page = QWidget()
        request_layout = QVBoxLayout(request_page)
        request_layout.addLayout(request_bar)
        request_layout.addWidget(self.requests_table, 1)
        request_layout.addWidget(self.request_detail)

        self.tabs = QTabWidget(objectName="events_tabs")
        self.tabs.addTab(split, "")
        self.tabs.addTab(self.calendar, "")
        self.tabs.addTab(request_page, "")

        top = QHBoxLayout()
        top.addWidget(self.search, 2)
        top.addWidget(self.period)
        top.addWidget(self.kind)
        top.addWidget(self.count_label)
        actions = QHBoxLayout()
        for widget in (self.new_button, self.edit_button, self.status_button, self.template_button,
                       self.posts_button, self.new_request_button, self.undo_button):
            actions.addWidget(widget)
        actions.addStretch()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(actions)
        layout.addWidget(self.tabs)
        self.retranslate()
        self._update_actions()

    # ---- helpers for columns
    def _kerawanan(self, row) -> str:
        return kerawanan_label(self.settings, row.kerawanan_level, current_language()) if self.settings else str(row.kerawanan_level)

    def _kerawanan_color(self, row) -> str | None:
        return self._level_colors(light=True).get(row.kerawanan_level)

    def _level_colors(self, light: bool = False) -> dict[int, str]:
        if light or self.settings is None:
            return dict(KERAWANAN_BG)
        return {int(k["level"]): k.get("color") or KERAWANAN_BG.get(int(k["level"]), "#90caf9")
                for k in self.settings.kerawanan_scale}

    # ---- loading
    def _period_picked(self) -> None:
        self._period_filtered = True          # the reload is a filter: an event outside the period leaves the pane
        self.refresh()

    def refresh(self) -> None:
        self._period_index = max(0, self.period.currentIndex())   # read widgets on the UI thread only
        super().refresh()

    def load_data(self, session):
        """One read for everything shown: list, requests, calendar range, detail of the current event."""
        _code, _label, start_days, end_days = PERIODS[getattr(self, "_period_index", 0)]
        now = now_utc()
        cal_start, cal_end = self.calendar.visible_range()
        current = self.current_id
        settings = load_settings(session)
        rows = event_service.list_events(session, now + timedelta(days=start_days), now + timedelta(days=end_days))
        linkable = event_service.list_events(session, now - timedelta(days=60), now + timedelta(days=400))
        calendar_rows = event_service.list_events(session, cal_start, cal_end)
        dadakan = event_service.dadakan_event_ids(session)
        requests = request_service.list_requests(session)
        templates = template_service.list_templates(session)
        venues = event_service.venues(session)
        try:
            detail = event_service.event_detail(session, current) if current else None
        except UserError:
            detail = None
        return settings, rows, linkable, calendar_rows, dadakan, requests, templates, venues, detail

    def show_data(self, data) -> None:
        (self.settings, rows, self.linkable, calendar_rows, self.dadakan_ids, requests, self.templates, self.venues,
         detail) = data
        self.model.set_rows(rows)
        if self._period_filtered:
            self._period_filtered = False
            self.follow.recheck(absent_is_hidden=True)
        self.request_model.set_rows(requests)
        self._show_request_detail()                # the kept request's fresh values (e.g. its event after a link)
        self._update_count()
        target = self._pending_select or self.current_id
        self._pending_select = None
        if target:
            self._select_in_table(target)
        self.calendar.set_items(items_from_rows(calendar_rows, self._level_colors()))
        self._update_actions()
        if detail is not None and detail.event.id == self.current_id:
            self._show_detail(detail)
        elif self.current_id and self.isVisible():
            self._load_detail(self.current_id)

    def _load_calendar(self) -> None:
        if not self.isVisible():
            return
        start, end = self.calendar.visible_range()

        ReadOp(self, lambda session: event_service.list_events(session, start, end)) \
            .success(lambda rows: self.calendar.set_items(items_from_rows(rows, self._level_colors()))).run()

    def _load_detail(self, event_id: str) -> None:
        def job(session):
            try:
                return event_service.event_detail(session, event_id)
            except UserError:
                return None
        self.detail_task = ReadOp(self, job).success(self._show_detail).failure(self._failed).run().task

    def _show_detail(self, detail) -> None:
        if detail is None or detail.event.id != self.current_id:
            if detail is None:
                self.detail.setText("")
            return
        self.detail.setText(self._detail_html(detail))

    def _detail_html(self, d) -> str:
        e = d.event
        lang = current_language()
        parts = [f"<h3>{escape(e.title)}</h3>", f"<p><b>{escape(e.number)}</b> · "
                 f"{escape(EVENT_STATUS_BY_CODE[e.status].label(lang))}</p>"]
        parts.append("<p>" + escape(str(T("{d}, {a} – {b}", "{d}, {a} – {b}", d=format_date(e.start_at, with_day=True),
                                          a=format_time_wib(e.start_at), b=format_time_wib(e.end_at)))) + "</p>")
        place = ", ".join(x for x in (e.place, d.kelurahan, e.kecamatan) if x)
        parts.append(f"<p>{escape(place or '—')}</p>")
        assessed = str(T("dinilai {d} oleh {p}", "assessed {d} by {p}", d=format_date(d.kerawanan_assessed_at),
                         p=d.kerawanan_assessor or "—")) if d.kerawanan_assessed_at else str(T("belum dinilai", "not assessed"))
        parts.append(f"<p>{escape(str(T('Kerawanan', 'Kerawanan')))}: <b>{escape(self._kerawanan(e))}</b> ({escape(assessed)})</p>")
        if d.lead_time_hours is not None:
            lead = escape(str(T("Waktu tenggang: {h} jam", "Lead time: {h} h", h=f"{d.lead_time_hours:.0f}")))
            badge = (f" <span style='background:{DADAKAN_BG};color:white;font-weight:bold'>&nbsp;"
                     f"{escape(str(T('DADAKAN', 'SHORT NOTICE')))}&nbsp;</span>") if d.dadakan else ""
            parts.append(f"<p>{lead}{badge}</p>")
        parts.append(f"<h4>{escape(str(T('Permohonan ({n})', 'Requests ({n})', n=len(d.requests))))}</h4>")
        if d.requests:
            parts.append("<ul>" + "".join(
                f"<li>{escape(r.intake_number)} — {escape(r.requester_name)}"
                f"{(' (' + escape(r.requester_org) + ')') if r.requester_org else ''}, "
                f"{escape(format_datetime(r.received_at))}"
                f"{' — <b style=color:' + DADAKAN_BG + '>' + escape(str(T('dadakan', 'short notice'))) + '</b>' if r.dadakan else ''}"
                f"</li>" for r in d.requests) + "</ul>")
        parts.append(f"<h4>{escape(str(T('Pos ({n})', 'Posts ({n})', n=len(d.posts))))}</h4>")
        if d.posts:
            parts.append("<ul>" + "".join(
                f"<li>{escape(p.name)} ({escape(POST_TYPE_BY_CODE[p.type].label(lang) if p.type in POST_TYPE_BY_CODE else p.type)}),"
                f" {escape(format_time_wib(p.start_at))}–{escape(format_time_wib(p.end_at))}: {p.filled}/{p.required}</li>"
                for p in d.posts) + "</ul>")
        return "".join(parts)

    # ---- selection and filters
    def _filter_kind(self, index: int) -> None:
        code = self.kind.itemData(index)
        self.proxy.set_predicate((lambda r: r.kind == code) if code else None)
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count_label.setText(str(T("{n} kegiatan", "{n} events", n=format_number(shown)) if shown == total else
                                     T("{n} dari {m} kegiatan", "{n} of {m} events", n=format_number(shown),
                                       m=format_number(total))))
        dadakan = sum(1 for r in self.request_model.rows if r.dadakan)
        self.request_count.setText(str(T("{n} permohonan, {d} dadakan", "{n} requests, {d} short notice",
                                         n=self.request_proxy.rowCount(), d=dadakan)))

    def _selected(self, current, _previous) -> None:
        if current.isValid():
            row = self.proxy.data(current, ROW_ROLE)
            if row.id != self.current_id:
                self.current_id = row.id
                self.calendar.select(row.id)
                self._load_detail(row.id)
                self.eventSelected.emit(row.id)
        self._update_actions()

    def _event_hidden(self) -> None:
        """The shown event was filtered out of the list: the detail pane no longer shows it."""
        self.current_id = None
        self.detail.setText("")
        self.calendar.select(None)
        self._update_actions()

    def _request_selected(self, _current, _previous) -> None:
        self._show_request_detail()

    def _show_request_detail(self) -> None:
        row = self.current_request()
        if row is None:
            self.request_detail.setText("")
            return
        parts = [f"<b>{escape(row.intake_number)}</b> — {escape(row.requester_name)}"
                 + (f" ({escape(row.requester_org)})" if row.requester_org else ""),
                 escape(str(T("Diterima {d}", "Received {d}", d=format_datetime(row.received_at))))]
        if row.letter_number:
            parts.append(escape(str(T("Surat {n}", "Letter {n}", n=row.letter_number))))
        if row.subject:
            parts.append(escape(row.subject))
        parts.append(escape(str(T("Kegiatan: {e}", "Event: {e}", e=f"{row.event_number} — {row.event_title}"
                                  if row.event_number else "—"))))
        self.request_detail.setText(" · ".join(parts))

    def _clear_request_detail(self) -> None:
        self.request_detail.setText("")
        self.requests_table.clearSelection()

    def _select_in_table(self, event_id: str) -> bool:
        for r in range(self.proxy.rowCount()):
            index = self.proxy.index(r, 0)
            if self.proxy.data(index, ROW_ROLE).id == event_id:
                self.table.setCurrentIndex(index)
                self.table.scrollTo(index)
                return True
        return False

    def select_event(self, event_id: str) -> None:
        """Select an event (from the calendar, the duplicate warning or another view)."""
        self.current_id = event_id
        self.follow.shown = event_id              # also when the event is not in the list (picked on the calendar)
        self.calendar.select(event_id)
        if not self._select_in_table(event_id):
            self.table.clearSelection()
        self._load_detail(event_id)
        self.eventSelected.emit(event_id)
        self._update_actions()

    def current_row(self):
        return next((r for r in self.model.rows if r.id == self.current_id), None) or \
            next((r for r in self.linkable if r.id == self.current_id), None)

    def current_request(self):
        index = self.requests_table.currentIndex()
        return self.request_proxy.data(index, ROW_ROLE) if index.isValid() else None

    def _update_actions(self) -> None:
        row = self.current_row()
        can_edit = self.ctx.actor.can(Permission.EDIT_EVENTS)
        self.edit_button.setEnabled(can_edit and row is not None)
        self.status_button.setEnabled(can_edit and row is not None)
        self.template_button.setEnabled(self.ctx.actor.can(Permission.PLAN) and row is not None)
        self.posts_button.setEnabled(self.ctx.actor.can(Permission.PLAN) and row is not None)
        for code, action in self.status_actions.items():
            action.setEnabled(row is not None and can_move(row.status, code))

    # ---- writes
    def edit_posts(self):
        """The selected event's posts and requirement lines, by hand (same editor as the board)."""
        row = self.current_row()
        if row is None:
            return None
        from ui.dialogs.event_posts import EventPostsDialog
        dialog = EventPostsDialog(self.ctx, row.id, self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        self.posts_dialog = dialog
        return dialog

    def new_event(self) -> EventEditor:
        return self._open_editor(None)

    def edit_event(self) -> EventEditor | None:
        if self.current_id is None:
            return None
        event_id = self.current_id

        ReadOp(self, lambda session: event_service.event_values(session, event_id)) \
            .success(self._open_editor).run()
        return None

    def _open_editor(self, values: dict | None) -> EventEditor:
        from antasena_desktop.services.settings import AppSettings
        dialog = EventEditor(self.settings or AppSettings(), self.venues, self.templates, values, self)
        if dialog.event_id:                      # a saved event: its posts are edited right in the editor
            from ui.dialogs.event_posts import EventPostsPanel
            dialog.add_posts_panel(EventPostsPanel(self.ctx, dialog.event_id, dialog))
        dialog.submitted.connect(lambda: self._submit_event(dialog))
        dialog.openExisting.connect(self.select_event)
        dialog.setModal(True)
        dialog.open()
        self.editor = dialog
        return dialog

    def _submit_event(self, dialog: EventEditor) -> None:
        values, template_id = dialog.values(), dialog.template_id()
        dialog.set_busy(True)
        if dialog.duplicates_confirmed:
            self._save_event(dialog, values, template_id)
            return

        exclude = dialog.event_id

        def checked(similar):
            if similar:
                dialog.show_duplicates(similar)
            else:
                self._save_event(dialog, values, template_id)
        ReadOp(dialog, lambda session: event_service.similar_events(session, values, exclude_id=exclude)) \
            .success(checked).failure(lambda exc, _t: dialog.show_error(error_text(exc))).run()

    def _save_event(self, dialog: EventEditor, values: dict, template_id: str | None) -> None:
        event_id = dialog.event_id

        def job(session, actor):
            if event_id:
                return event_service.edit_event(session, actor, event_id, values)
            changes = event_service.register_event(session, actor, values)
            if template_id:
                changes.extend(template_service.apply_template(session, actor, changes.created("event")[0],
                                                               template_id))
            return changes

        def done(changes):
            new_id = event_id or changes.created("event")[0]
            self._pending_select = new_id
            self.current_id = new_id
            dialog.accept()
        text = T("Ubah kegiatan", "Edit event") if event_id else T("Kegiatan baru", "New event")
        WriteOp(dialog, job, text).success(done).failure(lambda exc, _t: dialog.show_error(error_text(exc))).run()

    def set_status(self, status: str) -> None:
        event_id = self.current_id
        if event_id is None:
            return
        WriteOp(self, lambda s, actor: event_service.set_status(s, actor, event_id, status),
                T("Status: {s}", "Status: {s}", s=EVENT_STATUS_BY_CODE[status].label(current_language()))).run()

    def apply_template(self, template_id: str | None = None) -> None:
        row = self.current_row()
        if row is None:
            return
        if template_id is None:
            choices = [t for t in self.templates if t.kind == row.kind] or self.templates
            labels = [str(T("{n} ({p} pos, {k} personel)", "{n} ({p} posts, {k} people)", n=t.name, p=t.posts,
                            k=t.people)) for t in choices]
            preferred = next((i for i, t in enumerate(choices) if t.kerawanan_level == row.kerawanan_level), 0)
            label, ok = QInputDialog.getItem(self, str(T("Terapkan templat", "Apply template")),
                                             str(T("Templat untuk {e}:", "Template for {e}:", e=row.title)),
                                             labels, preferred, False)
            if not ok:
                return
            template_id = choices[labels.index(label)].id
        event_id = row.id
        WriteOp(self, lambda s, actor: template_service.apply_template(s, actor, event_id, template_id),
                T("Terapkan templat", "Apply template")).run()

    def new_request(self, event_id: str | None = None) -> RequestEditor:
        return self._open_request_editor(None, event_id if event_id is not None else self.current_id)

    def edit_request(self) -> None:
        row = self.current_request()
        if row is None:
            return

        ReadOp(self, lambda session: request_service.request_values(session, row.id)) \
            .success(lambda values: self._open_request_editor(values, None)).run()

    def _open_request_editor(self, values: dict | None, event_id: str | None) -> RequestEditor:
        threshold = self.settings.dadakan_threshold_hours if self.settings else 72
        dialog = RequestEditor(self.linkable, threshold, values, self, event_id=event_id)
        dialog.submitted.connect(lambda: self._submit_request(dialog))
        dialog.setModal(True)
        dialog.open()
        self.request_editor = dialog
        return dialog

    def _submit_request(self, dialog: RequestEditor) -> None:
        values, attachment = dialog.values(), dialog.attachment_path()
        request_id = dialog.request_id
        if request_id and attachment == (dialog.editing.get("attachment_path") or None):
            attachment = None

        def job(session, actor):
            if request_id:
                return request_service.update_request(session, actor, request_id, values, attachment=attachment)
            return request_service.create_request(session, actor, values, attachment=attachment)
        text = T("Ubah permohonan", "Edit request") if request_id else T("Permohonan baru", "New request")
        WriteOp(dialog, job, text).success(lambda _c: dialog.accept()) \
            .failure(lambda exc, _t: dialog.show_error(error_text(exc))).run()

    def _update_request_actions(self) -> None:
        row = self.current_request()
        for code, action in self.request_status_actions.items():
            action.setEnabled(row is not None and can_move(row.status, code))

    def set_request_status(self, status: str) -> None:
        row = self.current_request()
        if row is None:
            return
        WriteOp(self, lambda s, actor: request_service.set_request_status(s, actor, row.id, status),
                T("Status permohonan: {s}", "Request status: {s}",
                  s=EVENT_STATUS_BY_CODE[status].label(current_language()))).run()

    def link_request(self, event_id: str | None = None) -> None:
        """Link the selected request to the selected event (the one shown in the detail panel)."""
        row = self.current_request()
        event_id = event_id or self.current_id
        if row is None or event_id is None:
            self.ctx.statusMessage.emit(str(T("Pilih permohonan dan kegiatan terlebih dahulu.",
                                              "Select a request and an event first.")))
            return
        WriteOp(self, lambda s, actor: request_service.link_event(s, actor, row.id, event_id),
                T("Tautkan permohonan", "Link request")).run()

    def open_attachment(self) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices
        row = self.current_request()
        if row is not None and row.attachment_path:
            QDesktopServices.openUrl(QUrl.fromLocalFile(row.attachment_path))

    # ---- language
    def retranslate(self) -> None:
        if not isValid(self.search):        # a late language signal after the widget was deleted
            return
        self.search.setPlaceholderText(str(T("Cari nomor, judul, lokasi, pemohon…", "Search number, title, place, requester…")))
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
        self.new_button.setText(str(T("Kegiatan baru…", "New event…")))
        self.edit_button.setText(str(T("Ubah…", "Edit…")))
        self.posts_button.setText(str(T("Pos…", "Posts…")))
        self.status_button.setText(str(T("Status", "Status")))
        for term in EVENT_STATUSES:
            self.status_actions[term.code].setText(term.label(current_language()))
        self.template_button.setText(str(T("Terapkan templat…", "Apply template…")))
        self.new_request_button.setText(str(T("Permohonan baru…", "New request…")))
        self.edit_request_button.setText(str(T("Ubah permohonan…", "Edit request…")))
        self.request_status_button.setText(str(T("Status permohonan", "Request status")))
        for term in EVENT_STATUSES:
            self.request_status_actions[term.code].setText(term.label(current_language()))
        self.link_button.setText(str(T("Tautkan ke kegiatan terpilih", "Link to the selected event")))
        self.attachment_button.setText(str(T("Buka lampiran", "Open attachment")))
        self.undo_button.setToolTip(str(T("Urungkan (Ctrl+Z)", "Undo (Ctrl+Z)")))
        self.tabs.setTabText(0, str(T("Daftar", "List")))
        self.tabs.setTabText(1, str(T("Kalender", "Calendar")))
        self.tabs.setTabText(2, str(T("Permohonan", "Requests")))
        self.calendar.retranslate()
        self.model.retranslate()
        self.request_model.retranslate()
        self._show_request_detail()
        self._update_count()
        if self.current_id and self.loaded and self.isVisible():
            self._load_detail(self.current_id)
