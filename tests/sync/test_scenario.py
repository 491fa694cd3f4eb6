"""Done-when scenario of issue 17: two desks join, the network is cut, each places the same officer on
overlapping posts and makes 200 other edits, the network heals, both sync: 400 edits on the server,
exactly one of the two clashing placements applied, one conflict in each desk's inbox, resolved from the
GUI (pytest-qt), after which desks and server agree."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from antasena_desktop.planning import service as guard
from antasena_desktop.services import events as event_service
from antasena_desktop.services import personnel as personnel_service
from antasena_desktop.sync.client import DeskSync, ServerUnreachable
from db.database import open_database
from db.models import Assignment, Event, Post, SyncApplied, SyncConflict
from tests.sync.checks import chains_intact, differences, exactly_once, overlapping_postings, snapshot
from tests.sync.conftest import actor, join_desk
from ui.context import AppContext
from ui.dialogs.conflicts import ConflictInbox
from ui.sync import DeskSyncController


def _two_hundred_edits(db, who, event_id: str, people: list[str]) -> None:
    ops = actor(db, who)
    for i in range(100):
        with db.session() as s:
            event_service.update_event(s, ops, event_id, {"description": f"Catatan {who} ke-{i}"})
        with db.session() as s:
            personnel_service.edit_personnel(s, ops, people[i % len(people)], {"phone": f"0812{i:07d}"})


def test_outage_then_heal_two_desks_one_clash_resolved_from_the_gui(world, qtbot):
    desk1, desk2 = join_desk(world, "Meja 1", "meja1"), join_desk(world, "Meja 2", "meja2")
    server = open_database(world.server_url)
    with server.session() as s:
        events = {e.title: e.id for e in s.scalars(select(Event))}
    world.proxy.cut()
    sync1, sync2 = DeskSync(desk1), DeskSync(desk2)
    with pytest.raises(ServerUnreachable):            # offline: the sync says so, the desk keeps working
        sync1.sync()
    x = world.people["X"]
    with desk1.session() as s:
        guard.place(s, actor(desk1, "meja1"), x, world.posts["Pos A"], world.lines["Pos A"])
    with desk2.session() as s:
        guard.place(s, actor(desk2, "meja2"), x, world.posts["Pos B"], world.lines["Pos B"])
    _two_hundred_edits(desk1, "meja1", events["Aksi Unjuk Rasa di DPRD Sumsel"], [world.people[f"P{i}"] for i in range(6)])
    _two_hundred_edits(desk2, "meja2", events["Pengamanan Konser"], [world.people[f"P{i}"] for i in range(6, 12)])
    with pytest.raises(ServerUnreachable):
        sync2.sync()
    world.proxy.heal()
    first, second = sync1.sync(), sync2.sync()
    assert (first.pushed, first.applied, first.conflicts) == (201, 201, 0)
    assert (second.pushed, second.applied, second.conflicts) == (201, 200, 1)
    sync1.sync()                                       # desk 1 pulls desk 2's edits and the conflict
    with server.session() as s:
        outcomes = dict(s.execute(select(SyncApplied.outcome, func.count()).group_by(SyncApplied.outcome)).all())
        assert outcomes.get("applied", 0) + outcomes.get("merged", 0) == 401 and outcomes["conflict"] == 1
        live = s.execute(select(Post.name).join(Assignment, Assignment.post_id == Post.id)
                         .where(Assignment.personnel_id == x, Assignment.deleted_at.is_(None))).scalars().all()
        assert live == ["Pos A"]                       # exactly one of the two clashing placements
        conflict = s.scalars(select(SyncConflict)).one()
        assert conflict.kind == "rule" and conflict.desk_name == "Meja 2"
        assert "BRIPTU Andi Saputra ditempatkan di Pos A oleh Meja 1 dan di Pos B oleh Meja 2 pada" in conflict.message_id
        assert "08.00 WIB–12.00 WIB" in conflict.message_id
    for desk in (desk1, desk2):
        with desk.session() as s:
            assert s.scalar(select(func.count()).select_from(SyncConflict).where(SyncConflict.status == "open")) == 1
    assert differences(snapshot(server), snapshot(desk1)) == []
    assert differences(snapshot(server), snapshot(desk2)) == []

    # desk 2's operator decides in the inbox: keep mine (the officer goes to Pos B, Pos A is released)
    ctx = AppContext(desk2, actor(desk2, "meja2"))
    from PySide6.QtWidgets import QLabel
    label = QLabel()
    controller = DeskSyncController(ctx, label, interval_ms=60000)
    inbox = ConflictInbox(None, ctx)
    qtbot.addWidget(inbox)
    qtbot.addWidget(label)
    inbox.show()
    qtbot.waitUntil(lambda: inbox.loaded and inbox.table.rowCount() == 1, timeout=15000)
    assert "Pos A oleh Meja 1 dan di Pos B oleh Meja 2" in inbox.table.item(0, 1).text()
    assert inbox.keep_mine.isEnabled() and inbox.edit.isEnabled()
    synced = []
    controller.synced.connect(synced.append)
    inbox.keep_mine.click()                            # the resolution is a local write: pushed at once
    qtbot.waitUntil(lambda: inbox.loaded and inbox.table.rowCount() == 0, timeout=15000)
    qtbot.waitUntil(lambda: bool(synced) and controller.state is not None and controller.state.pending == 0,
                    timeout=20000)
    qtbot.waitUntil(lambda: label.text().startswith("Daring · 0 menunggu · 0 konflik"), timeout=15000)
    controller.stop()
    ctx.runner.wait_all(30000)
    sync2.sync()
    sync1.sync()
    with server.session() as s:
        live = s.execute(select(Post.name).join(Assignment, Assignment.post_id == Post.id)
                         .where(Assignment.personnel_id == x, Assignment.deleted_at.is_(None))).scalars().all()
        assert live == ["Pos B"]
        assert s.scalars(select(SyncConflict)).one().status == "resolved"
    assert differences(snapshot(server), snapshot(desk1)) == []
    assert differences(snapshot(server), snapshot(desk2)) == []
    assert exactly_once(server, [desk1, desk2]) == []
    assert overlapping_postings(server) == 0
    assert chains_intact(server, desk1, desk2)
    for client in (sync1, sync2):
        client.close()
    for db in (server, desk1, desk2):
        db.close()
