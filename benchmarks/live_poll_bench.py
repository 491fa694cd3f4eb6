"""Benchmark: the SQLite desk's change-log poll (every 2 s, `ui/live.py`) and how soon a CLI import shows.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/live_poll_bench.py [--logs 1000 10000 100000] [--runs 3]

1. `db.live.poll` with nothing new (what every tick costs) on a demo database whose change log holds N rows,
   median and p95 of 300 polls, each in its own session as the ReadOp does; also one poll that reads 200 new rows.
2. End to end: an open PersonnelView + LiveRefresh; `antasena import personnel` (20 rows) in a subprocess; the time
   from the subprocess's exit to the rows in the view (the poll interval bounds it: expect ≤ 2 s + one reload).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
PASSWORD = "Rahasia-bench-1"


def fill_log(database, rows: int) -> None:
    from sqlalchemy import func, insert, select

    from db.models import ChangeLog, utcnow
    with database.engine.begin() as conn:
        have = conn.execute(select(func.count()).select_from(ChangeLog)).scalar_one()
        if rows > have:
            payload = json.dumps({"personnel": ["*"]})
            conn.execute(insert(ChangeLog), [{"at": utcnow(), "desk": "bench", "entities_json": payload}
                                             for _ in range(rows - have)])


def poll_figures(database, polls: int = 300) -> tuple[float, float, float]:
    from db.live import poll
    with database.session() as s:
        last, _ = poll(s, None)
    times = []
    for _ in range(polls):
        t0 = time.perf_counter()
        with database.session() as s:
            poll(s, last)
        times.append((time.perf_counter() - t0) * 1000)
    with database.session() as s:
        t0 = time.perf_counter()
        _, rows = poll(s, last - 200)
        backlog = (time.perf_counter() - t0) * 1000
        assert len(rows) == 200
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95)], backlog


def end_to_end(url: str, folder: Path, runs: int) -> list[float]:
    from PySide6.QtWidgets import QApplication

    from antasena_desktop.services.security import Actor, Role
    from db.database import open_database
    from ui.context import AppContext
    from ui.live import LiveRefresh
    from ui.views.personnel import PersonnelView

    app = QApplication.instance() or QApplication([])
    database = open_database(url)
    view = PersonnelView(AppContext(database, Actor("admin", Role.ADMIN)))
    live = LiveRefresh(view.ctx)
    view.resize(1600, 1000)
    view.show()
    view.refresh()

    def pump_until(done, limit=60.0) -> bool:
        end = time.monotonic() + limit
        while time.monotonic() < end:
            app.processEvents()
            if done():
                return True
            time.sleep(0.005)
        return False
    pump_until(lambda: view.loaded and live.last_seen is not None)
    unit = "Sat Samapta"
    figures = []
    env = dict(os.environ, ANTASENA_PASSWORD=PASSWORD, PYTHONPATH=str(ROOT))
    cli = "import sys; from ui.commands import main; sys.exit(main(sys.argv[1:]))"
    for run in range(runs):
        roster = folder / f"roster{run}.csv"
        lines = ["NRP,NAMA,PANGKAT,KESATUAN,JK"] + [f"9{run}0{i:05d},BENCH {run} {i},BRIPDA,{unit},L"
                                                   for i in range(20)]
        roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
        before = view.model.total
        done = subprocess.run([sys.executable, "-c", cli, "import", "personnel", str(roster), "--db", url,
                               "--user", "admin"], env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stdout + done.stderr
        t0 = time.perf_counter()
        assert pump_until(lambda: view.model.total == before + 20), "the import never reached the view"
        figures.append(time.perf_counter() - t0)
    live.stop()
    view.ctx.runner.wait_all(30000)
    database.close()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--logs", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seeds", type=int, nargs="+", default=[7, 11])
    args = parser.parse_args()
    from ui.bootstrap import prepare_qt
    prepare_qt(headless=True)
    from antasena_desktop.demo import generate_file
    from db.database import open_database

    folder = Path(tempfile.mkdtemp(prefix="antasena-poll-"))
    for seed in args.seeds:
        path = folder / f"demo{seed}.db"
        generate_file(path, seed=seed, admin_password=PASSWORD)
        url = f"sqlite:///{path}"
        database = open_database(url)
        for rows in sorted(args.logs):
            fill_log(database, rows)
            median, p95, backlog = poll_figures(database)
            print(f"seed {seed}: change log {rows:>7} rows — poll with nothing new: median {median:.2f} ms, "
                  f"p95 {p95:.2f} ms; reading 200 new rows: {backlog:.1f} ms")
        database.close()
        figures = end_to_end(url, folder, args.runs)
        print(f"seed {seed}: CLI import (20 rows) → rows in the open Personel view after the command exited: "
              + ", ".join(f"{f:.2f} s" for f in figures) + f" (max {max(figures):.2f} s; poll interval 2 s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
