"""The database itself refuses a double booking or too short a rest (0004_pg), on both engines, and the
operator still hears it in the guard's words; on PostgreSQL desks lock people, not the whole plan."""
from __future__ import annotations

from datetime import timezone

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError, OperationalError

from antasena_desktop.planning import service
from antasena_desktop.services import settings as settings_service
from antasena_desktop.services.security import Actor, Role
from db.models import Assignment, Post
from tests.planning import factory

OPS = Actor("operator", Role.OPERATOR_OPS)
ADMIN = Actor("admin", Role.ADMIN)


@pytest.fixture
def world(db):
    with db.session() as s:
        u = factory.unit(s)
        andi = factory.person(s, u, "85010001", "Andi Saputra")
        budi = factory.person(s, u, "85010002", "Budi Santoso")
        morning = factory.post(s, factory.event(s, "Aksi Unjuk Rasa di DPRD Sumsel", start_hour=8, hours=4),
                               "Pos Utama DPRD", lines=(("dalmas", 2, None, None),))
        noon = factory.post(s, factory.event(s, "Konser di Jakabaring", start_hour=11, hours=4),
                            "Pos Pintu Utama", lines=(("dalmas", 2, None, None),))
        evening = factory.post(s, factory.event(s, "Pengamanan Malam BKB", start_hour=14, hours=3),
                               "Pos BKB", lines=(("dalmas", 2, None, None),))
        night = factory.post(s, factory.event(s, "Patroli Subuh", start_hour=21, hours=2),
                             "Pos Ampera", lines=(("dalmas", 2, None, None),))
        return {"andi": andi.id, "budi": budi.id, "morning": morning.id, "noon": noon.id, "evening": evening.id,
                "night": night.id}


def _utc(dt):
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


def _raw(session, post_id, person_id, deleted=False, tag=""):
    post = session.get(Post, post_id)
    session.execute(text(
        "INSERT INTO assignment (id, created_at, updated_at, updated_by, deleted_at, row_version, requirement_id, "
        "post_id, personnel_id, start_at, end_at, source, pinned, status, reason) VALUES (:id, :now, :now, 'sql', "
        ":deleted, 1, :line, :post, :person, :start, :end, 'manual', true, 'rencana', '')"),
        {"id": f"raw-{tag}-{post_id[:8]}", "now": "2026-03-01 00:00:00", "line": post.requirements[0].id,
         "post": post_id, "person": person_id, "start": _utc(post.start_at), "end": _utc(post.end_at),
         "deleted": "2026-03-01 00:00:00" if deleted else None})


def test_raw_sql_overlap_is_refused_by_the_database(db, world):
    with db.session() as s:
        _raw(s, world["morning"], world["andi"], tag="a")
    with pytest.raises(IntegrityError) as err, db.session() as s:
        _raw(s, world["noon"], world["andi"], tag="b")                  # 11–15 overlaps 08–12
    assert service.BUSY_CONSTRAINT in str(err.value)
    with db.session() as s:                                             # another person is fine
        _raw(s, world["noon"], world["budi"], tag="c")
        assert len(s.scalars(select(Assignment)).all()) == 2


def test_raw_sql_short_rest_refused_tombstones_ignored(db, world):
    with db.session() as s:
        _raw(s, world["morning"], world["andi"], tag="a")              # 08–12, rest 8 h → busy until 20.00
    with pytest.raises(IntegrityError), db.session() as s:
        _raw(s, world["evening"], world["andi"], tag="b")               # 14–17: only 2 h rest
    with db.session() as s:
        _raw(s, world["night"], world["andi"], tag="c")                  # 21–23: 9 h rest, allowed
        _raw(s, world["evening"], world["budi"], tag="d", deleted=True)  # tombstones never count
        _raw(s, world["noon"], world["budi"], tag="e")
    with pytest.raises(IntegrityError), db.session() as s:               # reviving a row is checked too
        s.execute(text("UPDATE assignment SET deleted_at = NULL WHERE id = :id"), {"id": f"raw-d-{world['evening'][:8]}"})


def test_database_refusal_comes_back_in_the_guards_words(db, world):
    with db.session() as s:
        service.place(s, OPS, world["andi"], world["morning"])          # stored with the 8-hour rest
        current = settings_service.load(s)
        current.rest_minutes = 60                                        # the rule is relaxed later
        settings_service.save(s, ADMIN, current)
    with pytest.raises(service.PlacementRefused) as err, db.session() as s:
        service.place(s, OPS, world["andi"], world["evening"])          # guard: 2 h ≥ 1 h; the DB: < 8 h
    words = str(err.value)
    assert "Waktu istirahat" in words and "Aksi Unjuk Rasa di DPRD Sumsel / Pos Utama DPRD" in words
    assert "IntegrityError" not in words and service.BUSY_CONSTRAINT not in words
    with db.session() as s:
        assert len(s.scalars(select(Assignment).where(Assignment.deleted_at.is_(None))).all()) == 1


def test_move_into_overlap_is_refused(db, world):
    with db.session() as s:
        service.place(s, OPS, world["andi"], world["morning"])
        night = service.place(s, OPS, world["andi"], world["night"]).ids("assignment")[0]
    with pytest.raises(service.PlacementRefused), db.session() as s:
        service.move(s, OPS, night, world["noon"])


@pytest.mark.postgresql_only("row locks per person: SQLite has one writer at a time by design")
def test_desks_lock_people_not_the_whole_plan(db, world):
    """Desk A holds the guard's locks for placing Andi (its transaction open). Desk B places Budi at once,
    but waits for Andi (here: runs into a short lock timeout instead of waiting). (The audit hash chain
    then serialises the short append-to-commit tail of every write: services/audit.py.)"""
    desk_a = db.sessions()
    try:
        with db.session() as s:
            morning_lines = [line.id for line in s.get(Post, world["morning"]).requirements]
        service.lock_for_placement(desk_a, [world["andi"]], morning_lines)
        with db.session() as desk_b:
            desk_b.execute(text("SET LOCAL lock_timeout = '300ms'"))
            service.place(desk_b, OPS, world["budi"], world["noon"])      # no wait on desk A
        with pytest.raises(OperationalError) as err, db.session() as desk_b:
            desk_b.execute(text("SET LOCAL lock_timeout = '300ms'"))
            service.place(desk_b, OPS, world["andi"], world["night"])
        assert "lock timeout" in str(err.value)
        service.place(desk_a, OPS, world["andi"], world["morning"], locked=True)
        desk_a.commit()
    finally:
        desk_a.close()
    with db.session() as s:
        service.place(s, OPS, world["andi"], world["night"])              # after A's commit: allowed (9 h rest)
        assert len(s.scalars(select(Assignment).where(Assignment.deleted_at.is_(None))).all()) == 3
