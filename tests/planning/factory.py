"""Small, explicit planning fixtures built with the models (no demo generator)."""
from __future__ import annotations

import itertools
from datetime import datetime, timedelta

from db.models import Event, Personnel, Post, PostRequirement, Unit, personnel_function
from antasena_desktop.timefmt import WIB

DAY = datetime(2026, 3, 10, tzinfo=WIB)
_NUMBERS = itertools.count(1)          # unique event numbers in this process (a hash could collide)


def unit(session, code="SAMAPTA") -> Unit:
    u = Unit(code=code, name=f"Sat {code}", short_name=f"Sat {code}", kind="satfung", lat=-2.987, lon=104.757)
    session.add(u)
    session.flush()
    return u


def person(session, unit_obj, nrp, name, rank="BRIPKA", gender="M", functions=("samapta", "dalmas"), active=True):
    p = Personnel(nrp=nrp, name=name, rank_code=rank, unit_id=unit_obj.id, gender=gender, active=active)
    session.add(p)
    session.flush()
    for code in functions:
        session.execute(personnel_function.insert().values(personnel_id=p.id, function_code=code))
    return p


def event(session, title="Aksi Unjuk Rasa di DPRD Sumsel", start_hour=8, hours=8, day=DAY) -> Event:
    start = day + timedelta(hours=start_hour)
    e = Event(number=f"KEG/2026/{next(_NUMBERS):05d}", title=title, kind="unjuk_rasa",
              start_at=start, end_at=start + timedelta(hours=hours), lat=-2.98, lon=104.74)
    session.add(e)
    session.flush()
    return e


def post(session, event_obj, name="Pos Utama", start_hour=None, hours=None, lines=(("dalmas", 3, None, None),),
         day=DAY) -> Post:
    start = event_obj.start_at if start_hour is None else day + timedelta(hours=start_hour)
    end = event_obj.end_at if hours is None else start + timedelta(hours=hours)
    p = Post(event_id=event_obj.id, name=name, lat=-2.98, lon=104.74, start_at=start, end_at=end)
    session.add(p)
    session.flush()
    for i, (function, count, min_rank, gender) in enumerate(lines):
        session.add(PostRequirement(post_id=p.id, position=i, function_code=function, count=count,
                                    min_rank_code=min_rank, gender=gender))
    session.flush()
    session.refresh(p)
    return p
