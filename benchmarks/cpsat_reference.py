"""Exact reference for allocation instances: an OR-Tools CP-SAT model (optional dependency).

Model (exact; `k_nearest` optionally keeps only the k cheapest eligible people per slot class):
  Identical slots (same requirement, interval, location and priority) form a class k.
  x[p,k] in {0,1} for every pair passing rules 2-5 (person p takes one slot of class k);
  sum_p x[p,k] <= |k|;  pins fixed to 1.
  Rule 6: slots conflict iff their rest-extended intervals [start, end + rest) overlap; that is an
          interval graph, so "at most one" per person at every distinct extended start point is exact.
  Rule 7: slots with identical (start, end) form a time pattern; y[p,A] = sum of x[p,s], s in A. For
          every window start t (a pattern start) the person's minutes inside [t, t+24h) are at most the
          cap whenever a slot starting at t is taken (big-M on y).
  Objective: the spec's cost, costs scaled x1000 to integers (person_used via u[p] >= x[p,s]).
"""
from __future__ import annotations

import math
import time
from collections import defaultdict

from antasena_desktop.allocation.problem import DAY, RESULT_FORMAT, Problem

SCALE = 1000


def solve_cpsat(problem: Problem, time_limit: float = 60.0, workers: int = 2, hint: dict | None = None,
                k_nearest: int | None = None) -> dict:
    from ortools.sat.python import cp_model  # optional: benchmarks only

    pb = problem
    t0 = time.perf_counter()
    m = cp_model.CpModel()
    w = pb.weights
    # identical slots (same group and priority) are aggregated: z[p,k] = person p takes one slot of class k
    classes: dict[tuple[int, float], list[int]] = defaultdict(list)
    for s, slot in enumerate(pb.slots):
        classes[slot.group, slot.priority].append(s)
    class_list = list(classes.values())
    x: dict[tuple[int, int], object] = {}
    by_person: dict[int, list[int]] = defaultdict(list)
    obj = []
    const = 0
    pinned_in: dict[int, list[int]] = defaultdict(list)
    for s, p in pb.pins:
        pinned_in[s].append(p)
    for k, members in enumerate(class_list):
        s0 = members[0]
        persons, costs = pb.candidates(s0)
        if k_nearest is not None:
            keep = list(range(min(k_nearest, len(persons))))
            for s in members:
                if s in pb.pinned_slot and pb.pinned_slot[s] not in persons[:k_nearest].tolist():
                    keep += [int(i) for i in (persons == pb.pinned_slot[s]).nonzero()[0]]
            persons, costs = persons[keep], costs[keep]
        lits = []
        for p, c in zip(persons.tolist(), costs.tolist()):
            v = m.NewBoolVar("")
            x[p, k] = v
            lits.append(v)
            by_person[p].append(k)
            obj.append((int(round(c * SCALE)) - int(round(pb.unfilled_cost(s0) * SCALE)), v))
        const += len(members) * int(round(pb.unfilled_cost(s0) * SCALE))
        if lits:
            m.Add(sum(lits) <= len(members))
        for s in members:
            for p in pinned_in.get(s, []):
                if (p, k) not in x:
                    raise ValueError("pin on an ineligible pair")
                m.Add(x[p, k] == 1)
    S = [pb.slots[members[0]].start for members in class_list]
    E = [pb.slots[members[0]].end for members in class_list]
    rest, cap = pb.rest, pb.max24
    for p, ks in by_person.items():
        # rule 6: cliques of the rest-extended intervals at each start point
        for t in sorted(set(S[k] for k in ks)):
            clique = [x[p, k] for k in ks if S[k] <= t < E[k] + rest]
            if len(clique) > 1:
                m.AddAtMostOne(clique)
        # rule 7 over time patterns
        if cap < DAY:
            patterns: dict[tuple[int, int], list[int]] = defaultdict(list)
            for k in ks:
                patterns[S[k], E[k]].append(k)
            if len(patterns) < 2:
                continue
            y = {}
            for key, members in patterns.items():
                if len(members) == 1:
                    y[key] = x[p, members[0]]
                else:
                    v = m.NewBoolVar("")
                    m.Add(v == sum(x[p, k] for k in members))
                    y[key] = v
            for (ts, te), ya in y.items():
                w_end = ts + DAY
                terms, big = [], 0
                for (bs, be), yb in y.items():
                    ov = max(0, min(be, w_end) - max(bs, ts))
                    if ov and (bs, be) != (ts, te):
                        terms.append((ov, yb))
                        big += ov
                own = min(te, w_end) - ts
                if own + big <= cap or not terms:
                    continue
                m.Add(sum(c * v for c, v in terms) <= cap - own).OnlyEnforceIf(ya)
    if w.person_used:
        for p, slots in by_person.items():
            u = m.NewBoolVar("")
            for s in slots:
                m.AddImplication(x[p, s], u)
            obj.append((int(round(w.person_used * SCALE)), u))
    m.Minimize(sum(c * v for c, v in obj) + const)
    if hint:
        for (p, k), v in x.items():
            m.AddHint(v, 1 if any(hint.get(s) == p for s in class_list[k]) else 0)
    build = time.perf_counter() - t0
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    status = solver.Solve(m)
    assignments = []
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        chosen: dict[int, list[int]] = defaultdict(list)
        for (p, k), v in x.items():
            if solver.BooleanValue(v):
                chosen[k].append(p)
        for k, persons in chosen.items():
            free_slots = [s for s in class_list[k] if s not in pb.pinned_slot]
            for s in class_list[k]:
                if s in pb.pinned_slot:
                    persons.remove(pb.pinned_slot[s])
                    assignments.append({"slot": pb.slots[s].id, "person": pb.persons[pb.pinned_slot[s]].id})
            for s, p in zip(free_slots, persons):
                assignments.append({"slot": pb.slots[s].id, "person": pb.persons[p].id})
    return {
        "format": RESULT_FORMAT, "instance": pb.name, "assignments": assignments, "unfilled": [],
        "objective": solver.ObjectiveValue() / SCALE if assignments or status == cp_model.OPTIMAL else math.inf,
        "stats": {"seconds": time.perf_counter() - t0, "build_seconds": build,
                  "status": solver.StatusName(status), "bound": solver.BestObjectiveBound() / SCALE,
                  "variables": len(x), "k_nearest": k_nearest},
    }
