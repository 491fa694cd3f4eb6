"""UI stall while auto-fill runs: the longest gap of the Qt event loop on the demo busy day.

    .venv/bin/python benchmarks/ui_stall_bench.py [--db demo.db] [--seconds 10] [--no-map] [--screenshot out.png]

Without --db a fresh demo database (seed 7, today's date) is generated into a temporary folder. The planning board
(with the map unless --no-map) is shown offscreen on the demo busy day; a 10 ms QTimer records the time between
its ticks. Auto-fill "this day" is started; the figures are split by phase:

  solve   — build_instance + engine.solve on a worker thread (the UI should keep ticking),
  apply   — apply_result in one transaction on the writer thread, then the board's refresh (tree, list,
            strength board, map restyles) on the UI thread.

The reported stall is the longest tick gap minus the 10 ms period (0 = never late).
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ui.bootstrap import prepare_qt  # noqa: E402


class GapRecorder:
    def __init__(self, period_ms: int = 10):
        from PySide6.QtCore import QTimer
        self.period = period_ms
        self.timer = QTimer()
        self.timer.setInterval(period_ms)
        self.timer.timeout.connect(self._tick)
        self.phase = "idle"
        self.gaps: dict[str, list[float]] = {}
        self.last = None

    def start(self) -> None:
        self.last = self.t0 = time.perf_counter()
        self.when: dict[str, list[float]] = {}
        self.started_in = self.phase
        self.timer.start()

    def _tick(self) -> None:
        # a gap belongs to the phase in which it began (the work that delayed the tick started there)
        now = time.perf_counter()
        self.gaps.setdefault(self.started_in, []).append((now - self.last) * 1000)
        self.when.setdefault(self.started_in, []).append(self.last - self.t0)
        self.last = now
        self.started_in = self.phase

    def stop(self) -> None:
        self.timer.stop()

    def report(self, phase: str) -> str:
        gaps = self.gaps.get(phase, [])
        if not gaps:
            return f"{phase:>6}: no ticks"
        longest = max(gaps)
        p99 = sorted(gaps)[int(len(gaps) * 0.99) - 1] if len(gaps) >= 100 else longest
        worst = sorted(zip(gaps, self.when[phase]), reverse=True)[:3]
        at = ", ".join(f"{g:.0f} ms at t={t:.2f} s" for g, t in worst)
        return (f"{phase:>6}: [{at}] {len(gaps)} ticks, longest gap {longest:.1f} ms (stall {max(0.0, longest - self.period):.1f} ms), "
                f"median {statistics.median(gaps):.1f} ms, p99 {p99:.1f} ms")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", help="an existing demo SQLite file (default: generate one)")
    ap.add_argument("--seconds", type=float, default=10.0, help="auto-fill time limit")
    ap.add_argument("--no-map", action="store_true")
    ap.add_argument("--screenshot", help="save the board after auto-fill to this PNG")
    args = ap.parse_args()

    prepare_qt(headless=True)
    from PySide6.QtWidgets import QApplication
    app = QApplication.instance() or QApplication(sys.argv)

    from antasena_desktop.demo import generate_file
    from antasena_desktop.services.security import Actor, Role
    from db.database import open_database
    from ui.context import AppContext
    from ui.views.planning import PlanningView

    if args.db:
        path = Path(args.db)
    else:
        path = Path(tempfile.mkdtemp(prefix="antasena-bench-")) / "demo.db"
        t0 = time.perf_counter()
        summary = generate_file(path, seed=7)
        print(f"demo generated in {time.perf_counter() - t0:.1f} s: busy day {summary.busy_day}, "
              f"{summary.busy_day_slots} seats")
    database = open_database(f"sqlite:///{path}")
    ctx = AppContext(database, Actor("bench", Role.OPERATOR_OPS))
    view = PlanningView(ctx, with_map=not args.no_map)
    view.resize(1600, 1000)
    view.show()

    def wait(cond, timeout=120.0) -> bool:
        end = time.perf_counter() + timeout
        while time.perf_counter() < end:
            app.processEvents()
            if cond():
                return True
            time.sleep(0.002)
        return False

    t0 = time.perf_counter()
    view.refresh()
    assert wait(lambda: view.loaded and view.idle()), "board did not load"
    if view.map is not None:
        wait(lambda: view.map.is_ready, 30)
    print(f"board loaded in {time.perf_counter() - t0:.2f} s: {view.tree_summary.text()}")
    import gc
    gc.freeze()          # as ui.app does once the main window is up

    recorder = GapRecorder(10)
    recorder.phase = "before"
    recorder.start()
    wait(lambda: False, 1.0)
    view.limit.setValue(args.seconds)
    recorder.phase = "solve"
    t_start = time.perf_counter()
    view.start_autofill("day")
    assert wait(lambda: view.last_outcome is not None, args.seconds + 120), "auto-fill did not finish"
    t_solved = time.perf_counter()
    recorder.phase = "apply"
    # the apply is a WriteOp queued after the outcome arrives: wait for its summary, then for the refresh
    assert wait(lambda: view.status_note.text().startswith(("Isi otomatis", "Auto-fill")) and view.idle(), 300), \
        "apply/refresh did not finish"
    t_done = time.perf_counter()
    recorder.phase = "after"
    wait(lambda: False, 1.0)
    recorder.stop()

    outcome = view.last_outcome
    print(f"auto-fill: {outcome.filled}/{outcome.slots} seats; solve (build + engine, worker) "
          f"{outcome.seconds:.2f} s; apply + refresh {t_done - t_solved:.2f} s; total {t_done - t_start:.2f} s")
    print(view.tree_summary.text())
    for phase in ("before", "solve", "apply", "after"):
        print(recorder.report(phase))
    worst = max(max(recorder.gaps.get(p, [0])) for p in ("solve", "apply"))
    print(f"LONGEST UI STALL DURING AUTO-FILL: {max(0.0, worst - 10):.0f} ms (gap {worst:.0f} ms)")
    if args.screenshot:
        view.grab().save(args.screenshot)
    view.close()
    ctx.runner.wait_all(30000)
    database.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
