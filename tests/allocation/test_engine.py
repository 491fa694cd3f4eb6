from __future__ import annotations

import pytest

from antasena_desktop.allocation import PinConflictError, check, generate, load_problem, solve
from antasena_desktop.allocation.explain import explain
from antasena_desktop.allocation.state import State

from .helpers import tiny


@pytest.fixture(scope="module")
def small():
    return generate("small", seed=3)


@pytest.fixture(scope="module")
def small_result(small):
    return solve(small, time_limit=20, seed=0)


def test_tiny_optimal_and_valid():
    res = solve(tiny(), time_limit=5)
    rep = check(tiny(), res)
    assert rep.valid, rep.violations
    got = {a["slot"]: a["person"] for a in res["assignments"]}
    assert got["S2"] == "B" and got["S3"] == "C"
    assert abs(rep.objective - res["objective"]) < 1e-6
    # everyone can take S4 (20:00-02:00) after 8 h rest from 06-12 within 12 h/24 h: all slots filled
    assert res["unfilled"] == []


def test_engine_output_passes_checker(small, small_result):
    rep = check(small, small_result)
    assert rep.valid, rep.violations[:5]
    assert rep.objective_matches
    assert small_result["stats"]["hard_violations"] == 0


def test_engine_keeps_pins(small, small_result):
    got = {a["slot"]: a["person"] for a in small_result["assignments"]}
    assert small["pins"]
    for pin in small["pins"]:
        assert got[pin["slot"]] == pin["person"]


def test_pin_on_a_costly_person_is_kept():
    inst = tiny(pins=[{"slot": "S1", "person": "C"}])
    res = solve(inst, time_limit=2)
    assert {"slot": "S1", "person": "C"} in res["assignments"]
    assert check(inst, res).valid


def test_infeasible_pins_are_reported_not_broken():
    inst = tiny(pins=[{"slot": "S2", "person": "A"}])  # rank 8 < 13
    with pytest.raises(PinConflictError) as err:
        solve(inst)
    assert "S2" in err.value.text.render("en") and "rank" in err.value.text.render("en")
    inst = tiny(pins=[{"slot": "S1", "person": "B"}, {"slot": "S2", "person": "B"}])  # same time
    with pytest.raises(PinConflictError):
        solve(inst)


def test_deterministic_for_a_seed(small):
    a = solve(small, time_limit=20, seed=7)
    b = solve(small, time_limit=20, seed=7)
    assert a["assignments"] == b["assignments"] and a["objective"] == b["objective"]


def test_cancel_stops_early_with_valid_best_so_far():
    inst = generate("medium", seed=1)
    calls = {"n": 0}

    def cancel():
        calls["n"] += 1
        return calls["n"] > 3

    seen = []
    res = solve(inst, time_limit=60, cancel=cancel, progress=lambda f, c, ph: seen.append((f, c, ph)))
    assert res["stats"]["cancelled"]
    assert res["stats"]["seconds"] < 10
    assert check(inst, res).valid
    assert seen and seen[-1][2] == "done"


def test_unfilled_slots_have_reasons():
    inst = tiny()
    inst["slots"].append({"id": "S5", "post": "P3", "function": "polair", "min_rank": 0, "gender": None,
                          "start": "2024-02-14T06:00:00+07:00", "end": "2024-02-14T08:00:00+07:00",
                          "location": [-2.99, 104.76], "priority": 1})
    inst["slots"].append({"id": "S6", "post": "P3", "function": "polwan", "min_rank": 0, "gender": "F",
                          "start": "2024-02-14T07:00:00+07:00", "end": "2024-02-14T09:00:00+07:00",
                          "location": [-2.99, 104.76], "priority": 1})
    inst["slots"].append({"id": "S7", "post": "P3", "function": "lantas", "min_rank": 0, "gender": None,
                          "start": "2024-02-14T03:00:00+07:00", "end": "2024-02-14T05:00:00+07:00",
                          "location": [-2.99, 104.76], "priority": 1})
    inst["slots"].append({"id": "S8", "post": "P3", "function": "samapta", "min_rank": 20, "gender": None,
                          "start": "2024-02-14T03:00:00+07:00", "end": "2024-02-14T05:00:00+07:00",
                          "location": [-2.99, 104.76], "priority": 1})
    res = solve(inst, time_limit=2)
    reasons = {u["slot"]: (u["reason_id"], u["reason"]) for u in res["unfilled"]}
    assert "fungsi polair" in reasons["S5"][0] and "function polair" in reasons["S5"][1]
    assert "pangkat ≥ 20" in reasons["S8"][0]
    # S6: only C is polwan and C holds S3 (06-10): busy
    assert "terpakai" in reasons["S6"][0] and "busy" in reasons["S6"][1]
    assert check(inst, res).valid


def test_unavailable_reason():
    inst = tiny()
    inst["slots"][2]["start"] = "2024-02-14T01:00:00+07:00"
    inst["slots"][2]["end"] = "2024-02-14T03:00:00+07:00"
    res = solve(inst, time_limit=2)
    reason = {u["slot"]: u["reason_id"] for u in res["unfilled"]}["S3"]
    assert "tidak tersedia" in reason


def test_explain_terms_and_runner_up(small, small_result):
    pb = load_problem(small)
    info = explain(pb, State.from_result(pb, small_result))
    assert len(info["assignments"]) == len(small_result["assignments"])
    first = info["assignments"][0]
    assert {"distance_km", "recent_hours"} <= set(first["terms"])
    assert any(a["runner_up"] for a in info["assignments"])
    assert abs(sum(info["terms"].values()) - small_result["objective"]) < 1e-6


def test_min_persons_mode_valid_and_not_worse_in_people(small):
    base = solve(small, time_limit=5, mode="default")
    few = solve(small, time_limit=5, mode="min_persons")
    assert check(small, few).valid
    assert len(few["unfilled"]) <= len(base["unfilled"])
    assert few["stats"]["persons_used"] <= base["stats"]["persons_used"]


def test_final_validation_drops_a_corrupted_assignment():
    from antasena_desktop.allocation.engine import Solver
    pb = load_problem(tiny())
    solver = Solver(pb, time_limit=1)
    solver.state = st = State(pb)
    a = pb.person_index["B"]
    st.assign(pb.slot_index["S1"], a)
    st.assign(pb.slot_index["S2"], a)  # same time: breaks rule 6, bypassing the engine's checks
    assert solver._validate() == 1
    assert sum(1 for h in st.holder if h == a) == 1
