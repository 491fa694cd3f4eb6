"""Start of the WBS desk: its own database, first run (admin + escrow sheet), WBS login, main window."""
from __future__ import annotations


def run_wbs_gui(app, db_url: str | None = None, language: str | None = None) -> int:
    from PySide6.QtWidgets import QMessageBox

    from antasena_desktop.i18n import T, UserError, set_language
    from ui.wbs import core
    from ui.wbs.context import WbsContext
    from ui.wbs.login import RecoverySheetDialog, WbsFirstRunDialog, WbsLoginDialog
    from ui.wbs.main_window import WbsMainWindow

    app.setApplicationName("Antasena WBS")
    if language:
        set_language(language)
    from ui.ops import run_now
    database = core.open_database(db_url)
    username = ""
    if not run_now(database, core.is_initialised):
        first = WbsFirstRunDialog()
        if first.exec() != WbsFirstRunDialog.DialogCode.Accepted:
            return 1
        password = first.password.text()
        try:
            sheet_path, sheet_text = run_now(database, lambda session: core.initialise(session, database, password))
        except UserError as exc:
            QMessageBox.warning(None, "Antasena WBS", str(exc))
            return 1
        RecoverySheetDialog(sheet_path, sheet_text).exec()
        username = "admin"
    login = WbsLoginDialog(database, username=username)
    if login.exec() != WbsLoginDialog.DialogCode.Accepted or login.actor is None:
        return 0
    ctx = WbsContext(database, login.actor, login.keyring)
    window = WbsMainWindow(ctx)
    window.show()
    try:
        return app.exec()
    except Exception as exc:  # last resort: tell the operator, never vanish silently
        QMessageBox.critical(None, "Antasena WBS", str(T("Kesalahan fatal: {e}", "Fatal error: {e}", e=exc)))
        return 1
