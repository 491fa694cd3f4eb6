"""The lower bound is a true bound: lower_bound <= optimum <= objective (optimum by brute force)."""
from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from antasena_desktop.allocation import check, generate, load_problem, solve
from antasena_desktop.allocation.exact import Relaxation, simple_bound
from antasena_desktop.allocation.explain import gap_words
from antasena_desktop.i18n import set_language, current_language

from .test_property import instances

TOL = 1e-6


def brute_force_optimum(inst: dict) -> float:
    """Cheapest valid result over every slot -> (person | empty) choice, scored by the checker."""
    pb = load_problem(inst)
    options = []
    for s, slot in enumerate(pb.slots):
        if s in pb.pinned_slot:
            options.append([pb.persons[pb.pinned_slot[s]].id])
        else:
            options.append([None] + [p.id for p in pb.persons if pb.is_eligible(p.idx, s)])
    best = float("inf")
    for choice in itertools.product(*options):
        res = {"format": "antasena-allocation-result/1", "instance": inst["name"],
               "assignments": [{"slot": s.id, "person": p} for s, p in zip(pb.slots, choice) if p is not None]}
        rep = check(inst, res)
        if rep.valid:
            best = min(best, rep.objective)
    return best


@st.composite
def tiny_instances(draw):
    inst = draw(instances())
    inst["personnel"] = inst["personnel"][:4]
    inst["slots"] = inst["slots"][:5]
    return inst


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_instances(), st.sampled_from(["default", "min_persons"]))
def test_bound_never_exceeds_the_brute_force_optimum(inst, mode):
    res = solve(inst, time_limit=2, mode=mode)
    rep = check(inst, res)
    assert rep.valid, [str(v) for v in rep.violations]
    optimum = brute_force_optimum(inst)
    lb = res["stats"]["lower_bound"]
    assert lb <= optimum + TOL, (lb, optimum)
    assert optimum <= rep.objective + TOL
    if mode == "default" and res["stats"].get("relaxation", {}).get("optimal") and res["stats"]["gap"] == 0:
        assert abs(rep.objective - optimum) <= 1e-6 * max(1.0, optimum)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.sampled_from(["default", "min_persons"]), st.data())
def test_lower_bound_at_most_objective_with_pins(inst, mode, data):
    k = data.draw(st.integers(0, min(2, len(inst["slots"]))))
    for slot in inst["slots"][:k]:
        person = data.draw(st.sampled_from(inst["personnel"]))
        inst["pins"].append({"slot": slot["id"], "person": person["id"]})
    try:
        res = solve(inst, time_limit=2, mode=mode)
    except Exception as exc:  # pins that break a rule are refused, which is fine here
        assert type(exc).__name__ == "PinConflictError"
        return
    rep = check(inst, res)
    assert rep.valid, [str(v) for v in rep.violations]
    stats = res["stats"]
    assert stats["lower_bound"] <= rep.objective + TOL
    assert 0.0 <= stats["gap"] <= 1.0 or rep.objective <= 0


def test_small_palembang_day_is_proven_optimal():
    inst = generate("small", seed=3)
    res = solve(inst, time_limit=10)
    rep = check(inst, res)
    assert rep.valid and rep.objective_matches
    stats = res["stats"]
    assert stats["relaxation"]["exact_model"] and stats["relaxation"]["optimal"]
    assert stats["gap"] <= 1e-4
    assert stats["lower_bound"] <= rep.objective + TOL


def test_relaxation_groups_cover_every_class_once():
    pb = load_problem(generate("medium", seed=1, persons=400, slots=300, days=2))
    rel = Relaxation(pb)
    seen = sorted(int(k) for g in rel.groups for k in g)
    assert seen == list(range(len(rel.class_slots)))
    assert rel.n_groups >= 2 and not rel.exact  # two days: some cross-day conflict edges are dropped
    res = solve(pb, time_limit=3)
    assert res["stats"]["lower_bound"] <= res["objective"] + TOL
    assert check(generate("medium", seed=1, persons=400, slots=300, days=2), res).valid


def test_simple_bound_counts_overlapping_tasks_for_person_used():
    slots = [{"id": f"t{i}", "function": None, "start": f"2024-01-01T0{i}:00:00+07:00",
              "end": "2024-01-01T09:30:00+07:00", "location": [0, 0], "priority": 1} for i in range(3)]
    people = [{"id": f"w{i}", "rank": 0, "functions": [], "gender": "M", "home": [0, 0]} for i in range(4)]
    inst = {"format": "antasena-allocation/1", "name": "overlap", "rules": {"rest_minutes": 0},
            "weights": {"unfilled": 1000, "distance_km": 0, "recent_hours": 0, "person_used": 1},
            "personnel": people, "slots": slots, "pins": []}
    assert simple_bound(load_problem(inst)) == 3.0
    res = solve(inst, mode="min_persons", time_limit=2)
    assert res["objective"] == 3.0 and res["stats"]["lower_bound"] <= 3.0 and res["stats"]["gap"] < 1e-6


def test_cancel_during_exact_phase_keeps_a_valid_plan_and_a_bound():
    import time
    inst = generate("medium", seed=0)
    seen: dict = {}

    def progress(fraction, cost, phase):
        if phase == "relaxation":
            seen.setdefault("relaxation", time.perf_counter())

    def cancel():  # 50 ms after the build started: inside the matching child (killed)
        return "relaxation" in seen and time.perf_counter() - seen["relaxation"] > 0.05

    res = solve(inst, time_limit=20, progress=progress, cancel=cancel)
    assert res["stats"]["cancelled"]
    rep = check(inst, res)
    assert rep.valid and rep.assigned > 0
    assert res["stats"]["lower_bound"] <= rep.objective + TOL


def test_cancel_while_the_relaxation_is_built_returns_the_greedy_plan():
    """Cancel set at the start of the build: the build stops at its first poll (no model is kept), the
    solver returns at once with the complete greedy plan, valid, and its bound."""
    inst = generate("medium", seed=1)
    phases: list = []
    clicked = {"at": None}

    def progress(fraction, cost, phase):
        phases.append(phase)
        if phase == "relaxation" and clicked["at"] is None:
            clicked["at"] = len(phases)

    res = solve(inst, time_limit=20, progress=progress, cancel=lambda: clicked["at"] is not None)
    stats = res["stats"]
    assert stats["cancelled"]
    assert stats["relaxation"] == {"interrupted": "build"}
    assert phases[clicked["at"]:] == ["done"]  # nothing after the build: no matching, no repair
    rep = check(inst, res)
    assert rep.valid and rep.assigned > 0.5 * len(inst["slots"])
    assert stats["lower_bound"] <= rep.objective + TOL
    assert all(u["reason_id"] and u["reason"] for u in res["unfilled"])  # every empty slot keeps a reason


def test_relaxation_build_polls_the_stop_flag():
    from antasena_desktop.allocation.exact import Stopped
    pb = load_problem(generate("small", seed=0))
    calls = {"n": 0}

    def stop():
        calls["n"] += 1
        return calls["n"] >= 3

    with pytest.raises(Stopped):
        Relaxation(pb, should_stop=stop)
    assert calls["n"] == 3
    Relaxation(pb, should_stop=lambda: False)  # never stopped: builds


def test_gap_in_words_both_languages():
    before = current_language()
    try:
        result = {"objective": 1003.0, "stats": {"lower_bound": 1000.0}}
        set_language("id")
        assert str(gap_words(result)) == "paling banyak 0,30 % dari rencana terbaik yang mungkin"
        set_language("en")
        assert str(gap_words(result)) == "at most 0.30 % from the best possible plan"
        assert str(gap_words({"objective": 1250.0, "stats": {"lower_bound": 1000.0}})) == \
            "at most 25.0 % from the best possible plan"
        assert "proven" in str(gap_words({"objective": 1000.0, "stats": {"lower_bound": 1000.0}}))
        set_language("id")
        assert "terbukti" in str(gap_words({"objective": 1000.0, "stats": {"lower_bound": 1000.0}}))
        assert "belum ada batas bawah" in str(gap_words({"objective": 5.0, "stats": {}}))
    finally:
        set_language(before)


def test_lagrangian_bound_of_a_group_never_exceeds_its_exact_optimum():
    import time

    import numpy as np
    for seed in (0, 1, 2):
        pb = load_problem(generate("small", seed=seed))
        rel = Relaxation(pb)
        for g in range(rel.n_groups):
            none = np.zeros(0, dtype=np.int64)
            exact = rel.solve_group(g, none, time.perf_counter() + 60)
            assert exact.optimal
            cheap = rel.solve_group(g, none, time.perf_counter() + 60, full_edges=0)  # restricted + Lagrangian
            assert cheap.bound <= exact.value + 1e-6 * max(1.0, abs(exact.value))
            assert cheap.value >= exact.value - 1e-6 * max(1.0, abs(exact.value))  # a restriction cannot beat it
            assert cheap.lagrangian_steps >= 1


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_instances())
def test_clique_lp_bound_never_exceeds_the_brute_force_optimum(inst):
    import time

    import numpy as np

    from antasena_desktop.allocation.exact import clique_lp
    pb = load_problem(inst)
    rel = Relaxation(pb)
    plan, bound = clique_lp(rel, [], np.zeros(0, dtype=np.int64), time.perf_counter() + 30)
    optimum = brute_force_optimum(inst)
    assert bound <= optimum + TOL, (bound, optimum)
    if plan is not None:  # the rounded LP plan respects the class capacities
        assert all(len(persons) <= rel.cap[k] for k, persons in plan.items())


def test_clique_lp_proves_a_two_day_instance():
    """Two days: several pattern groups; the clique LP's bound is at least the per-group relaxation's
    and never above the engine's valid plan."""
    import time

    import numpy as np

    from antasena_desktop.allocation.exact import clique_lp, solve_relaxation
    inst = generate("medium", seed=1, persons=400, slots=300, days=2)
    pb = load_problem(inst)
    rel = Relaxation(pb)
    assert rel.n_groups >= 2
    group_bound, _, _ = solve_relaxation(rel, None, time.perf_counter() + 60)
    _, lp_bound = clique_lp(rel, [], np.zeros(0, dtype=np.int64), time.perf_counter() + 60)
    res = solve(inst, time_limit=5)
    assert check(inst, res).valid
    assert lp_bound >= group_bound - 1e-6 * abs(group_bound)
    assert lp_bound <= res["objective"] + TOL
