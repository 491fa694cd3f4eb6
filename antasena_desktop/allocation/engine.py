"""Allocation engine: greedy construction, ejection-chain repair, exact-block local search.

default mode
    1. pins are placed first (and validated: infeasible pins raise `PinConflictError`);
    2. greedy: slots by priority, scarcity (fewest eligible people) and regret (gap between the
       two cheapest candidates), each taking its cheapest free eligible person;
    3. repair: every still-empty fillable slot tries ejection chains (give the slot to a person
       who must leave something, re-place what they leave, up to depth 2);
    4. local search (large neighbourhood search): pick an instant t; all slots active at t pairwise
       overlap, so each person can hold at most one of them. Release them and re-assign them
       optimally as a min-cost assignment (one private "leave empty" column per slot) against the
       rest of everyone's schedule. Instants are a minimum stabbing set of the slot intervals, then
       every distinct start; big blocks are cut into geographic strips. This neighbourhood contains
       every move and swap between overlapping slots, and every cycle of them. Between passes,
       ejection chains across time (a cheaper person takes a slot and leaves one clashing slot,
       which goes to the cheapest free person) and the repair run again. Repeats until nothing
       improves, time runs out, or `cancel()` says stop.

min_persons mode (SMPTSP)
    The search optimises (unfilled, persons used) lexicographically: greedy by start time packs
    tasks onto people already in use (best fit), then repeatedly tries to *eliminate* a person:
    their tasks go to a pool and a weighted ejection-chain search (tabu on just-left pairs, weights
    grow on tasks that keep bouncing) re-places them on the remaining people. Success keeps the
    smaller crew; failure restores the snapshot and tries the next person; when every person
    failed, the search effort doubles. Stops at the max-overlap lower bound.

Every assignment is made through `State`, which only accepts statically eligible candidates and
checks rules 6-7 against the person's schedule; a final validation pass drops anything invalid,
so the result never breaks a hard rule.
"""
from __future__ import annotations

import math
import random
import time
from collections import defaultdict
from typing import Callable

import numpy as np

from antasena_desktop.i18n import T, Text, UserError

from .assignment import Interrupted, solve_assignment
from .exact import FULL_EDGES, FULL_SECONDS_PER_EDGE_ROW, Relaxation, Stopped, pins_bound, run_isolated, simple_bound, solve_relaxation
from .problem import DAY, Problem, load_problem
from .state import State

SMPTSP_WEIGHTS = {"unfilled": 1000.0, "distance_km": 0.0, "recent_hours": 0.0, "person_used": 1.0}
CHUNK = 256


class PinConflictError(UserError):
    """The operator's pins cannot all hold; `problems` lists each conflict in both languages."""

    def __init__(self, problems: list):
        self.problems = problems
        lines = Text("; ".join(p.render("id") for p in problems), "; ".join(p.render("en") for p in problems), {})
        super().__init__(T("Penempatan tetap (pin) tidak dapat dipenuhi: {lines}",
                           "Pinned placements cannot all hold: {lines}", lines=lines))


class Cancelled(Exception):
    pass


class _Budget(Exception):
    pass


class Solver:
    def __init__(self, problem: Problem, *, time_limit: float = 10.0, seed: int = 0,
                 progress: Callable | None = None, cancel: Callable | None = None, mode: str = "default",
                 block_rows: int = 500, exact_phase: bool = True):
        if mode not in ("default", "min_persons"):
            raise ValueError(f"unknown mode {mode!r}")
        self.pb = problem
        self.time_limit = float(time_limit)
        self.rng = random.Random(seed)
        self.progress_cb = progress
        self.cancel_cb = cancel
        self.mode = mode
        self.block_rows = block_rows
        self.t0 = time.perf_counter()
        self.deadline = self.t0 + 0.97 * self.time_limit
        self.phase_times: dict[str, float] = {}
        self.cancelled = False
        self._last_report = 0.0
        self._chunks: dict[int, list] = {}
        self._ops = 0
        self.ops_budget = 2000
        self.pool_pick = "weight"  # pool slot to re-place: mostly the most-bounced one
        self.exact_phase = exact_phase
        self.bound = pins_bound(problem)  # always a proven lower bound; raised after the greedy and by the exact phase
        self.bound_source = "pins"
        self.proven_gap = 1e-4  # stop early once the plan is certified within 0.01 %

    # ------------------------------------------------------------------ plumbing
    def out_of_time(self) -> bool:
        now = time.perf_counter()
        if now >= self.deadline:
            return True
        if self.cancel_cb is not None and now - self._last_cancel_check > 0.02:
            self._last_cancel_check = now
            if self.cancel_cb():
                self.cancelled = True
                self.deadline = now
                return True
        return self.cancelled

    _last_cancel_check = -1.0

    def report(self, phase: str, force: bool = False) -> None:
        if self.progress_cb is None:
            return
        now = time.perf_counter()
        if force or now - self._last_report > 0.1:
            self._last_report = now
            frac = min(1.0, (now - self.t0) / self.time_limit) if self.time_limit > 0 else 1.0
            self.progress_cb(frac, self.state.total, phase)

    def cands(self, g: int):
        """Candidates of a group as python (person, cost) chunks, cheapest first, built lazily."""
        chunks = self._chunks.get(g)
        if chunks is None:
            chunks = self._chunks[g] = []
        persons, costs = self.pb.group_candidates(g)
        k = 0
        while True:
            if k < len(chunks):
                yield from chunks[k]
            else:
                lo = k * CHUNK
                if lo >= len(persons):
                    return
                chunk = list(zip(persons[lo:lo + CHUNK].tolist(), costs[lo:lo + CHUNK].tolist()))
                chunks.append(chunk)
                yield from chunk
            k += 1

    # ------------------------------------------------------------------ main
    def solve(self) -> State:
        pb = self.pb
        self.state = st = State(pb)
        self.fillable: list[int] = []
        self._place_pins()
        self.report("pins", force=True)
        t = time.perf_counter()
        try:
            self.fillable = self._fillable_slots()
            if self.mode == "min_persons":
                self._greedy_min_persons()
            else:
                self._greedy()
            self.phase_times["greedy"] = time.perf_counter() - t
            self.report("greedy", force=True)
            self._take_simple_bound()     # cheap now: the greedy has built every candidate list
            if self.mode == "default" and self.exact_phase:
                # the exact phase right after the greedy: on a one-group day it IS the optimum
                t = time.perf_counter()
                self._exact()
                self.phase_times["exact"] = time.perf_counter() - t
            t = time.perf_counter()
            if not self.proven():  # more of the budget when the exact phase could not run
                self._repair(budget_fraction=0.7 if "skipped" in getattr(self, "relaxation_info", {}) else 0.3)
            self.phase_times["repair"] = time.perf_counter() - t
            self.report("repair", force=True)
            t = time.perf_counter()
            if self.mode == "min_persons":
                if any(st.holder[x] < 0 for x in self.fillable):
                    # packing by start time left slots empty: compare with the fill-first greedy
                    first = st.snapshot()
                    first_key = (sum(1 for x in self.fillable if st.holder[x] < 0), st.used)
                    for x in range(len(st.holder)):
                        if st.holder[x] >= 0 and x not in st.pinned:
                            st.unassign(x)
                    try:
                        self._greedy()
                        self._repair(budget_fraction=0.2)
                    except Cancelled:
                        st.restore(first)
                        raise
                    if (sum(1 for x in self.fillable if st.holder[x] < 0), st.used) >= first_key:
                        st.restore(first)
                self._eliminate()
                self.phase_times["eliminate"] = time.perf_counter() - t
                t = time.perf_counter()
                self._repair()
            if (self.mode == "default" or pb.weights.distance_km or pb.weights.recent_hours) and not self.proven():
                self._lns()
            self.phase_times["local_search"] = time.perf_counter() - t
        except Cancelled:
            pass
        self.hard_violations_fixed = self._validate()
        self.report("done", force=True)
        return st

    def _fillable_slots(self) -> list[int]:
        """Slots someone could hold; builds every group's candidate list, so it watches the deadline."""
        pb, fillable_groups = self.pb, set()
        for g in range(len(pb.groups)):
            if g % 64 == 0 and self.out_of_time():
                raise Cancelled
            if len(pb.group_candidates(g)[0]):
                fillable_groups.add(g)
        return [s for s in range(len(pb.slots)) if pb.slots[s].group in fillable_groups]

    def _take_simple_bound(self) -> None:
        if not self.out_of_time():
            bound = simple_bound(self.pb)
            if bound > self.bound:
                self.bound, self.bound_source = bound, "simple"

    # ------------------------------------------------------------------ pins
    def _place_pins(self) -> None:
        pb, st = self.pb, self.state
        problems = []
        from .explain import static_reason
        for s, p in pb.pins:
            slot, person = pb.slots[s], pb.persons[p]
            if st.holder[s] >= 0:
                if st.holder[s] != p:
                    problems.append(T("slot {slot} dipin ke dua orang ({a}, {b})",
                                      "slot {slot} pinned to two people ({a}, {b})", slot=slot.id,
                                      a=pb.persons[st.holder[s]].id, b=person.id))
                continue
            if not pb.is_eligible(p, s):
                why = static_reason(pb, s, p)
                problems.append(T("{person} tidak boleh di {slot}: {why}", "{person} cannot serve {slot}: {why}",
                                  person=person.id, slot=slot.id, why=why))
                continue
            clash = st.conflicts(p, s)
            if clash:
                problems.append(T("{person} dipin ke {slot} dan {other} (waktu istirahat/batas 24 jam)",
                                  "{person} is pinned to {slot} and {other} (rest time / 24 h cap)",
                                  person=person.id, slot=slot.id, other=", ".join(pb.slots[c].id for c in clash)))
                continue
            st.assign(s, p)
        if problems:
            raise PinConflictError(problems)

    # ------------------------------------------------------------------ greedy
    def _first_free(self, s: int, start: int = 0, exclude=(), stop: int | None = None) -> tuple[int, int]:
        """Cheapest free candidate of slot s from list position `start` (rule 6 screened with numpy)."""
        st = self.state
        persons, _ = self.pb.group_candidates(self.pb.slots[s].group)
        n = len(persons) if stop is None else min(stop, len(persons))
        i, width = start, 128
        while i < n:
            chunk = persons[i:min(n, i + width)]
            for k in np.flatnonzero(st.free_mask(chunk, s)).tolist():
                p = int(chunk[k])
                if p in exclude:
                    continue
                if not st.cap_binding or st.can_take(p, s):
                    return i + k, p
            i += len(chunk)
            width *= 4
        return n, -1

    def _best_free(self, s: int, exclude=(), limit: int | None = None) -> int:
        st = self.state
        w_used = st.w_used
        if w_used == 0:
            self._ops += 1
            return self._first_free(s, 0, exclude, limit)[1]
        sched = st.sched
        best_p, best_c = -1, math.inf
        for k, (p, c) in enumerate(self.cands(self.pb.slots[s].group)):
            if c >= best_c or (limit is not None and k >= limit):
                break
            self._ops += 1
            if p in exclude:
                continue
            total = c if (w_used == 0 or sched[p]) else c + w_used
            if total < best_c and st.can_take(p, s):
                best_p, best_c = p, total
                if w_used == 0:
                    break
        return best_p

    def _greedy(self) -> None:
        pb, st = self.pb, self.state
        keyed = []
        for s in self.fillable:
            if st.holder[s] >= 0:
                continue
            persons, costs = pb.candidates(s)
            regret = float(costs[1] - costs[0]) if len(costs) > 1 else 1e9
            keyed.append((-pb.slots[s].priority, len(persons) // 8, -regret, st.S[s], s))
        keyed.sort()
        w_used = st.w_used
        ptr: dict[int, int] = {}
        sched = st.sched
        for n, (*_, s) in enumerate(keyed):
            if n % 64 == 0:
                if self.out_of_time():
                    raise Cancelled
                self.report("greedy")
            g = pb.slots[s].group
            start = ptr.get(g, 0)
            if w_used == 0:
                if g in ptr:
                    continue
                # identical slots of the group are consecutive in this order: fill them in one sweep
                members = [x for x in pb.groups[g].slots if st.holder[x] < 0 and x not in st.pinned]
                persons, costs = pb.group_candidates(g)
                i, width, m = 0, 2 * len(members) + 16, 0
                while i < len(persons) and m < len(members):
                    chunk = persons[i:i + width]
                    for k in np.flatnonzero(st.free_mask(chunk, s)).tolist():
                        p = int(chunk[k])
                        if st.can_take(p, s):
                            st.assign(members[m], p, cost=float(costs[i + k]))
                            m += 1
                            if m == len(members):
                                break
                    i += len(chunk)
                    width *= 4
                ptr[g] = i
                continue
            best_p, best_c = -1, math.inf
            for k, (p, c) in enumerate(self.cands(g)):
                if k < start:
                    continue
                if c >= best_c:
                    break
                if not st.can_take(p, s):
                    if best_p < 0 and k == start:
                        start += 1  # busy for this group's interval for the rest of greedy
                    continue
                total = c if (w_used == 0 or sched[p]) else c + w_used
                if total < best_c:
                    best_p, best_c = p, total
                    if w_used == 0:
                        break
            ptr[g] = start
            if best_p >= 0:
                st.assign(s, best_p)

    def _greedy_min_persons(self) -> None:
        pb, st = self.pb, self.state
        versatility = [0] * len(pb.persons)
        for s in self.fillable:
            for p in pb.candidates(s)[0].tolist():
                versatility[p] += 1
        self.versatility = versatility
        order = sorted((s for s in self.fillable if st.holder[s] < 0), key=lambda s: (st.S[s], -st.E[s]))
        S, E = st.S, st.E
        for n, s in enumerate(order):
            if n % 128 == 0 and self.out_of_time():
                raise Cancelled
            best, best_key = -1, None
            for p, c in self.cands(pb.slots[s].group):
                if not st.can_take(p, s):
                    continue
                sch = st.sched[p]
                if sch:
                    prev = [E[a] for a in sch if E[a] <= S[s]]
                    gap = S[s] - max(prev) if prev else DAY * 10
                    key = (c, 0, gap)
                else:
                    key = (c + st.w_used, 1, -versatility[p])
                if best_key is None or key < best_key:
                    best, best_key = p, key
            if best >= 0:
                st.assign(s, best)

    # ------------------------------------------------------------------ repair
    def _repair(self, budget_fraction: float = 0.3) -> None:
        """Ejection chains for empty fillable slots, bounded in work per slot and in total time."""
        pb, st = self.pb, self.state
        todo = [s for s in self.fillable if st.holder[s] < 0]
        todo.sort(key=lambda s: (-pb.slots[s].priority, len(pb.candidates(s)[0])))
        stop_at = time.perf_counter() + budget_fraction * max(0.0, self.deadline - time.perf_counter())
        for depth in (1, 2):
            failed_groups: set[int] = set()
            for s in todo:
                if self.out_of_time():
                    raise Cancelled
                if time.perf_counter() > stop_at:
                    return
                g = pb.slots[s].group
                if st.holder[s] >= 0 or g in failed_groups:
                    continue
                log: list = []
                self._ops = 0
                try:
                    ok = self._place(s, depth, set(), log)
                except _Budget:
                    ok = False
                if ok:
                    failed_groups.clear()
                else:
                    self._rollback(log)
                    failed_groups.add(g)
                self.report("repair")

    def _rollback(self, log: list) -> None:
        st = self.state
        for s, old in reversed(log):
            if st.holder[s] >= 0:
                st.unassign(s)
            if old >= 0:
                st.assign(s, old)
        log.clear()

    def _place(self, s: int, depth: int, banned: set, log: list) -> bool:
        """Fill slot s, ejecting and re-placing up to `depth` levels; changes are logged for rollback."""
        st, pb = self.state, self.pb
        p = self._best_free(s, banned)
        if p >= 0:
            log.append((s, -1))
            st.assign(s, p)
            return True
        if depth == 0:
            return False
        limit = 60 if depth >= 2 else 30
        tried = 0
        failed: set[int] = set()  # groups of clashing slots that could not be re-placed (state unchanged)
        for p, c in self.cands(pb.slots[s].group):
            self._ops += 1
            if self._ops > self.ops_budget or (self._ops % 16 == 0 and self.out_of_time()):
                raise _Budget
            if p in banned:
                continue
            clash = st.conflicts(p, s)
            if not clash or len(clash) > 2 or any(x in st.pinned for x in clash):
                continue
            if len(clash) == 1 and pb.slots[clash[0]].group in failed:
                continue
            tried += 1
            if tried > limit:
                break
            if depth == 1 and len(clash) == 1:
                # leaf: the clashing slot needs a free person; test before touching the state
                x = clash[0]
                q = self._best_free(x, banned | {p})
                if q < 0:
                    failed.add(pb.slots[x].group)
                    continue
                log.append((x, p))
                st.unassign(x)
                log.append((s, -1))
                st.assign(s, p)
                log.append((x, -1))
                st.assign(x, q)
                return True
            mark = len(log)
            for x in clash:
                log.append((x, st.holder[x]))
                st.unassign(x)
            log.append((s, -1))
            st.assign(s, p)
            ok = True
            for x in clash:
                if not self._place(x, depth - 1, banned | {p}, log):
                    ok = False
                    if len(clash) == 1:
                        failed.add(pb.slots[x].group)
                    break
            if ok:
                return True
            self._rollback_to(log, mark)
        return False

    def _rollback_to(self, log: list, mark: int) -> None:
        tail = log[mark:]
        del log[mark:]
        self._rollback(tail)

    # ------------------------------------------------------------------ exact phase
    def gap(self) -> float:
        total = self.state.total
        return max(0.0, total - self.bound) / total if total > 0 else 0.0

    def proven(self) -> bool:
        return self.gap() <= self.proven_gap

    def _exact(self) -> None:
        """Solve the clique-group relaxation (`exact.py`) to a proven bound; its assignment, made valid
        (cross-group clashes dropped, gaps repaired), replaces the plan when cheaper."""
        st, pb = self.state, self.pb
        if self.out_of_time():
            raise Cancelled
        # the matching cannot be interrupted (it runs in a child that is killed): skip the phase when
        # even the model cannot be built in the time left (about 0.4 us per eligible pair, 2x margin)
        seen, pairs, edges, slots = set(), 0, 0, 0
        for s in self.fillable:
            if s in st.pinned:
                continue
            n = len(pb.candidates(s)[0])
            edges, slots = edges + n, slots + 1
            key = (pb.slots[s].group, pb.slots[s].priority)
            if key not in seen:
                seen.add(key)
                pairs += n
        left = 0.85 * self.time_limit - (time.perf_counter() - self.t0)
        build = 2 * 4e-7 * pairs  # kept conservative: on Polda at 15 s the local search gives the better plan
        full = FULL_SECONDS_PER_EDGE_ROW * edges * min(slots, len(pb.persons))
        # on a tight day (more slots than people) a matching over the cheapest candidates is far off:
        # when the full one cannot fit (but could, with more time) the time goes to repair + local search
        tight = slots > len(pb.persons)
        if build > left or (tight and edges <= FULL_EDGES and build / 2 + full > left):
            self.relaxation_info = {"skipped": "time", "pairs_estimate": pairs, "edges_estimate": edges}
            return
        self.report("relaxation", force=True)
        self._last_cancel_check = -1.0  # the build's first poll asks cancel() at once
        try:
            rel = Relaxation(pb, should_stop=self.out_of_time)
        except Stopped:
            self.relaxation_info = {"interrupted": "build"}
            raise Cancelled from None
        self.relaxation_info = {"groups": rel.n_groups, "exact_model": rel.exact, "pairs": int(len(rel.pair_p)),
                                "edges": int(rel.group_edges.sum())}
        # each child starts no new group after 85 % of the budget and is killed at 95 %: the rest turns
        # its assignment into a valid plan. When the full matching fits it runs at once (the optimum of
        # a one-group day); otherwise a quick pass (cheapest candidates + the plan's pairs, short
        # Lagrangian ascent) gives a near-optimal plan early, then every pair for the proof.
        deadline, kill_at = self.t0 + 0.85 * self.time_limit, self.t0 + 0.95 * self.time_limit
        stop = lambda: self.out_of_time() or time.perf_counter() > kill_at  # noqa: E731
        now = time.perf_counter()
        if now + rel.full_seconds() < deadline:
            passes = [(FULL_EDGES, deadline)]
        else:  # quick pass (cheapest candidates + the plan's pairs), then every pair where it fits
            passes = [(0, min(deadline, now + 0.3 * (deadline - now))), (FULL_EDGES, deadline)]
        self.relaxation_info["passes"] = 0
        for full_edges, until in passes:
            holder = list(st.holder)
            out = run_isolated(lambda: solve_relaxation(rel, holder, until, full_edges=full_edges), stop)
            if out is None:
                raise Cancelled
            self.relaxation_info["passes"] += 1
            bound, chosen, optimal = out
            if bound > self.bound:
                self.bound, self.bound_source = bound, "relaxation"
            self.relaxation_info["optimal"] = bool(optimal)
            self._adopt(rel, chosen)
            if self.proven() or optimal:
                break
        self.report("exact", force=True)

    def _adopt(self, rel: Relaxation, chosen: dict) -> None:
        """The relaxation's assignment, made valid (clashes dropped, gaps repaired), if it is cheaper."""
        st = self.state
        best, best_total = st.snapshot(), st.total
        for s in range(len(st.holder)):
            if st.holder[s] >= 0 and s not in st.pinned:
                st.unassign(s)
        for k in sorted(chosen, key=lambda k: -rel.u[k]):
            free = [s for s in rel.class_slots[k] if st.holder[s] < 0]
            for s, p in zip(free, chosen[k]):
                if st.can_take(p, s):
                    st.assign(s, p)
        try:
            if not self.proven() and any(st.holder[x] < 0 for x in self.fillable):
                self._repair(budget_fraction=0.3)
        finally:
            if st.total > best_total + 1e-9:
                st.restore(best)
        self.report("exact", force=True)


    # ------------------------------------------------------------------ exact blocks (LNS)
    def _stabbing_instants(self, slots: list[int]) -> list[int]:
        S, E = self.state.S, self.state.E
        pts, last = [], None
        for s in sorted(slots, key=lambda s: E[s]):
            if last is None or S[s] > last:
                last = E[s] - 1
                pts.append(last)
        return pts

    def _lns(self) -> None:
        """Improvement loop: exact blocks at the stabbing instants, ejection chains, repair; then the
        remaining distinct start instants once more; until nothing improves."""
        st = self.state
        movable = [s for s in self.fillable if s not in st.pinned]
        if not movable:
            return
        S = st.S
        stab = self._stabbing_instants(movable)
        starts = sorted(set(S[s] for s in movable) - set(stab))
        cycle = 0
        wide = False
        while True:
            if self.proven():
                return
            before = st.total
            self._lns_pass(starts if wide else stab, movable, cycle)
            cycle += 1
            while self._chains():
                pass
            if any(st.holder[x] < 0 for x in movable):
                self._repair(budget_fraction=0.5)
            if st.total < before - 1e-9:
                wide = False
                continue
            if wide or not starts:
                return
            wide = True

    def _lns_pass(self, instants, movable, cycle) -> bool:
        S, E = self.state.S, self.state.E
        improved = False
        for t in instants:
            rows = [s for s in movable if S[s] <= t < E[s]]
            for block in self._split(rows, cycle):
                if self.out_of_time():
                    raise Cancelled
                if self.proven():
                    return improved
                if self._solve_block(block):
                    improved = True
                self.report("local_search")
        return improved

    def _split(self, rows: list[int], cycle: int) -> list[list[int]]:
        if len(rows) <= self.block_rows:
            return [rows] if rows else []
        pb = self.pb
        angle = cycle * 0.9
        ca, sa = math.cos(angle), math.sin(angle)
        rows = sorted(rows, key=lambda s: pb.slots[s].lat * ca + pb.slots[s].lon * sa)
        k = math.ceil(len(rows) / self.block_rows)
        size = math.ceil(len(rows) / k)
        offset = (cycle * size // 3) % size if cycle else 0
        cuts = [0] + list(range(offset or size, len(rows), size)) + [len(rows)]
        return [rows[a:b] for a, b in zip(cuts, cuts[1:]) if b > a]

    def _solve_block(self, rows: list[int], allowed: set | None = None) -> bool:
        st, pb = self.state, self.pb
        n = len(rows)
        if n == 0:
            return False
        w_used = st.w_used
        old = [st.holder[r] for r in rows]
        old_cost = 0.0
        for r, p in zip(rows, old):
            if p < 0:
                old_cost += st.unfilled_cost[r]
            else:
                old_cost += st.acost[r] + (w_used if len(st.sched[p]) == 1 else 0.0)
        old_acost = [st.acost[r] for r in rows]
        for r in rows:
            st.unassign(r)
        cols: dict[int, int] = {}
        col_list: list[int] = []
        by_group: dict[int, list[int]] = defaultdict(list)
        for i, r in enumerate(rows):
            by_group[pb.slots[r].group].append(i)
        entries = []
        for g, idxs in by_group.items():
            persons, costs = pb.group_candidates(g)
            if allowed is not None:
                keep = [i for i, p in enumerate(persons.tolist()) if p in allowed]
                pp, cc = persons[keep].tolist(), costs[keep]
            else:
                k = min(len(persons), 3 * len(idxs) + 30)
                pp, cc = persons[:k].tolist(), costs[:k]
            for p in pp:
                if p not in cols:
                    cols[p] = len(col_list)
                    col_list.append(p)
            entries.append((idxs, pp, cc))
        for p in old:
            if p >= 0 and p not in cols:
                cols[p] = len(col_list)
                col_list.append(p)
        m = len(col_list)
        C = np.full((n, m + n), np.inf)
        for idxs, pp, cc in entries:
            ci = np.fromiter((cols[p] for p in pp), dtype=np.int64, count=len(pp))
            C[np.ix_(idxs, ci)] = cc[None, :]
        for i, p in enumerate(old):
            if p >= 0:
                C[i, cols[p]] = old_acost[i]
        sched = st.sched
        for j, p in enumerate(col_list):
            if sched[p]:
                col = C[:, j]
                for i in np.flatnonzero(np.isfinite(col)).tolist():
                    if not st.can_take(p, rows[i]):
                        col[i] = np.inf
            elif w_used:
                C[:, j] += w_used
        C[np.arange(n), m + np.arange(n)] = [st.unfilled_cost[r] for r in rows]
        try:
            sol = solve_assignment(C, self.out_of_time)
        except Interrupted:
            for i, p in enumerate(old):
                if p >= 0:
                    st.assign(rows[i], p, cost=old_acost[i])
            raise Cancelled from None
        new_cost = float(C[np.arange(n), sol].sum())
        if new_cost < old_cost - 1e-7 * max(1.0, abs(old_cost)):
            for i, j in enumerate(sol.tolist()):
                if j < m:
                    st.assign(rows[i], col_list[j])
            return True
        for i, p in enumerate(old):
            if p >= 0:
                st.assign(rows[i], p, cost=old_acost[i])
        return False

    # ------------------------------------------------------------------ ejection-chain improvement
    def _chains(self) -> bool:
        """Give a slot to a cheaper person who must leave at most one clashing slot, which goes to the
        cheapest free person (possibly the one just released). Covers moves and cross-time swaps.
        Deltas are evaluated without touching the state; only improving moves are applied."""
        st, pb = self.state, self.pb
        improved = False
        order = [s for s in self.fillable if st.holder[s] >= 0 and s not in st.pinned]
        order.sort(key=lambda s: -st.acost[s])
        free_cache: dict[int, tuple] = {}
        st_version = [0]
        for n, s in enumerate(order):
            if self.out_of_time():
                raise Cancelled
            if n % 64 == 0:
                self.report("local_search")
            a = st.holder[s]
            if a < 0 or s in st.pinned:
                continue
            ca = st.acost[s]
            for i, (b, cb) in enumerate(self.cands(pb.slots[s].group)):
                gain = ca - cb
                if gain <= 1e-9:
                    break
                if i % 32 == 31 and self.out_of_time():
                    raise Cancelled
                clash = st.conflicts(b, s)
                if not clash:
                    move = (None, -1, 0.0)
                elif len(clash) == 1 and clash[0] not in st.pinned:
                    x = clash[0]
                    cx = st.acost[x]
                    xc = pb.candidates(x)[1]
                    if len(xc) == 0 or xc[0] - cx >= gain - 1e-9:
                        continue  # nobody can take x cheaply enough
                    hit = free_cache.get(x)
                    if hit is None or hit[0] != st_version[0]:
                        hit = free_cache[x] = (st_version[0],) + self._first_free(x)
                    _, k, q = hit
                    best_q, best_c = (q, float(xc[k])) if q >= 0 else (-1, st.unfilled_cost[x])
                    if a != b and pb.is_eligible(a, x) and not st.conflicts(a, x, ignore=(s,)):
                        c_ax = pb.assign_cost(a, x)
                        if c_ax < best_c:
                            best_q, best_c = a, c_ax
                    if best_c - cx >= gain - 1e-9:
                        continue
                    move = (x, best_q, best_c)
                else:
                    continue
                before = st.total
                x, q, _ = move
                log = [(s, a)]
                st.unassign(s)
                if x is not None:
                    log.append((x, b))
                    st.unassign(x)
                st.assign(s, b, cost=cb)
                if x is not None and q >= 0:
                    if st.can_take(q, x):
                        st.assign(x, q)
                if st.total < before - 1e-9:
                    improved = True
                    st_version[0] += 1
                    break
                if x is not None and st.holder[x] >= 0:
                    st.unassign(x)
                st.unassign(s)
                for y, old in reversed(log):
                    st.assign(y, old)
        return improved

    # ------------------------------------------------------------------ min_persons: eliminate people
    def _lower_bound(self) -> int:
        events = []
        for s in self.fillable:
            events.append((self.state.S[s], 1))
            events.append((self.state.E[s], -1))
        events.sort()
        best = cur = 0
        for _, d in events:
            cur += d
            best = max(best, cur)
        return best

    def _eliminate(self) -> None:
        st = self.state
        lb = self._lower_bound()
        self.lower_bound = lb
        max_iter = 300
        tried: set[int] = set()
        rounds_failed = 0
        while st.used > lb and not self.out_of_time():
            users = [p for p, sch in enumerate(st.sched) if sch and p not in tried
                     and not any(s in st.pinned for s in sch)]
            if not users:
                rounds_failed += 1
                if rounds_failed > 6:
                    break
                tried.clear()
                max_iter *= 2
                continue
            users.sort(key=lambda p: (len(st.sched[p]), sum(st.E[s] - st.S[s] for s in st.sched[p]), p))
            w = users[0]
            snap = st.snapshot()
            pool = list(st.sched[w])
            for s in pool:
                st.unassign(s)
            try:
                ok = self._eject_search(pool, w, max_iter)
            except Cancelled:
                st.restore(snap)
                raise
            if ok:
                tried.clear()
                rounds_failed = 0
                self.report("eliminate", force=True)
            else:
                st.restore(snap)
                tried.add(w)
                self.report("eliminate")

    def _eject_search(self, pool: list[int], banned: int, max_iter: int) -> bool:
        st, pb, rng = self.state, self.pb, self.rng
        sched = st.sched
        weight: dict[int, int] = defaultdict(lambda: 1)
        tabu: dict[tuple[int, int], int] = {}
        pool = list(pool)
        for it in range(max_iter):
            if not pool:
                return True
            if it % 64 == 0 and self.out_of_time():
                return False
            if self.pool_pick == "weight" and rng.random() < 0.7:
                top = max(weight[x] for x in pool)
                heavy = [k for k, x in enumerate(pool) if weight[x] == top]
                i = heavy[rng.randrange(len(heavy))]
            else:
                i = rng.randrange(len(pool))
            s = pool[i]
            best, best_score, best_clash, ties = -1, math.inf, None, 0
            allowed = 0
            for p, _ in self.cands(pb.slots[s].group):
                if p == banned or not sched[p]:
                    continue
                allowed += 1
                if tabu.get((s, p), -1) >= it:
                    continue
                clash = st.conflicts(p, s)
                if clash:
                    if any(x in st.pinned for x in clash):
                        continue
                    score = sum(weight[x] for x in clash)
                else:
                    score = 0
                if score < best_score:
                    best, best_score, best_clash, ties = p, score, clash, 1
                    if score == 0:
                        break
                elif score == best_score:
                    ties += 1
                    if rng.randrange(ties) == 0:
                        best, best_clash = p, clash
            if best < 0:
                if not allowed:
                    return False  # nobody left in the crew can ever take this slot
                weight[s] += 1
                continue
            pool[i] = pool[-1]
            pool.pop()
            for x in best_clash:
                st.unassign(x)
                pool.append(x)
                weight[x] += 1
                tabu[(x, best)] = it + 7 + rng.randrange(5)
            st.assign(s, best)
        return not pool

    # ------------------------------------------------------------------ safety net
    def _validate(self) -> int:
        """Re-check every assignment against rules 2-7; drop anything invalid (should never happen)."""
        st, pb = self.state, self.pb
        S, E, rest, cap = st.S, st.E, st.rest, st.max24
        dropped = 0
        for p, sch in enumerate(st.sched):
            if not sch:
                continue
            bad = [s for s in sch if not pb.is_eligible(p, s) and s not in st.pinned]
            if len(sch) > 1 and not bad:
                for i in range(len(sch) - 1):
                    a, b = sch[i], sch[i + 1]
                    if S[b] < E[a] + rest:
                        bad.append(b if b not in st.pinned else a)
                if not bad and st.cap_binding:
                    for a in sch:
                        t, w_end = S[a], S[a] + DAY
                        total = sum(max(0, min(E[b], w_end) - max(S[b], t)) for b in sch)
                        if total > cap:
                            bad.append(a)
                            break
            for s in bad:
                if s in st.pinned or st.holder[s] != p:
                    continue
                st.unassign(s)
                dropped += 1
        return dropped


def solve(instance, *, time_limit: float = 10.0, seed: int = 0, progress: Callable | None = None,
          cancel: Callable | None = None, mode: str = "default", explain_unfilled: bool = True) -> dict:
    """Solve an instance (dict, path or `Problem`) and return a result dict (`antasena-allocation-result/1`).

    Raises `PinConflictError` when the pins themselves break a hard rule.
    """
    t0 = time.perf_counter()
    pb = instance if isinstance(instance, Problem) else load_problem(instance)
    search_pb = pb
    if mode == "min_persons":
        w = pb.weights
        if (w.unfilled, w.distance_km, w.recent_hours, w.person_used) != tuple(SMPTSP_WEIGHTS.values()):
            search_pb = Problem({**pb.doc, "weights": dict(SMPTSP_WEIGHTS)})
    solver = Solver(search_pb, time_limit=time_limit, seed=seed, progress=progress, cancel=cancel, mode=mode)
    solver.t0 = t0
    solver.deadline = t0 + 0.97 * time_limit
    state = solver.solve()
    if search_pb is not pb:
        final = State(pb)
        for s, p in enumerate(state.holder):
            if p >= 0:
                final.assign(s, p)
        state = final
    reasons = {}
    if explain_unfilled:
        from .explain import unfilled_reason
        # past the limit (or after Cancel: 20 ms more) the rest get a short reason
        late = time.perf_counter() + 0.02 if solver.cancelled else t0 + 1.02 * time_limit
        for s in state.unfilled_slots():
            if time.perf_counter() < late:
                text = unfilled_reason(pb, state, s)
            elif solver.cancelled:
                text = T("tidak terisi (alasan rinci tidak dihitung: dibatalkan)",
                         "unfilled (detailed reason not computed: cancelled)")
            else:
                text = T("tidak terisi (alasan rinci tidak dihitung: batas waktu)",
                         "unfilled (detailed reason not computed: time limit)")
            reasons[s] = {"reason": text.render("en"), "reason_id": text.render("id")}
    stats = {
        "seconds": round(time.perf_counter() - t0, 4),
        "phase": {k: round(v, 4) for k, v in solver.phase_times.items()},
        "hard_violations": 0,
        "dropped_by_validation": solver.hard_violations_fixed,
        "mode": mode,
        "seed": seed,
        "cancelled": solver.cancelled,
        "filled": sum(1 for p in state.holder if p >= 0),
        "slots": len(state.holder),
        "persons_used": state.used,
    }
    if hasattr(solver, "lower_bound"):
        stats["persons_lower_bound"] = solver.lower_bound
    result = state.to_result(reasons, stats)
    if search_pb is pb:
        bound = solver.bound
    else:   # min-persons searched other weights: bound the instance's own objective, if time allows
        bound = simple_bound(pb) if time.perf_counter() < solver.deadline else pins_bound(pb)
    bound -= 1e-9 * abs(bound) + 1e-7  # floating-point margin: the bound stays a bound
    objective = result["objective"]
    stats["lower_bound"] = math.floor(bound * 1e6) / 1e6
    stats["gap"] = round(max(0.0, objective - bound) / objective, 8) if objective > 0 else 0.0
    stats["bound_source"] = solver.bound_source if search_pb is pb else ("simple" if bound > pins_bound(pb) else "pins")
    if hasattr(solver, "relaxation_info"):
        stats["relaxation"] = solver.relaxation_info
    return result


def solve_state(problem: Problem, **kwargs) -> State:
    """Like `solve` but returns the engine `State` (for suggestions and repairs in the app)."""
    result = solve(problem, explain_unfilled=False, **kwargs)
    return State.from_result(problem, result)
