"""Allocation benchmark: generated Palembang days (normal and tight, several seeds), Polda scale, the
public SMPTSP set, and the interactive calls.

    python benchmarks/run_allocation.py [--quick] [--smptsp-limit N] [--smptsp-time S] [--no-smptsp]
                                        [--no-palembang] [--reference] [--no-cancel] [--json OUT.json]

Every result is validated by the independent checker; costs are the checker's recomputed objective.
Each Palembang measurement runs in a fresh interpreter (peak RSS per run, children included). The
optimum is "proven" when the engine's own certified lower bound meets the plan (gap <= 0.01 %).
SMPTSP instances are read from ../shared/benchmarks/smptsp (next to the repository or one level up)
and skipped with a message when absent.
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

SHARED = next((d for d in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if d.is_dir()),
              ROOT.parent / "shared")
SMPTSP = SHARED / "benchmarks" / "smptsp"
HEAD = f"{'instance':<34} {'slots':>6} {'filled':>6} {'cost':>13} {'sec':>7} {'ref cost':>13} {'ref sec':>8} {'gap':>8}"


def row(name, slots, filled, cost, sec, ref_cost=None, ref_sec=None, gap=None, note=""):
    rc = "-" if ref_cost is None else (f"{ref_cost:,.2f}" if isinstance(ref_cost, float) else str(ref_cost))
    rs = "-" if ref_sec is None else f"{ref_sec:.1f}"
    gp = "-" if gap is None else f"{gap * 100:+.2f}%"
    c = f"{cost:,.2f}" if isinstance(cost, float) else str(cost)
    print(f"{name:<34} {slots:>6} {filled:>6} {c:>13} {sec:>7.2f} {rc:>13} {rs:>8} {gp:>8} {note}", flush=True)


def greedy_floor(inst: dict) -> float:
    """The plain greedy floor of issue 12: slots by start then priority (high first), each takes the
    cheapest feasible person, no repair, no search. Scored by the checker."""
    from antasena_desktop.allocation.state import State
    pb = load_problem(inst)
    st = State(pb)
    for s, p in pb.pins:
        st.assign(s, p)
    for s in sorted(range(len(pb.slots)), key=lambda s: (pb.slots[s].start, -pb.slots[s].priority)):
        if st.holder[s] >= 0:
            continue
        persons, costs = pb.candidates(s)
        for p, c in zip(persons.tolist(), costs.tolist()):
            if st.can_take(p, s):
                st.assign(s, p, cost=c)
                break
    return check(inst, st.to_result()).objective


def make_instance(size: str, seed: int, demand: str) -> dict:
    """normal = the generator's day; tight = the same people with 60 % more slots (demand above supply)."""
    base = {"small": ("small", {}), "medium": ("medium", {}), "large": ("large", {})}[size]
    extra = dict(base[1])
    if demand == "tight":
        from antasena_desktop.allocation.generator import SIZES
        extra["slots"] = int(SIZES[size][1] * 1.6)
    inst = generate(base[0], seed=seed, **extra)
    inst["name"] = f"palembang-{size}-{demand}-seed{seed}"
    return inst


def measure_one(size: str, seed: int, demand: str, limit: float) -> dict:
    """One solve, in this process: anytime profile from the progress callback, bound and gap from stats."""
    import resource
    inst = make_instance(size, seed, demand)
    pb = load_problem(inst)  # instance already loaded: the clock starts at solve()
    events = []
    t0 = time.perf_counter()
    res = solve(pb, time_limit=limit, seed=0,
                progress=lambda f, cost, phase: events.append((time.perf_counter() - t0, cost, phase)))
    wall = time.perf_counter() - t0
    rep = check(inst, res)
    assert rep.valid, rep.violations[:3]
    st = res["stats"]
    # first complete plan: the greedy's closing report (every fillable slot tried)
    greedy = [t for t, _, ph in events if ph == "greedy"]
    st = res["stats"]
    first = greedy[-1] if greedy and "greedy" in st["phase"] else None  # None: the greedy was cut short
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"instance": inst["name"], "persons": len(pb.persons), "slots": len(pb.slots), "limit": limit,
            "seconds": wall, "first_plan": first, "objective": rep.objective, "filled": rep.assigned,
            "lower_bound": st["lower_bound"], "gap": st["gap"], "bound_source": st["bound_source"],
            "relaxation": st.get("relaxation"), "events": [(t, c) for t, c, _ in events],
            "cancelled": st["cancelled"], "peak_rss_mb": rss / 1024}


def _child(args_json: str) -> None:
    a = json.loads(args_json)
    print(json.dumps(measure_one(a["size"], a["seed"], a["demand"], a["limit"])))


def run_one_isolated(size, seed, demand, limit) -> dict:
    """Each measurement in a fresh interpreter, so peak RSS belongs to that run alone."""
    import subprocess
    arg = json.dumps({"size": size, "seed": seed, "demand": demand, "limit": limit})
    out = subprocess.run([sys.executable, __file__, "--child", arg], check=True, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_palembang(args, records):
    """Per size, demand and seed: time to the first complete plan, gap at 1 s (bound-certified and to
    the proven optimum), time to ≤ 0.5 % and to the proven optimum (5 s run, stops early), peak RSS."""
    seeds = [0, 1] if args.quick else [0, 1, 2]
    plans = [("small", d) for d in ("normal", "tight")] + [("medium", d) for d in ("normal", "tight")]
    head = (f"{'instance':<30} {'first':>6} {'obj@1s':>11} {'gap@1s':>7} {'vsopt@1s':>8} {'t<=0.5%':>7} "
            f"{'t_opt':>6} {'optimum/best':>12} {'bound':>12} {'gap':>8} {'RSS MB':>7}")
    print(head)
    for size, demand in plans:
        for seed in seeds:
            one = run_one_isolated(size, seed, demand, 1.0)
            five = run_one_isolated(size, seed, demand, 5.0)
            proven = five["gap"] <= 1e-4
            best = min(five["objective"], one["objective"])
            ref = five["objective"] if proven else None
            lp = None
            if args.reference and size == "medium":  # the full clique LP by HiGHS, independent of the engine
                from lp_reference import clique_lp
                lp = clique_lp(make_instance(size, seed, demand))
                if lp.get("optimum") is not None:
                    ref = min(ref, lp["optimum"]) if ref is not None else lp["optimum"]
            target = (ref if ref is not None else five["lower_bound"]) * 1.005
            t_half = next((t for t, c in five["events"] if c <= target), None)
            vs_opt = (one["objective"] - ref) / ref if ref else None
            t_opt = f"{five['seconds']:.2f}" if proven else "-"
            print(f"{five['instance']:<30} {five['first_plan'] or float('nan'):>6.2f} {one['objective']:>11,.2f} "
                  f"{one['gap'] * 100:>6.2f}% {('-' if vs_opt is None else f'{vs_opt * 100:.2f}%'):>8} "
                  f"{('-' if t_half is None else f'{t_half:.2f}'):>7} "
                  f"{t_opt:>6} {best:>12,.2f} {five['lower_bound']:>12,.2f} "
                  f"{five['gap'] * 100:>7.3f}% {max(one['peak_rss_mb'], five['peak_rss_mb']):>7.0f}"
                  + ("" if lp is None else f"  LP ref {lp.get('optimum') or lp.get('lp_value'):,.2f} "
                                           f"({lp['seconds']:.1f} s, {lp.get('fractional')} fractional)"),
                  flush=True)
            records.append({"one_second": one, "five_seconds": five, "proven_optimal": proven,
                            "time_to_half_percent": t_half, "gap_to_optimum_at_1s": vs_opt, "lp_reference": lp})
    # Polda scale: 15 s (the target) and a longer run for the bound; greedy floor for comparison
    polda_seeds = [0] if args.quick else [0, 1]
    for seed in polda_seeds:
        inst = make_instance("large", seed, "normal")
        floor = greedy_floor(inst)
        for limit in ([2.0, 15.0] if args.quick else [2.0, 15.0, 60.0]):
            r = run_one_isolated("large", seed, "normal", limit)
            print(f"{r['instance']:<30} limit {limit:>4.0f}s: {r['seconds']:.2f}s, cost {r['objective']:,.2f} "
                  f"({(floor - r['objective']) / floor * 100:.1f}% under the greedy floor {floor:,.2f}), "
                  f"bound {r['lower_bound']:,.2f} ({r['bound_source']}), gap {r['gap'] * 100:.2f}%, "
                  f"first plan {'-' if r['first_plan'] is None else format(r['first_plan'], '.2f')}s, peak RSS {r['peak_rss_mb']:.0f} MB, "
                  f"exact phase {r['relaxation']}", flush=True)
            records.append({"polda": r, "greedy_floor": floor})


def measure_cancel(size: str, seed: int, demand: str, phase: str, delay: float, limit: float) -> dict:
    """Cancel `delay` s after the progress report `phase` (or after the start for phase "start"):
    the latency is from that instant (when `cancel()` first answers True) to `solve()` returning."""
    inst = make_instance(size, seed, demand)
    pb = load_problem(inst)
    marks: dict = {}
    t0 = time.perf_counter()
    if phase == "start":
        marks["at"] = t0 + delay

    def progress(fraction, cost, ph):
        if ph == phase and "at" not in marks:
            marks["at"] = time.perf_counter() + delay

    res = solve(pb, time_limit=limit, seed=0, progress=progress,
                cancel=lambda: "at" in marks and time.perf_counter() >= marks["at"])
    end = time.perf_counter()
    rep = check(inst, res)
    assert rep.valid
    return {"instance": inst["name"], "phase": phase, "delay": delay, "cancelled": res["stats"]["cancelled"],
            "latency_ms": (end - marks["at"]) * 1000 if "at" in marks else None, "filled": rep.assigned,
            "slots": len(pb.slots), "relaxation": res["stats"].get("relaxation")}


def run_cancel(args, records):
    """Cancel latency (target 200 ms) in the greedy, while the relaxation is built and inside the
    matching child; Polda with a 60 s limit so that its exact phase (6 s build) runs."""
    print("\ncancel latency (from the click to solve() returning):")
    cases = [("medium", 0, "tight", "start", 0.1, 20.0), ("medium", 0, "tight", "relaxation", 0.0, 20.0),
             ("medium", 0, "tight", "relaxation", 0.05, 20.0), ("medium", 0, "tight", "relaxation", 0.4, 20.0),
             ("medium", 1, "normal", "relaxation", 1.0, 20.0)]
    if not args.quick:
        cases += [("large", 0, "normal", "start", 1.5, 60.0), ("large", 0, "normal", "relaxation", 1.0, 60.0)]
    for case in cases:
        r = measure_cancel(*case)
        where = "greedy" if case[3] == "start" else f"{case[3]} + {case[4]:.2f} s"
        print(f"  {r['instance']:<30} {where:<22} latency {r['latency_ms']:6.1f} ms  cancelled {r['cancelled']}  "
              f"filled {r['filled']}/{r['slots']}  {r['relaxation']}", flush=True)
        records.append({"cancel": r})


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
    ap.add_argument("--quick", action="store_true", help="seeds 0-1, Polda at 15 s only, SMPTSP 2 s")
    ap.add_argument("--smptsp-limit", type=int, default=0, metavar="N", help="only the first N SMPTSP instances")
    ap.add_argument("--smptsp-time", type=float, default=0.0, metavar="S", help="seconds per SMPTSP instance")
    ap.add_argument("--no-smptsp", action="store_true")
    ap.add_argument("--no-palembang", action="store_true")
    ap.add_argument("--reference", action="store_true",
                    help="medium days: also solve the full clique LP by HiGHS (benchmarks/lp_reference.py, 8-30 s each)")
    ap.add_argument("--no-cancel", action="store_true", help="skip the cancel-latency runs")
    ap.add_argument("--json", metavar="OUT", help="also write the measurements as JSON")
    ap.add_argument("--child", metavar="JSON", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        _child(args.child)
        return 0
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average "
          f"{os.getloadavg()[0]:.2f}" if hasattr(os, "getloadavg") else "")
    records: list = []
    if not args.no_palembang:
        run_palembang(args, records)
        if not args.no_cancel:
            run_cancel(args, records)
        run_interactive(args, records)
    if not args.no_smptsp:
        run_smptsp(args, records)
    if args.json:
        Path(args.json).write_text(json.dumps(records, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
