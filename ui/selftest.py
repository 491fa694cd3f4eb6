"""`antasena selftest`: start offscreen, open every main view, print one line per view, exit 0."""
from __future__ import annotations

import os
import sys
import tempfile
import time

from ui.bootstrap import prepare_qt


def run_selftest(db_url: str | None = None) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    prepare_qt(headless=True)
    from PySide6.QtWidgets import QApplication

    from antasena_desktop.services.security import Actor, Role
    from db.database import open_database
    from ui.context import AppContext
    from ui.main_window import VIEWS, MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    temp = None
    if db_url is None:
        temp = tempfile.TemporaryDirectory(prefix="antasena-selftest-")
        db_url = f"sqlite:///{temp.name}/selftest.db"
        from antasena_desktop.demo import generate_file
        generate_file(db_url, admin_password="selftest-123")
    database = open_database(db_url)
    ctx = AppContext(database, Actor("selftest", Role.ADMIN, source="selftest"))
    from pathlib import Path
    prefs_file = Path(temp.name if temp else tempfile.mkdtemp(prefix="antasena-selftest-")) / "preferences.json"
    window = MainWindow(ctx, prefs_file)
    window.show()
    failures = 0
    for key, _module, _cls in VIEWS:
        started = time.perf_counter()
        try:
            view = window.view(key)
            window.show_view(key)
            deadline = time.monotonic() + 60
            while not getattr(view, "loaded", True) and time.monotonic() < deadline:
                app.processEvents()
                time.sleep(0.01)
            ready = getattr(view, "loaded", True) and getattr(view, "load_failed", None) is None
            summary = view.selftest_summary() if hasattr(view, "selftest_summary") else ""
            state = "OK" if ready else "TIMEOUT"
            failures += 0 if ready else 1
        except Exception as exc:  # report and continue with the next view
            state, summary = "GAGAL", repr(exc)
            failures += 1
        print(f"{state:7} {key:10} {time.perf_counter() - started:6.2f} s  {summary}", flush=True)
    window.close()
    database.close()
    if temp:
        temp.cleanup()
    return 0 if failures == 0 else 1
