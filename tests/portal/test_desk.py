"""The desk side of the portal with real widgets (pytest-qt): news posts written, scheduled, withdrawn
and undone; stakeholder accounts made in the editor; the Portal menu starts and stops the real server."""
from __future__ import annotations

import urllib.request
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from sqlalchemy import select

from antasena_desktop.timefmt import now_utc
from db.models import NewsAttachment, NewsPost, StakeholderAccount, stakeholder_event
from tests.portal.world import ADMIN
from tests.web.conftest import free_port
from ui.context import AppContext


@pytest.fixture
def ctx(world, qtbot):
    context = AppContext(world.database, ADMIN)
    yield context
    context.runner.wait_all(20000)


def idle(qtbot, ctx):
    qtbot.waitUntil(lambda: not ctx.busy and not ctx.live_ops, timeout=20000)


def posts(world):
    with world.database.session() as s:
        return {p.title: p for p in s.scalars(select(NewsPost))}


def test_news_written_scheduled_withdrawn_and_undone(qtbot, ctx, world, tmp_path):
    from ui.views.news import NewsPanel

    panel = NewsPanel(ctx)
    qtbot.addWidget(panel)
    panel.show()
    idle(qtbot, ctx)
    dialog = panel.write()
    dialog.title.setText("Pengamanan Malam Tahun Baru di BKB")
    dialog.body.setPlainText("Arus lalu lintas dialihkan mulai 20.00 WIB.")
    flyer = tmp_path / "denah.pdf"
    flyer.write_bytes(b"%PDF-1.4 denah")
    dialog.add_attachment(flyer)
    qtbot.mouseClick(dialog.findChild(QPushButton, "news_save"), Qt.LeftButton)
    idle(qtbot, ctx)
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1)
    saved = posts(world)["Pengamanan Malam Tahun Baru di BKB"]
    assert saved.author == "admin" and saved.publish_at <= now_utc() and not dialog.isVisible()
    with world.database.session() as s:
        assert s.scalar(select(NewsAttachment.filename).where(NewsAttachment.post_id == saved.id)) == "denah.pdf"
    assert panel.table.item(0, 3).text() == "Terbit" and panel.table.item(0, 4).text() == "denah.pdf"

    # an empty title is refused in words and the dialog stays open with its input
    dialog = panel.write()
    dialog.body.setPlainText("tanpa judul")
    qtbot.mouseClick(dialog.findChild(QPushButton, "news_save"), Qt.LeftButton)
    idle(qtbot, ctx)
    qtbot.waitUntil(lambda: "Judul" in dialog.error.text())
    assert dialog.isVisible()
    dialog.reject()

    # schedule it for tomorrow: off the portal until then
    panel.table.selectRow(0)
    dialog = panel.edit_selected()
    dialog.publish_at.setDateTime(dialog.publish_at.dateTime().addDays(1))
    qtbot.mouseClick(dialog.findChild(QPushButton, "news_save"), Qt.LeftButton)
    idle(qtbot, ctx)
    qtbot.waitUntil(lambda: panel.table.item(0, 3).text() == "Terjadwal")
    assert posts(world)["Pengamanan Malam Tahun Baru di BKB"].publish_at > now_utc() + timedelta(hours=20)

    panel.table.selectRow(0)
    panel.withdraw_selected()
    idle(qtbot, ctx)
    qtbot.waitUntil(lambda: panel.table.item(0, 3).text() == "Ditarik")
    assert posts(world)["Pengamanan Malam Tahun Baru di BKB"].withdrawn_at is not None

    assert ctx.undo_stack.count() == 3
    ctx.undo()                                            # the withdrawal
    idle(qtbot, ctx)
    qtbot.waitUntil(lambda: panel.table.item(0, 3).text() == "Terjadwal")
    ctx.undo()                                            # the schedule
    idle(qtbot, ctx)
    qtbot.waitUntil(lambda: panel.table.item(0, 3).text() == "Terbit")
    ctx.undo()                                            # the post itself
    idle(qtbot, ctx)
    qtbot.waitUntil(lambda: panel.table.rowCount() == 0)
    assert posts(world)["Pengamanan Malam Tahun Baru di BKB"].deleted_at is not None


def test_accounts_made_and_edited_in_the_editor(qtbot, ctx, world):
    from ui.portal_accounts import AccountsPanel

    panel = AccountsPanel(ctx)
    qtbot.addWidget(panel)
    panel.show()
    idle(qtbot, ctx)
    qtbot.waitUntil(lambda: panel.table.rowCount() == 5)
    panel.open_editor(None)
    qtbot.waitUntil(lambda: panel.dialog is not None and panel.dialog.isVisible())
    dialog = panel.dialog
    dialog.username.setText("satlantas")
    dialog.password.setText("Lantas-Rahasia-2026")
    dialog.display_name.setText("Sat Lantas Polrestabes")
    dialog.kind.setCurrentIndex(dialog.kind.findData("satker"))
    assert not dialog.profile.isEnabled() and dialog.unit.isEnabled()
    qtbot.mouseClick(dialog.findChild(QPushButton, "acc_save"), Qt.LeftButton)      # no unit yet
    idle(qtbot, ctx)
    qtbot.waitUntil(lambda: "satuan" in dialog.error.text())
    dialog.unit.setCurrentIndex(dialog.unit.findData(world.unit_ids["lantas"]))
    for i in range(dialog.events.count()):
        if dialog.events.item(i).data(Qt.UserRole) == world.event_ids["concert"]:
            dialog.events.item(i).setCheckState(Qt.Checked)
    qtbot.mouseClick(dialog.findChild(QPushButton, "acc_save"), Qt.LeftButton)
    idle(qtbot, ctx)
    qtbot.waitUntil(lambda: panel.table.rowCount() == 6)
    with world.database.session() as s:
        account = s.scalar(select(StakeholderAccount).where(StakeholderAccount.username == "satlantas"))
        assert account.kind == "satker" and account.unit_id == world.unit_ids["lantas"]
        assert s.scalars(select(stakeholder_event.c.event_id).where(
            stakeholder_event.c.account_id == account.id)).all() == [world.event_ids["concert"]]
    row = next(i for i, r in enumerate(panel.rows) if r.username == "satlantas")
    panel.table.selectRow(row)
    panel.edit_selected()
    qtbot.waitUntil(lambda: panel.dialog is not dialog and panel.dialog.isVisible())
    panel.dialog.active.setChecked(False)
    qtbot.mouseClick(panel.dialog.findChild(QPushButton, "acc_save"), Qt.LeftButton)
    idle(qtbot, ctx)
    qtbot.waitUntil(lambda: panel.table.item(row, 6).text() == "Nonaktif")


def test_the_portal_menu_starts_and_stops_the_server(qtbot, ctx, world, tmp_path):
    from ui.main_window import MainWindow

    window = MainWindow(ctx, tmp_path / "preferences.json")
    qtbot.addWidget(window)
    portal = window.portal()
    server = portal.server
    server.port.setValue(free_port())
    server.host.setText("127.0.0.1")
    server.insecure.setChecked(True)
    assert window.portal_menu.title() == "&Portal"
    window.portal_run_action.trigger()                         # on
    qtbot.waitUntil(lambda: server.address.text().startswith("http://127.0.0.1:"), timeout=60000)
    assert window.portal_run_action.isChecked() and not server.start_button.isEnabled()
    with urllib.request.urlopen(server.address.text() + "masuk", timeout=10) as response:
        assert response.status == 200 and "Masuk ke Portal" in response.read().decode()
    window.open_portal()
    assert portal.isVisible() and portal.tabs.count() == 3
    window.portal_run_action.trigger()                         # off
    qtbot.waitUntil(lambda: not server.running, timeout=20000)
    server.refresh()
    assert server.state.text() == "Portal mati." and not window.portal_run_action.isChecked()
    window.close()


@pytest.mark.parametrize("language,foreign", [("id", "ENGLISH"), ("en", "INDONESIAN")])
def test_the_portal_window_speaks_one_language(qtbot, ctx, world, language, foreign):
    from antasena_desktop.i18n import set_language
    from tests.gui import test_two_languages as two
    from ui.portal import PortalServer, PortalWindow

    window = PortalWindow(ctx, PortalServer(world.database.url))
    qtbot.addWidget(window)
    window.show()
    idle(qtbot, ctx)
    try:
        set_language(language)
        found = set()
        for i in range(window.tabs.count()):
            window.tabs.setCurrentIndex(i)
            qtbot.wait(50)
            found |= two.offenders(two.screen_texts(window), getattr(two, foreign))
        assert not found, sorted(found)
    finally:
        set_language("id")
        window.server.shutdown()
