"""Property: on random small instances the engine never produces a hard violation."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from antasena_desktop.allocation import PinConflictError, check, solve

TZS = [timezone(timedelta(hours=7)), timezone.utc, timezone(timedelta(hours=8))]
BASE = datetime(2024, 2, 14, tzinfo=timezone.utc)
FUNCS = ["samapta", "dalmas", "lantas", "polwan"]


@st.composite
def instances(draw):
    n_p = draw(st.integers(1, 8))
    n_s = draw(st.integers(1, 10))

    def iso(minutes):
        return (BASE + timedelta(minutes=minutes)).astimezone(draw(st.sampled_from(TZS))).isoformat()

    people = []
    for i in range(n_p):
        unav = []
        if draw(st.booleans()):
            a = draw(st.integers(0, 2000))
            unav.append([iso(a), iso(a + draw(st.integers(1, 600)))])
        people.append({"id": f"p{i}", "rank": draw(st.integers(1, 18)),
                       "functions": draw(st.lists(st.sampled_from(FUNCS), max_size=3, unique=True)),
                       "gender": draw(st.sampled_from("MF")),
                       "home": [draw(st.floats(-3.09, -2.87)), draw(st.floats(104.61, 104.87))],
                       "recent_hours": draw(st.floats(0, 50)), "unavailable": unav})
    slots = []
    for j in range(n_s):
        a = draw(st.integers(0, 2400))
        slots.append({"id": f"s{j}", "post": f"P{j % 3}", "function": draw(st.sampled_from(FUNCS + [None])),
                      "min_rank": draw(st.sampled_from([0, 0, 7, 13])), "gender": draw(st.sampled_from([None, None, "F"])),
                      "start": iso(a), "end": iso(a + draw(st.integers(30, 800))),
                      "location": [draw(st.floats(-3.09, -2.87)), draw(st.floats(104.61, 104.87))],
                      "priority": draw(st.sampled_from([1, 3, 5]))})
    return {"format": "antasena-allocation/1", "name": "prop",
            "rules": {"rest_minutes": draw(st.sampled_from([0, 60, 480])),
                      "max_minutes_per_24h": draw(st.sampled_from([300, 720, 1440]))},
            "weights": {"unfilled": 1000.0, "distance_km": 1.0, "recent_hours": 0.5,
                        "person_used": draw(st.sampled_from([0.0, 5.0]))},
            "personnel": people, "slots": slots, "pins": []}


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.sampled_from(["default", "min_persons"]), st.integers(0, 3))
def test_engine_never_breaks_a_hard_rule(inst, mode, seed):
    res = solve(inst, time_limit=2, seed=seed, mode=mode)
    rep = check(inst, res)
    assert rep.valid, [str(v) for v in rep.violations]
    if mode == "default":
        assert rep.objective_matches, (rep.objective, rep.claimed_objective)


@settings(max_examples=30, deadline=None)
@given(instances(), st.data())
def test_pins_kept_or_reported(inst, data):
    k = data.draw(st.integers(0, min(3, len(inst["slots"]))))
    slots = data.draw(st.permutations([s["id"] for s in inst["slots"]]))[:k]
    inst["pins"] = [{"slot": s, "person": data.draw(st.sampled_from([p["id"] for p in inst["personnel"]]))}
                    for s in slots]
    try:
        res = solve(inst, time_limit=2)
    except PinConflictError:
        return
    rep = check(inst, res)
    assert rep.valid, [str(v) for v in rep.violations]
