"""The WBS desk's main window: navigation by role, lazily built views, reminders, language, lock."""
from __future__ import annotations

import importlib

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QMainWindow, QStackedWidget,
                               QVBoxLayout, QWidget)

from antasena_desktop.i18n import T, current_language, set_language
from ui.icons import icon
from ui.wbs.labels import role_label

# (key, module, class, icon): the WBS views in navigation order; each class says which
# permission it needs (`permission`), entries the role lacks are not shown. Built on first visit.
VIEWS = [
    ("dashboard", "ui.wbs.dashboard", "WbsDashboardView", "fa5s.chart-bar"),
    ("cases", "ui.wbs.cases", "CasesView", "fa5s.folder-open"),
    ("due", "ui.wbs.due", "DueView", "fa5s.hourglass-half"),
    ("identity", "ui.wbs.identity", "IdentityRequestsView", "fa5s.user-secret"),
    ("access", "ui.wbs.access", "AccessHistoryView", "fa5s.history"),
    ("accounts", "ui.wbs.accounts", "AccountsView", "fa5s.users-cog"),
    ("health", "ui.wbs.health_view", "HealthView", "fa5s.heartbeat"),
    ("settings", "ui.wbs.settings_view", "WbsSettingsView", "fa5s.cog"),
    ("print", "ui.wbs.print_view", "WbsPrintView", "fa5s.print"),
    ("channel", "ui.wbs.channel", "ChannelView", "fa5s.broadcast-tower"),
]

TITLES = {
    "dashboard": T("Dasbor", "Dashboard"),
    "cases": T("Kasus", "Cases"),
    "due": T("Jatuh tempo", "Due dates"),
    "identity": T("Pembukaan identitas", "Identity release"),
    "access": T("Riwayat akses", "Access history"),
    "accounts": T("Akun", "Accounts"),
    "health": T("Kesehatan sistem", "System health"),
    "settings": T("Pengaturan", "Settings"),
    "print": T("Cetak", "Print"),
    "channel": T("Kanal Pelaporan", "Reporting channel"),
}

REMINDER_EVERY_MS = 15 * 60 * 1000
IDLE_LOCK_MINUTES = 10          # an unattended WBS desk locks and drops its keys


def _view_class(module: str, cls: str):
    return getattr(importlib.import_module(module), cls)


def visible_views(actor) -> list[str]:
    """The navigation entries this actor's role may use (the services check again on every call)."""
    from ui.wbs.labels import can
    keys = []
    for key, module, cls, _icon in VIEWS:
        permission = getattr(_view_class(module, cls), "permission", None)
        if permission is None or can(actor, permission):
            keys.append(key)
    return keys


class WbsMainWindow(QMainWindow):
    def __init__(self, ctx, qsettings: QSettings | None = None):
        super().__init__()
        self.ctx = ctx
        self.qsettings = qsettings or QSettings("BagOpsPolrestabesPalembang", "AntasenaWbs")
        self.setObjectName("wbs_main_window")
        self.setMinimumSize(QSize(1100, 700))
        self.views: dict[str, QWidget] = {}
        self.classes = {key: (module, cls, icon_name) for key, module, cls, icon_name in VIEWS}
        self.keys = visible_views(ctx.actor)
        self.nav = QListWidget()
        self.nav.setObjectName("wbs_navigation")
        self.nav.setFixedWidth(210)
        self.nav.setIconSize(QSize(20, 20))
        for key in self.keys:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.nav.addItem(item)
        self.stack = QStackedWidget()
        self.reminder = QLabel()
        self.reminder.setObjectName("wbs_reminder")
        self.reminder.setWordWrap(True)
        self.reminder.setStyleSheet("background: #fff3cd; color: #7a5b00; border: 1px solid #e0c36a; padding: 6px")
        self.reminder.hide()
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.reminder)
        right_layout.addWidget(self.stack, 1)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.nav)
        layout.addWidget(right, 1)
        self.setCentralWidget(central)
        self.nav.currentRowChanged.connect(self.show_view_at)
        self.db_label, self.user_label = QLabel(), QLabel()
        for label in (self.db_label, self.user_label):
            self.statusBar().addPermanentWidget(label)
        # methods, not lambdas: Qt drops the connections with the window
        ctx.statusMessage.connect(self._show_status)
        ctx.languageChanged.connect(self._language_changed)
        ctx.published.connect(self._published)
        self._build_menu()
        self.due_count: tuple[int, int] | None = None
        self.reminder_timer = QTimer(self)
        self.reminder_timer.setInterval(REMINDER_EVERY_MS)
        self.reminder_timer.timeout.connect(self.check_reminders)
        self.reminder_timer.start()
        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.setInterval(IDLE_LOCK_MINUTES * 60 * 1000)
        self.idle_timer.timeout.connect(self.lock)
        from ui.main_window import _ActivityFilter
        self.activity = _ActivityFilter(self.idle_timer.start, self)
        self.idle_timer.start()
        self.locked = False
        self.retranslate()
        self.restore_state()
        self.check_reminders()

    # ---- views
    def view(self, key: str) -> QWidget:
        if key not in self.views:
            module, cls, _icon = self.classes[key]
            widget = _view_class(module, cls)(self.ctx)
            widget.setObjectName(f"wbs_view_{key}")
            self.views[key] = widget
            self.stack.addWidget(widget)
            if hasattr(widget, "open_case_requested"):
                widget.open_case_requested.connect(self.open_case)
            widget.refresh()
        return self.views[key]

    def show_view(self, key: str) -> QWidget:
        row = self.keys.index(key)
        if self.nav.currentRow() != row:
            self.nav.setCurrentRow(row)
        return self.views[key]

    def show_view_at(self, row: int) -> None:
        if 0 <= row < len(self.keys):
            self.stack.setCurrentWidget(self.view(self.keys[row]))

    def open_case(self, case_id: str) -> None:
        """From the due list, the dashboard or a reminder: show the case in Kasus."""
        if "cases" in self.keys:
            self.show_view("cases").select_case(case_id)

    def _show_status(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def _language_changed(self, _code: str) -> None:
        self.retranslate()

    def _published(self, _changes, _initiator) -> None:
        self.check_reminders()

    # ---- reminders on the desk (metadata only: counts of due and overdue cases)
    def check_reminders(self) -> None:
        if "due" not in self.keys:
            return
        from ui.ops import ReadOp
        from ui.wbs.due import due_counts
        actor = self.ctx.actor
        # a failure is left to the due list, which shows it in words
        ReadOp(self, lambda session: due_counts(session, actor)).success(self._show_reminder) \
            .failure(lambda *_: None).run()

    def _show_reminder(self, counts: tuple[int, int]) -> None:
        self.due_count = counts
        overdue, soon = counts
        if not overdue and not soon:
            self.reminder.hide()
            return
        self.reminder.setText(str(T(
            "Pengingat: {o} kasus melewati jatuh tempo dan {s} kasus jatuh tempo dalam 3 hari kerja. "
            "Lihat menu Jatuh tempo.",
            "Reminder: {o} cases are overdue and {s} cases fall due within 3 working days. See Due dates.",
            o=overdue, s=soon)))
        self.reminder.show()

    # ---- chrome
    def _build_menu(self) -> None:
        self.file_menu = self.menuBar().addMenu("")
        self.lock_action = QAction(self)
        self.lock_action.setShortcut("Ctrl+L")
        self.lock_action.triggered.connect(self.lock)
        self.quit_action = QAction(self)
        self.quit_action.setShortcut("Ctrl+Q")
        self.quit_action.triggered.connect(self.close)
        self.password_action = QAction(self)
        self.password_action.triggered.connect(self.change_password)
        self.file_menu.addAction(self.password_action)
        self.file_menu.addAction(self.lock_action)
        self.file_menu.addAction(self.quit_action)
        self.language_menu = self.menuBar().addMenu("")
        group = QActionGroup(self)
        self.language_actions = {}
        for code, label in (("id", "Bahasa Indonesia"), ("en", "English")):
            action = QAction(label, self, checkable=True)
            action.setChecked(current_language() == code)
            action.triggered.connect(lambda _c=False, code=code: set_language(code))
            group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[code] = action

    def retranslate(self) -> None:
        self.setWindowTitle(str(T("Antasena WBS — Inspektorat Daerah Kota Palembang",
                                  "Antasena WBS — Palembang City Inspectorate")))
        for row in range(self.nav.count()):
            item = self.nav.item(row)
            key = item.data(Qt.ItemDataRole.UserRole)
            item.setText(str(TITLES[key]))
            item.setIcon(icon(self.classes[key][2]))
        self.file_menu.setTitle(str(T("&Berkas", "&File")))
        self.lock_action.setText(str(T("Kunci layar", "Lock screen")))
        self.password_action.setText(str(T("Ganti kata sandi…", "Change password…")))
        self.quit_action.setText(str(T("Keluar", "Quit")))
        self.language_menu.setTitle(str(T("&Bahasa", "&Language")))
        for code, action in self.language_actions.items():
            action.setChecked(code == current_language())
        self.db_label.setText(str(T("Basis data WBS: {d}", "WBS database: {d}", d=self.ctx.database.describe())))
        self.user_label.setText(str(T("Pengguna: {u} ({r})", "User: {u} ({r})", u=self.ctx.actor.username,
                                      r=role_label(self.ctx.actor.role))))
        if self.due_count is not None:
            self._show_reminder(self.due_count)

    def change_password(self) -> None:
        from ui.ops import WriteOp
        from ui.wbs import core
        from ui.wbs.login import PasswordDialog
        dialog = PasswordDialog(self)
        if dialog.exec() != PasswordDialog.DialogCode.Accepted:
            return
        old, new, keyring = dialog.old.text(), dialog.new.text(), self.ctx.keyring
        WriteOp(self, lambda session, actor: core.change_password(session, actor, keyring, old, new)) \
            .success(lambda _c: self._show_status(str(T("Kata sandi diganti.", "Password changed.")))).run()

    def lock(self) -> bool:
        """Hide the work and drop the handler's keys; the same handler's password unlocks (new keyring)."""
        from ui.wbs.login import WbsLoginDialog
        if self.locked:
            return False
        self.locked = True
        self.centralWidget().hide()
        if "cases" in self.views:
            self.views["cases"].table.clearSelection()
            self.views["cases"].detail.clear()             # no decrypted case left in the widgets
        self.ctx.forget_keys()
        dialog = WbsLoginDialog(self.ctx.database, self, locked_user=self.ctx.actor.username)
        dialog.setObjectName("wbs_lock_dialog")
        self.lock_dialog = dialog
        ok = dialog.exec() == WbsLoginDialog.DialogCode.Accepted
        self.lock_dialog = None
        self.locked = False
        if not ok:
            self.close()
            return False
        self.ctx.keyring = dialog.keyring
        self.centralWidget().show()
        self.idle_timer.start()
        return True

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        handle = self.windowHandle()
        if handle is not None and not getattr(self, "_activity_installed", False):
            handle.installEventFilter(self.activity)
            self._activity_installed = True

    # ---- window state
    def restore_state(self) -> None:
        geometry = self.qsettings.value("wbs/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        last = self.qsettings.value("wbs/view", "")
        first = self.keys.index(last) if last in self.keys else 0
        if self.keys:
            self.nav.setCurrentRow(first)

    def closeEvent(self, event) -> None:  # noqa: N802
        self.qsettings.setValue("wbs/geometry", self.saveGeometry())
        row = self.nav.currentRow()
        if 0 <= row < len(self.keys):
            self.qsettings.setValue("wbs/view", self.keys[row])
        self.ctx.runner.wait_all(10000)
        if "cases" in self.views:
            self.views["cases"].detail.wipe_private_files()
        self.ctx.forget_keys()
        super().closeEvent(event)
