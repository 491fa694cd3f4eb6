"""Screenshots of every main view in both languages at 1600×1000 → docs/img/<view>_<lang>.png.

    PYTHONPATH=. QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/screenshots.py [--db sqlite:///demo.db]

Without --db a demo database is generated in a temporary folder (seed 7)."""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="")
    parser.add_argument("--out", default=str(ROOT / "docs" / "img"))
    args = parser.parse_args()
    from ui.bootstrap import prepare_qt
    prepare_qt(headless=True)
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    tmp = Path(tempfile.mkdtemp(prefix="antasena-shots-"))
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp / "qsettings"))
    url = args.db
    if not url:
        from antasena_desktop.demo import generate_file
        path = tmp / "demo.db"
        generate_file(path, seed=7, admin_password="Rahasia-demo-1")
        url = f"sqlite:///{path}"
    from antasena_desktop.i18n import set_language
    from antasena_desktop.services.security import Actor, Role
    from db.database import open_database
    from ui.context import AppContext
    from ui.main_window import VIEWS, MainWindow
    from ui.qt_catalogue import apply_qt_language

    database = open_database(url)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    def pump(seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.02)

    for language in ("id", "en"):
        set_language(language)
        apply_qt_language(language)
        window = MainWindow(AppContext(database, Actor("admin", Role.ADMIN)), tmp / f"prefs-{language}.json")
        window.resize(1600, 1000)
        window.show()
        for key, _m, _c in VIEWS:
            window.nav.setCurrentRow([k for k, _mm, _cc in VIEWS].index(key))
            view = window.views[key]
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and not getattr(view, "loaded", True):
                pump(0.1)
            if key == "planning":
                while time.monotonic() < deadline and not (view.map is not None and view.map.is_ready):
                    pump(0.2)
                pump(3.0)                          # tiles, clusters and labels settle
            elif key == "dashboard":
                view.open_drill("today")
                pump(1.5)
            else:
                pump(1.0)
            target = out / f"{key}_{language}.png"
            window.grab().save(str(target))
            print(target)
        window.close()
        pump(0.5)
    database.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
