"""Exact phase: a relaxation solved to optimality per clique of time patterns, with a certified bound.

Relaxation (every valid plan is feasible for it, so its optimum is a lower bound on every plan):
  * identical free slots (same group and priority) form a class with a capacity; pairs are the
    statically eligible persons (rules 2-5) that cost less than leaving the slot empty;
  * rules 6-7 depend only on two slots' times, so the distinct (start, end) *patterns* get one
    conflict graph (an edge when the rest rule or the 24-h cap forbids holding both). A greedy
    clique cover of that graph (networkx colouring of the complement) splits the patterns into
    groups whose slots pairwise conflict: nobody can hold two slots of one group. Edges between
    groups are dropped; that is where the relaxation is not exact. On a Polrestabes day all
    patterns conflict (8 h rest, 12 h in 24 h), there is one group and the relaxation IS the problem;
  * a group is then a rectangular assignment problem (slot rows, person columns, one private
    "leave empty" column per row), solved exactly on a sparse candidate set by scipy's
    `min_weight_full_bipartite_matching`. Row duals come from shortest paths in the residual graph
    (scipy csgraph); for ANY row duals a, sum(a) + sum_persons min(0, min_k (c - a_k)) over ALL
    eligible pairs is a dual-feasible value, i.e. a proven bound. Pairs that price out negative join
    the candidate set until the bound meets the assignment value;
  * pinned slots are constants; a pinned person loses every pair that clashes with the pin;
    `person_used` is left out (non-negative, so still a bound).
"""
from __future__ import annotations

import math
import time
from collections import defaultdict
from typing import Callable

import networkx as nx
import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from .problem import DAY, Problem

# full matching ~ edges x rows, measured at load 1 (with the build): 0.87 M edges x 1,496 rows 0.44 s,
# 1.37 M edges x 1,722 rows 0.89 s
FULL_SECONDS_PER_EDGE_ROW = 4.0e-10
FULL_EDGES = 2_500_000  # above this a group is matched over its cheapest candidates + a Lagrangian bound
CLIQUE_LP_PAIRS = 2_000_000  # the clique LP (plan + bound on days with several groups) up to this many pairs
STOP_EVERY = 32  # classes between two cancel checks while the relaxation is built


class Stopped(Exception):
    """The relaxation build was cancelled (or ran out of time) part-way."""


def patterns_conflict(s1, e1, s2, e2, rest: int, cap: int) -> np.ndarray:
    """Can one person NOT hold both slots (rule 6, or rule 7 on the pair alone)? Broadcasts."""
    s1, e1, s2, e2 = (np.asarray(v, dtype=np.int64) for v in (s1, e1, s2, e2))
    clash = (s2 < e1 + rest) & (s1 < e2 + rest)
    if cap < DAY:
        def window(a0, a1, b0, b1):  # minutes of a and b inside [a0, a0 + 24 h)
            w = a0 + DAY
            return (np.minimum(a1, w) - a0) + np.clip(np.minimum(b1, w) - np.maximum(b0, a0), 0, None)
        over = np.where(s2 >= s1, window(s1, e1, s2, e2) > cap, window(s2, e2, s1, e1) > cap)
        clash = clash | over
    return clash


class Relaxation:
    """Classes, pairs, pattern groups and the per-group assignment solves of one instance."""

    def __init__(self, pb: Problem, pinned: dict[int, int] | None = None,
                 should_stop: Callable[[], bool] | None = None):
        """`should_stop()` is polled every STOP_EVERY classes and between the array steps; True raises
        `Stopped` (nothing is kept). The cyclic GC is paused meanwhile (Polda: 5.4 s -> 1.3 s, the
        collector kept walking the problem's objects while thousands of arrays were made)."""
        import gc
        paused = gc.isenabled()
        gc.disable()
        try:
            self._build(pb, pinned, should_stop)
        finally:
            if paused:
                gc.enable()

    def _build(self, pb: Problem, pinned: dict[int, int] | None, should_stop) -> None:
        t0 = time.perf_counter()

        def check(i: int) -> None:
            if should_stop is not None and i % STOP_EVERY == 0 and should_stop():
                raise Stopped
        self.pb = pb
        pinned = dict(pb.pinned_slot if pinned is None else pinned)
        S = [s.start for s in pb.slots]
        E = [s.end for s in pb.slots]
        const = 0.0
        classes: dict[tuple, list[int]] = defaultdict(list)
        for s, slot in enumerate(pb.slots):
            check(s)
            if s in pinned:
                const += pb.assign_cost(pinned[s], s)
            elif len(pb.candidates(s)[0]) == 0:
                const += pb.unfilled_cost(s)
            else:
                classes[slot.group, slot.priority].append(s)
        self.class_slots = list(classes.values())
        K = len(self.class_slots)
        self.cap = np.array([len(v) for v in self.class_slots], dtype=np.int64)
        self.u = np.array([pb.unfilled_cost(v[0]) for v in self.class_slots], dtype=float)
        pat_of: dict[tuple[int, int], int] = {}
        self.class_pat = np.array([pat_of.setdefault((S[v[0]], E[v[0]]), len(pat_of)) for v in self.class_slots],
                                  dtype=np.int64)
        times = np.array(list(pat_of.keys()), dtype=np.int64).reshape(-1, 2)
        ps, pe = times[:, 0], times[:, 1]
        conflict = patterns_conflict(ps[:, None], pe[:, None], ps[None, :], pe[None, :], pb.rest, pb.max24)
        self.conflict = conflict
        # clique cover: colour classes of the complement graph are cliques of the conflict graph
        complement = nx.Graph()
        complement.add_nodes_from(range(len(times)))
        ii, jj = np.nonzero(np.triu(~conflict, 1))
        complement.add_edges_from(zip(ii.tolist(), jj.tolist()))
        colour = nx.greedy_color(complement, strategy="largest_first")
        pat_group = np.array([colour[i] for i in range(len(times))], dtype=np.int64)
        self.n_groups = int(pat_group.max()) + 1 if len(times) else 0
        cover_edges = conflict & (pat_group[:, None] == pat_group[None, :])
        self.exact = bool((cover_edges == conflict).all())  # no conflict edge dropped
        self.class_group = pat_group[self.class_pat] if K else np.zeros(0, np.int64)
        self.groups = [np.flatnonzero(self.class_group == g) for g in range(self.n_groups)]
        # pairs, class by class (candidates come sorted by cost, cheapest first)
        pin_by_person: dict[int, list[int]] = defaultdict(list)
        for s, p in pinned.items():
            pin_by_person[p].append(s)
        pp, cc = [], []
        for k, v in enumerate(self.class_slots):
            check(k)
            persons, costs = pb.candidates(v[0])
            keep = costs < self.u[k]
            for p, pins in pin_by_person.items():
                if any(patterns_conflict(S[s], E[s], S[v[0]], E[v[0]], pb.rest, pb.max24) for s in pins):
                    keep &= persons != p
            pp.append(persons[keep].astype(np.int32))
            cc.append(costs[keep] - self.u[k])
        counts = np.array([len(x) for x in pp], dtype=np.int64)
        check(0)
        self.pair_p = np.concatenate(pp) if pp else np.zeros(0, np.int32)
        del pp
        self.pair_obj = np.concatenate(cc) if cc else np.zeros(0)
        del cc
        check(0)
        self.pair_k = np.repeat(np.arange(K, dtype=np.int32), counts)
        self.first = np.concatenate([[0], np.cumsum(counts)])
        self.const = const + float((self.u * self.cap).sum())
        self.n_persons = len(pb.persons)
        self.shift = float(self.u.max()) + 1.0 if K else 1.0  # all matching weights > 0
        # edges of each group's full matching (a class of capacity c repeats each of its pairs c times)
        check(0)
        self.group_edges = np.bincount(self.class_group, weights=self.cap * counts,
                                       minlength=self.n_groups).astype(np.int64) if K else np.zeros(0, np.int64)
        # matching rows of each group: the smaller of its slots and its persons
        self.group_rows = np.zeros(self.n_groups, np.int64)
        for g, ks in enumerate(self.groups):
            check(0)
            present = np.bincount(self.pair_p[self.group_pairs(g)], minlength=self.n_persons) if len(ks) else []
            n_people = int(np.count_nonzero(present))
            self.group_rows[g] = min(int(self.cap[ks].sum()), n_people)
        self.build_seconds = time.perf_counter() - t0

    def pair_index(self, plan: dict) -> np.ndarray:
        """Indices of the pairs (class k, person) of a plan {k: [persons]}."""
        out = []
        for k, persons in plan.items():
            if persons:
                a, b = self.first[k], self.first[k + 1]
                out.append(a + np.flatnonzero(np.isin(self.pair_p[a:b], persons)))
        return np.concatenate(out) if out else np.zeros(0, np.int64)

    def plan_value(self, plan: dict) -> float:
        """The relaxation's objective of a plan {k: [persons]} (at most cap persons counted per class)."""
        trimmed = {k: list(v)[:int(self.cap[k])] for k, v in plan.items()}
        return self.const + float(self.pair_obj[self.pair_index(trimmed)].sum())

    def full_seconds(self, full_edges: int = FULL_EDGES) -> float:
        """Estimated time of the exact matching of every group small enough to be matched in full."""
        small = self.group_edges <= full_edges
        return float((FULL_SECONDS_PER_EDGE_ROW * self.group_edges[small] * self.group_rows[small]).sum())

    # ------------------------------------------------------------------ one group
    def group_pairs(self, g: int) -> np.ndarray:
        ks = self.groups[g]
        if len(ks) == 0:
            return np.zeros(0, np.int64)
        return np.concatenate([np.arange(self.first[k], self.first[k + 1]) for k in ks])

    def _matching(self, g: int, chosen: np.ndarray):
        """Exact min-cost assignment of group g's slots over the pairs `chosen`. The smaller side are
        the rows (every row matched): slot rows with one private "leave empty" column each, or person
        rows with one private "stays free" column each (fewer augmentations on a tight day)."""
        ks, cap = self.groups[g], self.cap
        roff = np.zeros(len(cap) + 1, dtype=np.int64)
        roff[ks + 1] = cap[ks]
        roff = np.cumsum(roff)  # slots of class k: roff[k] .. roff[k] + cap[k]; ks is sorted
        n_slots = int(cap[ks].sum())
        persons, col_of = np.unique(self.pair_p[chosen], return_inverse=True)
        m = len(persons)
        kk = self.pair_k[chosen]
        counts = cap[kk]
        idx = np.repeat(np.arange(len(chosen)), counts)
        within = np.arange(len(idx)) - np.repeat(np.cumsum(counts) - counts, counts)
        slot_side = roff[kk][idx] + within
        person_side = col_of[idx]
        w_pairs = self.pair_obj[chosen][idx] + self.shift
        del idx, within
        by_person = m < n_slots
        n_rows = m if by_person else n_slots
        rows = np.r_[person_side if by_person else slot_side, np.arange(n_rows)]
        other = (n_slots if by_person else m)
        cols = np.r_[slot_side if by_person else person_side, other + np.arange(n_rows)]
        w = np.r_[w_pairs, np.full(n_rows, self.shift)]
        del slot_side, person_side, w_pairs
        graph = sparse.csr_matrix((w, (rows, cols)), shape=(n_rows, other + n_rows))
        del rows, cols, w
        r_ind, c_ind = min_weight_full_bipartite_matching(graph)
        value = float(np.asarray(graph[r_ind, c_ind]).sum()) - n_rows * self.shift
        slot_class = np.repeat(ks, cap[ks])
        assign: dict[int, list[int]] = defaultdict(list)
        for r, c in zip(r_ind.tolist(), c_ind.tolist()):
            if by_person and c < n_slots:
                assign[int(slot_class[c])].append(int(persons[r]))
            elif not by_person and c < m:
                assign[int(slot_class[r])].append(int(persons[c]))
        return value, assign

    def solve_group(self, g: int, want: np.ndarray, deadline: float, full_edges: int = FULL_EDGES,
                    should_stop: Callable[[], bool] | None = None, blocked: np.ndarray | None = None,
                    with_bound: bool = True) -> "GroupResult":
        """Group g: the assignment over the cheapest candidates (plus `want`, e.g. the current plan);
        exact over every pair when that graph is small enough, else a Lagrangian bound. `blocked`
        (person x pattern) removes pairs that clash with what other groups already gave a person."""
        ks, cap = self.groups[g], self.cap
        res = GroupResult(g)
        if len(ks) == 0:
            res.bound = res.value = 0.0
            res.optimal = True
            return res
        all_pairs = self.group_pairs(g)
        if blocked is not None:
            all_pairs = all_pairs[~blocked[self.pair_p[all_pairs], self.class_pat[self.pair_k[all_pairs]]]]
        edges = int((cap[self.pair_k[all_pairs]]).sum())
        seconds = FULL_SECONDS_PER_EDGE_ROW * edges * self.group_rows[g]
        if edges <= full_edges and time.perf_counter() + seconds < deadline:
            res.value, res.assign = self._matching(g, all_pairs)
            res.bound, res.optimal = res.value, True
            return res
        sel = np.zeros(len(self.pair_p), dtype=bool)
        for k in ks:
            n = min(int(self.first[k + 1] - self.first[k]), 3 * int(cap[k]) + 20)
            sel[self.first[k]:self.first[k] + n] = True
        sel[want] = True
        res.value, res.assign = self._matching(g, all_pairs[sel[all_pairs]])
        if with_bound:
            res.bound = self.lagrangian_bound(g, all_pairs, res, deadline, should_stop)
        return res

    def lagrangian_bound(self, g: int, all_pairs: np.ndarray, res: "GroupResult", deadline: float,
                         should_stop=None, max_sweeps: int = 40) -> float:
        """max over class prices pi <= 0 of  L(pi) = sum_k cap_k pi_k + sum_j min(0, min_k (c_jk - pi_k));
        every value is a proven bound (a dual-feasible point of the group's assignment LP). Start: the
        cheapest person the assignment left free; then damped coordinate ascent (auction-like): each
        class's price moves to where exactly cap_k people prefer it to their best other option."""
        ks, cap = self.groups[g], self.cap
        obj_c, kk_c, pp_c = self.pair_obj[all_pairs], self.pair_k[all_pairs], self.pair_p[all_pairs]
        n = self.n_persons
        used = np.zeros(self.n_persons, dtype=bool)
        for persons in res.assign.values():
            used[persons] = True
        pi = np.zeros(len(cap))
        cheapest_free = np.full(len(cap), np.inf)
        np.minimum.at(cheapest_free, kk_c, np.where(used[pp_c], np.inf, obj_c))
        # a full class must be worth more to its people than their best class with room left (price 0)
        full = np.zeros(len(cap), dtype=bool)
        for k in ks.tolist():
            full[k] = len(res.assign.get(k, ())) == cap[k]
        alt = np.zeros(n)
        np.minimum.at(alt, pp_c, np.where(full[kk_c], np.inf, obj_c))
        holds = np.full(n, -1, dtype=np.int64)
        for k, persons in res.assign.items():
            holds[persons] = k
        mine = holds[pp_c] == kk_c
        need = np.full(len(cap), -np.inf)
        np.maximum.at(need, kk_c[mine], obj_c[mine] - alt[pp_c[mine]])
        for k in ks.tolist():
            if full[k]:
                pi[k] = min(0.0, cheapest_free[k], need[k]) if np.isfinite(need[k]) else min(0.0, cheapest_free[k])
        # class slices inside all_pairs (all_pairs is class-sorted)
        bounds_k = np.searchsorted(kk_c, ks), np.searchsorted(kk_c, ks, side="right")
        cap_g = cap[ks].astype(float)
        best_bound, step = -math.inf, 0
        for step in range(max_sweeps):
            vals = obj_c - pi[kk_c]
            b1 = np.zeros(n)  # min(0, best value) per person
            np.minimum.at(b1, pp_c, vals)
            bound = float((cap_g * pi[ks]).sum()) + float(b1.sum())
            best_bound = max(best_bound, bound)
            if bound >= res.value - 1e-9 * max(1.0, abs(res.value)) or time.perf_counter() >= deadline \
                    or (should_stop is not None and should_stop()):
                break
            at_min = np.flatnonzero(vals == b1[pp_c])
            pos = np.full(n, -1, dtype=np.int64)
            pos[pp_c[at_min]] = at_min  # one best pair per person (any of the ties)
            b1k = np.full(n, -1, dtype=np.int64)
            b1k[pp_c[at_min]] = kk_c[at_min]
            rest = vals.copy()
            rest[pos[pos >= 0]] = np.inf
            b2 = np.zeros(n)
            np.minimum.at(b2, pp_c, rest)
            other = np.where(b1k[pp_c] == kk_c, b2[pp_c], b1[pp_c])
            d = obj_c - other  # the price at which person j becomes indifferent
            target = np.zeros(len(cap))
            for k, a, b in zip(ks.tolist(), bounds_k[0].tolist(), bounds_k[1].tolist()):
                c = int(cap[k])
                if b - a > c:
                    target[k] = min(0.0, float(np.partition(d[a:b], c)[c]))
            pi[ks] = pi[ks] + 0.5 * (target[ks] - pi[ks])
        res.lagrangian_steps = step + 1
        return min(best_bound, res.value)


class GroupResult:
    def __init__(self, g: int):
        self.group = g
        self.value = math.inf
        self.bound = -math.inf
        self.optimal = False
        self.assign: dict[int, list[int]] = {}
        self.lagrangian_steps = 0


def solve_relaxation(rel: Relaxation, holder: list[int] | None, deadline: float,
                     should_stop: Callable[[], bool] | None = None, full_edges: int = FULL_EDGES):
    """Solve every group; returns (bound, {class: [persons]}, all groups optimal)."""
    want = []
    if holder is not None:
        for k, v in enumerate(rel.class_slots):
            a, b = rel.first[k], rel.first[k + 1]
            for s in v:
                if holder[s] >= 0:
                    want.extend((a + np.flatnonzero(rel.pair_p[a:b] == holder[s])).tolist())
    want = np.array(want, dtype=np.int64)
    total_bound = rel.const
    chosen: dict[int, list[int]] = defaultdict(list)
    optimal = True
    for g in range(rel.n_groups):
        if time.perf_counter() >= deadline:  # out of time: this group keeps the plan and a trivial bound
            ks = rel.groups[g]
            cheapest = np.array([min(0.0, rel.pair_obj[rel.first[k]]) if rel.first[k + 1] > rel.first[k] else 0.0
                                 for k in ks])
            total_bound += float((rel.cap[ks] * cheapest).sum())
            optimal = False
            for k in ks.tolist():
                chosen[k].extend(holder[s] for s in rel.class_slots[k] if holder is not None and holder[s] >= 0)
            continue
        res = rel.solve_group(g, want, deadline, full_edges=full_edges, should_stop=should_stop)
        total_bound += res.bound
        optimal &= res.optimal
        for k, persons in res.assign.items():
            chosen[k].extend(persons)
    if rel.n_groups > 1 and not rel.exact:
        relaxed = chosen
        chosen = _sequential_plan(rel, relaxed, want, deadline, should_stop)
        if len(rel.pair_p) <= CLIQUE_LP_PAIRS and time.perf_counter() < deadline \
                and not (should_stop is not None and should_stop()):
            lp_plan, lp_bound = clique_lp(rel, [relaxed, chosen], want, deadline)
            total_bound = max(total_bound, lp_bound)
            if lp_plan is not None and rel.plan_value(lp_plan) < rel.plan_value(chosen):
                chosen = lp_plan
    return total_bound, chosen, optimal and rel.exact


def clique_lp(rel: Relaxation, plans: list[dict], want: np.ndarray, deadline: float,
              rounds: int = 40) -> tuple[dict | None, float]:
    """Plan and bound for a day with several pattern groups: the clique LP (one "at most one" row per
    person and maximal clique of the pattern conflict graph, so no pairwise clash survives; capacity
    per class), by column generation in HiGHS (`highspy`, warm-started between rounds): first the given
    plans' pairs, the plan's pairs and the cheapest 2*cap+10 candidates per class, then per round the
    cap+5 most negative reduced costs per class, until none is negative, `rounds` or the deadline.

    Bound: for any duals y <= 0 of "A x <= b, 0 <= x <= 1", c x >= b y + sum(rc x); per person the
    columns of one clique-cover group sum to at most 1, so sum(rc x) >= sum over persons and groups of
    min(0, min rc). With no negative rc left it is the LP optimum. The LP ignores only person_used and
    24-h breaches that need three slots: a true lower bound. Plan: x rounded at 0.5 (at most one per
    clique row); the caller validates and repairs it."""
    import highspy
    h = _quiet_highs()
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
    K, n_cl, n_p = len(rel.cap), len(cliques), rel.n_persons
    person_rows = n_p * n_cl  # row p * n_cl + q: person p, clique q; then one row per class
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    h.setOptionValue("simplex_strategy", 4)  # primal simplex: the basis stays feasible when columns join
    n_rows = person_rows + K
    upper = np.r_[np.ones(person_rows), rel.cap.astype(float)]
    h.addRows(n_rows, np.full(n_rows, -np.inf), upper, 0, np.zeros(0, np.int32), np.zeros(0, np.int32),
              np.zeros(0))
    pair_pat = rel.class_pat[rel.pair_k]

    def add_columns(new: np.ndarray) -> None:
        c_idx, q_of = np.nonzero(member[:, pair_pat[new]].T)
        col = np.r_[c_idx, np.arange(len(new))]
        row = np.r_[rel.pair_p[new][c_idx].astype(np.int64) * n_cl + q_of, person_rows + rel.pair_k[new]]
        order = np.lexsort((row, col))
        starts = np.r_[0, np.cumsum(np.bincount(col, minlength=len(new)))[:-1]].astype(np.int32)
        h.addCols(len(new), rel.pair_obj[new], np.zeros(len(new)), np.ones(len(new)), len(order), starts,
                  row[order].astype(np.int32), np.ones(len(order)))

    sel = np.zeros(len(rel.pair_p), dtype=bool)
    sel[want] = True
    for plan in plans:
        sel[rel.pair_index(plan)] = True
    for k in range(K):
        sel[rel.first[k]:rel.first[k] + min(int(rel.first[k + 1] - rel.first[k]), 2 * int(rel.cap[k]) + 10)] = True
    cols = np.flatnonzero(sel)
    add_columns(cols)
    person_group = rel.pair_p.astype(np.int64) * rel.n_groups + rel.class_group[rel.pair_k]
    member_f = member.astype(float)
    x, bound = None, -math.inf
    for _ in range(rounds + 1):
        if time.perf_counter() >= deadline:
            break
        h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            break
        sol = h.getSolution()
        x = np.asarray(sol.col_value)
        duals = np.minimum(0.0, np.asarray(sol.row_dual))
        mu = duals[:person_rows].reshape(n_p, n_cl)
        pi = duals[person_rows:]
        rc = rel.pair_obj - pi[rel.pair_k] - (mu @ member_f)[rel.pair_p, pair_pat]
        worst = np.zeros(n_p * rel.n_groups)
        np.minimum.at(worst, person_group, rc)
        bound = max(bound, rel.const + float((rel.cap * pi).sum()) + float(mu.sum()) + float(worst.sum()))
        neg = np.flatnonzero((rc < -1e-7) & ~sel)
        if len(neg) == 0:
            break
        neg = neg[np.lexsort((rc[neg], rel.pair_k[neg]))]
        kk = rel.pair_k[neg]
        neg = neg[np.arange(len(neg)) - np.searchsorted(kk, kk) < rel.cap[kk] + 5]
        sel[neg] = True
        add_columns(neg)
        cols = np.r_[cols, neg]
    if x is None:
        return None, bound
    plan: dict[int, list[int]] = defaultdict(list)
    for j in cols[:len(x)][x > 0.5].tolist():
        plan[int(rel.pair_k[j])].append(int(rel.pair_p[j]))
    return plan, bound - 1e-9 * max(1.0, abs(bound))


def _quiet_highs():
    """A `highspy.Highs` without its banner (printed to fd 1 by the first instance of a process, where
    the CLI writes its own output)."""
    import os
    import sys

    import highspy
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 1)
            return highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def _sequential_plan(rel: Relaxation, chosen: dict, want: np.ndarray, deadline: float, should_stop) -> dict:
    """A plan without the clashes the relaxation ignores: keep the largest group's assignment, then
    re-solve every other group without the pairs that clash with what the person already holds."""
    order = sorted(range(rel.n_groups), key=lambda g: -int(rel.cap[rel.groups[g]].sum()))
    plan: dict[int, list[int]] = defaultdict(list)
    blocked = np.zeros((rel.n_persons, len(rel.conflict)), dtype=bool)

    def take(g, assign):
        for k in rel.groups[g].tolist():
            persons = assign.get(k, [])
            plan[k] = list(persons)
            if persons:
                blocked[np.array(persons, dtype=np.int64)] |= rel.conflict[rel.class_pat[k]]

    take(order[0], chosen)
    for g in order[1:]:
        if time.perf_counter() >= deadline or (should_stop is not None and should_stop()):
            take(g, chosen)
            continue
        res = rel.solve_group(g, want, deadline, should_stop=should_stop, blocked=blocked, with_bound=False)
        take(g, res.assign)
    return plan


def run_isolated(fn: Callable[[], object], should_stop: Callable[[], bool], poll: float = 0.02):
    """Run `fn()` in a forked child so that a long, uninterruptible library call can still be
    cancelled within `poll` seconds (the child is killed). Returns fn's value, or None when stopped.
    Without fork (Windows) `fn` runs in this process."""
    import os
    import pickle
    import select
    import signal
    if not hasattr(os, "fork"):
        return fn()
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: compute, send, leave without running any cleanup of the parent's state
        code = 0
        try:
            os.close(r)
            data = pickle.dumps(fn(), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(w, "wb") as out:
                out.write(len(data).to_bytes(8, "little"))
                out.write(data)
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(w)
    chunks, need, got = [], None, 0
    try:
        while True:
            ready, _, _ = select.select([r], [], [], poll)
            if not ready:
                if should_stop():
                    os.kill(pid, signal.SIGKILL)
                    return None
                continue
            block = os.read(r, 1 << 20)
            if not block:
                break
            chunks.append(block)
            got += len(block)
            if need is None and got >= 8:
                need = int.from_bytes(b"".join(chunks)[:8], "little")
            if need is not None and got >= need + 8:
                break
        raw = b"".join(chunks)
        if len(raw) < 8 or len(raw) < 8 + int.from_bytes(raw[:8], "little"):
            return None  # the child failed (e.g. out of memory): no result, the search goes on
        return pickle.loads(raw[8:])
    finally:
        os.close(r)
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass


def pins_bound(pb: Problem) -> float:
    """The bound that costs nothing: pinned slots cost what their pins cost, every other slot at least 0.
    The engine starts from it, so a short time limit is never spent on bounding before planning."""
    return float(sum(pb.assign_cost(p, s) for s, p in pb.pins))


def simple_bound(pb: Problem) -> float:
    """Bounds that need no search: every slot costs at least min(unfilled, its cheapest candidate);
    with person_used > 0 (and leaving a slot empty dearer than a person), every instant's overlapping
    fillable slots need that many distinct people. Both ignore nothing that could lower the cost."""
    w = pb.weights
    const, each = 0.0, 0.0
    starts_ends = []
    for s, slot in enumerate(pb.slots):
        if s in pb.pinned_slot:
            const += pb.assign_cost(pb.pinned_slot[s], s)
            starts_ends.append((slot.start, slot.end))
            continue
        persons, costs = pb.candidates(s)
        if len(persons) == 0:
            const += pb.unfilled_cost(s)
        else:
            each += min(pb.unfilled_cost(s), float(costs[0]))
            starts_ends.append((slot.start, slot.end))
    bound = const + each
    fillable_min_u = min((pb.unfilled_cost(s) for s in range(len(pb.slots))), default=0.0)
    if w.person_used > 0 and fillable_min_u >= w.person_used and starts_ends:
        events = sorted([(a, 1) for a, _ in starts_ends] + [(b, -1) for _, b in starts_ends])
        cur = top = 0
        for _, d in events:
            cur += d
            top = max(top, cur)
        pinned_cost = sum(pb.assign_cost(p, s) for s, p in pb.pins)
        unfillable = const - pinned_cost
        bound = max(bound, unfillable + pinned_cost + w.person_used * top)
    return bound
