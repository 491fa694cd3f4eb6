"""Availability periods: validation, same-kind overlap, bulk entry per unit, intervals for the allocator."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from antasena_desktop.i18n import UserError
from antasena_desktop.services import availability as av
from antasena_desktop.services import personnel as svc
from antasena_desktop.services.security import Actor, PermissionDenied, Role
from antasena_desktop.timefmt import wib
from db.models import AuditLog, Availability

DAY = timedelta(days=1)


def _people(world, ops, unit="SAT-LANTAS", n=3, base=90010100):
    with world.db.session() as s:
        return [svc.create_personnel(s, ops, {"nrp": str(base + i), "name": f"Orang {i}", "rank_code": "BRIPTU",
                                              "unit_id": world.units[unit], "gender": "L"}).ids("personnel")[0]
                for i in range(n)]


def test_add_edit_remove_with_validation(world, ops):
    [pid] = _people(world, ops, n=1)
    t = wib(2026, 12, 1)
    with world.db.session() as s:
        aid = av.add_availability(s, ops, pid, "cuti", t, t + 5 * DAY, "cuti tahunan").ids("availability")[0]
        av.add_availability(s, ops, pid, "cuti", t + 5 * DAY, t + 6 * DAY)          # touching is fine
        av.add_availability(s, ops, pid, "sakit", t + DAY, t + 2 * DAY)             # other kind may overlap
    for kind, start, end in [("cuti", t + 4 * DAY, t + 7 * DAY), ("cuti", t + 3 * DAY, t + 2 * DAY),
                             ("liburan", t + 20 * DAY, t + 21 * DAY), ("cuti", t + 9 * DAY, t + 9 * DAY)]:
        with pytest.raises(UserError):
            with world.db.session() as s:
                av.add_availability(s, ops, pid, kind, start, end)
    with pytest.raises(ValueError):
        with world.db.session() as s:
            av.add_availability(s, ops, pid, "dik", datetime(2026, 12, 1), datetime(2026, 12, 2))
    with pytest.raises(UserError):                      # would overlap the second cuti period
        with world.db.session() as s:
            av.edit_availability(s, ops, aid, end=t + 5 * DAY + timedelta(hours=1))
    with world.db.session() as s:
        av.edit_availability(s, ops, aid, start=t + DAY, note="dipersingkat")
        av.remove_availability(s, ops, aid)
        assert [a.kind for a in av.list_availability(s, pid)] == ["sakit", "cuti"]
        assert s.get(Availability, aid).deleted_at is not None                   # tombstoned, not deleted
        actions = [a for (a,) in s.execute(select(AuditLog.action).where(AuditLog.entity_id == aid).order_by(AuditLog.id))]
        assert actions == ["create", "update", "delete"]


def test_satker_only_for_own_unit(world, ops):
    [lantas_person] = _people(world, ops, n=1)
    [samapta_person] = _people(world, ops, unit="SAT-SAMAPTA", n=1, base=90020100)
    satker = Actor("op_lantas", Role.OPERATOR_SATKER, unit_id=world.units["SAT-LANTAS"])
    t = wib(2026, 12, 1)
    with world.db.session() as s:
        av.add_availability(s, satker, lantas_person, "dik", t, t + DAY)
    with pytest.raises(PermissionDenied):
        with world.db.session() as s:
            av.add_availability(s, satker, samapta_person, "dik", t, t + DAY)
    with pytest.raises(PermissionDenied):
        with world.db.session() as s:
            av.add_for_unit(s, satker, world.units["SAT-SAMAPTA"], "bko", t, t + DAY)


def test_bulk_for_unit_is_all_or_nothing(world, ops):
    ids = _people(world, ops, n=4)
    _people(world, ops, unit="SAT-SAMAPTA", n=2, base=90020100)
    t = wib(2026, 12, 10)
    with world.db.session() as s:
        av.add_availability(s, ops, ids[2], "piket_dianggarkan", t + timedelta(hours=2), t + timedelta(hours=5))
        svc.deactivate_personnel(s, ops, ids[3])

    def count():
        with world.db.session() as s:
            return s.scalar(select(func.count()).select_from(Availability))
    before = count()
    with pytest.raises(UserError) as info:
        with world.db.session() as s:
            av.add_for_unit(s, ops, world.units["SAT-LANTAS"], "piket_dianggarkan", t, t + DAY)
    assert "Orang 2" in str(info.value) and count() == before
    with world.db.session() as s:
        changes = av.add_for_unit(s, ops, world.units["SAT-LANTAS"], "piket_dianggarkan", t, t + DAY,
                                  skip_conflicts=True)
    assert len(changes) == 2 and changes.note == "Orang 2" and count() == before + 2     # inactive one left out
    with world.db.session() as s:
        assert len(av.add_for_unit(s, ops, world.units["SAT-SAMAPTA"], "bko", t, t + DAY)) == 2


def test_unavailable_intervals(world, ops):
    ids = _people(world, ops, n=3)
    t = wib(2026, 12, 1)
    with world.db.session() as s:
        av.add_availability(s, ops, ids[0], "cuti", t, t + 3 * DAY)
        av.add_availability(s, ops, ids[0], "sakit", t + 5 * DAY, t + 6 * DAY)
        gone = av.add_availability(s, ops, ids[1], "dik", t, t + DAY).ids("availability")[0]
        av.remove_availability(s, ops, gone)
        av.add_availability(s, ops, ids[2], "bko", t + 10 * DAY, t + 11 * DAY)
    with world.db.session() as s:
        result = av.unavailable_intervals(s, ids + ["unknown"] * 2000, t + 2 * DAY, t + 5 * DAY + timedelta(hours=1))
    assert list(result) == [ids[0]]
    assert [(i.kind, i.start, i.end) for i in result[ids[0]]] == [("cuti", t, t + 3 * DAY),
                                                                  ("sakit", t + 5 * DAY, t + 6 * DAY)]
    with world.db.session() as s:   # [start, end) touching the window's end is outside it
        assert av.unavailable_intervals(s, ids, t + 3 * DAY, t + 5 * DAY) == {}
