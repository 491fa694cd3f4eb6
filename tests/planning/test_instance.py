"""Database → allocation instance → engine → apply through the guard, in one transaction."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from antasena_desktop.allocation.checker import check
from antasena_desktop.allocation.engine import solve
from antasena_desktop.planning import instance as planning_instance
from antasena_desktop.planning import service
from antasena_desktop.services.security import Actor, Role
from db.models import Assignment
from tests.planning import factory

OPS = Actor("operator", Role.OPERATOR_OPS)




@pytest.fixture
def world(db):
    with db.session() as s:
        u = factory.unit(s)
        people = [factory.person(s, u, f"8501{i:04d}", f"Personel {i}") for i in range(8)]
        people.append(factory.person(s, u, "80019999", "Hendra Gunawan", rank="IPTU"))
        people.append(factory.person(s, u, "95019998", "Sari Wulandari", gender="F", functions=("samapta", "polwan")))
        e1 = factory.event(s, "Aksi Unjuk Rasa di DPRD Sumsel", start_hour=8, hours=8)
        p1 = factory.post(s, e1, "Pos Utama", lines=(("dalmas", 4, None, None), (None, 1, "IPTU", None),
                                                     ("polwan", 1, None, "F")))
        e2 = factory.event(s, "Konser di Jakabaring", start_hour=12, hours=6)
        p2 = factory.post(s, e2, "Pos Pintu", lines=(("dalmas", 3, None, None),))
        return {"people": [p.id for p in people], "p1": p1.id, "p2": p2.id, "e1": e1.id, "e2": e2.id}


def test_build_solve_apply_and_pins_kept(db, world):
    with db.session() as s:
        service.place(s, OPS, "85010000", world["p1"])            # manual → pinned
    with db.session() as s:
        built = planning_instance.build_instance(s, day=factory.DAY.date())
    inst = built.instance
    assert built.slot_count == 9
    assert {"slot": next(k for k, v in built.slot_line.items() if k.startswith(world["p1"])), "person": "85010000"} \
        in inst["pins"]
    result = solve(inst, time_limit=2, seed=1)
    report = check(inst, result)
    assert report.valid, report.violations
    assert len(result["assignments"]) == 9           # 10 people, 9 seats, no two overlapping for anyone
    with db.session() as s:
        changes = planning_instance.apply_result(s, OPS, built, result)
    assert len(changes.ids("assignment")) == 8       # the pinned one stays as it was
    with db.session() as s:
        rows = s.scalars(select(Assignment).where(Assignment.deleted_at.is_(None))).all()
        assert len(rows) == 9
        assert len({r.personnel_id for r in rows}) == 9
        assert sum(1 for r in rows if r.pinned) == 1 and sum(1 for r in rows if r.source == "auto") == 8


def test_rerun_replaces_only_unpinned_and_sees_external_assignments(db, world):
    with db.session() as s:
        built = planning_instance.build_instance(s, event_ids=[world["e1"]])
    result = solve(built.instance, time_limit=1, seed=3)
    with db.session() as s:
        planning_instance.apply_result(s, OPS, built, result)
    # Plan the concert alone: people on the DPRD post (08–16) must not be used (overlap), the engine
    # learns that from the external pinned slots.
    with db.session() as s:
        built2 = planning_instance.build_instance(s, event_ids=[world["e2"]])
    externals = [p for p in built2.instance["pins"] if p["slot"].startswith(planning_instance.EXTERNAL_PREFIX)]
    assert len(externals) == 6
    result2 = solve(built2.instance, time_limit=1, seed=3)
    assert check(built2.instance, result2).valid
    with db.session() as s:
        planning_instance.apply_result(s, OPS, built2, result2)
    with db.session() as s:
        rows = s.scalars(select(Assignment).where(Assignment.deleted_at.is_(None))).all()
    busy = {}
    for r in rows:
        busy.setdefault(r.personnel_id, []).append((r.start_at, r.end_at))
    for spans in busy.values():
        spans.sort()
        for (a0, a1), (b0, b1) in zip(spans, spans[1:]):
            assert b0 >= a1, "double-booked"
