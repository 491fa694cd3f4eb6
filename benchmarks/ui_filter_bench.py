"""Benchmark: filtering the 15,000-row personnel table per keystroke (target ≤ 50 ms).

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/ui_filter_bench.py [--rows 15000]
Fills the real PersonnelView model with generated rows, then times each keystroke of a search
(proxy refilter + view update, processEvents included) and a unit filter change.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=15000)
    args = parser.parse_args()
    from ui.bootstrap import prepare_qt
    prepare_qt(headless=True)
    from PySide6.QtWidgets import QApplication
    import tempfile
    from antasena_desktop.services.personnel import PersonnelRow
    from antasena_desktop.services.security import Actor, Role
    from db.database import open_database
    from ui.context import AppContext
    from ui.views.personnel import PersonnelView

    app = QApplication.instance() or QApplication([])
    rng = random.Random(1)
    first = ["Andi", "Budi", "Citra", "Dedi", "Eko", "Fitri", "Gilang", "Hendra", "Indah", "Joko", "Kgs. Ahmad", "Nyimas Ayu"]
    last = ["Saputra", "Santoso", "Lestari", "Kurniawan", "Prasetyo", "Handayani", "Ramadhan", "Gunawan", "Siregar"]
    units = [(f"U{i}", f"Polsek {i}") for i in range(25)]
    rows = []
    for i in range(args.rows):
        unit_id, unit_name = rng.choice(units)
        rows.append(PersonnelRow(f"id{i}", f"{rng.randint(80, 99)}{rng.randint(1, 12):02d}{i:04d}",
                                 f"{rng.choice(first)} {rng.choice(last)}", "BRIPKA", "Bintara", 100, "Banit",
                                 unit_id, unit_name, rng.choice("MF"), ("samapta",), True, ""))
    with tempfile.TemporaryDirectory() as folder:
        database = open_database(f"sqlite:///{folder}/b.db")
        view = PersonnelView(AppContext(database, Actor("bench", Role.ADMIN)))
        view.resize(1400, 900)
        view.show()
        started = time.perf_counter()
        view.model.set_rows(rows)
        app.processEvents()
        load = time.perf_counter() - started
        times = []
        for query in ("budi s", "8", "kgs", "nyimas ayu"):
            view.search.clear()
            app.processEvents()
            for n in range(1, len(query) + 1):
                t0 = time.perf_counter()
                view.search.setText(query[:n])
                app.processEvents()
                times.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        view.unit.setCurrentIndex(1) if view.unit.count() > 1 else None
        app.processEvents()
        unit_ms = (time.perf_counter() - t0) * 1000
        view.close()
        database.close()
    print(f"rows={args.rows} load={load * 1000:.0f} ms keystrokes={len(times)} "
          f"median={statistics.median(times):.1f} ms p95={sorted(times)[int(len(times) * 0.95) - 1]:.1f} ms "
          f"max={max(times):.1f} ms unit_filter={unit_ms:.1f} ms (target ≤ 50 ms per keystroke)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
