"""Demo data a police audience believes: holidays on their true dates, no event twice on a day, requests at
plausible hours, one seats figure for the busy day."""
from __future__ import annotations

from collections import Counter
from datetime import date, time, timedelta

import holidays
import pytest
from sqlalchemy import select

from antasena_desktop.demo import generate_file
from antasena_desktop.demo.calendar_days import allowed_days, office_hours
from antasena_desktop.planning.board import day_plan
from antasena_desktop.timefmt import WIB, to_wib, wib
from db.database import open_database
from db.models import Event, SecurityRequest

TODAY = date(2026, 12, 4)       # December: the month the issue saw Cap Go Meh, Maulid and HUT RI in


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("cal") / "demo.db"
    summary = generate_file(path, seed=11, today=TODAY, admin_password="Rahasia-demo-1")
    db = open_database(f"sqlite:///{path}")
    yield db, summary
    db.close()


def _events(db):
    with db.session() as s:
        return [(e.title, to_wib(e.start_at)) for e in s.scalars(select(Event))]


def test_holiday_events_fall_on_their_true_dates(demo):
    db, _ = demo
    events = _events(db)
    years = sorted({start.year for _t, start in events})
    cal = holidays.Indonesia(years=years, language="en_US")
    named = {}
    for day, name in cal.items():
        for part in name.split(";"):
            named.setdefault(part.replace("(estimated)", "").strip(), set()).add(day)
    checks = 0
    for title, start in events:
        d = start.date()
        if "Idul Fitri" in title:
            assert d in named["Eid al-Fitr"], (title, d)
        elif "Natal" in title:
            assert (d.month, d.day) in ((12, 24), (12, 25)), (title, d)
        elif "Cap Go Meh" in title:
            assert d - timedelta(days=14) in named["Lunar New Year"], (title, d)
        elif "HUT RI" in title:
            assert (d.month, d.day) == (8, 17), (title, d)
        elif "Maulid" in title:
            assert any(0 <= (d - m).days <= 14 for m in named["Prophet's Birthday"]), (title, d)
        elif "Pergantian Tahun" in title:
            assert (d.month, d.day) == (12, 31), (title, d)
        elif "Car Free Day" in title:
            assert d.weekday() == 6, (title, d)
        else:
            continue
        checks += 1
    assert checks > 0
    december = [t for t, s in events if s.year == 2026 and s.month == 12]
    assert not any(w in t for t in december for w in ("Cap Go Meh", "Maulid", "HUT RI", "Idul Fitri"))


def test_no_event_twice_on_one_day(demo):
    db, _ = demo
    counts = Counter((title, start.date()) for title, start in _events(db))
    assert [k for k, n in counts.items() if n > 1] == []


def test_requests_arrive_at_plausible_hours(demo):
    db, _ = demo
    with db.session() as s:
        rows = s.execute(select(SecurityRequest.channel, SecurityRequest.received_at)).all()
    assert rows
    for channel, received in rows:
        local = to_wib(received)
        if channel in ("surat", "langsung"):
            assert time(8, 0) <= local.time() <= time(15, 30) and local.weekday() < 5, (channel, local)
        else:
            assert time(7, 0) <= local.time() < time(21, 0), (channel, local)


def test_one_seats_figure_for_the_busy_day(demo):
    db, summary = demo
    with db.session() as s:
        board_seats = sum(e.required for e in day_plan(s, summary.busy_day))
    assert board_seats == summary.busy_day_slots > 0


def test_rules_in_isolation():
    import random
    assert allowed_days("Upacara Peringatan HUT RI di BKB", date(2026, 12, 1), date(2026, 12, 31)) == []
    assert allowed_days("Pasar Malam Kel. 35 Ilir", date(2026, 12, 1), date(2026, 12, 31)) is None
    rng = random.Random(1)
    night = wib(2026, 11, 28, 2, 30)           # a Saturday, 02.30
    moved = office_hours(night, "surat", rng)
    assert moved < night and moved.weekday() == 4 and time(8) <= moved.astimezone(WIB).time() <= time(15, 30)
    assert office_hours(wib(2026, 11, 26, 10, 0), "surat", rng) <= wib(2026, 11, 26, 10, 0)
    assert time(18) <= office_hours(wib(2026, 11, 26, 3, 0), "wa", rng).time()
