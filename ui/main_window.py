"""The main window: navigation, lazily built views, status bar, language, idle lock, remembered state."""
from __future__ import annotations

import importlib
from pathlib import Path

import shiboken6
from PySide6.QtCore import QByteArray, QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMainWindow,
                               QStackedWidget, QWidget)

from antasena_desktop import preferences
from antasena_desktop.i18n import T, UserError, current_language, set_language
from antasena_desktop.services import settings as settings_service
from antasena_desktop.services import system as system_service
from antasena_desktop.services.security import ROLE_LABELS, SYSTEM
from ui.context import AppContext
from ui.icons import icon
from ui.ops import ReadOp, WriteOp, error_text, show_failure
from ui.undo import drop_view_shortcuts

# (key, module, class): the main views, in navigation order. Built on first visit.
VIEWS = [
    ("dashboard", "ui.views.dashboard", "DashboardView"),
    ("events", "ui.views.events", "EventsView"),
    ("personnel", "ui.views.personnel", "PersonnelView"),
    ("planning", "ui.views.planning", "PlanningView"),
    ("sprin", "ui.views.sprin", "SprinView"),
    ("settings", "ui.views.settings_view", "SettingsView"),
]


class _ActivityFilter(QObject):
    """Any key, click or wheel in the main window restarts the idle timer.

    Installed on the window's QWindow, not on the QApplication: an application-wide Python event
    filter is called for objects still under construction (e.g. QtWebEngine's request jobs), and
    PySide crashes wrapping them. Child of the window: it goes away with it."""

    def __init__(self, on_activity, parent: QObject):
        super().__init__(parent)
        self.on_activity = on_activity

    def eventFilter(self, _obj, event) -> bool:  # noqa: N802
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel):
            self.on_activity()
        return False


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, preferences_file: Path | None = None):
        """`preferences_file`: this desk's preferences (default: the OS config folder)."""
        super().__init__()
        self.ctx = ctx
        from ui.qt_catalogue import apply_qt_language
        apply_qt_language()                      # Qt's own buttons and dialogs in the chosen language
        self.preferences_file = preferences_file or preferences.preferences_path()
        self.setObjectName("main_window")
        self.setMinimumSize(QSize(1100, 700))
        self.views: dict[str, QWidget] = {}
        self.classes = {key: (module, cls) for key, module, cls in VIEWS}
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(200)
        self.nav.setIconSize(QSize(20, 20))
        self.stack = QStackedWidget()
        for key, _module, _cls in VIEWS:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(self.show_view_at)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.db_label, self.user_label, self.net_label = QLabel(), QLabel(), QLabel()
        self.net_label.setObjectName("network_status")
        self.demo_label = QLabel()
        self.demo_label.setObjectName("demo_marker")
        self.demo_label.setStyleSheet("background: #fff3cd; color: #7a5b00; padding: 0 6px; font-weight: bold")
        self.demo_label.setVisible(False)
        self.server_label = QLabel()
        self.server_label.setObjectName("server_status")
        self.server_label.setVisible(not ctx.database.is_sqlite)
        for label in (self.demo_label, self.db_label, self.server_label, self.user_label, self.net_label):
            self.statusBar().addPermanentWidget(label)
        from ui.sync import DeskSyncController, is_replica
        self.sync_label = QLabel()
        self.desk_sync = DeskSyncController(ctx, self.sync_label, self) if is_replica(ctx) else None   # issue 17
        if self.desk_sync is not None:
            self.statusBar().addPermanentWidget(self.sync_label)
        from ui.live import LiveRefresh
        self.live = LiveRefresh(ctx, self)          # other desks' changes refresh the open views
        self.live.linkChanged.connect(lambda _up, _why: self._show_server_state())
        ctx.statusMessage.connect(self._show_status)
        self.busy_label = QLabel()
        self.busy_label.setObjectName("busy_status")
        self.busy_label.setStyleSheet("color: #9a6700; padding: 0 6px")
        self.statusBar().addPermanentWidget(self.busy_label)
        ctx.busyChanged.connect(self._show_busy)         # undo/redo of a fill can take seconds: say so
        ctx.busyTextChanged.connect(self._show_busy_text)  # "Mengurungkan: …" rather than "Menyimpan…"
        ctx.languageChanged.connect(self._language_changed)
        ctx.languageChanged.connect(lambda code: apply_qt_language(code))   # Qt's own strings follow
        self._build_menu()
        self._network_watch()
        self._idle_setup()
        self._backup_schedule()
        self.retranslate()
        self.restore_state()
        self.settings_loaded = False
        ReadOp(self, settings_service.load).success(self._apply_settings).run()
        if self.desk_sync is not None:
            self.desk_sync.start()

    def _apply_settings(self, settings) -> None:
        """Shared operational settings, read once off the UI thread: demo marker, idle lock, backups."""
        self.demo_label.setVisible(settings.demo)
        self.idle_timer.setInterval(max(1, settings.idle_lock_minutes) * 60 * 1000)
        if not self.locked:
            self.idle_timer.start()
        self.backup_timer.setInterval(max(1, settings.backup_every_hours) * 3600 * 1000)
        if self.ctx.database.is_sqlite and settings.backup_every_hours > 0:
            self.backup_timer.start()
        self.settings_loaded = True

    # ---- views
    def view(self, key: str) -> QWidget:
        if key not in self.views:
            module, cls = self.classes[key]
            widget = getattr(importlib.import_module(module), cls)(self.ctx)
            widget.setObjectName(f"view_{key}")
            drop_view_shortcuts(widget)            # Ctrl+Z belongs to the Edit menu here
            self.views[key] = widget
            self.stack.addWidget(widget)
            widget.refresh()
        return self.views[key]

    def show_view(self, key: str) -> QWidget:
        keys = [k for k, _m, _c in VIEWS]
        if self.nav.currentRow() != keys.index(key):
            self.nav.setCurrentRow(keys.index(key))
        return self.views[key]

    def show_view_at(self, row: int) -> None:
        if row < 0:
            return
        leaving = self.stack.currentWidget()
        key = VIEWS[row][0]
        if leaving is not None and leaving is not self.views.get(key) and hasattr(leaving, "can_leave") \
                and not leaving.can_leave():
            back = next(i for i, (k, _m, _c) in enumerate(VIEWS) if self.views.get(k) is leaving)
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(back)              # the operator chose to stay
            self.nav.blockSignals(False)
            return
        self.stack.setCurrentWidget(self.view(key))

    # ---- chrome
    def _build_menu(self) -> None:
        self.file_menu = self.menuBar().addMenu("")
        self.quit_action = QAction(self)
        self.quit_action.setShortcut("Ctrl+Q")
        self.quit_action.triggered.connect(self.close)
        self.lock_action = QAction(self)
        self.lock_action.setShortcut("Ctrl+L")
        self.lock_action.triggered.connect(lambda _checked=False: self.lock(manual=True))
        self.connect_action = QAction(self)
        self.connect_action.triggered.connect(self.connect_server)
        self.file_menu.addAction(self.connect_action)
        self.conflicts_action = QAction(self)
        self.conflicts_action.triggered.connect(self.open_conflicts)
        if self.desk_sync is not None:
            self.file_menu.addAction(self.conflicts_action)
        self.file_menu.addAction(self.lock_action)
        self.file_menu.addAction(self.quit_action)
        self._build_edit_menu()
        self.language_menu = self.menuBar().addMenu("")
        group = QActionGroup(self)
        self.language_actions = {}
        for code, label in (("id", "Bahasa Indonesia"), ("en", "English")):
            action = QAction(label, self, checkable=True)
            action.setChecked(current_language() == code)
            action.triggered.connect(lambda _c=False, code=code: self.choose_language(code))
            group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[code] = action
        self._build_portal_menu()

    def _build_portal_menu(self) -> None:
        """Portal: the stakeholder portal's switch (a child process) and its window (server, news, accounts)."""
        self.portal_menu = self.menuBar().addMenu("")
        self.portal_window = None
        self.portal_run_action = QAction(self, checkable=True)
        self.portal_run_action.setObjectName("portal_run_action")
        self.portal_run_action.toggled.connect(lambda on: self.portal().server.toggle(on))
        self.portal_window_action = QAction(self)
        self.portal_window_action.setObjectName("portal_window_action")
        self.portal_window_action.triggered.connect(self.open_portal)
        self.portal_menu.addAction(self.portal_run_action)
        self.portal_menu.addAction(self.portal_window_action)

    def portal(self):
        """The portal window (built on first use; kept, hidden, while the desk runs: its server lives with it)."""
        if self.portal_window is None:
            from ui.portal import PortalServer, PortalWindow
            server = PortalServer(self.ctx.database.url)
            server.stateChanged.connect(self._portal_state)
            self.portal_window = PortalWindow(self.ctx, server, self)
        return self.portal_window

    def open_portal(self) -> None:
        window = self.portal()
        window.show()
        window.raise_()

    def _portal_state(self, running: bool) -> None:
        self.portal_run_action.blockSignals(True)
        self.portal_run_action.setChecked(running)
        self.portal_run_action.blockSignals(False)

    def _build_edit_menu(self) -> None:
        """Edit: undo/redo of the one app-wide history (refused while a write is pending)."""
        self.edit_menu = self.menuBar().addMenu("")
        stack = self.ctx.undo_stack
        self.undo_action = QAction(self)
        self.undo_action.setObjectName("undo_action")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.triggered.connect(self.ctx.undo)
        self.redo_action = QAction(self)
        self.redo_action.setObjectName("redo_action")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.redo_action.triggered.connect(self.ctx.redo)
        for action in (self.undo_action, self.redo_action):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.edit_menu.addAction(action)
            self.addAction(action)
        for signal in (stack.canUndoChanged, stack.canRedoChanged, stack.undoTextChanged, stack.redoTextChanged,
                       self.ctx.busyChanged):
            signal.connect(self._update_undo_actions)

    def _update_undo_actions(self, *_args) -> None:
        stack, busy = self.ctx.undo_stack, self.ctx.busy
        if not (shiboken6.isValid(stack) and shiboken6.isValid(self.undo_action)):
            return                                   # the context is going away (end of the session)
        self.undo_action.setEnabled(stack.canUndo() and not busy)
        self.redo_action.setEnabled(stack.canRedo() and not busy)
        undo_text, redo_text = stack.undoText(), stack.redoText()
        self.undo_action.setText(str(T("Urungkan {a}", "Undo {a}", a=undo_text)) if undo_text
                                 else str(T("Urungkan", "Undo")))
        self.redo_action.setText(str(T("Ulangi {a}", "Redo {a}", a=redo_text)) if redo_text
                                 else str(T("Ulangi", "Redo")))

    def _show_busy(self, busy: bool) -> None:
        from PySide6.QtGui import QGuiApplication
        self.busy_label.setText((self.ctx.busy_text or str(T("Menyimpan…", "Saving…"))) if busy else "")
        if busy:
            if QGuiApplication.overrideCursor() is None:
                QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        elif QGuiApplication.overrideCursor() is not None:
            QGuiApplication.restoreOverrideCursor()

    def _show_busy_text(self, _text: str) -> None:
        self._show_busy(self.ctx.busy)

    def choose_language(self, code: str) -> None:
        """A desk preference: remembered on this computer, not in the shared database."""
        set_language(code)
        prefs = preferences.load(self.preferences_file)
        prefs.language = code
        preferences.save(prefs, self.preferences_file)

    def _show_status(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def _language_changed(self, _language: str) -> None:
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(str(T("Antasena Desktop — Bag Ops Polrestabes Palembang",
                                  "Antasena Desktop — Operations, Palembang City Police")))
        titles = {"dashboard": T("Dasbor", "Dashboard"), "events": T("Kegiatan", "Events"),
                  "personnel": T("Personel", "Personnel"), "planning": T("Peta & Plotting", "Map & Plotting"),
                  "sprin": T("Sprin", "Orders (Sprin)"), "settings": T("Pengaturan", "Settings")}
        icons = {"dashboard": "fa5s.tachometer-alt", "events": "fa5s.calendar-alt", "personnel": "fa5s.users",
                 "planning": "fa5s.map-marked-alt", "sprin": "fa5s.file-signature", "settings": "fa5s.cog"}
        for row in range(self.nav.count()):
            item = self.nav.item(row)
            key = item.data(Qt.ItemDataRole.UserRole)
            item.setText(str(titles[key]))
            item.setIcon(icon(icons[key]))
        self.file_menu.setTitle(str(T("&Berkas", "&File")))
        self.quit_action.setText(str(T("Keluar", "Quit")))
        self.conflicts_action.setText(str(T("Kotak konflik sinkron…", "Sync conflict inbox…")))
        self.lock_action.setText(str(T("Kunci layar", "Lock screen")))
        self.connect_action.setText(str(T("Sambungkan ke server…", "Connect to a server…")))
        self.language_menu.setTitle(str(T("&Bahasa", "&Language")))
        self.edit_menu.setTitle(str(T("&Sunting", "&Edit")))
        self.portal_menu.setTitle(str(T("&Portal", "&Portal")))
        self.portal_run_action.setText(str(T("Portal berjalan (nyalakan/matikan)", "Portal running (start/stop)")))
        self.portal_window_action.setText(str(T("Portal pemangku kepentingan…", "Stakeholder portal…")))
        self._update_undo_actions()
        for code, action in self.language_actions.items():
            action.setChecked(code == current_language())
        self.db_label.setText(str(T("Basis data: {d}", "Database: {d}", d=self.ctx.database.describe())))
        self.demo_label.setText(str(T("DATA DEMO", "DEMO DATA")))
        self.user_label.setText(str(T("Pengguna: {u} ({r})", "User: {u} ({r})", u=self.ctx.actor.username,
                                      r=ROLE_LABELS[self.ctx.actor.role])))
        self._show_network_state()
        self._show_server_state()

    # ---- the shared server (PostgreSQL): which one, and is it reachable
    def connect_server(self):
        from ui.dialogs.connect_server import ConnectServerDialog
        dialog = ConnectServerDialog(self, self.preferences_file)
        dialog.setModal(True)
        dialog.show()
        return dialog

    def open_conflicts(self):
        from ui.dialogs.conflicts import ConflictInbox
        dialog = ConflictInbox(self)
        dialog.show()
        return dialog

    def _show_server_state(self) -> None:
        if self.ctx.database.is_sqlite:
            return
        url = self.ctx.database.engine.url
        where = f"{url.host or url.query.get('host', 'lokal')}/{url.database}"
        if self.live.connected is None:
            text, color = T("Server {s}: menyambung…", "Server {s}: connecting…", s=where), "#666"
        elif self.live.connected:
            text, color = T("Server {s}: terhubung", "Server {s}: connected", s=where), "#2e7d32"
        else:
            text, color = T("Server {s}: tidak terjangkau", "Server {s}: unreachable", s=where), "#b71c1c"
        self.server_label.setText(str(text))
        self.server_label.setStyleSheet(f"color: {color}")

    # ---- network state (no probing of outside addresses: the OS tells us)
    def _network_watch(self) -> None:
        self.network_info = None
        try:
            from PySide6.QtNetwork import QNetworkInformation
            if QNetworkInformation.loadDefaultBackend():
                self.network_info = QNetworkInformation.instance()
                self.network_info.reachabilityChanged.connect(lambda _r: self._show_network_state())
        except Exception:
            self.network_info = None

    def is_online(self) -> bool | None:
        if self.network_info is None:
            return None
        from PySide6.QtNetwork import QNetworkInformation
        return self.network_info.reachability() == QNetworkInformation.Reachability.Online

    def _show_network_state(self) -> None:
        online = self.is_online()
        if online is None:
            text, color = T("Jaringan: tidak diketahui", "Network: unknown"), "#666"
        elif online:
            text, color = T("Daring", "Online"), "#2e7d32"
        else:
            text, color = T("Luring — peta dan data tetap bekerja", "Offline — map and data keep working"), "#b71c1c"
        self.net_label.setText(str(text))
        self.net_label.setStyleSheet(f"color: {color}")

    # ---- idle lock
    def _idle_setup(self, minutes: int = 30) -> None:
        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.setInterval(max(1, minutes) * 60 * 1000)
        self.idle_timer.timeout.connect(self.lock)
        self.activity = _ActivityFilter(self.idle_timer.start, self)
        self.idle_timer.start()
        self.locked = False

    def lock(self, manual: bool = False) -> bool:
        """Hide the work and ask the same user's password again; quit if they cancel. `manual`: Ctrl+L, not idle."""
        if self.locked:
            return False
        from ui.dialogs.login import LoginDialog
        self.locked = True
        self.centralWidget().hide()
        dialog = LoginDialog(self.ctx.database, self, locked_user=self.ctx.actor.username, locked_manually=manual)
        dialog.setObjectName("lock_dialog")
        self.lock_dialog = dialog
        ok = dialog.exec() == LoginDialog.DialogCode.Accepted
        self.lock_dialog = None
        self.locked = False
        if not ok:
            self.close()
            return False
        self.centralWidget().show()
        self.idle_timer.start()
        return True

    # ---- scheduled backups (SQLite), on the writer thread
    def _backup_schedule(self) -> None:
        """Started by `_apply_settings` once the interval is known."""
        self.backup_timer = QTimer(self)
        self.backup_timer.timeout.connect(self.scheduled_backup)

    def scheduled_backup(self) -> WriteOp:
        """A failure is logged and shown (status bar and a dialog when the window is visible)."""
        def failed(exc, trace):
            self.last_backup_error = exc
            show_failure(self, UserError(T("Cadangan terjadwal gagal: {e}", "Scheduled backup failed: {e}",
                                           e=error_text(exc))), trace, self.ctx)
        return WriteOp(self, lambda database, _actor: system_service.backup_now(database, SYSTEM, reason="terjadwal"),
                       whole_database=True).failure(failed).run()

    # ---- window state
    def restore_state(self) -> None:
        prefs = preferences.load(self.preferences_file)
        if prefs.window_geometry:
            self.restoreGeometry(QByteArray.fromBase64(prefs.window_geometry.encode("ascii")))
        if prefs.window_state:
            self.restoreState(QByteArray.fromBase64(prefs.window_state.encode("ascii")))
        last = prefs.last_view
        keys = [k for k, _m, _c in VIEWS]
        self.nav.setCurrentRow(keys.index(last) if last in keys else 0)

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        handle = self.windowHandle()
        if handle is not None and not getattr(self, "_activity_installed", False):
            handle.installEventFilter(self.activity)
            self._activity_installed = True

    def closeEvent(self, event) -> None:  # noqa: N802
        prefs = preferences.load(self.preferences_file)
        prefs.window_geometry = bytes(self.saveGeometry().toBase64()).decode("ascii")
        prefs.window_state = bytes(self.saveState().toBase64()).decode("ascii")
        row = self.nav.currentRow()
        if row >= 0:
            prefs.last_view = VIEWS[row][0]
        preferences.save(prefs, self.preferences_file)
        self.live.stop()                       # no new poll of the change log starts while we wait
        if self.desk_sync is not None:
            self.desk_sync.stop()
        if self.portal_window is not None:
            self.portal_window.server.shutdown()
        self.ctx.runner.wait_all(10000)
        super().closeEvent(event)
