"""Dasbor figures and drill-downs on demo databases (several seeds): how long summary() and a month drill take.

    PYTHONPATH=. .venv/bin/python benchmarks/dashboard_bench.py [--seeds 7 11] [--repeat 5]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, nargs="+", default=[7, 11])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from antasena_desktop.demo import generate_file
    from antasena_desktop.services import dashboard
    from antasena_desktop.timefmt import now_utc, to_wib
    from db.database import open_database
    for seed in args.seeds:
        path = Path(tempfile.mkdtemp()) / "demo.db"
        generate_file(path, seed=seed, admin_password="Rahasia-demo-1")
        db = open_database(f"sqlite:///{path}")
        day = to_wib(now_utc()).date()
        times, drills = [], []
        for _ in range(args.repeat):
            with db.session() as s:
                t0 = time.perf_counter()
                summary = dashboard.summary(s, day)
                times.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                drill = dashboard.drill(s, day, "month", summary.monthly[-2].key)
                drills.append(time.perf_counter() - t0)
        print(f"seed {seed}: {sum(m.kegiatan + m.unjuk_rasa for m in summary.monthly)} events in 12 months, "
              f"summary median {statistics.median(times) * 1000:.0f} ms (max {max(times) * 1000:.0f}), "
              f"month drill ({len(drill.rows)} rows) median {statistics.median(drills) * 1000:.0f} ms")
        db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
