from __future__ import annotations

import pytest

from antasena_desktop.allocation import check, solve
from antasena_desktop.allocation.smptsp import load_smptsp, max_overlap, parse_smptsp


@pytest.fixture
def smptsp_dir(shared_dir):
    d = shared_dir / "benchmarks" / "smptsp" / "instances"
    if not d.is_dir():
        pytest.skip("../shared/benchmarks/smptsp/instances is absent: SMPTSP instances not available")
    return d


def test_parse_smptsp(smptsp_dir):
    data = parse_smptsp(smptsp_dir / "data_1_23_40_66.dat")
    assert len(data.tasks) == 40 and len(data.workers) == 23
    assert all(0 <= s < e <= 1440 for s, e in data.tasks)
    assert all(len(set(w)) == len(w) for w in data.workers)
    assert max_overlap(data) == 20  # README: trivial lower bound of data_1 is 20
    inst = load_smptsp(smptsp_dir / "data_1_23_40_66.dat")
    assert inst["weights"]["person_used"] == 1 and inst["rules"]["rest_minutes"] == 0
    assert len(inst["slots"]) == 40 and inst["slots"][0]["function"] == "t0"


@pytest.mark.parametrize("name", ["data_1_23_40_66", "data_5_25_60_33"])
def test_small_smptsp_full_cover(smptsp_dir, name):
    inst = load_smptsp(smptsp_dir / f"{name}.dat")
    res = solve(inst, mode="min_persons", time_limit=5)
    rep = check(inst, res)
    assert rep.valid, rep.violations[:3]
    assert rep.unfilled == 0
    assert rep.objective == rep.persons_used == res["stats"]["persons_used"]
    assert rep.persons_used <= 21  # best known 20 for both
