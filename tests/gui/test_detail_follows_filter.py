"""One mechanism (`ui.widgets.DetailFollowsFilter`) in every list + detail view: while the shown row stays in the
filtered list it stays current and shown; once a search, a kind filter or a period hides it, the detail pane is
emptied — events, requests, the Sprin event list, the templates editor and Personel."""
from __future__ import annotations

from datetime import timedelta

import pytest

from antasena_desktop.services import events as event_service
from antasena_desktop.services import requests as request_service
from antasena_desktop.services.security import SYSTEM, Actor, Role
from antasena_desktop.timefmt import WIB, now_utc
from tests.planning import factory
from ui.context import AppContext
from ui.models.table import ROW_ROLE

OPS = Actor("operator", Role.OPERATOR_OPS)


@pytest.fixture(autouse=True)
def _private_language_listeners(monkeypatch):
    from antasena_desktop import i18n
    monkeypatch.setattr(i18n, "_listeners", list(i18n._listeners))


@pytest.fixture
def two_events(db):
    start = (now_utc() + timedelta(days=3)).astimezone(WIB).replace(hour=9, minute=0, second=0, microsecond=0)
    ids = {}
    with db.session() as s:
        for title, kind in (("Konser Musik Ardipati", "konser"), ("Unjuk Rasa Aliansi Buruh", "unjuk_rasa")):
            changes = event_service.register_event(s, OPS, {"title": title, "kind": kind, "lat": -2.99, "lon": 104.76,
                                                            "start_at": start, "end_at": start + timedelta(hours=4),
                                                            "kerawanan_level": 1})
            ids[title] = changes.created("event")[0]
        for name in ("Panitia Konser", "Korlap Aliansi"):
            request_service.create_request(s, OPS, {"received_at": start - timedelta(days=2), "requester_name": name,
                                                    "channel": "surat"})
    return ids


def _show(qtbot, view):
    qtbot.addWidget(view)
    view.resize(1600, 1000)
    view.show()
    view.refresh()
    qtbot.waitUntil(lambda: view.loaded, timeout=15000)
    return view


def _current(table):
    index = table.currentIndex()
    return table.model().data(index.siblingAtColumn(0), ROW_ROLE) if index.isValid() else None


def test_events_and_requests_panes_follow_the_search(qtbot, db, two_events):
    from ui.views.events import EventsView
    view = _show(qtbot, EventsView(AppContext(db, OPS)))
    concert = two_events["Konser Musik Ardipati"]
    qtbot.waitUntil(lambda: view.proxy.rowCount() == 2, timeout=10000)
    view.select_event(concert)
    qtbot.waitUntil(lambda: "Konser Musik Ardipati" in view.detail.text(), timeout=10000)
    view.search.setText("konser")                          # still listed: still current, still shown
    assert view.proxy.rowCount() == 1 and _current(view.table).id == concert
    assert "Konser Musik Ardipati" in view.detail.text() and view.edit_button.isEnabled()
    view.search.setText("aliansi")                         # hidden: the pane is emptied, nothing to edit
    assert view.proxy.rowCount() == 1 and _current(view.table) is None
    assert view.detail.text() == "" and view.current_id is None and not view.edit_button.isEnabled()
    view.search.setText("")
    assert view.detail.text() == ""                        # it does not come back by itself

    view.tabs.setCurrentIndex(2)                           # the requests register, same mechanism
    qtbot.waitUntil(lambda: view.request_proxy.rowCount() == 2, timeout=10000)
    row = next(r for r in range(2) if view.request_proxy.data(view.request_proxy.index(r, 0), ROW_ROLE)
               .requester_name == "Panitia Konser")
    view.requests_table.setCurrentIndex(view.request_proxy.index(row, 0))
    assert "Panitia Konser" in view.request_detail.text()
    view.search.setText("panitia")
    assert view.current_request().requester_name == "Panitia Konser" and "Panitia" in view.request_detail.text()
    from antasena_desktop.i18n import set_language
    set_language("en")                                     # the detail line follows the language
    assert "Received" in view.request_detail.text() and "Diterima" not in view.request_detail.text()
    set_language("id")
    assert "Diterima" in view.request_detail.text()
    row = view.current_request()                           # linked meanwhile: the kept row shows its new event
    with db.session() as s:
        request_service.link_event(s, OPS, row.id, two_events["Konser Musik Ardipati"])
    view.refresh()
    qtbot.waitUntil(lambda: "Konser Musik Ardipati" in view.request_detail.text(), timeout=10000)
    assert view.current_request().id == row.id
    view.search.setText("korlap")
    assert view.request_detail.text() == "" and view.current_request() is None
    view.ctx.runner.wait_all()


def test_event_kind_filter_and_period_hide_the_shown_event(qtbot, db, two_events):
    from ui.views.events import EventsView
    view = _show(qtbot, EventsView(AppContext(db, OPS)))
    concert = two_events["Konser Musik Ardipati"]
    qtbot.waitUntil(lambda: view.proxy.rowCount() == 2, timeout=10000)
    view.select_event(concert)
    qtbot.waitUntil(lambda: "Konser" in view.detail.text(), timeout=10000)
    view.kind.setCurrentIndex(view.kind.findData("konser"))
    assert "Konser" in view.detail.text()
    view.kind.setCurrentIndex(view.kind.findData("unjuk_rasa"))
    assert view.detail.text() == "" and view.current_id is None
    view.kind.setCurrentIndex(0)
    view.select_event(concert)
    qtbot.waitUntil(lambda: "Konser" in view.detail.text(), timeout=10000)
    past = next(i for i in range(view.period.count()) if view.period.itemData(i) == "past30")
    view.period.setCurrentIndex(past)                      # a reload for a period that has not got it
    qtbot.waitUntil(lambda: view.loading_task.done and view.proxy.rowCount() == 0, timeout=10000)
    qtbot.waitUntil(lambda: view.detail.text() == "" and view.current_id is None, timeout=10000)
    view.ctx.runner.wait_all()


def test_sprin_orders_pane_follows_the_event_search(qtbot, db, two_events):
    from ui.views.sprin import SprinView
    view = _show(qtbot, SprinView(AppContext(db, OPS)))
    concert = two_events["Konser Musik Ardipati"]
    qtbot.waitUntil(lambda: view.events_proxy.rowCount() == 2, timeout=10000)
    row = next(r for r in range(2) if view.events_proxy.data(view.events_proxy.index(r, 0), ROW_ROLE).id == concert)
    view.events.setCurrentIndex(view.events_proxy.index(row, 0))
    assert view.event_id == concert and view.buttons["draft"].isEnabled()
    view.create_draft()
    qtbot.waitUntil(lambda: view.sprin_model.rowCount() == 1, timeout=15000)
    view.search.setText("ardipati")
    assert view.event_id == concert and view.sprin_model.rowCount() == 1 and _current(view.events).id == concert
    view.search.setText("buruh")
    assert view.event_id is None and view.sprin_model.rowCount() == 0 and not view.buttons["draft"].isEnabled()
    view.ctx.runner.wait_all()


def test_templates_form_empties_when_the_kind_filter_hides_it(qtbot, db):
    from ui.views.templates_editor import TemplatesEditor
    editor = TemplatesEditor(AppContext(db, SYSTEM))
    qtbot.addWidget(editor)
    editor.resize(1400, 800)
    editor.show()
    qtbot.waitUntil(lambda: editor.list.count() == 30, timeout=10000)
    editor.filter.setCurrentIndex(editor.filter.findData("unjuk_rasa"))
    row = next(i for i in range(editor.list.count()) if editor.list.item(i).text() == "Unjuk rasa — Rawan")
    editor.list.setCurrentRow(row)
    shown = editor.current_id
    assert editor.name.text() == "Unjuk rasa — Rawan" and editor.posts.rowCount() > 0
    editor.filter.setCurrentIndex(0)                       # all kinds: it is still listed and still shown
    assert editor.current_id == shown and editor.name.text() == "Unjuk rasa — Rawan"
    assert editor.list.currentItem().data(256) == shown
    editor.filter.setCurrentIndex(editor.filter.findData("keagamaan"))   # hidden: the form is emptied
    assert editor.current_id is None and editor.name.text() == "" and editor.posts.rowCount() == 0
    assert not editor.save_button.isEnabled()
    editor.new_template()                                  # a new template is in no list: the filter keeps it
    editor.filter.setCurrentIndex(editor.filter.findData("konser"))
    assert editor.name.text() == "Templat baru" and editor.save_button.isEnabled()
    editor.ctx.runner.wait_all()


def test_personnel_pane_follows_the_search(qtbot, db):
    from ui.views.personnel import PersonnelView
    with db.session() as s:
        unit = factory.unit(s)
        andi = factory.person(s, unit, "87010001", "Andi Saputra").id
        factory.person(s, unit, "87010002", "Budi Santoso")
    view = _show(qtbot, PersonnelView(AppContext(db, OPS)))
    qtbot.waitUntil(lambda: view.proxy.rowCount() == 2, timeout=10000)
    row = next(r for r in range(2) if view.proxy.data(view.proxy.index(r, 0), ROW_ROLE).id == andi)
    view.table.setCurrentIndex(view.proxy.index(row, 0))
    qtbot.waitUntil(lambda: view.detail_labels["name"].text() == "Andi Saputra", timeout=10000)
    view.search.setText("andi")
    assert view.detail_labels["name"].text() == "Andi Saputra" and _current(view.table).id == andi
    from antasena_desktop.services import personnel as personnel_service
    with db.session() as s:                                # changed meanwhile: the kept row's pane is reloaded
        personnel_service.edit_personnel(s, OPS, andi, {"name": "Andi Saputra Jaya"})
    view.refresh()
    qtbot.waitUntil(lambda: view.detail_labels["name"].text() == "Andi Saputra Jaya", timeout=10000)
    view.search.setText("budi")
    assert view.detail_labels["name"].text() == "" and view.history_list.count() == 0
    view.ctx.runner.wait_all()
