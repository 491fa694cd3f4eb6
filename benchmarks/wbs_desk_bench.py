"""WBS desk benchmark: how long the screens take on the demo data (40 cases), per demo seed.

    PYTHONPATH=. QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/wbs_desk_bench.py [--seeds 14,15,16] [--opens 10]

For each seed: a throw-away WBS database filled by `antasena_desktop.wbs.demo.generate`, then as the
Inspektur (who sees every case and the access history): the Kasus list from the ReadOp to the filled
table, and opening cases from the click to the rendered detail (decrypt through the core, audit row,
access history, stage actions, widgets). Reports median and p95 in ms. Wall-clock on a shared machine:
read the figures as an order of magnitude.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PASSWORD = "Rahasia-123"


def _ms(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return f"median {statistics.median(ordered) * 1000:6.1f} ms  p95 {p95 * 1000:6.1f} ms"


def run(seed: int, opens: int) -> None:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from antasena_desktop.wbs import accounts, demo
    from db.wbs.database import open_wbs_database
    from ui.wbs.context import WbsContext
    from ui.wbs.main_window import WbsMainWindow

    app = QApplication.instance()
    tmp = Path(tempfile.mkdtemp(prefix="wbs-desk-bench-"))
    os.environ["ANTASENA_DATA_DIR"] = str(tmp / "data")
    database = open_wbs_database(f"sqlite:///{tmp}/wbs.db")
    summary = demo.generate(database, PASSWORD, tmp / "sheet.txt", seed=seed)
    with database.session() as session:
        actor, keyring = accounts.login(session, "inspektur", PASSWORD)
    window = WbsMainWindow(WbsContext(database, actor, keyring),
                           QSettings(str(tmp / "ui.ini"), QSettings.Format.IniFormat))
    window.resize(1600, 1000)
    window.show()

    def wait(predicate, limit: float = 60.0) -> None:
        end = time.monotonic() + limit
        while not predicate() and time.monotonic() < end:
            app.processEvents()
            time.sleep(0.001)

    cases = window.view("cases")
    lists = []
    for _ in range(5):
        cases.loaded = False
        started = time.perf_counter()
        cases.refresh()
        wait(lambda: cases.loaded and cases.model.rowCount() == summary.cases)
        lists.append(time.perf_counter() - started)
    window.show_view("cases")
    rows = list(cases.model.rows)
    timings = []
    for row in (rows * ((opens // len(rows)) + 1))[:opens]:
        cases.detail.case = None
        started = time.perf_counter()
        cases.detail.open(row.id)
        wait(lambda: cases.detail.case is not None and cases.detail.case.case_id == row.id)
        app.processEvents()
        timings.append(time.perf_counter() - started)
    print(f"seed {seed}: {summary.cases} cases ({summary.overdue} overdue) — case list {_ms(lists)}; "
          f"open a case {_ms(timings)} (n={len(timings)})", flush=True)
    window.close()
    database.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", default="14,15,16")
    parser.add_argument("--opens", type=int, default=10)
    args = parser.parse_args()
    from ui.bootstrap import prepare_qt
    prepare_qt(headless=True)
    from PySide6.QtWidgets import QApplication
    QApplication.instance() or QApplication(sys.argv[:1])
    for seed in (int(s) for s in args.seeds.split(",")):
        run(seed, args.opens)
    return 0


if __name__ == "__main__":
    sys.exit(main())
