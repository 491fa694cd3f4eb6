"""The outbox is written in the same transaction as the change; the server applies, merges or records a
conflict; a replay or a lost acknowledgement changes nothing."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from antasena_desktop.planning import service as guard
from antasena_desktop.services import events as event_service
from antasena_desktop.sync.client import DeskSync, ServerUnreachable
from db.database import open_database
from db.models import Assignment, AuditLog, Event, SyncApplied, SyncConflict, SyncOutbox
from tests.sync.conftest import actor, join_desk


def _pending(db) -> list[SyncOutbox]:
    with db.session() as s:
        return list(s.scalars(select(SyncOutbox).where(SyncOutbox.state == "pending").order_by(SyncOutbox.seq)))


def test_a_placement_writes_its_outbox_row_in_the_same_transaction(world):
    desk = join_desk(world, "Meja 1", "meja1")
    ops = actor(desk, "meja1")
    with desk.session() as s:
        guard.place(s, ops, world.people["P1"], world.posts["Pos A"], world.lines["Pos A"])
    rows = _pending(desk)
    assert [(r.table_name, r.op) for r in rows] == [("assignment", "insert")]
    fields = json.loads(rows[0].fields_json)
    assert fields["personnel_id"] == [None, world.people["P1"]] and rows[0].actor == "meja1"
    with pytest.raises(guard.PlacementRefused):        # a refused write leaves no outbox row behind
        with desk.session() as s:
            guard.place(s, ops, world.people["P1"], world.posts["Pos B"], world.lines["Pos B"])
    assert len(_pending(desk)) == 1
    desk.close()


def test_sync_applies_then_a_replay_after_a_lost_ack_changes_nothing(world):
    desk = join_desk(world, "Meja 1", "meja1")
    ops = actor(desk, "meja1")
    with desk.session() as s:
        guard.place(s, ops, world.people["P1"], world.posts["Pos A"], world.lines["Pos A"])
        guard.place(s, ops, world.people["P2"], world.posts["Pos A"], world.lines["Pos A"])
    client = DeskSync(desk)
    world.proxy.drop_commit_reply()
    with pytest.raises(ServerUnreachable):
        client.sync()
    assert world.proxy.dropped_commits == 1
    server = open_database(world.server_url)
    with server.session() as s:                  # the server committed; the desk never heard it
        assert s.scalar(select(func.count()).select_from(SyncApplied)) == 2
        audit_rows = s.scalar(select(func.count()).select_from(AuditLog))
    assert len(_pending(desk)) == 2
    report = client.sync()
    assert (report.pushed, report.applied, report.conflicts) == (2, 2, 0)
    with server.session() as s:
        assert s.scalar(select(func.count()).select_from(SyncApplied)) == 2
        assert s.scalar(select(func.count()).select_from(Assignment).where(Assignment.deleted_at.is_(None))) == 2
        assert s.scalar(select(func.count()).select_from(AuditLog)) == audit_rows
    assert _pending(desk) == []
    client.close()
    server.close()
    desk.close()


def test_stale_base_with_other_fields_merges_and_the_same_field_conflicts(world):
    desk = join_desk(world, "Meja 1", "meja1")
    ops = actor(desk, "meja1")
    server = open_database(world.server_url)
    with server.session() as s:
        event_id = s.scalar(select(Event.id).where(Event.title.like("Aksi%")))
    with server.session() as s:                        # the server changes the organiser meanwhile
        event_service.update_event(s, actor(server, "admin"), event_id, {"organiser": "Aliansi Mahasiswa"})
    with desk.session() as s:                          # the desk, not yet pulled, changes the crowd
        event_service.update_event(s, ops, event_id, {"expected_crowd": 750})
    report = DeskSync(desk).sync()
    assert (report.applied, report.merged, report.conflicts) == (1, 1, 0)
    with server.session() as s:
        row = s.get(Event, event_id)
        assert (row.organiser, row.expected_crowd) == ("Aliansi Mahasiswa", 750)
    with desk.session() as s:
        row = s.get(Event, event_id)
        assert (row.organiser, row.expected_crowd) == ("Aliansi Mahasiswa", 750)
    with server.session() as s:
        event_service.update_event(s, actor(server, "admin"), event_id, {"expected_crowd": 900})
    with desk.session() as s:
        event_service.update_event(s, ops, event_id, {"expected_crowd": 1200})
    report = DeskSync(desk).sync()
    assert report.conflicts == 1
    with server.session() as s:
        conflict = s.scalars(select(SyncConflict)).one()
        assert conflict.kind == "fields" and "expected_crowd" in conflict.message_id
        assert json.loads(conflict.mine_json) == {"expected_crowd": 1200}
        assert json.loads(conflict.theirs_json)["expected_crowd"] == 900
    with desk.session() as s:                          # the desk holds the server's version and the conflict
        assert s.get(Event, event_id).expected_crowd == 900
        assert s.scalars(select(SyncConflict)).one().status == "open"
    server.close()
    desk.close()


def test_a_slow_link_still_delivers_and_a_cut_mid_batch_applies_nothing_twice(world):
    desk = join_desk(world, "Meja 1", "meja1")
    ops = actor(desk, "meja1")
    for who in ("P1", "P2", "P3"):
        with desk.session() as s:
            guard.place(s, ops, world.people[who], world.posts["Pos C"], world.lines["Pos C"])
    world.proxy.delay(0.02)                            # every chunk waits: a slow radio link
    client = DeskSync(desk)
    report = client.sync()
    world.proxy.delay(0)
    assert (report.pushed, report.applied) == (3, 3)
    with desk.session() as s:
        guard.place(s, ops, world.people["P4"], world.posts["Pos C"], world.lines["Pos C"])
    world.proxy.cut()                                  # gone before the batch reaches the server
    with pytest.raises(ServerUnreachable):
        client.sync()
    world.proxy.heal()
    assert client.sync().applied == 1
    server = open_database(world.server_url)
    with server.session() as s:
        assert s.scalar(select(func.count()).select_from(Assignment).where(Assignment.deleted_at.is_(None))) == 4
        assert s.scalar(select(func.count()).select_from(SyncApplied)) == 4
    client.close()
    server.close()
    desk.close()


def test_a_pull_that_meets_a_local_unpushed_placement_waits_for_the_push(world):
    from sqlalchemy.exc import IntegrityError

    from antasena_desktop.sync.client import replica
    desk = join_desk(world, "Meja 1", "meja1")
    server = open_database(world.server_url)
    with server.session() as s:
        guard.place(s, actor(server, "admin"), world.people["X"], world.posts["Pos A"], world.lines["Pos A"])
    with desk.session() as s:                          # written locally after a push, before the pull
        guard.place(s, actor(desk, "meja1"), world.people["X"], world.posts["Pos B"], world.lines["Pos B"])
    with desk.session() as s:
        last = replica(s).last_change_id
    client = DeskSync(desk)
    with pytest.raises(IntegrityError):
        client.pull()
    with desk.session() as s:
        assert replica(s).last_change_id == last      # nothing half-pulled: it is read again later
    report = client.sync()
    assert report.conflicts == 1
    with desk.session() as s:
        live = s.scalars(select(Assignment).where(Assignment.personnel_id == world.people["X"],
                                                  Assignment.deleted_at.is_(None))).all()
        assert [a.post_id for a in live] == [world.posts["Pos A"]]
    client.close()
    server.close()
    desk.close()
