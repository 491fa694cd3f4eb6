"""Mutable assignment state with incremental cost and fast feasibility tests (hard rules 6 and 7).

Static rules 2-5 are guaranteed by only ever offering candidates from `Problem.candidates`;
`State` checks the dynamic rules against each person's current schedule (a list of slot indexes
sorted by start; a person holds few slots, so a linear scan beats any tree).
"""
from __future__ import annotations

from typing import Iterable

import numpy as np

from .problem import DAY, RESULT_FORMAT, Problem


class State:
    def __init__(self, problem: Problem):
        self.pb = problem
        n_slots, n_persons = len(problem.slots), len(problem.persons)
        self.S = [s.start for s in problem.slots]
        self.E = [s.end for s in problem.slots]
        self.holder = [-1] * n_slots
        self.sched: list[list[int]] = [[] for _ in range(n_persons)]
        self.pinned = set(problem.pinned_slot)
        self.unfilled_cost = [problem.unfilled_cost(j) for j in range(n_slots)]
        self.acost = [0.0] * n_slots  # cost of the current assignment of each slot
        self.w_used = problem.weights.person_used
        self.used = 0
        self.total = float(sum(self.unfilled_cost))
        self.rest = problem.rest
        self.max24 = problem.max24
        self.cap_binding = problem.max24 < DAY
        # padded per-person interval arrays for vectorised rule-6 screening of many candidates
        self._k = 4
        self.bs = np.full((n_persons, self._k), 2 ** 60, dtype=np.int64)
        self.be = np.full((n_persons, self._k), -(2 ** 60), dtype=np.int64)
        self.nb = [0] * n_persons
        self.held = np.zeros(n_persons, dtype=np.int32)  # = nb, as an array for free_mask
        self.colslots: list[list[int]] = [[] for _ in range(n_persons)]

    def free_mask(self, persons: np.ndarray, s: int) -> np.ndarray:
        """Rules 6 and 7 for many persons at once: True where the person could take slot s."""
        busy = self.held[persons] > 0  # people holding nothing are free: only the others are screened
        if not busy.all():
            ok = np.ones(len(persons), dtype=bool)
            if busy.any():
                ok[busy] = self._busy_mask(persons[busy], s)
            return ok
        return self._busy_mask(persons, s)

    def _busy_mask(self, persons: np.ndarray, s: int) -> np.ndarray:
        st, en, r = self.S[s], self.E[s], self.rest
        B, Eb = self.bs[persons], self.be[persons]
        ok = ~((B < en + r) & (Eb + r > st)).any(axis=1)
        if self.cap_binding:
            # rule 7, exactly: the window at the slot's start and at every assigned start within 24 h before
            w_end = st + DAY
            tot = np.clip(np.minimum(Eb, w_end) - np.maximum(B, st), 0, None).sum(axis=1) + (min(en, w_end) - st)
            ok &= tot <= self.max24
            valid = (B > st - DAY) & (B < en)
            if valid.any():
                WE = B + DAY
                ov = np.clip(np.minimum(Eb[:, None, :], WE[:, :, None]) - np.maximum(B[:, None, :], B[:, :, None]),
                             0, None).sum(axis=2)
                ov += np.clip(np.minimum(en, WE) - np.maximum(st, B), 0, None)
                ok &= ~((ov > self.max24) & valid).any(axis=1)
        return ok

    def _arr_add(self, p: int, s: int) -> None:
        col = self.nb[p]
        if col == self._k:
            pad_s = np.full((self.bs.shape[0], self._k), 2 ** 60, dtype=np.int64)
            pad_e = np.full((self.bs.shape[0], self._k), -(2 ** 60), dtype=np.int64)
            self.bs = np.hstack([self.bs, pad_s])
            self.be = np.hstack([self.be, pad_e])
            self._k *= 2
        self.bs[p, col] = self.S[s]
        self.be[p, col] = self.E[s]
        self.nb[p] = col + 1
        self.held[p] = col + 1
        self.colslots[p].append(s)

    def _arr_remove(self, p: int, s: int) -> None:
        cols = self.colslots[p]
        col = cols.index(s)
        last = len(cols) - 1
        if col != last:
            moved = cols[last]
            cols[col] = moved
            self.bs[p, col] = self.S[moved]
            self.be[p, col] = self.E[moved]
        cols.pop()
        self.bs[p, last] = 2 ** 60
        self.be[p, last] = -(2 ** 60)
        self.nb[p] = last
        self.held[p] = last

    # ------------------------------------------------------------------ feasibility
    def _cap_ok(self, items: list[int], new: int) -> bool:
        """Rule 7 for windows that can contain the new slot."""
        S, E, cap = self.S, self.E, self.max24
        ns, ne = S[new], E[new]
        for t in [ns] + [S[a] for a in items if ns - DAY < S[a] < ne]:
            w_end = t + DAY
            total = 0
            for b in items:
                lo, hi = max(S[b], t), min(E[b], w_end)
                if hi > lo:
                    total += hi - lo
            lo, hi = max(ns, t), min(ne, w_end)
            if hi > lo:
                total += hi - lo
            if total > cap:
                return False
        return True

    def conflicts(self, p: int, s: int, ignore: Iterable[int] = ()) -> list[int]:
        """Slots person `p` would have to leave to take slot `s` (empty = free to take it)."""
        sch = self.sched[p]
        if not sch:
            return []
        S, E, r = self.S, self.E, self.rest
        st, en = S[s], E[s]
        out = []
        rem = []
        for a in sch:
            if a == s or a in ignore:
                continue
            if S[a] < en + r and st < E[a] + r:
                out.append(a)
            else:
                rem.append(a)
        if self.cap_binding and rem and not self._cap_ok(rem, s):
            near = [a for a in rem if S[a] < en + DAY and E[a] > st - DAY]
            near.sort(key=lambda a: abs(S[a] - st), reverse=True)
            # drop the nearest neighbours first until the cap holds
            keep = list(rem)
            for a in sorted(near, key=lambda a: abs(S[a] - st)):
                keep.remove(a)
                out.append(a)
                if self._cap_ok(keep, s):
                    break
        return out

    def can_take(self, p: int, s: int) -> bool:
        sch = self.sched[p]
        if not sch:
            return True
        S, E, r = self.S, self.E, self.rest
        st, en = S[s], E[s]
        for a in sch:
            if S[a] < en + r and st < E[a] + r:
                return False
        return not self.cap_binding or self._cap_ok(sch, s)

    # ------------------------------------------------------------------ mutation
    def assign(self, s: int, p: int, cost: float | None = None) -> None:
        assert self.holder[s] == -1
        c = self.pb.assign_cost(p, s) if cost is None else cost
        sch = self.sched[p]
        if not sch:
            self.used += 1
            self.total += self.w_used
        S = self.S
        i = len(sch)
        while i > 0 and S[sch[i - 1]] > S[s]:
            i -= 1
        sch.insert(i, s)
        self._arr_add(p, s)
        self.holder[s] = p
        self.acost[s] = c
        self.total += c - self.unfilled_cost[s]

    def unassign(self, s: int) -> int:
        p = self.holder[s]
        if p < 0:
            return p
        sch = self.sched[p]
        sch.remove(s)
        self._arr_remove(p, s)
        if not sch:
            self.used -= 1
            self.total -= self.w_used
        self.holder[s] = -1
        self.total += self.unfilled_cost[s] - self.acost[s]
        self.acost[s] = 0.0
        return p

    # ------------------------------------------------------------------ snapshots
    def snapshot(self) -> list[int]:
        return list(self.holder)

    def restore(self, holder: list[int]) -> None:
        for s, p in enumerate(self.holder):
            if p >= 0 and holder[s] != p:
                self.unassign(s)
        for s, p in enumerate(holder):
            if p >= 0 and self.holder[s] != p:
                self.assign(s, p)

    def recompute_total(self) -> float:
        pb = self.pb
        total = 0.0
        for s, p in enumerate(self.holder):
            total += self.unfilled_cost[s] if p < 0 else pb.assign_cost(p, s)
        total += self.w_used * sum(1 for sch in self.sched if sch)
        return total

    def unfilled_slots(self) -> list[int]:
        return [s for s, p in enumerate(self.holder) if p < 0]

    # ------------------------------------------------------------------ exchange
    def to_result(self, unfilled_reasons: dict[int, dict] | None = None, stats: dict | None = None) -> dict:
        pb = self.pb
        unfilled = []
        for s in self.unfilled_slots():
            entry = {"slot": pb.slots[s].id}
            if unfilled_reasons and s in unfilled_reasons:
                entry.update(unfilled_reasons[s])
            unfilled.append(entry)
        return {
            "format": RESULT_FORMAT,
            "instance": pb.name,
            "assignments": [{"slot": pb.slots[s].id, "person": pb.persons[p].id}
                            for s, p in enumerate(self.holder) if p >= 0],
            "unfilled": unfilled,
            "objective": round(self.recompute_total(), 6),
            "stats": stats or {},
        }

    @classmethod
    def from_result(cls, problem: Problem, result: dict, strict: bool = True) -> "State":
        """Load a result document; with `strict` a pair the engine could not hold raises ValueError."""
        st = cls(problem)
        for a in result.get("assignments", []):
            s = problem.slot_index.get(str(a.get("slot")))
            p = problem.person_index.get(str(a.get("person")))
            if s is None or p is None:
                if strict:
                    raise ValueError(f"unknown slot/person in result: {a}")
                continue
            if strict and (st.holder[s] >= 0 or not problem.is_eligible(p, s) or not st.can_take(p, s)):
                raise ValueError(f"result assignment breaks a hard rule: {a}")
            if st.holder[s] < 0:
                st.assign(s, p)
        return st
