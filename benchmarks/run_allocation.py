"""Allocation benchmark: generated Palembang instances vs OR-Tools CP-SAT, and the public SMPTSP set.

    python benchmarks/run_allocation.py [--quick] [--no-reference] [--smptsp-limit N] [--no-smptsp]
                                        [--json OUT.json]

Every result (ours and the reference's) is validated by the independent checker; the cost column is
the checker's recomputed objective. SMPTSP instances are read from ../shared/benchmarks/smptsp
(relative to the repository root) and skipped with a message when absent.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from antasena_desktop.allocation import check, generate, load_problem, solve  # noqa: E402
from antasena_desktop.allocation.engine import solve_state  # noqa: E402
from antasena_desktop.allocation.suggest import repair_after_change, suggest  # noqa: E402

SHARED = ROOT.parent / "shared"
SMPTSP = SHARED / "benchmarks" / "smptsp"
HEAD = f"{'instance':<34} {'slots':>6} {'filled':>6} {'cost':>13} {'sec':>7} {'ref cost':>13} {'ref sec':>8} {'gap':>8}"


def row(name, slots, filled, cost, sec, ref_cost=None, ref_sec=None, gap=None, note=""):
    rc = "-" if ref_cost is None else (f"{ref_cost:,.2f}" if isinstance(ref_cost, float) else str(ref_cost))
    rs = "-" if ref_sec is None else f"{ref_sec:.1f}"
    gp = "-" if gap is None else f"{gap * 100:+.2f}%"
    c = f"{cost:,.2f}" if isinstance(cost, float) else str(cost)
    print(f"{name:<34} {slots:>6} {filled:>6} {c:>13} {sec:>7.2f} {rc:>13} {rs:>8} {gp:>8} {note}", flush=True)


def run_palembang(args, records):
    try:
        from cpsat_reference import solve_cpsat
        import ortools  # noqa: F401
        have_ref = not args.no_reference
    except ImportError:
        have_ref = False
        if not args.no_reference:
            print("(OR-Tools not installed: no CP-SAT reference; pip install ortools)")
    ref_limit = {"small": 10.0 if args.quick else 60.0, "mid": 10.0 if args.quick else 60.0,
                 "medium": 10.0 if args.quick else 60.0}
    # "mid" = 500 people / 400 slots, one day (between small and medium)
    plans = [("small", 1.0), ("small", 10.0), ("mid", 1.0), ("mid", 10.0), ("medium", 1.0), ("medium", 10.0),
             ("large", 15.0)]
    if args.quick:
        plans = [("small", 1.0), ("mid", 1.0), ("medium", 1.0), ("large", 15.0)]
    refs: dict[str, tuple] = {}
    print(HEAD)
    for size, limit in plans:
        inst = generate("medium", seed=0, persons=500, slots=400) if size == "mid" else generate(size, seed=0)
        if size == "mid":
            inst["name"] = "palembang-mid-seed0"
        t = time.perf_counter()
        res = solve(inst, time_limit=limit, seed=0)
        sec = time.perf_counter() - t  # parse + solve + unfilled reasons, wall clock
        rep = check(inst, res)
        assert rep.valid, rep.violations[:3]
        name = f"palembang-{size} {len(inst['personnel'])}p (limit {limit:g}s)"
        ref = None
        if have_ref and size in ref_limit:
            if size not in refs:
                pb = load_problem(inst)
                r = solve_cpsat(pb, time_limit=ref_limit[size])
                rrep = check(inst, r)
                ok = rrep.valid and bool(r["assignments"])
                refs[size] = (rrep.objective if ok else None, r["stats"]["seconds"], r["stats"]["status"], "cold",
                              rrep.unfilled if ok else None)
                if size == "medium":
                    # second reference: the same model warm-started from our plan (can it still improve it?)
                    hint = {pb.slot_index[a["slot"]]: pb.person_index[a["person"]] for a in res["assignments"]}
                    r2 = solve_cpsat(pb, time_limit=ref_limit[size], hint=hint)
                    r2rep = check(inst, r2)
                    ok2 = r2rep.valid and bool(r2["assignments"])
                    refs["medium-hinted"] = (r2rep.objective if ok2 else None, r2["stats"]["seconds"],
                                             r2["stats"]["status"], f"hinted with our {limit:g}s plan",
                                             r2rep.unfilled if ok2 else None)
            ref = refs[size]
            if refs[size][0] is None and f"{size}-hinted" in refs:
                ref = refs[f"{size}-hinted"]
        note = f"unfilled {rep.unfilled}, persons {rep.persons_used}"
        if ref is not None:
            note += f"; CP-SAT {ref[2]} ({ref[3]}, full model, {ref_limit[size]:g}s)" + \
                (f", ref unfilled {ref[4]}" if ref[4] is not None else ", no solution")
            if size == "medium" and refs["medium"][0] is None:
                note += f"; cold CP-SAT: {refs['medium'][2]}, no solution"
        gap = (rep.objective - ref[0]) / ref[0] if ref and ref[0] else None
        row(name, len(inst["slots"]), rep.assigned, rep.objective, sec, ref[0] if ref else None,
            ref[1] if ref else None, gap, note)
        records.append({"instance": name, "slots": len(inst["slots"]), "filled": rep.assigned, "cost": rep.objective,
                        "seconds": sec, "ref_cost": ref[0] if ref else None, "ref_seconds": ref[1] if ref else None,
                        "ref_status": ref[2] if ref else None, "gap": gap, "unfilled": rep.unfilled})


def run_interactive(args, records):
    inst = generate("medium", seed=0)
    pb = load_problem(inst)
    state = solve_state(pb, time_limit=5.0)
    rng = random.Random(1)
    filled = [s.id for s in pb.slots if state.holder[s.idx] >= 0 and s.idx not in state.pinned]
    sug, rep_t = [], []
    for sid in rng.sample(filled, 30):
        t = time.perf_counter()
        out = suggest(pb, state, sid, k=5)
        sug.append(time.perf_counter() - t)
        if out:
            t = time.perf_counter()
            repair_after_change(pb, state, sid, out[0]["person"], pin=False)
            rep_t.append(time.perf_counter() - t)
    rep = check(inst, state.to_result())
    print(f"\ninteractive on palembang-medium ({len(pb.persons)} persons / {len(pb.slots)} slots), 30 samples:")
    print(f"  suggest(k=5):           median {statistics.median(sug) * 1000:6.1f} ms, max {max(sug) * 1000:6.1f} ms")
    print(f"  repair_after_change:    median {statistics.median(rep_t) * 1000:6.1f} ms, max {max(rep_t) * 1000:6.1f} ms"
          f"  (state still valid: {rep.valid})")
    records.append({"suggest_ms_median": statistics.median(sug) * 1000, "suggest_ms_max": max(sug) * 1000,
                    "repair_ms_median": statistics.median(rep_t) * 1000, "repair_ms_max": max(rep_t) * 1000,
                    "valid_after_repairs": rep.valid})


def run_smptsp(args, records):
    from antasena_desktop.allocation.smptsp import load_smptsp
    if not (SMPTSP / "instances").is_dir():
        print(f"\nSMPTSP skipped: {SMPTSP} is absent (the public instances live in ../shared)")
        return
    best = {r["instance"]: r for r in csv.DictReader(open(SMPTSP / "best_known.csv", encoding="utf-8"))}
    bounds = {}
    if (SMPTSP / "bounds_other_sources.csv").exists():
        bounds = {r["instance"]: r for r in csv.DictReader(open(SMPTSP / "bounds_other_sources.csv", encoding="utf-8"))}
    files = sorted((SMPTSP / "instances").glob("*.dat"), key=lambda p: int(p.stem.split("_")[1]))
    if args.smptsp_limit:
        files = files[:args.smptsp_limit]
    limit = args.smptsp_time or (2.0 if args.quick else 10.0)
    print(f"\nSMPTSP ({len(files)} instances, min_persons mode, {limit:g} s limit; reference = best known workers"
          f" where published, else the max-overlap lower bound)")
    print(HEAD)
    gaps_best, gaps_lb, secs, at_lb = [], [], [], 0
    for f in files:
        inst = load_smptsp(f)
        t = time.perf_counter()
        res = solve(inst, mode="min_persons", time_limit=limit, seed=0)
        sec = time.perf_counter() - t
        rep = check(inst, res)
        assert rep.valid and rep.unfilled == 0, (f.name, rep.violations[:3], rep.unfilled)
        used = rep.persons_used
        b = best.get(f.stem, {}).get("best_known_workers") or ""
        lb = bounds.get(f.stem, {}).get("lb_max_overlap_halfopen") or res["stats"].get("persons_lower_bound")
        lb = int(lb) if lb else None
        secs.append(sec)
        if lb:
            gaps_lb.append((used - lb) / lb)
            at_lb += used == lb
        if b:
            gap = (used - int(b)) / int(b)
            gaps_best.append(gap)
            row(f.stem, len(inst["slots"]), rep.assigned, used, sec, int(b), None, gap, "vs best known")
        else:
            row(f.stem, len(inst["slots"]), rep.assigned, used, sec, lb, None,
                (used - lb) / lb if lb else None, "vs lower bound")
        records.append({"instance": f.stem, "slots": len(inst["slots"]), "workers": used, "seconds": sec,
                        "best_known": int(b) if b else None, "lower_bound": lb})
    print(f"SMPTSP: {len(files)} instances, all full covers; mean gap to best known "
          f"{statistics.mean(gaps_best) * 100:.2f}% over {len(gaps_best)} with a published value; "
          f"mean gap to the lower bound {statistics.mean(gaps_lb) * 100:.2f}% over {len(gaps_lb)} "
          f"({at_lb} at the bound, i.e. proven optimal); "
          f"seconds/instance mean {statistics.mean(secs):.2f}, max {max(secs):.2f}")
    records.append({"smptsp_mean_gap_best_known": statistics.mean(gaps_best) if gaps_best else None,
                    "smptsp_n_best_known": len(gaps_best),
                    "smptsp_mean_gap_lower_bound": statistics.mean(gaps_lb) if gaps_lb else None,
                    "smptsp_at_lower_bound": at_lb, "smptsp_instances": len(files),
                    "smptsp_mean_seconds": statistics.mean(secs), "smptsp_max_seconds": max(secs)})


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="short time limits (CP-SAT 10 s, SMPTSP 2 s)")
    ap.add_argument("--no-reference", action="store_true", help="skip the CP-SAT reference")
    ap.add_argument("--smptsp-limit", type=int, default=0, metavar="N", help="only the first N SMPTSP instances")
    ap.add_argument("--smptsp-time", type=float, default=0.0, metavar="S", help="seconds per SMPTSP instance")
    ap.add_argument("--no-smptsp", action="store_true")
    ap.add_argument("--no-palembang", action="store_true")
    ap.add_argument("--json", metavar="OUT", help="also write the measurements as JSON")
    args = ap.parse_args(argv)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average "
          f"{os.getloadavg()[0]:.2f}" if hasattr(os, "getloadavg") else "")
    records: list = []
    if not args.no_palembang:
        run_palembang(args, records)
        run_interactive(args, records)
    if not args.no_smptsp:
        run_smptsp(args, records)
    if args.json:
        Path(args.json).write_text(json.dumps(records, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
