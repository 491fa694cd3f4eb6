"""GUI entry: logging and the excepthook, first run (admin + optional demo data), login, workspace, window.

One event loop (`app.exec()`): the steps after the first dialog chain by signals, the demo generation
runs on the writer thread behind a progress dialog, nothing spins a nested loop.
"""
from __future__ import annotations

import logging
import sys

from antasena_desktop.i18n import T, set_language
from ui.bootstrap import is_headless, prepare_qt

log = logging.getLogger("antasena.ui.app")


def run_gui(db_url: str | None = None, language: str | None = None, workspace: str | None = None) -> int:
    prepare_qt(headless=is_headless())
    from PySide6.QtWidgets import QApplication

    from ui.diagnostics import install_excepthook, start_logging

    start_logging()
    install_excepthook()
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Antasena Desktop")
    app.setOrganizationName("BagOpsPolrestabesPalembang")
    # Which office this install serves, before any database opens: the WBS desk has its own database
    # and accounts, so it cannot be one of the workspaces offered after a Bag Ops sign-in.
    from ui.wbs.workspace import choose_workspace
    install = choose_workspace(workspace)
    if install is None:
        return 0
    if install == "wbs":
        from ui.wbs.app import run_wbs_gui
        return run_wbs_gui(app, db_url, language)
    if db_url is None:                      # "Sambungkan ke server": the server this desk was told to use
        from ui.dialogs.connect_server import remembered_url
        db_url = remembered_url()
    startup = Startup(db_url, language)
    if not startup.begin():
        return startup.exit_code
    startup.loop_running = True
    code = app.exec()
    return startup.exit_code if startup.exit_code else code


class Startup:
    """first run → login → workspace choice → main window; `exit_code` when it stops early."""

    def __init__(self, db_url: str | None, language: str | None):
        self.db_url, self.language = db_url, language
        self.exit_code = 0
        self.stopped = False
        self.loop_running = False      # set by run_gui once app.exec() is about to run
        self.window = None
        self.ctx = None

    def begin(self) -> bool:
        """Open the database and show the first dialog. False when there is nothing to run."""
        from antasena_desktop.services import auth
        from antasena_desktop.services import settings as settings_service
        from antasena_desktop.services.roster_status import has_personnel
        from db.database import open_database
        from ui.ops import run_now

        from antasena_desktop import preferences
        self.database = open_database(self.db_url)
        settings = run_now(self.database, settings_service.load)
        self.prefs = preferences.load()
        if preferences.adopt_shared(self.prefs, settings):       # first start of this desk: take them over
            preferences.save(self.prefs)
        set_language(self.language or self.prefs.language or settings.language)
        from ui.qt_catalogue import apply_qt_language
        apply_qt_language()
        has_users, empty = run_now(self.database, lambda s: (auth.has_users(s), not has_personnel(s)))
        if has_users:
            self.login(self.prefs.last_user)
            return True
        return self.first_run(empty)

    def stop(self, code: int) -> None:
        """The operator cancelled (or first run failed): end the application's loop, if it runs."""
        from PySide6.QtWidgets import QApplication
        self.stopped = True
        self.exit_code = self.exit_code or code
        if self.loop_running:
            QApplication.exit(code)

    # ---- first run
    def first_run(self, database_empty: bool) -> bool:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QProgressDialog

        from ui.dialogs.login import FirstRunDialog
        from ui.tasks import TaskRunner

        dialog = FirstRunDialog(database_empty=database_empty)
        if dialog.exec() != FirstRunDialog.DialogCode.Accepted:
            self.exit_code = 1
            return False
        username, password, with_demo = dialog.username.text().strip(), dialog.password.text(), dialog.demo.isChecked()
        database = self.database

        def set_up(session):
            from antasena_desktop.services import auth
            from antasena_desktop.services.security import SYSTEM, Role
            if with_demo:
                from antasena_desktop.demo import generate
                generate(session, admin_password=password)
            if not with_demo or username != "admin":
                auth.create_user(session, SYSTEM, username, password, Role.ADMIN, "Administrator")
            return username

        def work():
            from ui.ops import run_now
            return run_now(database, set_up)      # one transaction, on the writer thread

        self.progress = QProgressDialog(str(T("Menyiapkan data demo Palembang…", "Preparing the Palembang demo data…")),
                                        "", 0, 0)
        self.progress.setCancelButton(None)
        self.progress.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.progress.setMinimumDuration(0)
        self.progress.show()
        self.first_run_runner = TaskRunner()      # no AppContext yet: nobody is signed in
        task = self.first_run_runner.write(work)
        task.finished.connect(self._first_run_done)
        task.failed.connect(self._first_run_failed)
        return True

    def _first_run_done(self, username: str) -> None:
        self.progress.close()
        self.login(username)

    def _first_run_failed(self, exc, trace: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        from ui.ops import error_text
        log.error("first run failed: %s\n%s", exc, trace)
        self.progress.close()
        self.exit_code = 1
        box = QMessageBox(QMessageBox.Icon.Critical, "Antasena", error_text(exc))
        box.finished.connect(lambda _r: self.stop(1))
        box.open()
        self.box = box

    # ---- login, workspace, window
    def login(self, username: str = "") -> None:
        from ui.dialogs.login import LoginDialog
        self.login_dialog = LoginDialog(self.database, username=username)
        self.login_dialog.finished.connect(self._logged_in)
        self.login_dialog.open()

    def _logged_in(self, result: int) -> None:

        from ui.dialogs.login import LoginDialog
        actor = self.login_dialog.actor
        if result != LoginDialog.DialogCode.Accepted or actor is None:
            self.stop(0)
            return
        from antasena_desktop import preferences
        self.prefs.last_user = actor.username
        preferences.save(self.prefs)
        from ui.workspaces import available
        workspaces = available(actor)
        if len(workspaces) == 1:
            self.open_workspace(workspaces[0], actor)
        else:
            self.choose_workspace(workspaces, actor)

    def choose_workspace(self, workspaces, actor) -> None:
        """Several desks for this user (e.g. Bag Ops and the WBS desk): ask which one."""
        from PySide6.QtWidgets import QInputDialog
        labels = [str(w.label) for w in workspaces]
        dialog = QInputDialog()
        dialog.setObjectName("workspace_choice")
        dialog.setWindowTitle("Antasena")
        dialog.setLabelText(str(T("Buka meja kerja:", "Open the workspace:")))
        dialog.setComboBoxItems(labels)

        def chosen(result: int) -> None:
            if result != QInputDialog.DialogCode.Accepted:
                self.stop(0)
                return
            self.open_workspace(workspaces[labels.index(dialog.textValue())], actor)
        dialog.finished.connect(chosen)
        dialog.open()
        self.workspace_dialog = dialog

    def open_workspace(self, workspace, actor) -> None:
        from antasena_desktop.services import settings as settings_service
        from ui.context import AppContext
        from ui.map.tiles_setup import apply_tile_settings
        from ui.ops import run_now
        apply_tile_settings(run_now(self.database, settings_service.load), self.prefs)
        self.ctx = AppContext(self.database, actor)
        self.window = workspace.factory(self.ctx)
        self.window.show()
        import gc
        gc.freeze()        # start-up objects (modules, mappers, widgets) leave the collector's scans for good
        log.info("signed in as %s (%s), workspace %s", actor.username, actor.role.value, workspace.key)
