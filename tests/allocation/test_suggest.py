from __future__ import annotations

import pytest

from antasena_desktop.allocation import check, generate, load_problem
from antasena_desktop.allocation.engine import solve_state
from antasena_desktop.allocation.suggest import repair_after_change, suggest


@pytest.fixture(scope="module")
def planned():
    inst = generate("small", seed=5)
    pb = load_problem(inst)
    return inst, pb, solve_state(pb, time_limit=5)


def test_suggest_ranks_people_with_deltas(planned):
    inst, pb, st = planned
    slot = next(s.id for s in pb.slots if st.holder[s.idx] >= 0)
    out = suggest(pb, st, slot, k=5)           # its speed: benchmarks/service_speed_bench.py
    assert 1 <= len(out) <= 5
    deltas = [o["cost_delta"] for o in out]
    assert deltas == sorted(deltas)
    holder = pb.persons[st.holder[pb.slot_index[slot]]].id
    assert all(o["person"] != holder for o in out)
    assert all("conflicts" in o for o in out)


def test_repair_after_manual_change_keeps_validity(planned):
    inst, pb, st = planned
    s = next(s for s in pb.slots if st.holder[s.idx] >= 0 and not s.min_rank)
    best = suggest(pb, st, s.id, k=3)
    busy = next((o for o in best if o["conflicts"]), best[0])
    out = repair_after_change(pb, st, s.id, busy["person"], pin=True)
    assert out["seconds"] < 1.0
    assert pb.persons[st.holder[s.idx]].id == busy["person"]
    res = st.to_result()
    inst2 = dict(inst, pins=list(inst["pins"]) + [{"slot": s.id, "person": busy["person"]}])
    assert check(inst2, res).valid
    # remove the person again: slot refilled by someone else or left with a reason
    out = repair_after_change(pb, st, s.id, None)
    assert st.holder[s.idx] != pb.person_index[busy["person"]]
    assert check(inst, st.to_result()).valid
