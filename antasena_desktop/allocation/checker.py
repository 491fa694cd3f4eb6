"""Independent checker for allocation results.

Deliberately plain: it reads the raw instance document itself (not the engine's `Problem`),
compares times as `datetime` instants, recomputes distances with its own haversine, and checks
every hard constraint by direct enumeration. It shares no fast path with the engine, so a bug in
the engine's indexes cannot hide from it.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

R_KM = 6371.0088
ANY = (None, "", "umum")


@dataclass
class Violation:
    constraint: int  # 0 = malformed result, 1..7 = hard constraint of the spec
    slot: str | None
    person: str | None
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"constraint": self.constraint, "slot": self.slot, "person": self.person, "message": self.message}

    def __str__(self) -> str:
        return f"[rule {self.constraint}] slot={self.slot} person={self.person}: {self.message}"


@dataclass
class CheckReport:
    violations: list[Violation] = field(default_factory=list)
    objective: float = 0.0
    claimed_objective: float | None = None
    assigned: int = 0
    unfilled: int = 0
    persons_used: int = 0
    terms: dict[str, float] = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return not self.violations

    @property
    def objective_matches(self) -> bool:
        if self.claimed_objective is None:
            return True
        return abs(self.claimed_objective - self.objective) <= 1e-6 * max(1.0, abs(self.objective))

    def as_dict(self) -> dict[str, Any]:
        return {"valid": self.valid, "violations": [v.as_dict() for v in self.violations],
                "objective": self.objective, "claimed_objective": self.claimed_objective,
                "objective_matches": self.objective_matches, "assigned": self.assigned,
                "unfilled": self.unfilled, "persons_used": self.persons_used, "terms": self.terms}


def _t(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _haversine(a: list, b: list) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * R_KM * math.asin(min(1.0, math.sqrt(h)))


def _load(obj: Any) -> dict:
    if isinstance(obj, dict):
        return obj
    return json.loads(Path(obj).read_text(encoding="utf-8"))


def _overlap(a0: datetime, a1: datetime, b0: datetime, b1: datetime) -> timedelta:
    lo, hi = max(a0, b0), min(a1, b1)
    return hi - lo if hi > lo else timedelta(0)


def check(instance: Any, result: Any) -> CheckReport:
    """Check a result against an instance (dicts or file paths). Never raises on a bad result."""
    inst, res = _load(instance), _load(result)
    report = CheckReport()
    people = {str(p["id"]): p for p in inst.get("personnel", [])}
    slots = {str(s["id"]): s for s in inst.get("slots", [])}
    rules = inst.get("rules", {}) or {}
    rest = timedelta(minutes=rules.get("rest_minutes", 0) or 0)
    cap = timedelta(minutes=rules.get("max_minutes_per_24h", 1440) if rules.get("max_minutes_per_24h") is not None else 1440)
    weights = {"unfilled": 1000.0, "distance_km": 1.0, "recent_hours": 0.5, "person_used": 0.0}
    weights.update(inst.get("weights", {}) or {})
    v = report.violations

    by_slot: dict[str, str] = {}
    by_person: dict[str, list[str]] = {}
    for k, a in enumerate(res.get("assignments", []) or []):
        sid, pid = str(a.get("slot")), str(a.get("person"))
        if sid not in slots:
            v.append(Violation(0, sid, pid, f"assignments[{k}]: unknown slot"))
            continue
        if pid not in people:
            v.append(Violation(0, sid, pid, f"assignments[{k}]: unknown person"))
            continue
        if sid in by_slot:
            v.append(Violation(1, sid, pid, f"slot already given to {by_slot[sid]}"))
            continue
        by_slot[sid] = pid
        by_person.setdefault(pid, []).append(sid)

    # rule 1: pins kept
    for pin in inst.get("pins", []) or []:
        sid, pid = str(pin.get("slot")), str(pin.get("person"))
        if by_slot.get(sid) != pid:
            v.append(Violation(1, sid, pid, f"pinned pair missing (slot holds {by_slot.get(sid)})"))

    for sid, pid in by_slot.items():
        s, p = slots[sid], people[pid]
        func = s.get("function")
        if func not in ANY and func not in (p.get("functions") or []):
            v.append(Violation(2, sid, pid, f"person lacks function {func!r}"))
        if p.get("rank", 0) < (s.get("min_rank") or 0):
            v.append(Violation(3, sid, pid, f"rank {p.get('rank')} < min_rank {s.get('min_rank')}"))
        if s.get("gender") is not None and s.get("gender") != p.get("gender"):
            v.append(Violation(4, sid, pid, f"gender {p.get('gender')} != required {s.get('gender')}"))
        s0, s1 = _t(s["start"]), _t(s["end"])
        for u0, u1 in p.get("unavailable", []) or []:
            if _overlap(s0, s1, _t(u0), _t(u1)) > timedelta(0):
                v.append(Violation(5, sid, pid, f"slot intersects unavailable interval [{u0}, {u1})"))
                break

    for pid, sids in by_person.items():
        ivs = sorted((_t(slots[x]["start"]), _t(slots[x]["end"]), x) for x in sids)
        for i in range(len(ivs)):
            for j in range(i + 1, len(ivs)):
                a0, a1, ax = ivs[i]
                b0, b1, bx = ivs[j]
                if not (b0 >= a1 + rest or a0 >= b1 + rest):
                    v.append(Violation(6, bx, pid, f"less than {rest} rest between {ax} and {bx}"))
        for t0, _, tx in ivs:
            window_end = t0 + timedelta(hours=24)
            total = sum((_overlap(a0, a1, t0, window_end) for a0, a1, _ in ivs), timedelta(0))
            if total > cap:
                v.append(Violation(7, tx, pid, f"{total.total_seconds() / 60:.0f} min in 24 h from this slot's "
                                               f"start > {cap.total_seconds() / 60:.0f}"))

    unfilled_term = distance_term = recent_term = 0.0
    for sid, s in slots.items():
        if sid not in by_slot:
            unfilled_term += weights["unfilled"] * s.get("priority", 1)
    for sid, pid in by_slot.items():
        distance_term += weights["distance_km"] * _haversine(people[pid]["home"], slots[sid]["location"])
        recent_term += weights["recent_hours"] * (people[pid].get("recent_hours") or 0.0)
    used_term = weights["person_used"] * len(by_person)
    report.terms = {"unfilled": unfilled_term, "distance_km": distance_term, "recent_hours": recent_term,
                    "person_used": used_term}
    report.objective = unfilled_term + distance_term + recent_term + used_term
    report.claimed_objective = res.get("objective")
    report.assigned = len(by_slot)
    report.unfilled = len(slots) - len(by_slot)
    report.persons_used = len(by_person)
    return report
