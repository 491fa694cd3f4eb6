"""Peta & Plotting: the planning board of a day — plan tree, map, personnel list, suggestions, strength board.

Reads are `ReadOp`s (`load_data`, candidates, suggestions), the auto-fill solves in a worker process; every
write is a `WriteOp` on the single writer, pushed as ONE command per user action on the app-wide undo stack.
A drop of several people asks for all missing reasons in one dialog and writes in one transaction. The
board refreshes from the published `Changes`; the map is loaded once and then updated incrementally.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

import shiboken6

from PySide6.QtCore import QDate, QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QDoubleSpinBox, QFrame, QHBoxLayout,
                               QInputDialog, QLabel, QLineEdit, QMenu, QProgressBar, QPushButton, QSplitter, QTabWidget,
                               QToolBar, QToolButton, QVBoxLayout, QWidget)

from antasena_desktop.domain.catalog import FUNCTIONS
from antasena_desktop.allocation.explain import gap_words
from antasena_desktop.i18n import T, Text, UserError, current_language, format_number
from antasena_desktop.planning import board
from antasena_desktop.planning import posts as post_service
from antasena_desktop.planning import service
from antasena_desktop.planning.instance import apply_result, day_window
from antasena_desktop.services.changes import Changes
from antasena_desktop.timefmt import WIB, format_date, format_time_wib
from ui.icons import icon
from ui.ops import ReadOp, WriteOp
from ui.planning.autofill import AutoFillOutcome, AutoFillRunner
from ui.planning.candidates import CandidateFilterProxy, CandidateModel, CandidateTable
from ui.planning.log_dialog import EventLogDialog
from ui.planning.reasons import ReasonsDialog
from ui.planning.strength import StrengthBoardWidget, UnfilledPanel
from ui.planning.suggestions import SuggestionPanel
from ui.planning.tree import (EVENT_ROLE, ID_ROLE, KIND_ROLE, LINE_ROLE, POST_ROLE, PlanTreeModel, PlanTreeView,
                              line_text)
from ui.views.base import BaseView


def posts_touched(changes: Changes) -> set[str] | None:
    """The posts whose map markers these Changes can alter (their ids, from the Changes), or None when
    that cannot be told from them (an event changed: compare every marker)."""
    posts: set[str] = set()
    for change in changes.items:
        if change.entity == "event":
            return None
        if change.entity == "post":
            posts.add(change.id)
        elif change.entity in ("assignment", "post_requirement"):
            found = {v.get("post_id") for v in (change.before or {}, change.after or {}) if v.get("post_id")}
            fields = set(change.before or {}) | set(change.after or {})
            if not found and not (change.entity == "assignment" and fields <= {"pinned", "reason"}):
                return None                         # e.g. a restored placement: its post is not named
            posts |= found                          # a pin changes no marker
    return posts


def _event_marker(event) -> dict:
    return {"id": event.id, "title": event.title, "lat": event.lat, "lon": event.lon,
            "kerawanan_level": event.kerawanan_level, "status": event.status, "kind": event.kind,
            "number": event.number, "start": event.start_at.isoformat(), "end": event.end_at.isoformat()}


def _post_marker(post) -> dict:
    return {"id": post.id, "event_id": post.event_id, "name": post.name, "lat": post.lat, "lon": post.lon,
            "required": post.required, "filled": post.filled}


#: Changes that alter the map page itself (boundaries, layers, basemap setting): the page is rebuilt.
MAP_ENTITIES = {"kecamatan", "kelurahan", "geo_layer", "setting"}


class PlanningView(BaseView):
    title = T("Peta & Plotting", "Map & Plotting")
    icon_name = "fa5s.map-marked-alt"
    watches = {"assignment", "post", "post_requirement", "event", "personnel", "availability"} | MAP_ENTITIES

    def __init__(self, ctx, parent=None, with_map: bool = True):
        super().__init__(ctx, parent)
        self.day: date | None = None
        self.plan: list = []
        self.cand_window: tuple[datetime, datetime] | None = None      # the candidate list's time window
        self._generation = 0
        self._reads = 0
        self._map_loaded = False
        self._map_posts: dict[str, tuple] = {}      # post id → (filled, required, lat, lon) shown on the map
        self._map_events: set[str] = set()
        self._map_dirty: set[str] | None = None     # posts whose markers the pending Changes touched; None = all
        self.last_outcome: AutoFillOutcome | None = None
        self.pending_outcome: AutoFillOutcome | None = None
        self.undo_stack = ctx.undo_stack                  # the app-wide history
        for signal in (ctx.busyChanged, self.undo_stack.canUndoChanged, self.undo_stack.canRedoChanged,
                       self.undo_stack.indexChanged):
            signal.connect(self._update_actions)
        ctx.historyStepped.connect(self._history_stepped)
        self._fill_action_text = ""                         # the undo text of the last applied auto-fill
        self.autofill = AutoFillRunner(ctx, self)
        self.autofill.progressed.connect(self._autofill_progress)
        self.autofill.finished.connect(self._autofill_done)
        self.autofill.failed.connect(self._autofill_failed)
        self._build(with_map)
        self.retranslate()

    # ------------------------------------------------------------------ layout
    def _build(self, with_map: bool) -> None:
        self.toolbar = QToolBar()
        self.toolbar.setObjectName("planning_toolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.day_label = QLabel()
        self.day_edit = QDateEdit()
        self.day_edit.setObjectName("planning_day")
        self.day_edit.setCalendarPopup(True)
        self.day_edit.setDisplayFormat("dd/MM/yyyy")
        self.day_edit.dateChanged.connect(self._day_picked)
        self.toolbar.addWidget(self.day_label)
        self.toolbar.addWidget(self.day_edit)
        self.toolbar.addSeparator()

        def action(name, icon_name, slot, shortcut=None) -> QAction:
            act = QAction(icon(icon_name), "", self)
            act.setObjectName(name)
            act.triggered.connect(slot)
            if shortcut:
                act.setShortcuts(shortcut if isinstance(shortcut, list) else [QKeySequence(shortcut)])
                act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                self.addAction(act)
            self.toolbar.addAction(act)
            return act

        self.undo_action = action("view_undo", "fa5s.undo", self.undo,
                                  [QKeySequence(QKeySequence.StandardKey.Undo)])
        self.redo_action = action("view_redo", "fa5s.redo", self.redo,
                                  [QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.toolbar.addSeparator()
        self.place_action = action("planning_place", "fa5s.user-plus", self.place_selected,
                                   [QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        self.remove_action = action("planning_remove", "fa5s.user-minus", self.remove_selected)
        self.move_action = action("planning_move_to", "fa5s.exchange-alt", self.move_selected_dialog)
        self.pin_action = action("planning_pin", "fa5s.thumbtack", self.toggle_pin_selected)
        self.toolbar.addSeparator()
        self.fill_event_action = action("planning_fill_event", "fa5s.magic", lambda: self.start_autofill("event"))
        self.fill_day_action = action("planning_fill_day", "fa5s.calendar-check", lambda: self.start_autofill("day"))
        self.limit_label = QLabel()
        self.limit = QDoubleSpinBox()
        self.limit.setObjectName("planning_time_limit")
        self.limit.setRange(0.5, 300.0)
        self.limit.setValue(2.0)      # greedy fills in ~0.1 s; 2 s of improvement is plenty (see docs/allocation.md)
        self.limit.setSuffix(" s")
        self.toolbar.addWidget(self.limit_label)
        self.toolbar.addWidget(self.limit)
        self.toolbar.addSeparator()
        self.log_action = action("planning_log", "fa5s.history", self.open_log)
        from ui.planning.post_actions import PostActions
        self.post_actions = PostActions(self)             # add / edit / delete posts, place one on the map
        self.toolbar.addSeparator()
        for act in self.post_actions.actions():
            self.toolbar.addAction(act)

        # banner (messages the operator must see, readable by tests) and auto-fill progress
        self.banner = QFrame()
        self.banner.setObjectName("planning_banner")
        self.banner_text = QLabel()
        self.banner_text.setObjectName("planning_banner_text")
        self.banner_text.setWordWrap(True)
        self.banner_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner_apply = QPushButton()
        self.banner_apply.setObjectName("planning_banner_apply")
        self.banner_apply.clicked.connect(self.apply_pending_outcome)
        self.banner_close = QToolButton()
        self.banner_close.setObjectName("planning_banner_close")
        self.banner_close.setText("×")
        self.banner_close.clicked.connect(self.hide_banner)
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.setContentsMargins(8, 4, 8, 4)
        banner_layout.addWidget(self.banner_text, 1)
        banner_layout.addWidget(self.banner_apply)
        banner_layout.addWidget(self.banner_close)
        # a reserved line: showing or hiding a message never moves the board (a drag lands where it was aimed)
        self.banner.setFixedHeight(40)
        keep = self.banner.sizePolicy()
        keep.setRetainSizeWhenHidden(True)
        self.banner.setSizePolicy(keep)
        self.banner_text.setToolTip("")
        self.banner.hide()
        self.banner_apply.hide()

        self.progress_box = QFrame()
        self.progress_box.setObjectName("autofill_box")
        self.progress = QProgressBar()
        self.progress.setObjectName("autofill_progress")
        self.progress.setRange(0, 1000)
        self.progress_label = QLabel()
        self.progress_label.setObjectName("autofill_status")
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("autofill_cancel")
        self.cancel_button.clicked.connect(self.cancel_autofill)
        progress_layout = QHBoxLayout(self.progress_box)
        progress_layout.setContentsMargins(8, 0, 8, 0)
        progress_layout.addWidget(self.progress_label)
        progress_layout.addWidget(self.progress, 1)
        progress_layout.addWidget(self.cancel_button)
        self.progress_box.hide()

        # plan tree
        self.tree_model = PlanTreeModel(self)
        self.tree = PlanTreeView()
        self.tree.setModel(self.tree_model)
        self.tree.setColumnWidth(0, 300)
        self.tree.setColumnWidth(1, 60)
        self.tree.setColumnWidth(2, 90)
        self.tree.selectionModel().currentChanged.connect(self._tree_current)
        self.tree.expanded.connect(self.tree_model.populate_index)
        self.tree.peopleDropped.connect(self.place_people)
        self.tree.holdersDropped.connect(self.move_holders)
        self.tree.removeRequested.connect(self.remove_selected)
        self.tree.pinRequested.connect(self.toggle_pin_selected)
        self.tree.customContextMenuRequested.connect(self._tree_menu)
        self.tree_summary = QLabel()
        self.tree_summary.setObjectName("planning_summary")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.tree)

        # map
        # The map (QtWebEngine) is created when the board is first shown, inside its window (see _ensure_map).
        self.map = None
        self.with_map = with_map
        self.map_placeholder = QLabel()
        self.map_placeholder.setMinimumSize(300, 250)
        self.map_placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        map_widget = self.map_placeholder

        # side tabs: suggestions, strength, unfilled reasons
        self.suggestions = SuggestionPanel(self.ctx)
        self.suggestions.placeRequested.connect(lambda pid, post, line: self.place_people([pid], post, line))
        self.strength = StrengthBoardWidget()
        self.unfilled = UnfilledPanel()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("planning_tabs")
        self.tabs.addTab(self.suggestions, "")
        self.tabs.addTab(self.strength, "")
        self.tabs.addTab(self.unfilled, "")

        # candidates
        self.cand_model = CandidateModel(self)
        self.cand_proxy = CandidateFilterProxy(self)
        self.cand_proxy.setSourceModel(self.cand_model)
        self.cand_table = CandidateTable()
        self.cand_table.setModel(self.cand_proxy)
        # board.candidates() already orders by rank seniority and name: no sort until the operator asks for one
        # (sorting 1,500 rows through Python on every refresh would stall the UI thread).
        self.cand_table.setSortingEnabled(False)
        self.cand_table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.cand_table.setSortingEnabled(True)
        self.cand_table.holdersRemoved.connect(self.remove_holders)
        self.cand_table.placeRequested.connect(self.place_selected)
        self.cand_table.customContextMenuRequested.connect(self._cand_menu)
        for column, width in enumerate((78, 170, 90, 110, 170, 64, 64)):
            self.cand_table.setColumnWidth(column, width)
        self.cand_table.horizontalHeader().setStretchLastSection(True)
        self.cand_table.doubleClicked.connect(lambda _i: self.place_selected())
        self.cand_search = QLineEdit()
        self.cand_search.setObjectName("planning_search")
        self.cand_search.setClearButtonEnabled(True)
        self.cand_search.textChanged.connect(lambda text: (self.cand_proxy.set_search(text), self._cand_count()))
        self.unit_filter = QComboBox()
        self.unit_filter.setObjectName("planning_unit_filter")
        self.unit_filter.currentIndexChanged.connect(self._apply_filters)
        self.function_filter = QComboBox()
        self.function_filter.setObjectName("planning_function_filter")
        self.function_filter.currentIndexChanged.connect(self._apply_filters)
        self.free_only = QCheckBox()
        self.free_only.setObjectName("planning_free_only")
        self.free_only.toggled.connect(self._apply_filters)
        self.select_all = QPushButton()
        self.select_all.setObjectName("planning_select_all")
        self.select_all.clicked.connect(self.cand_table.selectAll)
        self.place_button = QPushButton()
        self.place_button.setObjectName("planning_place_button")
        self.place_button.clicked.connect(self.place_selected)
        self.cand_label = QLabel()
        self.cand_label.setObjectName("planning_candidates_label")
        filters = QHBoxLayout()
        filters.addWidget(self.cand_label)
        filters.addWidget(self.cand_search, 2)
        filters.addWidget(self.unit_filter, 1)
        filters.addWidget(self.function_filter, 1)
        filters.addWidget(self.free_only)
        filters.addWidget(self.select_all)
        filters.addWidget(self.place_button)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addLayout(filters)
        bottom_layout.addWidget(self.cand_table)

        top = QSplitter(Qt.Orientation.Horizontal)
        self.top_splitter = top
        top.addWidget(map_widget)
        top.addWidget(self.tabs)
        top.setStretchFactor(0, 3)
        top.setStretchFactor(1, 2)
        top.setSizes([620, 420])
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(top)
        right.addWidget(bottom)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)
        right.setSizes([560, 340])
        main = QSplitter(Qt.Orientation.Horizontal)
        main.setObjectName("planning_splitter")
        main.addWidget(left)
        main.addWidget(right)
        main.setStretchFactor(0, 2)
        main.setStretchFactor(1, 5)
        main.setSizes([460, 1100])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.banner)
        # one fixed-height status row: the day's summary, and the auto-fill progress while it runs (showing the
        # progress must not re-layout the map and tables: that stalls the UI thread while the solver runs)
        status_row = QWidget()
        status_row.setObjectName("planning_status_row")
        status_row.setFixedHeight(30)
        status_layout = QHBoxLayout(status_row)
        status_layout.setContentsMargins(4, 0, 4, 0)
        self.status_note = QLabel()
        self.status_note.setObjectName("planning_status_note")
        self.status_note.setStyleSheet("color: #1f3b5a")
        status_layout.addWidget(self.tree_summary, 1)
        status_layout.addWidget(self.status_note, 2)
        status_layout.addWidget(self.progress_box, 2)
        layout.addWidget(status_row)
        layout.addWidget(main, 1)
        self._update_actions()

    def _ensure_map(self):
        if self.map is None and self.with_map:
            from ui.map.view import MapView
            self.map = MapView()
            self.map.setObjectName("planning_map")
            self.map.markerClicked.connect(self._marker_clicked)
            self.map.mapClicked.connect(self.post_actions.map_clicked)
            self.map.postMoved.connect(self.on_post_moved)
            self.map.personnelDropped.connect(self._map_drop)
            self.map.setMinimumSize(300, 250)
            sizes = self.top_splitter.sizes()
            self.top_splitter.replaceWidget(0, self.map)
            self.map_placeholder.deleteLater()
            self.top_splitter.setSizes(sizes)
        return self.map

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self._ensure_map()

    # ------------------------------------------------------------------ loading
    def refresh(self, map_posts: set[str] | None = None) -> None:
        """Reload the day; `map_posts`: only these markers can have changed (from the ids in Changes)."""
        self._map_dirty = None if (map_posts is None or self._map_dirty is None) else self._map_dirty | map_posts
        self._generation += 1
        generation = self._generation
        self._reads += 1

        def finished(data):
            self._reads -= 1
            if generation == self._generation:
                self._loaded(data)

        def failed(exc, trace):
            self._reads -= 1
            if generation == self._generation:
                self._failed(exc, trace)
        self.loading_task = ReadOp(self, self.load_data).success(finished).failure(failed).run().task

    def idle(self) -> bool:
        """No read or write of the board in flight (tests and the benchmark wait for this)."""
        return self._reads == 0 and not self.ctx.busy and not self.autofill.running

    def load_data(self, session) -> Any:
        day, window, want_map = self.day, self.cand_window, not self._map_loaded and self.with_map
        if day is None:
            today = datetime.now(WIB).date()
            day = post_service.busiest_day(session, today) or today
        plan = board.day_plan(session, day)
        strength = board.strength_board(session, day)
        if window is None or window[0].astimezone(WIB).date() != day:
            window = day_window(day)
        people = board.candidates(session, *window)
        data = None
        if want_map:
            from antasena_desktop.mapping.from_db import map_data
            data = map_data(session, events=[_event_marker(e) for e in plan if e.lat is not None],
                            posts=[_post_marker(p) for e in plan for p in e.posts])
            data.collapse_layers = True
            data.collapse_legend = True
        return {"day": day, "plan": plan, "strength": strength, "window": window, "candidates": people,
                "map": data}

    def show_data(self, data) -> None:
        if self.day != data["day"]:
            self.day = data["day"]
            self.day_edit.blockSignals(True)
            self.day_edit.setDate(QDate(self.day.year, self.day.month, self.day.day))
            self.day_edit.blockSignals(False)
        self.plan = data["plan"]
        self.cand_window = data["window"]
        self._show_plan()
        self.strength.set_board(data["strength"])
        self._show_map(data["map"])
        self._update_actions()
        # the list in the next event-loop turn: two shorter UI-thread slices instead of one long one
        self._reads += 1
        generation = self._generation

        def later():
            if not shiboken6.isValid(self):
                return
            self._reads -= 1
            if generation == self._generation:
                self._show_candidates(data["candidates"])
        QTimer.singleShot(0, later)

    def _show_plan(self) -> None:
        expanded = self.tree.expanded_keys()
        current = self.tree.currentIndex()
        key = (current.data(KIND_ROLE), current.data(ID_ROLE)) if current.isValid() else None
        first_time = not self.tree_model.plan and not expanded
        self.tree_model.set_plan(self.plan, {ident for kind, ident in expanded if kind == "line"})
        if first_time:
            for row in range(self.tree_model.rowCount()):
                self.tree.setExpanded(self.tree_model.index(row, 0), True)
        else:
            self.tree.restore_expanded(expanded)
        if key:
            index = self.tree_model.find(*key)
            if index.isValid():
                self.tree.selectionModel().blockSignals(True)
                self.tree.setCurrentIndex(index)
                self.tree.selectionModel().blockSignals(False)
        required = sum(e.required for e in self.plan)
        filled = sum(e.filled for e in self.plan)
        self.tree_summary.setText(str(T("{d}: {n} kegiatan, {f}/{r} kursi terisi",
                                        "{d}: {n} events, {f}/{r} seats filled",
                                        d=format_date(self.day) if self.day else "—", n=len(self.plan),
                                        f=format_number(filled), r=format_number(required))))
        self.suggestions.post_names = {p.id: p.name for e in self.plan for p in e.posts}
        self._refresh_suggestions()

    def _show_candidates(self, people) -> None:
        selected = {row.id for row in self.cand_table.selected_rows()}
        self.cand_model.set_rows(people)
        units = sorted({c.unit for c in people})
        current = self.unit_filter.currentData()
        self.unit_filter.blockSignals(True)
        self.unit_filter.clear()
        self.unit_filter.addItem(str(T("Semua satuan", "All units")), None)
        for unit in units:
            self.unit_filter.addItem(unit, unit)
        self.unit_filter.setCurrentIndex(max(0, self.unit_filter.findData(current)) if current else 0)
        self.unit_filter.blockSignals(False)
        self._apply_filters()
        if selected:
            selection = self.cand_table.selectionModel()
            for row in range(self.cand_proxy.rowCount()):
                index = self.cand_proxy.index(row, 0)
                if self.cand_proxy.data(index, Qt.ItemDataRole.UserRole + 1).id in selected:
                    selection.select(index, QItemSelectionModel.SelectionFlag.Select |
                                     QItemSelectionModel.SelectionFlag.Rows)

    def _show_map(self, data) -> None:
        if self._ensure_map() is None:
            return
        posts = {p.id: p for e in self.plan for p in e.posts}
        events = {e.id: e for e in self.plan if e.lat is not None}
        if data is not None and not self._map_loaded:
            self._map_loaded = True
            self.map.set_map_data(data)
            self._map_posts = {pid: (p.filled, p.required, p.lat, p.lon) for pid, p in posts.items()}
            self._map_events = set(events)
            return
        dirty, self._map_dirty = self._map_dirty, set()
        if dirty is None:                          # a new day, an event change, another desk: compare all
            for pid in list(self._map_posts):
                if pid not in posts:
                    self.map.remove_marker("post", pid)
                    del self._map_posts[pid]
            for eid in list(self._map_events):
                if eid not in events:
                    self.map.remove_marker("event", eid)
                    self._map_events.discard(eid)
            for eid, event in events.items():
                if eid not in self._map_events:
                    self.map.add_event(_event_marker(event))
                    self._map_events.add(eid)
        else:                                      # only the posts named by the Changes
            for pid in dirty - set(posts):
                if pid in self._map_posts:
                    self.map.remove_marker("post", pid)
                    del self._map_posts[pid]
            posts = {pid: posts[pid] for pid in dirty if pid in posts}
        for pid, post in posts.items():
            state = (post.filled, post.required, post.lat, post.lon)
            old = self._map_posts.get(pid)
            if old is None:
                self.map.add_post(_post_marker(post))
            elif old != state:
                if old[2:] != state[2:]:
                    self.map.move_post(pid, post.lat, post.lon)
                if old[:2] != state[:2]:
                    self.map.restyle_post(pid, post.filled, post.required)
            self._map_posts[pid] = state

    def _day_picked(self, qdate: QDate) -> None:
        day = date(qdate.year(), qdate.month(), qdate.day())
        if day != self.day:
            self.day = day
            self.cand_window = None
            self.suggestions.clear()
            self.refresh()

    def _reload_candidates(self) -> None:
        window = self.cand_window
        self._reads += 1
        generation = self._generation

        def done(people):
            self._reads -= 1
            if generation == self._generation and window == self.cand_window:
                self._show_candidates(people)

        def failed(exc, trace):
            self._reads -= 1
            self.show_error(exc, trace)
        ReadOp(self, lambda session: board.candidates(session, *window)).success(done).failure(self._write_failed).run()

    # ------------------------------------------------------------------ selection
    def current_target(self) -> tuple[str, str] | None:
        """(post id, line id or "") of the tree's current item, or None."""
        index = self.tree.currentIndex().siblingAtColumn(0)
        kind = index.data(KIND_ROLE) if index.isValid() else None
        if kind == "post":
            return index.data(POST_ROLE), ""
        if kind in ("line", "holder"):
            return index.data(POST_ROLE), index.data(LINE_ROLE)
        return None

    def current_event_id(self) -> str | None:
        index = self.tree.currentIndex()
        return index.siblingAtColumn(0).data(EVENT_ROLE) if index.isValid() else None

    def select_item(self, kind: str, ident: str) -> bool:
        index = self.tree_model.find(kind, ident)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)
        return index.isValid()

    def _tree_current(self, current, _previous) -> None:
        target = self.current_target()
        if target is None:
            event_id = self.current_event_id()
            event = self.tree_model.events.get(event_id) if event_id else None
            window = (event.start_at, event.end_at) if event else (day_window(self.day) if self.day else None)
        else:
            post = self.tree_model.posts.get(target[0])
            window = (post.start_at, post.end_at) if post else None
            if self.map is not None and post is not None:
                self.map.select("post", post.id)
        self._refresh_suggestions()
        if window is not None and window != self.cand_window:
            self.cand_window = window
            self._reload_candidates()
        self._update_window_label()

    def _refresh_suggestions(self) -> None:
        target = self.current_target()
        if target is None:
            if self.suggestions.line_id is not None:
                self.suggestions.clear()
            return
        post = self.tree_model.posts.get(target[0])
        if post is None:
            return
        lines = [l for l in post.lines if (not target[1] or l.id == target[1])]
        short = next((l for l in lines if l.filled < l.count), None)
        if short is None:
            self.suggestions.clear()
            return
        if (self.suggestions.line_id, len(short.holders)) != (short.id, getattr(self, "_sugg_filled", -1)) \
                or self.suggestions.post_id != post.id:
            self._sugg_filled = len(short.holders)
            self.suggestions.set_line(post.id, short.id, str(T("{p} — {l}", "{p} — {l}", p=post.name,
                                                               l=line_text(short))))

    def _marker_clicked(self, kind: str, ident: str) -> None:
        if kind in ("post", "event"):
            self.select_item(kind, ident)

    def _update_window_label(self) -> None:
        if self.cand_window:
            a, b = self.cand_window
            self.cand_label.setText(str(T("Personel {a}–{b}", "Personnel {a}–{b}", a=format_time_wib(a),
                                          b=format_time_wib(b))))

    # ------------------------------------------------------------------ filters
    def _apply_filters(self, *_args) -> None:
        self.cand_proxy.set_filters(self.unit_filter.currentData(), self.function_filter.currentData(),
                                    self.free_only.isChecked())
        self._cand_count()

    def _cand_count(self) -> None:
        self.select_all.setToolTip(str(T("{n} personel tampil", "{n} people shown", n=self.cand_proxy.rowCount())))

    # ------------------------------------------------------------------ messages
    def show_banner(self, text: str | Text, error: bool = True, offer: bool = False) -> None:
        self.banner_text.setText(str(text))
        self.banner_text.setToolTip(str(text))          # the full text when two lines are not enough
        self.banner.setStyleSheet("QFrame#planning_banner { background: %s; border-radius: 4px; }"
                                  % ("#ffcdd2" if error else "#e3f2fd"))
        self.banner_apply.setVisible(offer)
        self.banner.show()
        self.ctx.statusMessage.emit(str(text))

    def hide_banner(self) -> None:
        self.banner.hide()
        self.pending_outcome = None

    def _write_failed(self, exc: Exception, trace: str) -> None:
        if isinstance(exc, UserError):
            self.show_banner(str(exc))
        else:
            self.show_banner(T("Terjadi kesalahan: {e}", "An error occurred: {e}", e=exc))

    # ------------------------------------------------------------------ writes
    def place_people(self, person_ids: list[str], post_id: str, line_id: str = "",
                     reasons: dict[str, str] | None = None) -> None:
        """Place people on a post/line in ONE transaction (all or nothing), through the guard."""
        post = self.tree_model.posts.get(post_id)
        text = T("Tempatkan {n} personel di {p}", "Place {n} people at {p}", n=len(person_ids),
                 p=post.name if post else post_id)
        self._guarded_batch(service.place_many, person_ids, post_id, line_id, reasons, text)

    def move_holders(self, assignment_ids: list[str], post_id: str, line_id: str = "",
                     reasons: dict[str, str] | None = None) -> None:
        post = self.tree_model.posts.get(post_id)
        text = T("Pindahkan {n} personel ke {p}", "Move {n} people to {p}", n=len(assignment_ids),
                 p=post.name if post else post_id)
        self._guarded_batch(service.move_many, assignment_ids, post_id, line_id, reasons, text)

    def _guarded_batch(self, use_case, keys: list[str], post_id: str, line_id: str,
                       reasons: dict[str, str] | None, text: Text) -> None:
        """`use_case(session, actor, keys, post_id, line_id, reasons)` in one transaction. When people need a
        reason, the guard names ALL of them at once (nothing written); one dialog asks, then one more write."""
        if not keys or not post_id:
            return

        def failed(exc, trace):
            if isinstance(exc, service.ReasonsRequired):
                self.ask_reasons(exc.needs, lambda given: self._guarded_batch(
                    use_case, keys, post_id, line_id, {**(reasons or {}), **given}, text))
                return
            self._write_failed(exc, trace)

        self.hide_banner()
        WriteOp(self, lambda session, actor: use_case(session, actor, keys, post_id, line_id or None, reasons),
                text).failure(failed).run()

    def ask_reasons(self, needs, then) -> ReasonsDialog:
        """One non-blocking dialog for everybody who needs a reason; `then(reasons)` on OK."""
        dialog = ReasonsDialog(needs, self)
        dialog.accepted.connect(lambda: then(dialog.reasons()))
        dialog.rejected.connect(lambda: self.show_banner(T("Dibatalkan: alasan tidak diisi.",
                                                           "Cancelled: no reason given."), error=False))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        self.reasons_dialog = dialog
        return dialog

    def remove_holders(self, assignment_ids: list[str]) -> None:
        if not assignment_ids:
            return
        text = T("Hapus {n} personel dari pos", "Remove {n} people from posts", n=len(assignment_ids))
        WriteOp(self, lambda session, actor: service.unassign_many(session, actor, assignment_ids), text) \
            .failure(self._write_failed).run()

    def set_pins(self, assignment_ids: list[str], pinned: bool) -> None:
        text = T("Patok {n} penempatan", "Pin {n} placements", n=len(assignment_ids)) if pinned else \
            T("Lepas patok {n} penempatan", "Unpin {n} placements", n=len(assignment_ids))
        WriteOp(self, lambda session, actor: service.set_pinned_many(session, actor, assignment_ids, pinned), text) \
            .failure(self._write_failed).run()

    def on_post_moved(self, post_id: str, lat: float, lng: float) -> None:
        """A post marker was dragged on the map: save it (undoable: moves back)."""
        def failed(exc, trace):
            self._write_failed(exc, trace)
            post = self.tree_model.posts.get(post_id)
            if self.map is not None and post is not None:          # put the marker back where it is saved
                self.map.move_post(post_id, post.lat, post.lon)
        post = self.tree_model.posts.get(post_id)
        WriteOp(self, lambda session, actor: post_service.move_post(session, actor, post_id, lat, lng),
                T("Geser pos {p}", "Move post {p}", p=post.name if post else post_id)).failure(failed).run()

    def _map_drop(self, payload, _lat: float, _lng: float, post_id: str) -> None:
        payload = payload if isinstance(payload, dict) else {}
        ids = payload.get("ids") or [ref for ref in (payload.get("id") or payload.get("nrp"),) if ref]   # id or NRP
        if not post_id:
            self.show_banner(T("Lepaskan personel tepat di atas penanda pos.", "Drop personnel onto a post marker."),
                             error=False)
            return
        self.place_people([str(i) for i in ids], post_id, "")

    # ------------------------------------------------------------------ keyboard alternatives
    def place_selected(self) -> None:
        people = [row.id for row in self.cand_table.selected_rows()]
        target = self.current_target()
        if not people:
            self.show_banner(T("Pilih personel di daftar terlebih dahulu.", "Select people in the list first."),
                             error=False)
            return
        if target is None:
            self.show_banner(T("Pilih pos atau baris kebutuhan di pohon rencana.",
                               "Select a post or requirement line in the plan tree."), error=False)
            return
        self.place_people(people, *target)

    def remove_selected(self) -> None:
        self.remove_holders(self.tree.selected_holders())

    def toggle_pin_selected(self) -> None:
        ids = self.tree.selected_holders()
        if not ids:
            return
        pinned = [self.tree_model.holders[a][0].pinned for a in ids if a in self.tree_model.holders]
        self.set_pins(ids, not all(pinned))

    def move_selected_dialog(self) -> None:
        ids = self.tree.selected_holders()
        if not ids:
            self.show_banner(T("Pilih personel di pohon rencana untuk dipindahkan.",
                               "Select placed people in the plan tree to move."), error=False)
            return
        choices = [(f"{e.title} — {p.name}", p.id) for e in self.plan for p in e.posts]
        labels = [c[0] for c in choices]
        label, ok = QInputDialog.getItem(self, str(T("Pindahkan ke…", "Move to…")),
                                         str(T("Pos tujuan:", "Target post:")), labels, 0, False)
        if ok and label in labels:
            self.move_holders(ids, choices[labels.index(label)][1], "")

    def _tree_menu(self, pos) -> None:
        menu = QMenu(self)
        index = self.tree.indexAt(pos)
        kind = index.siblingAtColumn(0).data(KIND_ROLE) if index.isValid() else None
        if kind == "holder":
            menu.addAction(self.pin_action)
            menu.addAction(self.remove_action)
            menu.addAction(self.move_action)
        if kind in ("post", "line") and self.cand_table.selected_rows():
            menu.addAction(self.place_action)
        if kind:
            menu.addSeparator()
            menu.addAction(self.post_actions.add_action)
            if kind in ("post", "line", "holder"):
                menu.addAction(self.post_actions.edit_action)
                menu.addAction(self.post_actions.delete_action)
            menu.addSeparator()
            menu.addAction(self.fill_event_action)
            menu.addAction(self.log_action)
        menu.addAction(self.fill_day_action)
        menu.popup(self.tree.viewport().mapToGlobal(pos))

    def _cand_menu(self, pos) -> None:
        menu = QMenu(self)
        menu.addAction(self.place_action)
        menu.addAction(str(T("Pilih semua yang tampil", "Select all shown")), self.cand_table.selectAll)
        menu.popup(self.cand_table.viewport().mapToGlobal(pos))

    # ------------------------------------------------------------------ undo / redo
    def undo(self) -> None:
        self.ctx.undo()

    def redo(self) -> None:
        self.ctx.redo()

    def _update_actions(self, *_args) -> None:
        try:
            self._update_actions_now()
        except RuntimeError:          # signals emitted while the view is being destroyed
            pass

    def _update_actions_now(self) -> None:
        busy = self.ctx.busy
        self.undo_action.setEnabled(not busy and self.undo_stack.canUndo())
        self.redo_action.setEnabled(not busy and self.undo_stack.canRedo())
        self.undo_action.setToolTip(str(T("Urungkan: {t} (Ctrl+Z)", "Undo: {t} (Ctrl+Z)", t=self.undo_stack.undoText())))
        self.redo_action.setToolTip(str(T("Ulangi: {t} (Ctrl+Shift+Z)", "Redo: {t} (Ctrl+Shift+Z)",
                                          t=self.undo_stack.redoText())))
        running = self.autofill.running
        self.fill_event_action.setEnabled(not running)
        self.fill_day_action.setEnabled(not running)

    # ------------------------------------------------------------------ auto-fill
    def start_autofill(self, scope: str = "day") -> None:
        if self.autofill.running:
            return
        self.hide_banner()
        if scope == "event":
            event_id = self.current_event_id() or (self.plan[0].id if len(self.plan) == 1 else None)
            if not event_id:
                self.show_banner(T("Pilih kegiatan di pohon rencana.", "Select an event in the plan tree."), error=False)
                return
            event = self.tree_model.events.get(event_id)
            scope_text = str(T("kegiatan {e}", "event {e}", e=event.title if event else event_id))
            kwargs = {"event_ids": [event_id]}
        else:
            if self.day is None:
                return
            scope_text = str(T("hari {d}", "day {d}", d=format_date(self.day)))
            kwargs = {"day": self.day}
        self.autofill.time_limit = float(self.limit.value())
        self.progress.setValue(0)
        self.progress_label.setText(str(T("Isi otomatis {s}: menyiapkan…", "Auto-fill {s}: preparing…", s=scope_text)))
        self._autofill_scope = scope_text
        self.status_note.hide()
        self.progress_box.show()
        self.cancel_button.setEnabled(True)
        self.autofill.start(scope_text=scope_text, **kwargs)
        self._update_actions()

    def cancel_autofill(self) -> None:
        self.cancel_button.setEnabled(False)
        self.progress_label.setText(str(T("Menghentikan…", "Stopping…")))
        self.autofill.cancel()

    def _autofill_progress(self, fraction: float, best_cost: float, phase: str) -> None:
        self.progress.setValue(int(max(0.0, min(1.0, fraction)) * 1000))
        if self.cancel_button.isEnabled():
            step = (T("menyusun rencana awal", "drafting a first plan") if fraction < 0.2
                    else T("memperbaiki susunan", "improving the plan"))
            self.progress_label.setText(str(T("Isi otomatis {s}: {step}… {p}%", "Auto-fill {s}: {step}… {p}%",
                                              s=self._autofill_scope, step=step, p=int(fraction * 100))))

    def _autofill_failed(self, exc, trace) -> None:
        self.progress_box.hide()
        self.status_note.show()
        self._update_actions()
        self._write_failed(exc, trace)

    def _autofill_done(self, outcome: AutoFillOutcome) -> None:
        self.progress_box.hide()
        self.status_note.show()
        self._update_actions()
        self.last_outcome = outcome
        if outcome.result is None:
            self.show_banner(T("Isi otomatis dibatalkan sebelum ada hasil.", "Auto-fill cancelled before any result."),
                             error=False)
            return
        if outcome.cancelled:
            self.pending_outcome = outcome
            self.show_banner(T("Isi otomatis dihentikan. Hasil terbaik sejauh ini: {f} dari {n} kursi. Terapkan?",
                               "Auto-fill stopped. Best so far: {f} of {n} seats. Apply it?",
                               f=outcome.filled, n=outcome.slots), error=False, offer=True)
            self.pending_outcome = outcome
            return
        self.apply_outcome(outcome)

    def apply_pending_outcome(self) -> None:
        outcome = self.pending_outcome
        self.banner.hide()
        self.pending_outcome = None
        if outcome is not None:
            self.apply_outcome(outcome)

    def apply_outcome(self, outcome: AutoFillOutcome) -> None:
        """Write the result in ONE transaction (pins kept) and push ONE undo command."""
        built, result = outcome.built, outcome.result

        def done(changes):
            self._show_unfilled(outcome, changes)

        text = T("Isi otomatis {s}", "Auto-fill {s}", s=outcome.scope_text)
        self._fill_action_text = str(text)
        WriteOp(self, lambda session, actor: apply_result(session, actor, built, result),
                text).success(done).failure(self._write_failed).run()

    def _show_unfilled(self, outcome: AutoFillOutcome, changes: Changes) -> None:
        entries = []
        lines = self.tree_model.lines
        for item in outcome.result.get("unfilled", []):
            line_id = outcome.built.slot_line.get(item.get("slot", ""))
            line, post = lines.get(line_id, (None, None))
            entries.append((post.name if post else item.get("slot", ""), line_text(line) if line else "",
                            item.get("reason_id", item.get("reason", "")), item.get("reason", "")))
        summary = T("Isi otomatis {s}: {f} dari {n} kursi terisi dalam {t} detik ({c}). {u} kursi belum terisi. "
                    "Mutu: {q}.",
                    "Auto-fill {s}: {f} of {n} seats filled in {t} s ({c}). {u} seats still empty. Quality: {q}.",
                    s=outcome.scope_text, f=format_number(outcome.filled), n=format_number(outcome.slots),
                    t=format_number(outcome.seconds, 1),
                    c=changes.note, u=len(entries), q=gap_words(outcome.result))
        self.unfilled.set_entries(entries, summary)
        self.status_note.setText(str(summary))        # not the banner: no re-layout of the map right now
        self.status_note.setToolTip(str(summary))
        self.ctx.statusMessage.emit(str(summary))
        if entries:
            self.tabs.setCurrentWidget(self.unfilled)

    def _history_stepped(self, action: str, undoing: bool) -> None:
        """After an undo/redo the status line says so (the board's figures are reloaded from the Changes);
        an undone fill's list of empty seats no longer describes the board and is cleared."""
        if not shiboken6.isValid(self):
            return
        text = str(T("Diurungkan: {a}", "Undone: {a}", a=action) if undoing
                   else T("Diulangi: {a}", "Redone: {a}", a=action))
        self.status_note.setText(text)
        self.status_note.setToolTip(text)
        if undoing and action == self._fill_action_text:
            self.unfilled.set_entries([], "")

    # ------------------------------------------------------------------ log
    def open_log(self) -> EventLogDialog | None:
        event_id = self.current_event_id() or (self.plan[0].id if self.plan else None)
        if not event_id:
            return None
        event = self.tree_model.events.get(event_id)
        dialog = EventLogDialog(self.ctx, event_id, event.title if event else event_id, self,
                                number=event.number if event else "")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        self.log_dialog = dialog
        return dialog

    # ------------------------------------------------------------------ language
    def on_changes(self, changes: Changes) -> None:
        if not shiboken6.isValid(self):
            return
        if self.loaded and changes.entities() & MAP_ENTITIES:
            self._map_loaded = False            # boundaries, layers or basemap changed: rebuild the map page now
            self.refresh()
            return
        self.refresh(posts_touched(changes))

    def retranslate(self) -> None:
        if not shiboken6.isValid(self):       # a closed board still listening to the global language signal
            return
        self.day_label.setText(str(T("Hari: ", "Day: ")))
        self.post_actions.retranslate()
        texts = {
            self.undo_action: T("Urungkan", "Undo"), self.redo_action: T("Ulangi", "Redo"),
            self.place_action: T("Tempatkan (Ctrl+Enter)", "Place (Ctrl+Enter)"),
            self.remove_action: T("Hapus dari pos (tombol Del)", "Remove from post (Del key)"),
            self.move_action: T("Pindahkan ke…", "Move to…"),
            self.pin_action: T("Patok / lepas patok (Spasi)", "Pin / unpin (Space)"),
            self.fill_event_action: T("Isi otomatis: kegiatan ini", "Auto-fill: this event"),
            self.fill_day_action: T("Isi otomatis: hari ini", "Auto-fill: this day"),
            self.log_action: T("Log penugasan", "Assignment log"),
        }
        short = {
            self.place_action: T("Tempatkan", "Place"), self.remove_action: T("Hapus", "Remove"),
            self.move_action: T("Pindahkan…", "Move…"), self.pin_action: T("Patok", "Pin"),
            self.fill_event_action: T("Isi kegiatan", "Fill event"), self.fill_day_action: T("Isi hari ini", "Fill day"),
            self.log_action: T("Log", "Log"),
        }
        for act, text in texts.items():
            act.setText(str(text))
            act.setIconText(str(short.get(act, text)))
            act.setToolTip(str(text))
        self.limit_label.setText(str(T(" Batas waktu ", " Time limit ")))
        if self.map is None and shiboken6.isValid(self.map_placeholder):
            self.map_placeholder.setText(str(T("Peta dimuat saat papan ditampilkan…", "The map loads when the board is shown…")))
        self.banner_apply.setText(str(T("Terapkan", "Apply")))
        self.cancel_button.setText(str(T("Batal", "Cancel")))
        self.tabs.setTabText(0, str(T("Saran", "Suggestions")))
        self.tabs.setTabText(1, str(T("Papan kekuatan", "Strength board")))
        self.tabs.setTabText(2, str(T("Belum terisi", "Unfilled")))
        self.cand_search.setPlaceholderText(str(T("Cari NRP, nama, satuan, fungsi…", "Search NRP, name, unit, function…")))
        self.free_only.setText(str(T("Hanya yang siap", "Free only")))
        self.select_all.setText(str(T("Pilih semua", "Select all")))
        self.place_button.setText(str(T("Tempatkan", "Place")))
        self.place_button.setToolTip(str(T("Tempatkan personel terpilih di pos/baris terpilih (Ctrl+Enter)",
                                           "Place the selected people on the selected post/line (Ctrl+Enter)")))
        current = self.function_filter.currentData()
        self.function_filter.blockSignals(True)
        self.function_filter.clear()
        self.function_filter.addItem(str(T("Semua fungsi", "All functions")), None)
        for term in FUNCTIONS:
            self.function_filter.addItem(term.label(current_language()), term.code)
        self.function_filter.setCurrentIndex(max(0, self.function_filter.findData(current)) if current else 0)
        self.function_filter.blockSignals(False)
        if self.unit_filter.count():
            self.unit_filter.setItemText(0, str(T("Semua satuan", "All units")))
        self.cand_model.retranslate()
        self.cand_proxy._index_rows()
        self.strength.retranslate()
        self.unfilled.retranslate()
        self.suggestions.retranslate()
        if self.plan:
            self._show_plan()
        self._update_window_label()
        self._update_actions()
        if self.loaded and self.with_map and self._map_loaded:
            self._map_loaded = False            # legend, layer names, popups: the map page is built in one language
            if self.is_hidden_page():
                self.stale = True
            else:
                self.refresh()
