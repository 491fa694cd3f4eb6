"""Personnel service: validation, role checks on both units of a move, audit, light list, history."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from antasena_desktop.i18n import UserError
from antasena_desktop.services import personnel as svc
from antasena_desktop.services.security import Actor, PermissionDenied, Role
from antasena_desktop.timefmt import wib
from db.models import Assignment, AuditLog, Event, Post, PostRequirement


def _values(world, **over):
    values = {"nrp": "8403 1122", "name": " Budi   Santoso, S.H. ", "rank_code": "BRIPKA",
              "unit_id": world.units["SAT-LANTAS"], "gender": "L", "phone": "0812-3456", "functions": ["lantas"]}
    values.update(over)
    return values


def test_create_validates_and_audits(world, ops):
    with world.db.session() as s:
        changes = svc.create_personnel(s, ops, _values(world))
        [pid] = changes.ids("personnel")
        person = s.get(svc.Personnel, pid)
        assert (person.nrp, person.name, person.gender, person.phone) == ("84031122", "Budi Santoso, S.H.", "M", "0812 3456")
        assert person.function_codes == ["lantas"] and changes.items[0].after["functions"] == ["lantas"]
        assert s.scalar(select(AuditLog).where(AuditLog.entity_id == pid)).username == "op"
    bad = [
        {"nrp": "8403112"}, {"nrp": "84031122", "rank_code": "PENATA"}, {"nrp": "198703152010122001"},
        {"name": "  "}, {"rank_code": "SERSAN"}, {"unit_id": "nope"}, {"gender": "X"}, {"phone": "08-ABC"},
        {"functions": ["sulap"]}, {"nrp": "84031122"},                           # taken
    ]
    for over in bad:
        with pytest.raises(UserError):
            with world.db.session() as s:
                svc.create_personnel(s, ops, _values(world, **({"nrp": "90010101"} | over)))
    with world.db.session() as s:
        deleted_unit = s.scalar(select(svc.Unit.id).where(svc.Unit.code == "POLSEK-LAMA"))
    with pytest.raises(UserError):
        with world.db.session() as s:
            svc.create_personnel(s, ops, _values(world, nrp="90010102", unit_id=deleted_unit))
    with world.db.session() as s:
        svc.create_personnel(s, ops, _values(world, nrp="19870315 201012 2 001", rank_code="PENATA"))
    assert world.counts()[0] == 2


def test_operator_satker_own_unit_only_and_both_units_on_a_move(world, ops):
    lantas, samapta = world.units["SAT-LANTAS"], world.units["SAT-SAMAPTA"]
    satker = Actor("op_lantas", Role.OPERATOR_SATKER, unit_id=lantas)
    with world.db.session() as s:
        pid = svc.create_personnel(s, satker, _values(world)).ids("personnel")[0]
    with pytest.raises(PermissionDenied):
        with world.db.session() as s:
            svc.create_personnel(s, satker, _values(world, nrp="90010101", unit_id=samapta))
    with pytest.raises(PermissionDenied):                 # move out of its unit: the new unit is not its own
        with world.db.session() as s:
            svc.edit_personnel(s, satker, pid, {"unit_id": samapta})
    with world.db.session() as s:
        svc.edit_personnel(s, ops, pid, {"unit_id": samapta})
    for call in (lambda s: svc.edit_personnel(s, satker, pid, {"unit_id": lantas}),   # old unit not its own
                 lambda s: svc.edit_personnel(s, satker, pid, {"jabatan": "BA"}),
                 lambda s: svc.deactivate_personnel(s, satker, pid)):
        with pytest.raises(PermissionDenied):
            with world.db.session() as s:
                call(s)
    with pytest.raises(PermissionDenied):
        with world.db.session() as s:
            svc.create_personnel(s, Actor("v", Role.VIEWER), _values(world, nrp="90010109"))


def test_edit_deactivate_reactivate(world, ops):
    with world.db.session() as s:
        pid = svc.create_personnel(s, ops, _values(world)).ids("personnel")[0]
    with world.db.session() as s:
        changes = svc.edit_personnel(s, ops, pid, {"rank_code": "AIPDA", "functions": ["lantas", "samapta"]})
        assert [c.after for c in changes.items] == [{"rank_code": "AIPDA"}, {"functions": ["lantas", "samapta"]}]
        assert not svc.edit_personnel(s, ops, pid, {"rank_code": "AIPDA"})      # no change, no audit
    with pytest.raises(UserError):
        with world.db.session() as s:
            svc.edit_personnel(s, ops, pid, {"rank_code": "PENATA"})           # an NRP is not a NIP
    with world.db.session() as s:
        assert svc.deactivate_personnel(s, ops, pid).items[0].after == {"active": False}
        assert [r.id for r in svc.list_personnel(s, ops)] == []
        assert [r.id for r in svc.list_personnel(s, ops, svc.PersonnelFilter(active=None))] == [pid]
        svc.reactivate_personnel(s, ops, pid)
        row = svc.list_personnel(s, ops)[0]
    assert (row.rank_code, row.rank_group, row.functions, row.unit_short_name) == ("AIPDA", "Bintara",
                                                                                 ("lantas", "samapta"), "Sat Lantas")


def test_list_personnel_filters_scope_and_queries(world, ops):
    """15,000 people: two SELECTs (no N+1), scope and filters. Its speed: benchmarks/service_speed_bench.py."""
    from sqlalchemy import event as sa_event
    units = list(world.units.values())
    with world.db.session() as s:
        people = [svc.Personnel(nrp=f"{70000000 + i}", name=f"ORANG {i:05d}", rank_code=("BRIPDA", "AKP")[i % 2],
                                unit_id=units[i % len(units)], gender="MF"[i % 3 == 0]) for i in range(15_000)]
        s.add_all(people)
        s.flush()
        s.execute(svc.personnel_function.insert(),
                  [{"personnel_id": p.id, "function_code": "samapta"} for p in people[::5]])
    statements = []
    sa_event.listen(world.db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    with world.db.session() as s:
        rows = svc.list_personnel(s, ops)
        assert len(rows) == 15_000
        assert len([q for q in statements if q.lstrip().upper().startswith("SELECT")]) == 2      # no N+1
        assert sum(1 for r in rows if r.functions == ("samapta",)) == 3000
        assert rows[0].rank_code == "AKP"                                          # most senior first
        satker = Actor("x", Role.OPERATOR_SATKER, unit_id=units[1])
        assert {r.unit_id for r in svc.list_personnel(s, satker)} == {units[1]}
        assert len(svc.list_personnel(s, ops, svc.PersonnelFilter(text="orang 0001"))) == 10
        assert [r.nrp for r in svc.list_personnel(s, ops, svc.PersonnelFilter(text="7000 0042"))] == ["70000042"]
        assert len(svc.list_personnel(s, ops, svc.PersonnelFilter(function_code="samapta", rank_group="Pama"))) == 1500


def test_placement_history(world, ops):
    with world.db.session() as s:
        pid = svc.create_personnel(s, ops, _values(world)).ids("personnel")[0]
        now = wib(2026, 12, 20, 12)
        served = []
        for n, (days_ago, hours) in enumerate([(2, 8), (10, 6), (40, 4), (-3, 5)]):
            start = now - timedelta(days=days_ago)
            event = Event(number=f"KEG/2026/{n:04d}", title=f"Kegiatan {n}", kind="konser", start_at=start,
                          end_at=start + timedelta(hours=hours))
            s.add(event)
            s.flush()
            post = Post(event_id=event.id, name=f"Pos {n}", lat=0, lon=0, start_at=start,
                        end_at=start + timedelta(hours=hours))
            s.add(post)
            s.flush()
            line = PostRequirement(post_id=post.id, count=1)
            s.add(line)
            s.flush()
            s.add(Assignment(requirement_id=line.id, post_id=post.id, personnel_id=pid, start_at=start,
                             end_at=start + timedelta(hours=hours)))
            served.append((post, line))
        # straddling the 7-day boundary: 2 of its 6 hours fall inside the window
        start = now - timedelta(days=7, hours=4)
        first_post, first_line = served[0]
        s.add(Assignment(requirement_id=first_line.id, post_id=first_post.id, personnel_id=pid, start_at=start,
                         end_at=start + timedelta(hours=6)))
        history = svc.placement_history(s, pid, now)
    assert [a.post_name for a in history.assignments][0] == "Pos 3"             # newest first
    assert history.hours_7d == pytest.approx(8 + 2)
    assert history.hours_30d == pytest.approx(8 + 6 + 6)
    assert history.events_served == 3       # events 0, 1, 2 (0 twice); event 3 is still to come
    assert len(history.assignments) == 5
