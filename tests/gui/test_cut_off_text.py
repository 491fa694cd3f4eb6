"""No clipped text in the template editor and the user accounts table at 1600×1000, in both languages: every
header, every template name in the list, every cell (also the combo boxes inside cells) fits its column; user
names elide in the middle; the operator's widths are remembered per table."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox

from antasena_desktop.i18n import set_language
from antasena_desktop.services import auth
from antasena_desktop.services.security import SYSTEM, Actor, Role
from ui.context import AppContext

ADMIN = Actor("admin", Role.ADMIN)
PAD = 12           # cell margins; combo boxes need room for their arrow as well
ARROW = 30


@pytest.fixture(autouse=True)
def _private_language_listeners(monkeypatch):
    from antasena_desktop import i18n
    monkeypatch.setattr(i18n, "_listeners", list(i18n._listeners))
    yield
    set_language("id")


def _window(qtbot, db):
    """The settings page as it sits in the 1600×1000 main window (navigation 200 px)."""
    from ui.views.settings_view import SettingsView
    view = SettingsView(AppContext(db, ADMIN))
    qtbot.addWidget(view)
    view.resize(1400, 940)
    view.show()
    view.refresh()
    qtbot.waitUntil(lambda: view.loaded, timeout=10000)
    return view


def _clipped(table) -> list[str]:
    header, fm, problems = table.horizontalHeader(), table.fontMetrics(), []
    for column in range(table.columnCount()):
        width = header.sectionSize(column)
        title = table.horizontalHeaderItem(column).text()
        if header.fontMetrics().horizontalAdvance(title) + PAD > width:
            problems.append(f"header {title!r} in {width}px")
        for row in range(table.rowCount()):
            widget = table.cellWidget(row, column)
            if isinstance(widget, QComboBox):
                text, need = widget.currentText(), fm.horizontalAdvance(widget.currentText()) + ARROW
            elif isinstance(widget, QAbstractSpinBox):
                text, need = widget.text(), fm.horizontalAdvance(widget.text()) + ARROW
            else:
                item = table.item(row, column)
                text = item.text() if item else ""
                need = fm.horizontalAdvance(text) + PAD
            if text and need > width:
                problems.append(f"{text!r} ({need}px) in {title!r} ({width}px)")
    return problems


@pytest.mark.parametrize("language", ["id", "en"])
def test_template_editor_shows_every_text_whole(qtbot, db, language):
    set_language(language)
    view = _window(qtbot, db)
    view.tabs.setCurrentWidget(view.tab_pages["templates"])
    from ui.views.templates_editor import TemplatesEditor
    editor = view.templates_box.findChild(TemplatesEditor)
    qtbot.waitUntil(lambda: editor.list.count() == 30, timeout=10000)
    qtbot.wait(50)
    fm, viewport = editor.list.fontMetrics(), editor.list.viewport().width()
    cut = [editor.list.item(i).text() for i in range(editor.list.count())
           if fm.horizontalAdvance(editor.list.item(i).text()) + 8 > viewport]
    assert cut == [], f"template names cut in a {viewport}px list: {cut}"
    problems = []
    for i in range(editor.list.count()):                    # every template: its posts and the lines of each post
        editor.list.setCurrentRow(i)
        for post in range(editor.posts.rowCount()):
            editor.posts.setCurrentCell(post, 0)
            problems += _clipped(editor.posts) + _clipped(editor.lines)
    assert sorted(set(problems)) == []
    view.ctx.runner.wait_all()


def test_accounts_table_fits_and_elides_names_in_the_middle(qtbot, db):
    with db.session() as s:
        auth.create_user(s, SYSTEM, "opsatker.samapta.polrestabes", "Rahasia-123", Role.VIEWER,
                         "Peninjau Sat Samapta Polrestabes Palembang")
        auth.create_user(s, SYSTEM, "kabagops", "Rahasia-123", Role.PIMPINAN, "Kabag Ops")
    view = _window(qtbot, db)
    view.tabs.setCurrentWidget(view.tab_pages["users"])
    qtbot.waitUntil(lambda: view.users.rowCount() == 2, timeout=10000)
    qtbot.wait(50)
    assert _clipped(view.users) == []
    assert not view.users.wordWrap()
    assert type(view.users.itemDelegateForColumn(0)).__name__ == "MiddleElideDelegate"
    view.ctx.runner.wait_all()


def test_widths_are_remembered_per_table(qtbot, db):
    view = _window(qtbot, db)
    from ui.views.templates_editor import TemplatesEditor
    editor = view.templates_box.findChild(TemplatesEditor)
    editor.lines.horizontalHeader().resizeSection(0, 333)
    view.users.horizontalHeader().resizeSection(1, 277)
    settings = QSettings("BagOpsPolrestabesPalembang", "AntasenaDesktop")
    qtbot.waitUntil(lambda: settings.value("tables/template_lines") is not None
                    and settings.value("tables/settings_users") is not None, timeout=5000)
    again = _window(qtbot, db)
    assert again.templates_box.findChild(TemplatesEditor).lines.horizontalHeader().sectionSize(0) == 333
    assert again.users.horizontalHeader().sectionSize(1) == 277
    assert again.templates_box.findChild(TemplatesEditor).posts.horizontalHeader().sectionSize(1) != 333
    view.ctx.runner.wait_all()
    again.ctx.runner.wait_all()


def test_sprin_event_list_shows_number_date_and_status_whole(qtbot, db):
    from datetime import timedelta

    from antasena_desktop.services import events as event_service
    from antasena_desktop.timefmt import WIB, now_utc
    from ui.views.sprin import SprinView
    start = (now_utc() + timedelta(days=2)).astimezone(WIB).replace(hour=9, minute=0, second=0, microsecond=0)
    with db.session() as s:
        event_service.register_event(s, ADMIN, {"title": "Tabligh Akbar dan Doa Bersama di Masjid Agung",
                                                "kind": "keagamaan",
                                                "lat": -2.99, "lon": 104.76, "start_at": start,
                                                "end_at": start + timedelta(hours=3), "kerawanan_level": 1})
    view = SprinView(AppContext(db, ADMIN))
    qtbot.addWidget(view)
    view.resize(1400, 940)
    view.show()
    view.refresh()
    qtbot.waitUntil(lambda: view.events_proxy.rowCount() == 1, timeout=10000)
    qtbot.wait(50)
    header, viewport = view.events.horizontalHeader(), view.events.viewport().width()
    for column in (0, 2, 3, 4):                       # number, date, status, filled: inside the visible list, whole
        text = view.events_proxy.index(0, column).data()
        assert header.sectionViewportPosition(column) + header.sectionSize(column) <= viewport, column
        assert view.events.fontMetrics().horizontalAdvance(text) + PAD <= header.sectionSize(column), text
    view.ctx.runner.wait_all()
