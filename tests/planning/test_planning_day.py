"""One planning day: board, auto-fill scope, `allocate --date`, dashboard "today", busiest day and the calendar
agree for events around midnight WIB (starting before, crossing, starting after)."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from antasena_desktop.domain.planning_day import belongs_to_day, day_window, planning_day
from antasena_desktop.i18n import UserError
from antasena_desktop.planning import board
from antasena_desktop.planning.instance import build_instance
from antasena_desktop.planning.posts import busiest_day
from antasena_desktop.services import dashboard
from antasena_desktop.timefmt import WIB
from db.database import open_database
from tests.planning import factory

DAY = date(2026, 3, 10)
MIDNIGHT = datetime(2026, 3, 11, tzinfo=WIB)          # the end of DAY, WIB

# (minutes from midnight WIB at the end of DAY, event hours, post offset hours, post hours, seats)
EVENT = st.tuples(st.integers(-30 * 60, 6 * 60), st.integers(1, 10), st.integers(0, 3), st.integers(1, 8),
                  st.integers(1, 4))


@pytest.fixture(scope="module")
def shared_db(tmp_path_factory):
    db = open_database(f"sqlite:///{tmp_path_factory.mktemp('planday')}/p.db")
    yield db
    db.close()


def test_rule_in_the_core():
    start, end = day_window(DAY)
    assert start == datetime(2026, 3, 10, tzinfo=WIB) and end - start == timedelta(days=1)
    # 23.30 WIB on the 10th is 16.30 UTC; 00.30 WIB on the 11th is 17.30 UTC on the 10th
    assert planning_day(datetime(2026, 3, 10, 16, 30, tzinfo=timezone.utc)) == DAY
    assert planning_day(datetime(2026, 3, 10, 17, 30, tzinfo=timezone.utc)) == date(2026, 3, 11)
    assert belongs_to_day(datetime(2026, 3, 10, 23, 59, tzinfo=WIB), DAY)
    assert not belongs_to_day(datetime(2026, 3, 11, 0, 0, tzinfo=WIB), DAY)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(EVENT, min_size=1, max_size=6))
def test_every_path_agrees_on_the_day(shared_db, specs):
    session = shared_db.sessions()
    try:
        unit = factory.unit(session, code=f"U{abs(hash(tuple(specs))) % 10**8}")
        factory.person(session, unit, f"{abs(hash(tuple(specs))) % 10**8:08d}", "Anggota Uji")
        expected_ids, expected_seats = set(), 0
        for n, (minutes, hours, offset, post_hours, seats) in enumerate(specs):
            start = MIDNIGHT + timedelta(minutes=minutes)
            e = factory.event(session, f"Kegiatan {n}", start_hour=0, hours=hours, day=start)
            factory.post(session, e, f"Pos {n}", start_hour=offset, hours=post_hours, day=start,
                         lines=(("dalmas", seats, None, None),))
            if start.astimezone(WIB).date() == DAY:
                expected_ids.add(e.id)
                expected_seats += seats
        for day in (DAY, DAY + timedelta(days=1), DAY - timedelta(days=1)):
            plan = board.day_plan(session, day)
            ids = {e.id for e in plan}
            if day == DAY:
                assert ids == expected_ids
                assert sum(e.required for e in plan) == expected_seats
            assert all(belongs_to_day(e.start_at, day) for e in plan)      # the calendar's rule
            assert dashboard.summary(session, day).events_today == len(ids)
            if ids:
                built = build_instance(session, day=day)       # auto-fill "Isi hari ini" and allocate --date
                assert built.slot_count == sum(e.required for e in plan)   # the message counts the board's seats
                assert _events_of_slots(session, built) == ids
            else:
                with pytest.raises(UserError):
                    build_instance(session, day=day)
        busy = busiest_day(session, DAY - timedelta(days=1), days=3)
        seats_by_day = {d: sum(e.required for e in board.day_plan(session, d))
                        for d in (DAY - timedelta(days=1), DAY, DAY + timedelta(days=1))}
        assert seats_by_day[busy] == max(seats_by_day.values())
    finally:
        session.rollback()
        session.close()


def _events_of_slots(session, built):
    from db.models import Post, PostRequirement
    line_ids = set(built.slot_line.values())
    return {post.event_id for post in session.query(Post).join(PostRequirement, PostRequirement.post_id == Post.id)
            .filter(PostRequirement.id.in_(line_ids))}
