"""Exact reference for the benchmark: the clique LP of issue 12, solved by HiGHS (scipy's `linprog`).

Model: one column per eligible (person, slot class) pair that costs less than leaving the slot empty
(the pairs of `allocation.exact.Relaxation`: pins are constants, a pinned person keeps no clashing
pair); at most `cap` persons per class; for each person one "at most one" row per maximal clique of
the time-pattern conflict graph (networkx `find_cliques`), which forbids every pair of slots the rest
rule or the 24-h cap forbids. `person_used` is left out (0 in the generated days). The LP value is a
lower bound on every valid plan. When HiGHS returns an integral vertex and that plan passes the
independent checker (three slots of one person inside 24 h are the only thing the clique rows do
not see), the plan is a proven optimum.

    python benchmarks/lp_reference.py medium --seed 1 --demand tight
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import networkx as nx
import numpy as np
from scipy import sparse
from scipy.optimize import linprog

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from antasena_desktop.allocation import check, load_problem  # noqa: E402
from antasena_desktop.allocation.exact import Relaxation  # noqa: E402


def clique_lp(inst: dict) -> dict:
    t0 = time.perf_counter()
    pb = load_problem(inst)
    rel = Relaxation(pb)
    conflict = rel.conflict.copy()
    np.fill_diagonal(conflict, True)
    graph = nx.Graph()
    graph.add_nodes_from(range(len(conflict)))
    ii, jj = np.nonzero(np.triu(conflict, 1))
    graph.add_edges_from(zip(ii.tolist(), jj.tolist()))
    cliques = list(nx.find_cliques(graph))
    member = np.zeros((len(cliques), len(conflict)), dtype=bool)
    for q, c in enumerate(cliques):
        member[q, c] = True
    n, n_cl, K = len(rel.pair_p), len(cliques), len(rel.cap)
    q_of, col = np.nonzero(member[:, rel.class_pat[rel.pair_k]])  # clique q holds column col's pattern
    persons, p_row = np.unique(rel.pair_p, return_inverse=True)
    person_rows = sparse.csr_matrix((np.ones(len(col)), (p_row[col] * n_cl + q_of, col)),
                                    shape=(len(persons) * n_cl, n))
    class_rows = sparse.csr_matrix((np.ones(n), (rel.pair_k, np.arange(n))), shape=(K, n))
    A = sparse.vstack([person_rows, class_rows]).tocsr()
    b = np.r_[np.ones(len(persons) * n_cl), rel.cap.astype(float)]
    t_build = time.perf_counter() - t0
    lp = linprog(rel.pair_obj, A_ub=A, b_ub=b, bounds=(0, 1), method="highs")
    seconds = time.perf_counter() - t0
    if lp.status != 0:
        return {"status": lp.message, "seconds": seconds}
    x = lp.x
    fractional = int(((x > 1e-6) & (x < 1 - 1e-6)).sum())
    out = {"lp_value": rel.const + float(lp.fun), "fractional": fractional, "cliques": n_cl, "columns": n,
           "build_seconds": t_build, "seconds": seconds, "optimum": None}
    if fractional == 0:
        assignments = [{"slot": pb.slots[s].id, "person": pb.persons[p].id} for s, p in pb.pins]
        taken: dict[int, list[int]] = {}
        for j in np.flatnonzero(x > 0.5).tolist():
            taken.setdefault(int(rel.pair_k[j]), []).append(int(rel.pair_p[j]))
        for k, people in taken.items():
            for s, p in zip(rel.class_slots[k], people):
                assignments.append({"slot": pb.slots[s].id, "person": pb.persons[p].id})
        rep = check(inst, {"format": "antasena-allocation-result/1", "instance": inst.get("name", ""),
                           "assignments": assignments})
        out["plan_valid"] = rep.valid
        if rep.valid:
            out["optimum"] = rep.objective
    return out


def main(argv=None) -> int:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from run_allocation import make_instance
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("size", choices=["small", "medium", "large"])
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--demand", choices=["normal", "tight"], default="normal")
    args = ap.parse_args(argv)
    print(clique_lp(make_instance(args.size, args.seed, args.demand)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
