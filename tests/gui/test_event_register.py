"""The event register with real widgets: an event from a template, a linked request shown as dadakan,
the duplicate warning, the calendar, undo, and the templates editor."""
from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from sqlalchemy import select

from antasena_desktop.services.security import Actor, Role, SYSTEM
from antasena_desktop.timefmt import WIB, now_utc
from db.database import open_database
from db.models import Event, Post, SecurityRequest, Venue
from ui.context import AppContext
from ui.models.table import ROW_ROLE
from ui.views.events import EventsView

OPS = Actor("operator", Role.OPERATOR_OPS)


@pytest.fixture
def database(database_url, tmp_path, monkeypatch):
    monkeypatch.setenv("ANTASENA_DATA_DIR", str(tmp_path / "data"))
    db = open_database(database_url)
    with db.session() as s:
        s.add(Venue(name="Kantor DPRD Sumsel", kind="gedung", address="Jl. POM IX", lat=-2.9795, lon=104.7395))
    yield db
    db.close()


@pytest.fixture(autouse=True)
def _private_language_listeners(monkeypatch):
    """Contexts made here register in i18n's global listener list; drop them after each test."""
    from antasena_desktop import i18n
    monkeypatch.setattr(i18n, "_listeners", list(i18n._listeners))


@pytest.fixture
def view(qtbot, database):
    ctx = AppContext(database, OPS)
    widget = EventsView(ctx)
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    widget.show()
    widget.refresh()
    qtbot.waitUntil(lambda: widget.loaded, timeout=10000)
    yield widget
    ctx.runner.wait_all()


def _start():
    """Five days ahead at 09.00 WIB (inside the default 14-day list period)."""
    day = (now_utc() + timedelta(days=5)).astimezone(WIB)
    return QDateTime(QDate(day.year, day.month, day.day), QTime(9, 0)), day.replace(hour=9, minute=0, second=0, microsecond=0)


def _fill_event(qtbot, editor, title="Aksi Damai Aliansi Buruh Sumsel"):
    qtbot.keyClicks(editor.title, title)
    editor.kind.setCurrentIndex(editor.kind.findData("unjuk_rasa"))
    qtbot.keyClicks(editor.organiser, "Aliansi Buruh Sumsel")
    editor.venue.setCurrentIndex(editor.venue.findText("Kantor DPRD Sumsel"))
    qstart, _ = _start()
    editor.start.setDateTime(qstart)
    editor.end.setDateTime(qstart.addSecs(5 * 3600))
    editor.crowd.setValue(800)
    editor.kerawanan.setCurrentIndex(editor.kerawanan.findData(2))


def _event_rows(view):
    return [view.proxy.data(view.proxy.index(r, 0), ROW_ROLE) for r in range(view.proxy.rowCount())]


def _ok(qtbot, dialog):
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def test_event_from_template_then_dadakan_request(qtbot, view, database):
    editor = view.new_event()
    _fill_event(qtbot, editor)
    editor.use_template.setChecked(True)
    assert "Rawan" in editor.template.currentText()
    _ok(qtbot, editor)
    qtbot.waitUntil(lambda: not editor.isVisible(), timeout=10000)
    qtbot.waitUntil(lambda: any(r.title.startswith("Aksi Damai") for r in _event_rows(view)), timeout=10000)
    with database.session() as s:
        event = s.scalar(select(Event))
        posts = s.scalars(select(Post).where(Post.event_id == event.id)).all()
        assert event.venue_id and event.kerawanan_level == 2
        assert {p.name for p in posts} >= {"Pos Utama", "Pos Lalin"}
        main = next(p for p in posts if p.name == "Pos Utama")
        assert [(r.function_code, r.count) for r in main.requirements][:2] == [("dalmas", 30), ("polwan", 4)]
        event_id, event_start = event.id, event.start_at
    row = next(r for r in _event_rows(view) if r.id == event_id)
    assert row.required > 0 and view.current_id == event_id

    # A request received 40 h before the start, linked to the event: dadakan (< 72 h).
    dialog = view.new_request()
    assert dialog.event_box.currentData() == event_id
    received = (event_start - timedelta(hours=40)).astimezone(WIB)
    dialog.received.setDateTime(QDateTime(QDate(received.year, received.month, received.day),
                                          QTime(received.hour, received.minute)))
    dialog.channel.setCurrentIndex(dialog.channel.findData("wa"))
    qtbot.keyClicks(dialog.name, "Budi Santoso")
    qtbot.keyClicks(dialog.org, "Aliansi Buruh Sumsel")
    assert "DADAKAN" in dialog.lead.text()
    _ok(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=10000)
    qtbot.waitUntil(lambda: view.request_model.rowCount() == 1, timeout=10000)
    view.tabs.setCurrentIndex(2)
    proxy = view.request_proxy
    headers = [proxy.headerData(c, Qt.Orientation.Horizontal) for c in range(proxy.columnCount())]
    marker = proxy.index(0, headers.index("Dadakan"))
    assert proxy.data(marker) == "DADAKAN"
    assert proxy.data(marker, Qt.ItemDataRole.BackgroundRole).color().name() == "#e53935"
    assert proxy.data(proxy.index(0, headers.index("Tenggang (jam)"))) == "40"
    assert view.requests_table.isColumnHidden(headers.index("Dadakan")) is False
    # The event list marks the event too, and the detail panel shows the badge.
    qtbot.waitUntil(lambda: event_id in view.dadakan_ids, timeout=10000)
    qtbot.waitUntil(lambda: "DADAKAN" in view.detail.text(), timeout=10000)
    with database.session() as s:
        request = s.scalar(select(SecurityRequest))
        assert request.event_id == event_id and request.intake_number.startswith("PMH/")


def test_duplicate_warning_then_open_existing_or_continue(qtbot, view, database):
    editor = view.new_event()
    _fill_event(qtbot, editor)
    _ok(qtbot, editor)
    qtbot.waitUntil(lambda: not editor.isVisible(), timeout=10000)
    qtbot.waitUntil(lambda: len(_event_rows(view)) == 1, timeout=10000)
    first_id = _event_rows(view)[0].id

    copy = view.new_event()
    _fill_event(qtbot, copy)
    _ok(qtbot, copy)
    qtbot.waitUntil(lambda: copy.duplicate_panel.isVisible(), timeout=10000)
    assert copy.isVisible() and copy.duplicate_list.count() == 1
    assert "tempat sama" in copy.duplicate_list.item(0).text()
    qtbot.mouseClick(copy.duplicate_open, Qt.MouseButton.LeftButton)
    assert not copy.isVisible() and view.current_id == first_id
    with database.session() as s:
        assert len(s.scalars(select(Event)).all()) == 1

    again = view.new_event()
    _fill_event(qtbot, again)
    _ok(qtbot, again)
    qtbot.waitUntil(lambda: again.duplicate_panel.isVisible(), timeout=10000)
    qtbot.mouseClick(again.duplicate_continue, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not again.isVisible(), timeout=10000)
    qtbot.waitUntil(lambda: len(_event_rows(view)) == 2, timeout=10000)

    # Ctrl+Z undoes the last creation.
    view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view, timeout=5000)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(_event_rows(view)) == 1, timeout=10000)
    with database.session() as s:
        assert len(s.scalars(select(Event).where(Event.deleted_at.is_(None))).all()) == 1
    # ... and redo brings it back.
    view.redo_action.trigger()
    qtbot.waitUntil(lambda: len(_event_rows(view)) == 2, timeout=10000)


def test_calendar_shows_blocks_and_click_selects(qtbot, view, database):
    editor = view.new_event()
    _fill_event(qtbot, editor)
    _ok(qtbot, editor)
    qtbot.waitUntil(lambda: not editor.isVisible(), timeout=10000)
    qtbot.waitUntil(lambda: len(_event_rows(view)) == 1, timeout=10000)
    event_id = _event_rows(view)[0].id
    view.current_id = None
    view.tabs.setCurrentIndex(1)
    _, start = _start()
    for mode in ("day", "week", "month"):
        view.calendar.set_mode(mode)
        view.calendar.set_date(start.date())
        qtbot.waitUntil(lambda: view.calendar.item_rect(event_id) is not None, timeout=10000)
        rect = view.calendar.item_rect(event_id)
        view.current_id = None
        qtbot.mouseClick(view.calendar.canvas, Qt.MouseButton.LeftButton, pos=rect.center())
        assert view.current_id == event_id
    item = next(i for i in view.calendar.items if i.id == event_id)
    assert item.color == "#f9a825"          # kerawanan 2 colour from the settings scale


def test_templates_editor_edit_save_and_validation(qtbot, database):
    import json

    from db.models import EventTemplate
    from ui.views.templates_editor import TemplatesEditor

    ctx = AppContext(database, SYSTEM)
    editor = TemplatesEditor(ctx)
    qtbot.addWidget(editor)
    editor.resize(1000, 600)
    editor.show()
    qtbot.waitUntil(lambda: editor.list.count() == 30, timeout=10000)
    editor.filter.setCurrentIndex(editor.filter.findData("unjuk_rasa"))
    assert editor.list.count() == 3
    row = next(i for i in range(editor.list.count()) if editor.list.item(i).text() == "Unjuk rasa — Rawan")
    editor.list.setCurrentRow(row)
    assert editor.name.text() == "Unjuk rasa — Rawan"
    assert editor.posts.item(0, 0).text() == "Pos Utama"
    editor.lines.cellWidget(0, 1).setValue(35)
    editor._add_line()
    editor.lines.cellWidget(3, 0).setCurrentIndex(editor.lines.cellWidget(3, 0).findData("negosiator"))
    with qtbot.waitSignal(ctx.dataChanged, timeout=10000):
        editor.save()
    qtbot.waitUntil(lambda: editor.loading_task.done, timeout=10000)     # reloaded after the save
    assert _saved(database)
    assert editor.lines.cellWidget(0, 1).value() == 35
    with database.session() as s:
        tpl = s.scalar(select(EventTemplate).where(EventTemplate.name == "Unjuk rasa — Rawan"))
        lines = json.loads(tpl.body_json)["posts"][0]["lines"]
        assert lines[0]["count"] == 35 and lines[-1]["function"] == "negosiator"
    editor.posts.item(1, 0).setText("")
    editor.save()
    qtbot.waitUntil(lambda: bool(editor.error.text()), timeout=10000)
    assert "Pos 2" in editor.error.text() and "nama pos" in editor.error.text()
    ctx.runner.wait_all()


def _saved(database):
    import json

    from db.models import EventTemplate
    with database.session() as s:
        tpl = s.scalar(select(EventTemplate).where(EventTemplate.name == "Unjuk rasa — Rawan"))
        return json.loads(tpl.body_json)["posts"][0]["lines"][0]["count"] == 35


def test_link_request_later_and_move_its_status(qtbot, view, database):
    from antasena_desktop.services import events as event_service
    from antasena_desktop.services import requests as request_service

    _, start = _start()
    with database.session() as s:
        _changes = event_service.register_event(s, OPS, {
            "title": "Tabligh Akbar", "kind": "keagamaan", "lat": -2.99, "lon": 104.76,
            "start_at": start, "end_at": start + timedelta(hours=3), "kerawanan_level": 1})
        event = s.get(Event, _changes.created("event")[0])
        request_service.create_request(s, OPS, {"received_at": start - timedelta(hours=20),
                                                "requester_name": "Panitia", "channel": "telepon"})
        event_id = event.id
    view.refresh()
    qtbot.waitUntil(lambda: view.request_model.rowCount() == 1 and len(_event_rows(view)) == 1, timeout=10000)
    assert not view.request_model.rows[0].dadakan
    view.select_event(event_id)
    view.tabs.setCurrentIndex(2)
    view.requests_table.setCurrentIndex(view.request_proxy.index(0, 0))
    view.link_request()
    qtbot.waitUntil(lambda: bool(view.request_model.rows) and view.request_model.rows[0].dadakan is True, timeout=10000)
    view.requests_table.setCurrentIndex(view.request_proxy.index(0, 0))
    view._update_request_actions()
    assert view.request_status_actions["dinilai"].isEnabled()
    assert not view.request_status_actions["selesai"].isEnabled()
    view.request_status_actions["dinilai"].trigger()
    qtbot.waitUntil(lambda: view.request_model.rows[0].status == "dinilai", timeout=10000)
    view.undo_action.trigger()
    qtbot.waitUntil(lambda: view.request_model.rows[0].status == "diterima", timeout=10000)


def test_retranslate(qtbot, view):
    from antasena_desktop.i18n import set_language
    set_language("en")
    try:
        assert view.tabs.tabText(1) == "Calendar" and view.new_button.text() == "New event…"
        assert view.calendar.mode_box.itemText(2) == "Month"
    finally:
        set_language("id")
    assert view.tabs.tabText(2) == "Permohonan"


def test_edit_status_and_undo_from_the_view(qtbot, view, database):
    editor = view.new_event()
    _fill_event(qtbot, editor)
    _ok(qtbot, editor)
    qtbot.waitUntil(lambda: not editor.isVisible(), timeout=10000)
    qtbot.waitUntil(lambda: len(_event_rows(view)) == 1, timeout=10000)
    event_id = _event_rows(view)[0].id
    view.select_event(event_id)
    view.edit_event()
    qtbot.waitUntil(lambda: view.editor is not editor and view.editor.isVisible(), timeout=10000)
    edit = view.editor
    assert edit.event_id == event_id and edit.title.text() == "Aksi Damai Aliansi Buruh Sumsel"
    assert not edit.use_template.isVisible()
    edit.crowd.setValue(1500)
    _ok(qtbot, edit)
    qtbot.waitUntil(lambda: not edit.isVisible(), timeout=10000)
    qtbot.waitUntil(lambda: _event_rows(view)[0].expected_crowd == 1500, timeout=10000)
    assert view.status_actions["dinilai"].isEnabled() and not view.status_actions["selesai"].isEnabled()
    view.status_actions["dinilai"].trigger()
    qtbot.waitUntil(lambda: _event_rows(view)[0].status == "dinilai", timeout=10000)
    view.undo_action.trigger()
    qtbot.waitUntil(lambda: _event_rows(view)[0].status == "diterima", timeout=10000)
    view.undo_action.trigger()
    qtbot.waitUntil(lambda: _event_rows(view)[0].expected_crowd == 800, timeout=10000)
    with database.session() as s:
        assert s.get(Event, event_id).expected_crowd == 800


def test_posts_of_an_event_edited_by_hand_from_the_register(qtbot, database):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QPushButton

    from db.models import Post
    from tests.planning import factory
    with database.session() as s:
        day = (now_utc() + timedelta(days=5)).astimezone(WIB).replace(hour=0, minute=0, second=0, microsecond=0)
        event = factory.event(s, "Aksi Damai di DPRD Sumsel", start_hour=9, hours=4, day=day)
        event_id = event.id
    ctx = AppContext(database, OPS)
    view = EventsView(ctx)
    qtbot.addWidget(view)
    view.resize(1300, 800)
    view.show()
    view.refresh()
    qtbot.waitUntil(lambda: view.loaded and any(r.id == event_id for r in view.model.rows), timeout=10000)
    view.select_event(event_id)
    qtbot.waitUntil(view.posts_button.isEnabled, timeout=5000)
    dialog = view.edit_posts()
    qtbot.waitUntil(lambda: dialog.event_view is not None, timeout=5000)
    editor = dialog.add_post()
    editor.name.setText("Pos Gerbang DPRD")
    editor.findChild(QPushButton, "post_save").click()
    qtbot.waitUntil(lambda: dialog.list.count() == 1, timeout=10000)
    assert dialog.list.item(0).text().startswith("Pos Gerbang DPRD") and dialog.list.item(0).text().endswith("0/2")
    dialog.list.setCurrentRow(0)
    QTimer.singleShot(0, lambda: QApplication.activeModalWidget().findChild(QPushButton, "question_delete").click())
    dialog.delete_post()
    qtbot.waitUntil(lambda: dialog.list.count() == 0, timeout=10000)
    with database.session() as s:
        assert s.query(Post).filter(Post.event_id == event_id, Post.deleted_at.is_not(None)).count() == 1
    ctx.undo_stack.undo()                                   # the delete is one step back
    qtbot.waitUntil(lambda: dialog.list.count() == 1, timeout=10000)
    dialog.close()
    ctx.runner.wait_all()
