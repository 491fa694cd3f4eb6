"""`antasena selftest --workspace wbs`: a throw-away WBS store with the demo data, then every WBS view
as the roles that use it (Inspektur, administrator), one line per view; exit 0 when all loaded."""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from ui.bootstrap import prepare_qt

PASSWORD = "Selftest-WBS-1"
ROLES = ("inspektur", "admin")


def run_wbs_selftest() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    prepare_qt(headless=True)
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    saved_data_dir = os.environ.get("ANTASENA_DATA_DIR")
    try:
        with tempfile.TemporaryDirectory(prefix="antasena-wbs-selftest-") as temp:
            os.environ["ANTASENA_DATA_DIR"] = str(Path(temp) / "data")
            return _run(app, Path(temp))
    finally:
        if saved_data_dir is None:
            os.environ.pop("ANTASENA_DATA_DIR", None)
        else:
            os.environ["ANTASENA_DATA_DIR"] = saved_data_dir


def _run(app, temp: Path) -> int:
    from PySide6.QtCore import QSettings

    from antasena_desktop.wbs import accounts, demo
    from db.wbs.database import open_wbs_database
    from ui.ops import run_now
    from ui.wbs.context import WbsContext
    from ui.wbs.main_window import WbsMainWindow

    database = open_wbs_database(f"sqlite:///{temp}/wbs.db")
    summary = demo.generate(database, PASSWORD, temp / "sheet.txt")
    print(f"demo WBS: {summary.cases} kasus, {summary.overdue} lewat jatuh tempo", flush=True)
    failures = 0
    for username in ROLES:
        actor, keyring = run_now(database, lambda s, u=username: accounts.login(s, u, PASSWORD, source="selftest"))
        window = WbsMainWindow(WbsContext(database, actor, keyring),
                               QSettings(str(temp / f"{username}.ini"), QSettings.Format.IniFormat))
        window.show()
        for key in window.keys:
            started = time.perf_counter()
            try:
                view = window.view(key)
                window.show_view(key)
                deadline = time.monotonic() + 60
                while not getattr(view, "loaded", True) and time.monotonic() < deadline:
                    app.processEvents()
                    time.sleep(0.01)
                failed = getattr(view, "load_failed", None) or (view.message.is_error and view.message.text())
                state = "OK" if getattr(view, "loaded", True) and not failed else "GAGAL"
                detail = str(failed) if failed else ""
            except Exception as exc:  # report and continue with the next view
                state, detail = "GAGAL", repr(exc)
            failures += state != "OK"
            print(f"{state:6} {username:10} {key:10} {time.perf_counter() - started:6.2f} s  {detail}", flush=True)
        window.close()
    database.close()
    return 0 if failures == 0 else 1
