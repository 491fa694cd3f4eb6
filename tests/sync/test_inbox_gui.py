"""The inbox's Edit path and the main window of a desk replica (status bar, menu entry)."""
from __future__ import annotations

from sqlalchemy import select

from antasena_desktop.services import events as event_service
from antasena_desktop.sync.client import DeskSync
from db.database import open_database
from db.models import Event, SyncOutbox
from tests.sync.conftest import actor, join_desk
from ui.context import AppContext
from ui.dialogs.conflicts import ConflictInbox


def test_edit_keeps_the_operators_corrected_value(world, qtbot):
    desk = join_desk(world, "Meja 1", "meja1")
    server = open_database(world.server_url)
    with server.session() as s:
        event_id = s.scalar(select(Event.id).where(Event.title.like("Aksi%")))
        event_service.update_event(s, actor(server, "admin"), event_id, {"expected_crowd": 900})
    with desk.session() as s:
        event_service.update_event(s, actor(desk, "meja1"), event_id, {"expected_crowd": 1200})
    client = DeskSync(desk)
    assert client.sync().conflicts == 1
    ctx = AppContext(desk, actor(desk, "meja1"))
    inbox = ConflictInbox(None, ctx)
    qtbot.addWidget(inbox)
    inbox.show()
    qtbot.waitUntil(lambda: inbox.loaded and inbox.table.rowCount() == 1, timeout=15000)
    assert "expected_crowd" in inbox.table.item(0, 1).text()
    dialog = inbox.open_edit()
    dialog.set_value("expected_crowd", 1500)
    dialog.accept()
    qtbot.waitUntil(lambda: inbox.loaded and inbox.table.rowCount() == 0, timeout=15000)
    ctx.runner.wait_all(30000)
    with desk.session() as s:
        assert s.get(Event, event_id).expected_crowd == 1500
        assert sorted(o.op for o in s.scalars(select(SyncOutbox).where(SyncOutbox.state == "pending"))) == ["resolve", "update"]
    report = client.sync()
    assert (report.pushed, report.conflicts) == (2, 0)
    with server.session() as s:
        assert s.get(Event, event_id).expected_crowd == 1500
    client.close()
    server.close()
    desk.close()


def test_main_window_of_a_replica_shows_the_link_and_the_inbox(world, qtbot, tmp_path):
    from ui.main_window import MainWindow
    desk = join_desk(world, "Meja 1", "admin")
    window = MainWindow(AppContext(desk, actor(desk, "admin")), tmp_path / "preferences.json")
    qtbot.addWidget(window)
    window.show()
    try:
        assert window.desk_sync is not None and window.conflicts_action in window.file_menu.actions()
        qtbot.waitUntil(lambda: window.sync_label.text().startswith("Daring · 0 menunggu"), timeout=20000)
        world.proxy.cut()
        window.desk_sync.sync_now()
        qtbot.waitUntil(lambda: window.sync_label.text().startswith("Luring"), timeout=20000)
        world.proxy.heal()
        window.desk_sync.sync_now()
        qtbot.waitUntil(lambda: window.sync_label.text().startswith("Daring"), timeout=20000)
        inbox = window.open_conflicts()
        qtbot.waitUntil(lambda: inbox.loaded, timeout=15000)
        assert inbox.table.rowCount() == 0 and not inbox.keep_mine.isEnabled()
        inbox.close()
    finally:
        window.desk_sync.stop()
        window.live.stop()
        window.ctx.runner.wait_all(30000)
        qtbot.wait(50)
    desk.close()
