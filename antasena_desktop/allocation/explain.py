"""Explanations: why each person got a slot, and why a slot stayed empty, in Indonesian and English."""
from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np

from antasena_desktop.i18n import T, Text

from .problem import Problem, format_minutes
from .state import State

GENDER_ID = {"M": "laki-laki", "F": "perempuan"}
GENDER_EN = {"M": "male", "F": "female"}


def _joined(parts_id: list[str], parts_en: list[str]) -> Text:
    return Text(", ".join(parts_id), ", ".join(parts_en), {})


def static_reason(pb: Problem, s: int, p: int) -> Text:
    """Why person p can never serve slot s (hard rules 2-5, or the slot alone exceeds the 24 h cap)."""
    slot, person = pb.slots[s], pb.persons[p]
    ids, ens = [], []
    if not pb.slot_fits_alone(s):
        ids.append(f"durasi slot melebihi batas {pb.max24} menit per 24 jam")
        ens.append(f"slot is longer than the {pb.max24}-minute 24 h cap")
    if slot.function is not None and slot.function not in person.functions:
        ids.append(f"tidak memiliki fungsi {slot.function}")
        ens.append(f"lacks function {slot.function}")
    if person.rank < slot.min_rank:
        ids.append(f"pangkat {person.rank} < {slot.min_rank}")
        ens.append(f"rank {person.rank} < {slot.min_rank}")
    if slot.gender is not None and person.gender != slot.gender:
        ids.append(f"jenis kelamin harus {GENDER_ID[slot.gender]}")
        ens.append(f"gender must be {GENDER_EN[slot.gender]}")
    if any(u0 < slot.end and slot.start < u1 for u0, u1 in person.unavailable):
        ids.append("tidak tersedia (cuti/sakit/piket/tugas lain) pada jam itu")
        ens.append("unavailable (leave/sickness/piket/other duty) at that time")
    if not ids:
        ids.append("memenuhi syarat")
        ens.append("eligible")
    return _joined(ids, ens)


def unfilled_reason(pb: Problem, state: State, s: int) -> Text:
    """Plain-words reason why slot s has nobody."""
    slot = pb.slots[s]
    window = f"{format_minutes(slot.start)}–{format_minutes(slot.end)}"
    if not pb.slot_fits_alone(s):
        return T("durasi slot ({minutes} menit) melebihi batas {cap} menit per 24 jam",
                 "the slot ({minutes} min) is longer than the {cap}-minute 24 h cap",
                 minutes=slot.end - slot.start, cap=pb.max24)
    base = pb.all_persons if slot.function is None else pb.by_function.get(slot.function, np.zeros(0, np.int64))
    req_id, req_en = [], []
    if slot.function is not None:
        req_id.append(f"fungsi {slot.function}")
        req_en.append(f"function {slot.function}")
    if len(base) == 0:
        return T("tidak ada personel dengan {req}", "no person with {req}", req=_joined(req_id, req_en))
    if slot.min_rank > 0:
        base = base[pb.p_rank[base] >= slot.min_rank]
        req_id.append(f"pangkat ≥ {slot.min_rank}")
        req_en.append(f"rank ≥ {slot.min_rank}")
        if len(base) == 0:
            return T("tidak ada personel dengan {req}", "no person with {req}", req=_joined(req_id, req_en))
    if slot.gender is not None:
        base = base[pb.p_female[base] == (slot.gender == "F")]
        req_id.append(f"jenis kelamin {slot.gender}")
        req_en.append(f"gender {slot.gender}")
        if len(base) == 0:
            return T("tidak ada personel dengan {req}", "no person with {req}", req=_joined(req_id, req_en))
    eligible = pb.candidates(s)[0]
    if len(eligible) == 0:
        return T("{n} personel memenuhi syarat tetapi semuanya tidak tersedia (cuti/sakit/piket/tugas lain) "
                 "pada {window}",
                 "{n} person(s) qualify but all are unavailable (leave/sickness/piket/other duty) at {window}",
                 n=len(base), window=window)
    busy = Counter()
    free = 0
    for p in eligible.tolist():
        clash = state.conflicts(p, s)
        if not clash:
            free += 1
            continue
        for c in clash[:1]:
            other = pb.slots[c]
            busy[f"{other.post or other.id} s.d. {format_minutes(other.end)}"] += 1
    unavailable = len(base) - len(eligible)
    if free:
        return T("{free} dari {n} personel yang memenuhi syarat masih bebas; penempatan dihentikan sebelum slot ini "
                 "terisi", "{free} of {n} eligible people are still free; the search stopped before filling it",
                 free=free, n=len(eligible))
    top = busy.most_common(4)
    where_id = ", ".join(f"{k} + istirahat ({v} org)" for k, v in top)
    where_en = ", ".join(f"{k.replace(' s.d. ', ' until ')} + rest ({v})" for k, v in top)
    if len(busy) > 4:
        where_id += f", dan {len(busy) - 4} pos lain"
        where_en += f", and {len(busy) - 4} more posts"
    extra_id = f"; {unavailable} lainnya tidak tersedia (cuti/piket)" if unavailable else ""
    extra_en = f"; {unavailable} more are unavailable (leave/piket)" if unavailable else ""
    return T("{n} personel memenuhi syarat, semuanya terpakai: {where}{extra}",
             "{n} eligible person(s), all busy: {where}{extra}", n=len(eligible),
             where=Text(where_id, where_en, {}), extra=Text(extra_id, extra_en, {}))


def runner_up(pb: Problem, state: State, s: int, limit: int = 2000) -> tuple[int, float] | None:
    """Cheapest other person who could take slot s right now without leaving anything."""
    holder = state.holder[s]
    persons, costs = pb.candidates(s)
    for p, c in zip(persons[:limit].tolist(), costs[:limit].tolist()):
        if p != holder and state.can_take(p, s):
            extra = state.w_used if not state.sched[p] else 0.0
            return p, c + extra
    return None


def cost_terms(pb: Problem, state: State) -> dict[str, float]:
    w = pb.weights
    terms = {"unfilled": 0.0, "distance_km": 0.0, "recent_hours": 0.0, "person_used": 0.0}
    for s, p in enumerate(state.holder):
        if p < 0:
            terms["unfilled"] += state.unfilled_cost[s]
        else:
            terms["distance_km"] += w.distance_km * pb.distance_km(p, s)
            terms["recent_hours"] += w.recent_hours * pb.persons[p].recent_hours
    terms["person_used"] = w.person_used * state.used
    return terms


def explain(problem: Problem, state_or_result: Any, runner_ups: bool = True) -> dict[str, Any]:
    """Per-assignment cost terms with the runner-up, per-unfilled-slot reasons, and soft-term totals."""
    pb = problem
    state = state_or_result if isinstance(state_or_result, State) else State.from_result(pb, state_or_result)
    w = pb.weights
    out_assign = []
    for s, p in enumerate(state.holder):
        if p < 0:
            continue
        dist = pb.distance_km(p, s)
        recent = pb.persons[p].recent_hours
        entry: dict[str, Any] = {
            "slot": pb.slots[s].id, "person": pb.persons[p].id,
            "cost": w.distance_km * dist + w.recent_hours * recent,
            "terms": {"distance_km": round(dist, 3), "distance_cost": w.distance_km * dist,
                      "recent_hours": recent, "recent_cost": w.recent_hours * recent},
            "runner_up": None,
        }
        if runner_ups:
            ru = runner_up(pb, state, s)
            if ru is not None:
                entry["runner_up"] = {"person": pb.persons[ru[0]].id, "cost": ru[1],
                                      "distance_km": round(pb.distance_km(ru[0], s), 3)}
        out_assign.append(entry)
    out_unfilled = []
    for s in state.unfilled_slots():
        reason = unfilled_reason(pb, state, s)
        out_unfilled.append({"slot": pb.slots[s].id, "post": pb.slots[s].post,
                             "priority": pb.slots[s].priority, "cost": state.unfilled_cost[s],
                             "reason": reason.as_dict()})
    return {"assignments": out_assign, "unfilled": out_unfilled, "terms": cost_terms(pb, state),
            "objective": state.recompute_total()}


def gap_words(result: dict) -> Text:
    """How far the plan can be from the best possible one, in words, from `stats.lower_bound`:
    "paling banyak 0,3 % dari rencana terbaik yang mungkin". The percentage is relative to the bound
    (so it also bounds the distance to the true optimum) and rounded up; the decimal mark follows the
    language (Indonesian comma, English point)."""
    import math
    stats = result.get("stats") or {}
    bound, objective = stats.get("lower_bound"), result.get("objective")
    if bound is None or objective is None or bound <= 0:
        return T("belum ada batas bawah untuk menilai rencana ini",
                 "no lower bound yet to rate this plan")
    excess = max(0.0, float(objective) - float(bound)) / float(bound) * 100.0
    if excess <= 0.01:
        return T("rencana terbaik yang mungkin (terbukti)", "the best possible plan (proven)")
    decimals = 1 if excess >= 1 else 2
    shown = math.ceil(excess * 10 ** decimals - 1e-9) / 10 ** decimals
    number = f"{shown:.{decimals}f}"
    gap = Text(number.replace(".", ","), number, {})
    return T("paling banyak {gap} % dari rencana terbaik yang mungkin", "at most {gap} % from the best possible plan",
             gap=gap)
