"""GUI entry: first run (admin + optional demo data), login, main window."""
from __future__ import annotations

import sys

from antasena_desktop.i18n import T, set_language
from ui.bootstrap import is_headless, prepare_qt


def run_gui(db_url: str | None = None, language: str | None = None) -> int:
    prepare_qt(headless=is_headless())
    from PySide6.QtWidgets import QApplication, QMessageBox

    from antasena_desktop.services import settings as settings_service
    from db.database import open_database
    from ui.context import AppContext
    from ui.dialogs.login import LoginDialog
    from ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Antasena Desktop")
    app.setOrganizationName("BagOpsPolrestabesPalembang")
    if db_url is None:                      # "Sambungkan ke server": the server this desk was told to use
        from ui.dialogs.connect_server import remembered_url
        db_url = remembered_url()
    database = open_database(db_url)
    with database.session() as session:
        set_language(language or settings_service.load(session).language)
    username = first_run_if_needed(database)
    if username is False:
        return 1
    login = LoginDialog(database, username=username or "")
    if login.exec() != LoginDialog.DialogCode.Accepted or login.actor is None:
        return 0
    from ui.map.tiles_setup import apply_tile_settings
    with database.session() as session:
        apply_tile_settings(settings_service.load(session))
    ctx = AppContext(database, login.actor)
    window = MainWindow(ctx)
    window.show()
    import gc
    gc.freeze()        # start-up objects (modules, mappers, widgets) leave the collector's scans for good
    try:
        return app.exec()
    except Exception as exc:  # last resort: tell the operator, never vanish silently
        QMessageBox.critical(None, "Antasena", str(T("Kesalahan fatal: {e}", "Fatal error: {e}", e=exc)))
        return 1


def first_run_if_needed(database) -> str | bool | None:
    """On an empty database: ask for the admin password, optionally fill the demo data.

    Returns the admin user name to prefill the login, None when nothing was needed, False when cancelled.
    """
    from PySide6.QtCore import QEventLoop, Qt
    from PySide6.QtWidgets import QMessageBox, QProgressDialog

    from antasena_desktop.services import auth
    from antasena_desktop.services.security import SYSTEM, Role
    from antasena_desktop.services.roster_status import has_personnel
    from ui.dialogs.login import FirstRunDialog
    from ui.tasks import TaskRunner

    with database.session() as session:
        if auth.has_users(session):
            return None
        empty = not has_personnel(session)
    dialog = FirstRunDialog(database_empty=empty)
    if dialog.exec() != FirstRunDialog.DialogCode.Accepted:
        return False
    username, password, with_demo = dialog.username.text().strip(), dialog.password.text(), dialog.demo.isChecked()

    def work():
        with database.session() as session:
            if with_demo:
                from antasena_desktop.demo import generate
                generate(session, admin_password=password)
                if username != "admin":
                    auth.create_user(session, SYSTEM, username, password, Role.ADMIN, "Administrator")
            else:
                auth.create_user(session, SYSTEM, username, password, Role.ADMIN, "Administrator")
        return username

    progress = QProgressDialog(str(T("Menyiapkan data demo Palembang…", "Preparing the Palembang demo data…")),
                               "", 0, 0)
    progress.setCancelButton(None)
    progress.setWindowModality(Qt.WindowModality.ApplicationModal)
    progress.setMinimumDuration(0)
    progress.show()
    runner = TaskRunner()
    loop = QEventLoop()
    outcome: dict = {}
    task = runner.write(work)
    task.finished.connect(lambda name: (outcome.setdefault("user", name), loop.quit()))
    task.failed.connect(lambda exc, _t: (outcome.setdefault("error", exc), loop.quit()))
    loop.exec()
    progress.close()
    if "error" in outcome:
        QMessageBox.critical(None, "Antasena", str(outcome["error"]))
        return False
    return outcome["user"]
