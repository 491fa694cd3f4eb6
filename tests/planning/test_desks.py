"""Several desks on one PostgreSQL server: two processes race for one person; a desk hears the others'
changes through LISTEN/NOTIFY and catches up from the change log after its connection drops."""
from __future__ import annotations

import multiprocessing
import threading

import pytest
from sqlalchemy import func, select

from antasena_desktop.planning import service
from db.changelog import DESK_ID
from db.live import ChangeListener
from db.models import Assignment, ChangeLog
from tests.gui.planning_fixtures import OPS, build_world
from tests.planning.desk_process import place_in_process

pytestmark = pytest.mark.postgresql_only("desks share a server; SQLite is one desk's file")


def test_two_desk_processes_race_for_one_person_exactly_one_wins(db):
    world = build_world(db)
    person = world.people["A0"]
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager:
        together = manager.Barrier(2)
        with context.Pool(2) as pool:
            results = [pool.apply_async(place_in_process, (db.url, world.posts[post], person, together))
                       for post in ("Pos Utama", "Pos Panggung")]          # 08–16 and 09–15: overlapping
            outcomes = sorted(r.get(120) for r in results)
    assert [o[0] for o in outcomes] == ["ok", "refused"]
    words = outcomes[1][1]
    assert words.startswith("Penempatan ditolak:") and "sudah ditempatkan di" in words
    assert "Error" not in words and "constraint" not in words
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Assignment).where(Assignment.deleted_at.is_(None))) == 1


def test_listener_hears_other_desks_and_catches_up_after_a_dropped_link(db):
    world = build_world(db)
    heard: list = []
    arrived = threading.Event()
    links: list[bool] = []

    def on_changes(rows):
        heard.extend(rows)
        arrived.set()

    listener = ChangeListener(db.url, on_changes, lambda up, _m: links.append(up), own_desk="another-desk").start()
    try:
        assert _wait(lambda: listener.connected)
        with db.session() as s:
            service.place(s, OPS, world.people["A0"], world.posts["Pos Utama"])
        assert arrived.wait(10) and "assignment" in heard[-1].entities
        assert heard[-1].desk == DESK_ID
        # The link drops; a change committed meanwhile is read from the change log on reconnect.
        arrived.clear()
        listener.drop_connection()
        with db.session() as s:
            service.place(s, OPS, world.people["A1"], world.posts["Pos Gerbang"])
        last = _last_change(db)
        assert arrived.wait(15)
        assert _wait(lambda: listener.last_seen == last)
        assert False in links and links[-1] is True                     # it noticed, then came back
        ids = [row.id for row in heard]
        assert ids == sorted(set(ids))                                  # each change once, in order
    finally:
        listener.stop()


def test_own_changes_are_not_reported_as_another_desks(db):
    world = build_world(db)
    heard: list = []
    listener = ChangeListener(db.url, heard.extend).start()             # this process's desk id
    try:
        assert _wait(lambda: listener.connected)
        with db.session() as s:
            service.place(s, OPS, world.people["A0"], world.posts["Pos Utama"])
        last = _last_change(db)
        assert _wait(lambda: listener.last_seen == last)
        assert heard == []
    finally:
        listener.stop()


def _last_change(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.max(ChangeLog.id)))


def _wait(condition, timeout: float = 15.0) -> bool:
    stop = threading.Event()
    for _ in range(int(timeout / 0.05)):
        if condition():
            return True
        stop.wait(0.05)
    return bool(condition())
