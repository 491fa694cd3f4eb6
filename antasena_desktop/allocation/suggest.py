"""Interactive helpers for the planner screen: who else could take this slot, and a quick repair
after the operator changes one placement by hand."""
from __future__ import annotations

import time
from typing import Any

from antasena_desktop.i18n import T, UserError

from .engine import Cancelled, Solver, _Budget
from .explain import static_reason
from .problem import Problem, format_minutes
from .state import State


def _slot_brief(pb: Problem, s: int) -> dict[str, Any]:
    slot = pb.slots[s]
    return {"slot": slot.id, "post": slot.post, "start": format_minutes(slot.start), "end": format_minutes(slot.end)}


def suggest(problem: Problem, state: State, slot_id: str, k: int = 5) -> list[dict[str, Any]]:
    """The k best people for one slot, cheapest change of the objective first.

    Each entry: person id, unit, rank, distance, the person's assignment cost, `cost_delta` (change of
    the whole objective if this person takes the slot and leaves whatever clashes, those slots becoming
    empty) and `conflicts` (what they would have to leave). People whose clash involves a pinned slot
    are not offered.
    """
    pb, st = problem, state
    if slot_id not in pb.slot_index:
        raise UserError(T("Slot tidak dikenal: {id}", "Unknown slot: {id}", id=slot_id))
    s = pb.slot_index[slot_id]
    holder = st.holder[s]
    base = st.acost[s] if holder >= 0 else st.unfilled_cost[s]
    holder_leaves = holder >= 0 and len(st.sched[holder]) == 1
    persons, costs = pb.candidates(s)
    scored = []
    for p, c in zip(persons.tolist(), costs.tolist()):
        if p == holder:
            continue
        clash = st.conflicts(p, s)
        if any(x in st.pinned for x in clash):
            continue
        delta = c - base
        for x in clash:
            delta += st.unfilled_cost[x] - st.acost[x]
        if st.w_used:
            if not st.sched[p]:
                delta += st.w_used
            if holder_leaves:
                delta -= st.w_used
        scored.append((delta, len(clash), p, c, clash))
    scored.sort(key=lambda x: (x[0], x[1], x[2]))
    out = []
    for delta, _, p, c, clash in scored[:k]:
        person = pb.persons[p]
        out.append({"person": person.id, "unit": person.unit, "rank": person.rank,
                    "distance_km": round(pb.distance_km(p, s), 3), "recent_hours": person.recent_hours,
                    "cost": c, "cost_delta": delta, "conflicts": [_slot_brief(pb, x) for x in clash]})
    return out


def repair_after_change(problem: Problem, state: State, slot_id: str, person_id: str | None = None, *,
                        pin: bool = True, time_budget: float = 0.1, seed: int = 0) -> dict[str, Any]:
    """Apply one manual change and re-plan around it, keeping everything else.

    `person_id` given: that person takes the slot (leaving whatever clashes with it); with `pin` the
    placement becomes fixed. `person_id=None`: the slot's holder is removed and the slot refilled with
    someone else if possible (the removed person is not offered for it again in this call).
    Then: slots that became empty are refilled by ejection chains, and every other empty slot is
    given a free person if one exists now. Modifies `state` in place; returns the list of changes.
    """
    t0 = time.perf_counter()
    pb, st = problem, state
    if slot_id not in pb.slot_index:
        raise UserError(T("Slot tidak dikenal: {id}", "Unknown slot: {id}", id=slot_id))
    s = pb.slot_index[slot_id]
    before = list(st.holder)
    vacated: list[int] = []
    banned: set[int] = set()
    if person_id is None:
        old = st.holder[s]
        if old >= 0:
            if s in st.pinned:
                st.pinned.discard(s)
            st.unassign(s)
            banned.add(old)
        vacated.append(s)
    else:
        if person_id not in pb.person_index:
            raise UserError(T("Personel tidak dikenal: {id}", "Unknown person: {id}", id=person_id))
        p = pb.person_index[person_id]
        if not pb.is_eligible(p, s):
            raise UserError(T("{person} tidak boleh di {slot}: {why}", "{person} cannot serve {slot}: {why}",
                              person=person_id, slot=slot_id, why=static_reason(pb, s, p)))
        if st.holder[s] != p:
            clash = st.conflicts(p, s)
            pinned_clash = [x for x in clash if x in st.pinned]
            if pinned_clash:
                raise UserError(T("{person} sudah dipin di {other}", "{person} is already pinned to {other}",
                                  person=person_id, other=", ".join(pb.slots[x].id for x in pinned_clash)))
            for x in clash:
                st.unassign(x)
                vacated.append(x)
            st.unassign(s)
            st.assign(s, p)
        if pin:
            st.pinned.add(s)
    solver = Solver(pb, time_limit=max(0.0, time_budget - (time.perf_counter() - t0)), seed=seed)
    solver.state = st
    solver.ops_budget = 4000
    try:
        for x in vacated:
            if st.holder[x] >= 0 or len(pb.candidates(x)[0]) == 0:
                continue
            log: list = []
            solver._ops = 0
            try:
                ok = solver._place(x, 2, set(banned) if x == s else set(), log)
            except _Budget:
                ok = False
            if not ok:
                solver._rollback(log)
            if solver.out_of_time():
                raise Cancelled
        for x in st.unfilled_slots():
            if solver.out_of_time():
                raise Cancelled
            if x in vacated or len(pb.candidates(x)[0]) == 0:
                continue
            solver._ops = 0
            p = solver._best_free(x, limit=400)
            if p >= 0:
                st.assign(x, p)
    except Cancelled:
        pass
    changes = [{"slot": pb.slots[j].id,
                "from": pb.persons[a].id if a >= 0 else None,
                "to": pb.persons[b].id if b >= 0 else None}
               for j, (a, b) in enumerate(zip(before, st.holder)) if a != b]
    return {"changes": changes, "objective": st.total,
            "unfilled": [pb.slots[j].id for j in st.unfilled_slots()],
            "seconds": time.perf_counter() - t0}
