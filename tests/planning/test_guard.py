"""The placement guard: every hard rule refuses with words; soft mismatches need a reason; one writer at a time."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from antasena_desktop.planning import service
from antasena_desktop.services.security import Actor, PermissionDenied, Role
from db.models import Assignment, AssignmentLog, Availability, AuditLog, Post
from tests.planning import factory

OPS = Actor("operator", Role.OPERATOR_OPS)




@pytest.fixture
def world(db):
    with db.session() as s:
        u = factory.unit(s)
        people = {
            "andi": factory.person(s, u, "85010001", "Andi Saputra"),
            "budi": factory.person(s, u, "85010002", "Budi Santoso", functions=("lantas",)),
            "sari": factory.person(s, u, "95010003", "Sari Wulandari", gender="F", functions=("samapta", "polwan")),
            "iptu": factory.person(s, u, "80010004", "Hendra Gunawan", rank="IPTU"),
        }
        e1 = factory.event(s, "Aksi Unjuk Rasa di DPRD Sumsel", start_hour=8, hours=8)
        p1 = factory.post(s, e1, "Pos Utama DPRD", lines=(("dalmas", 2, None, None), (None, 1, "IPTU", None),
                                                          ("polwan", 1, None, "F")))
        e2 = factory.event(s, "Konser di Jakabaring", start_hour=12, hours=6)
        p2 = factory.post(s, e2, "Pos Pintu Utama", lines=(("dalmas", 4, None, None),))
        e3 = factory.event(s, "Pengamanan Malam BKB", start_hour=19, hours=4)
        p3 = factory.post(s, e3, "Pos BKB", lines=(("dalmas", 2, None, None),))
        ids = {k: v.id for k, v in people.items()}
        ids.update(p1=p1.id, p2=p2.id, p3=p3.id, e1=e1.id,
                   p1_dalmas=p1.requirements[0].id, p1_danpos=p1.requirements[1].id, p1_polwan=p1.requirements[2].id)
    return ids


def _place(db, post, person, **kw):
    with db.session() as s:
        return service.place(s, OPS, person, post, **kw)


def test_place_fills_and_logs(db, world):
    changes = _place(db, world["p1"], "85010001")
    assert changes.entities() == {"assignment"}
    with db.session() as s:
        a = s.scalar(select(Assignment))
        assert a.requirement_id == world["p1_dalmas"] and a.pinned and a.source == "manual"
        log = s.scalar(select(AssignmentLog))
        assert log.action == "place" and log.username == "operator" and log.event_id == world["e1"]
        assert s.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.entity == "assignment")) == 1


def test_double_booking_refused_naming_the_other_post_and_time(db, world):
    _place(db, world["p1"], world["andi"])
    with pytest.raises(service.PlacementRefused) as err:
        _place(db, world["p2"], world["andi"])
    text = err.value.text.render("id")
    assert "Pos Utama DPRD" in text and "Aksi Unjuk Rasa di DPRD Sumsel" in text and "08.00 WIB" in text
    assert "already placed" in err.value.text.render("en")
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Assignment)) == 1


def test_rest_time_refused(db, world):
    _place(db, world["p1"], world["andi"])       # 08–16
    with pytest.raises(service.PlacementRefused) as err:
        _place(db, world["p3"], world["andi"])   # 19–23: only 3 h rest
    assert [c.code for c in err.value.conflicts] == ["rest"]


def test_24h_cap_refused(db, world):
    with db.session() as s:
        service.current_rules(s)
        from antasena_desktop.services import settings as st
        cfg = st.load(s)
        cfg.rest_minutes = 0
        cfg.max_minutes_per_24h = 600
        st.store(s, OPS, cfg)
    _place(db, world["p1"], world["andi"])       # 8 h
    with pytest.raises(service.PlacementRefused) as err:
        _place(db, world["p3"], world["andi"])   # +4 h = 12 h > 10 h
    assert "cap24" in [c.code for c in err.value.conflicts]


def test_unavailability_rank_gender_and_full_line(db, world):
    with db.session() as s:
        s.add(Availability(personnel_id=world["andi"], kind="cuti", start_at=factory.DAY,
                           end_at=factory.DAY + timedelta(days=1)))
    with pytest.raises(service.PlacementRefused) as err:
        _place(db, world["p1"], world["andi"])
    assert "cuti" in err.value.text.render("id").lower() or "Cuti" in err.value.text.render("id")
    with pytest.raises(service.PlacementRefused) as err:
        _place(db, world["p1"], world["budi"], line_id=world["p1_danpos"])      # BRIPKA < IPTU
    assert "rank" in [c.code for c in err.value.conflicts]
    with pytest.raises(service.PlacementRefused) as err:
        _place(db, world["p1"], world["iptu"], line_id=world["p1_polwan"])      # man on a polwan line
    assert "gender" in [c.code for c in err.value.conflicts]
    _place(db, world["p1"], world["iptu"], line_id=world["p1_danpos"])
    with pytest.raises(service.PlacementRefused) as err:
        _place(db, world["p1"], world["sari"], line_id=world["p1_danpos"], reason="x")
    assert "full" in [c.code for c in err.value.conflicts]


def test_function_mismatch_needs_a_reason_which_is_recorded(db, world):
    with pytest.raises(service.ReasonRequired):
        _place(db, world["p2"], world["budi"])            # lantas on a dalmas line
    _place(db, world["p2"], world["budi"], reason="Kekurangan personel dalmas")
    with db.session() as s:
        a = s.scalar(select(Assignment))
        assert a.reason == "Kekurangan personel dalmas"
        assert s.scalar(select(AssignmentLog)).reason == "Kekurangan personel dalmas"


def test_viewer_cannot_place(db, world):
    with db.session() as s, pytest.raises(PermissionDenied):
        service.place(s, Actor("v", Role.VIEWER), world["andi"], world["p1"])


def test_unassign_restore_move_and_pin(db, world):
    _place(db, world["p2"], world["andi"])
    with db.session() as s:
        aid = s.scalar(select(Assignment.id))
        service.unassign(s, OPS, aid, "salah pos")
    _place(db, world["p1"], world["andi"])              # now free again
    with db.session() as s, pytest.raises(service.PlacementRefused):
        service.restore(s, OPS, aid)                    # would double-book
    with db.session() as s:
        other = s.scalar(select(Assignment.id).where(Assignment.deleted_at.is_(None)))
        service.set_pinned(s, OPS, other, False)
        service.move(s, OPS, other, world["p3"])        # 08–16 → 19–23, no other booking: fine
        moved = s.get(Assignment, other)
        assert moved.post_id == world["p3"] and moved.pinned is False
        actions = [l.action for l in s.scalars(select(AssignmentLog).order_by(AssignmentLog.id))]
    assert actions == ["place", "remove", "place", "unpin", "move"]


def test_two_writers_cannot_double_book(db, world):
    barrier = threading.Barrier(2)
    outcomes = []

    def worker(post):
        barrier.wait()
        try:
            with db.session() as s:
                service.place(s, OPS, world["andi"], post)
            outcomes.append("ok")
        except service.PlacementRefused:
            outcomes.append("refused")

    threads = [threading.Thread(target=worker, args=(p,)) for p in (world["p1"], world["p2"])]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "refused"]
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Assignment).where(Assignment.deleted_at.is_(None))) == 1


def test_apply_plan_is_all_or_nothing(db, world):
    good = service.PlannedPlacement(world["p1_dalmas"], world["andi"])
    bad = service.PlannedPlacement(world["p1_danpos"], world["budi"])      # rank too low
    with pytest.raises(service.PlacementRefused), db.session() as s:
        service.apply_plan(s, OPS, [good, bad], [])
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Assignment)) == 0


def test_apply_plan_sees_its_own_placements(db, world):
    """A plan that books one person twice is refused by the batch guard, and nothing is written."""
    twice = [service.PlannedPlacement(world["p1_dalmas"], world["andi"]),
             service.PlannedPlacement(world["p1_dalmas"], world["iptu"])]
    with db.session() as s:
        p2_line = s.get(Post, world["p2"]).requirements[0].id
    twice.append(service.PlannedPlacement(p2_line, world["andi"]))
    with pytest.raises(service.PlacementRefused) as err, db.session() as s:
        service.apply_plan(s, OPS, twice, [])
    assert "overlap" in [c.code for c in err.value.conflicts]
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Assignment)) == 0
    full = [service.PlannedPlacement(world["p1_dalmas"], who) for who in ("andi", "iptu", "budi")]
    with pytest.raises(service.PlacementRefused) as err, db.session() as s:
        service.apply_plan(s, OPS, [service.PlannedPlacement(p.line_id, world[p.person_id], "uji") for p in full], [])
    assert "full" in [c.code for c in err.value.conflicts]


def test_import_of_placements_goes_through_the_guard(db, world, tmp_path):
    from antasena_desktop.i18n import UserError
    from antasena_desktop.planning.import_assignments import import_assignments
    sheet = tmp_path / "plot.csv"
    sheet.write_text(f"post;nrp;reason\n{world['p1']};85010001;\n{world['p2']};8501 0001;\n", encoding="utf-8")
    with pytest.raises(UserError) as err, db.session() as s:
        import_assignments(s, OPS, sheet)                 # the same person twice at overlapping times
    assert "tidak ada yang disimpan" in err.value.text.render("id")
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Assignment)) == 0
    sheet.write_text(f"post,nrp\n{world['p1']},85010001\n{world['p1']},80010004\n", encoding="utf-8")
    with db.session() as s:
        changes = import_assignments(s, OPS, sheet)
    with db.session() as s:
        rows = s.scalars(select(Assignment)).all()
        assert {r.source for r in rows} == {"import"} and len(changes.ids("assignment")) == 2
        assert {r.requirement_id for r in rows} == {world["p1_dalmas"]}
        assert s.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.source == "import")) == 2
