"""Speed of two core reads that unit tests used to time (targets: suggestions ≤ 200 ms, the personnel
list of 15,000 people ≤ 3 s). Several seeds and sizes; prints every figure and the worst.

    .venv/bin/python benchmarks/service_speed_bench.py [--people 5000 15000] [--seeds 1 2 3]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def suggest_times(seeds: list[int]) -> list[float]:
    from antasena_desktop.allocation import generate, load_problem
    from antasena_desktop.allocation.engine import solve_state
    from antasena_desktop.allocation.suggest import suggest

    times = []
    for seed in seeds:
        problem = load_problem(generate("small", seed=seed))
        state = solve_state(problem, time_limit=5)
        slots = [s.id for s in problem.slots if state.holder[s.idx] >= 0][:5]
        for slot in slots:
            started = time.perf_counter()
            suggest(problem, state, slot, k=5)
            times.append(time.perf_counter() - started)
    return times


def list_times(sizes: list[int]) -> list[tuple[int, float]]:
    from antasena_desktop.services import personnel as svc
    from antasena_desktop.services.security import Actor, Role
    from db.database import open_database
    from db.models import Personnel, Unit, personnel_function

    out = []
    for size in sizes:
        folder = tempfile.mkdtemp(prefix="antasena-speed-")
        db = open_database(f"sqlite:///{folder}/s.db")
        with db.session() as s:
            units = []
            for i in range(25):
                unit = Unit(code=f"U{i}", name=f"Polsek {i}", short_name=f"Polsek {i}", kind="polsek")
                s.add(unit)
                units.append(unit)
            s.flush()
            people = [Personnel(nrp=f"{70000000 + i}", name=f"ORANG {i:05d}", rank_code=("BRIPDA", "AKP")[i % 2],
                                unit_id=units[i % len(units)].id, gender="MF"[i % 3 == 0]) for i in range(size)]
            s.add_all(people)
            s.flush()
            s.execute(personnel_function.insert(),
                      [{"personnel_id": p.id, "function_code": "samapta"} for p in people[::5]])
        with db.session() as s:
            started = time.perf_counter()
            rows = svc.list_personnel(s, Actor("bench", Role.OPERATOR_OPS))
            out.append((len(rows), time.perf_counter() - started))
        db.close()
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--people", type=int, nargs="+", default=[5000, 15000])
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    args = ap.parse_args()
    times = suggest_times(args.seeds)
    print(f"suggest(k=5), {len(times)} calls over seeds {args.seeds}: "
          f"median {sorted(times)[len(times) // 2] * 1000:.1f} ms, worst {max(times) * 1000:.1f} ms (target 200 ms)")
    for count, seconds in list_times(args.people):
        print(f"list_personnel of {count:,} people: {seconds:.2f} s (target 3 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
