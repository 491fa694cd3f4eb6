from __future__ import annotations

import pytest

from antasena_desktop.allocation.problem import InstanceError, Problem, load_problem

from .helpers import tiny


def test_parse_builds_indexes_and_instants():
    pb = Problem(tiny())
    assert len(pb.persons) == 3 and len(pb.slots) == 4
    a, c = pb.person_index["A"], pb.person_index["C"]
    assert pb.slots[pb.slot_index["S1"]].end - pb.slots[pb.slot_index["S1"]].start == 360
    assert pb.persons[c].unavailable[0][1] == pb.slots[0].start  # 06:00 WIB both
    assert pb.is_eligible(a, pb.slot_index["S1"]) and not pb.is_eligible(a, pb.slot_index["S2"])
    assert sorted(pb.persons[p].id for p in pb.candidates(pb.slot_index["S1"])[0]) == ["A", "B", "C"]


def test_offsets_compare_as_instants():
    doc = tiny()
    doc["slots"][0]["start"] = "2024-02-13T23:00:00+00:00"  # = 06:00 WIB
    pb = Problem(doc)
    assert pb.slots[0].start == pb.slots[1].start


@pytest.mark.parametrize("path,value,field", [
    (("format",), "x", "format"),
    (("personnel", 0, "home"), [1], "personnel[0].home"),
    (("personnel", 1, "id"), "A", "personnel[1].id"),
    (("personnel", 0, "gender"), "X", "personnel[0].gender"),
    (("slots", 0, "start"), "2024-02-14T06:00:00", "slots[0].start"),
    (("slots", 0, "end"), "2024-02-14T05:00:00+07:00", "slots[0].end"),
    (("slots", 1, "priority"), 0, "slots[1].priority"),
    (("personnel", 2, "unavailable"), [["2024-02-14T01:00:00+07:00"]], "personnel[2].unavailable[0]"),
    (("rules", "rest_minutes"), -5, "rules.rest_minutes"),
])
def test_errors_name_the_field(path, value, field):
    doc = tiny()
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(InstanceError) as err:
        Problem(doc)
    assert err.value.field == field
    assert field in err.value.text.render("en") and field in err.value.text.render("id")


def test_unknown_pin_reference():
    with pytest.raises(InstanceError) as err:
        Problem(tiny(pins=[{"slot": "S9", "person": "A"}]))
    assert err.value.field == "pins[0].slot"


def test_load_problem_from_file(tmp_path):
    import json
    f = tmp_path / "inst.json"
    f.write_text(json.dumps(tiny()))
    assert load_problem(f).name == "tiny"
