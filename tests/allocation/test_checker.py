"""One test per hard constraint: the violated case is rejected, the satisfied case accepted."""
from __future__ import annotations

import copy

from antasena_desktop.allocation.checker import check

from .helpers import result, tiny


def rules_broken(inst, pairs):
    return sorted({v.constraint for v in check(inst, result(pairs)).violations})


def test_valid_result_accepted_and_objective_recomputed():
    inst = tiny()
    rep = check(inst, result([("S1", "A"), ("S2", "B"), ("S3", "C")]))
    assert rep.valid, rep.violations
    assert rep.assigned == 3 and rep.unfilled == 1
    assert rep.terms["unfilled"] == 1000.0  # S4, priority 1
    assert rep.terms["recent_hours"] == 0.5 * (10 + 0 + 4)
    assert 0 < rep.terms["distance_km"] < 30


def test_rule1_slot_given_twice_rejected():
    assert rules_broken(tiny(), [("S1", "A"), ("S1", "B")]) == [1]


def test_rule1_pin_missing_rejected_and_kept_accepted():
    inst = tiny(pins=[{"slot": "S1", "person": "A"}])
    assert rules_broken(inst, [("S1", "C")]) == [1]
    assert rules_broken(inst, []) == [1]
    assert rules_broken(inst, [("S1", "A")]) == []


def test_rule2_function():
    assert rules_broken(tiny(), [("S3", "A")]) == [2, 4]
    assert rules_broken(tiny(), [("S4", "A")]) == []  # null function accepts anyone
    inst = tiny()
    inst["slots"][3]["function"] = "umum"
    assert rules_broken(inst, [("S4", "C")]) == []
    inst["slots"][3]["function"] = "lantas"
    assert rules_broken(inst, [("S4", "A")]) == [2]
    assert rules_broken(inst, [("S4", "B")]) == []


def test_rule3_rank():
    assert rules_broken(tiny(), [("S2", "A")]) == [3]
    assert rules_broken(tiny(), [("S2", "B")]) == []


def test_rule4_gender():
    inst = tiny()
    inst["personnel"][0]["functions"].append("polwan")
    assert rules_broken(inst, [("S3", "A")]) == [4]
    assert rules_broken(inst, [("S3", "C")]) == []


def test_rule5_unavailable_compared_as_instants():
    inst = tiny()
    # C is unavailable until 06:00 WIB = 23:00 UTC the day before; S1 starts 06:00 WIB: touching only
    assert rules_broken(inst, [("S1", "C")]) == []
    inst["personnel"][2]["unavailable"] = [["2024-02-13T23:30:00+00:00", "2024-02-14T01:00:00+00:00"]]
    assert rules_broken(inst, [("S1", "C")]) == [5]  # 06:30 WIB inside S1


def test_rule6_rest_between_slots():
    inst = tiny()
    # S1 06-12 and S4 20-02: rest 8 h exactly -> allowed
    assert rules_broken(inst, [("S1", "A"), ("S4", "A")]) == []
    inst["slots"][3]["start"] = "2024-02-14T19:59:00+07:00"
    assert 6 in rules_broken(inst, [("S1", "A"), ("S4", "A")])
    # overlapping slots for one person
    assert 6 in rules_broken(tiny(), [("S1", "B"), ("S2", "B")])


def test_rule7_minutes_per_24h():
    inst = tiny()
    inst["rules"]["rest_minutes"] = 0
    inst["rules"]["max_minutes_per_24h"] = 660  # S1 (6 h) + S4 (6 h) = 12 h in 24 h from 06:00
    assert rules_broken(inst, [("S1", "A"), ("S4", "A")]) == [7]
    inst["rules"]["max_minutes_per_24h"] = 720
    assert rules_broken(inst, [("S1", "A"), ("S4", "A")]) == []


def test_unknown_ids_reported_and_objective_mismatch_flagged():
    rep = check(tiny(), result([("NOPE", "A"), ("S1", "ZZ")], objective=1.0))
    assert {v.constraint for v in rep.violations} == {0}
    assert not rep.objective_matches


def test_checker_accepts_paths(tmp_path):
    import json
    inst, res = tmp_path / "i.json", tmp_path / "r.json"
    inst.write_text(json.dumps(tiny()))
    res.write_text(json.dumps(result([("S1", "A")])))
    assert check(inst, res).valid
    assert copy.deepcopy(tiny()) == tiny()
