"""Dasbor / ANEV: 12 monthly bars with the right counts, cards and bars drill down to the rows they count,
ANEV export writes a real PDF and xlsx."""
from __future__ import annotations

from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from antasena_desktop.services import dashboard
from antasena_desktop.services.security import Actor, Role
from antasena_desktop.timefmt import now_utc, to_wib, wib
from db.models import Availability, Event, SecurityRequest
from tests.planning import factory
from ui.context import AppContext
from ui.views.dashboard import DashboardView

ADMIN = Actor("admin", Role.ADMIN)


@pytest.fixture
def world(database):
    today = to_wib(now_utc()).date()
    first = today.replace(day=1)
    with database.session() as s:
        u = factory.unit(s)
        people = [factory.person(s, u, f"8901{i:04d}", f"Anggota {i}") for i in range(3)]
        s.add(Availability(personnel_id=people[0].id, kind="cuti", start_at=wib(today.year, today.month, today.day) - timedelta(days=1),
                           end_at=wib(today.year, today.month, today.day) + timedelta(days=2)))
        noon = wib(today.year, today.month, today.day, 0)
        e1 = factory.event(s, "Aksi Unjuk Rasa di DPRD Sumsel", start_hour=13, hours=3, day=noon)
        factory.post(s, e1, "Pos Utama", lines=(("dalmas", 4, None, None),))
        e2 = factory.event(s, "Konser Musik di Plaza BKB", start_hour=19, hours=3, day=noon)
        e2.kind = "konser"
        factory.post(s, e2, "Pos Panggung", lines=(("samapta", 3, None, None),))
        s.add(SecurityRequest(intake_number="PRM/1", received_at=e1.start_at - timedelta(hours=10), channel="wa", requester_name="Koordinator Aksi",
                              event_id=e1.id))
        # history: this month and 11 months back, one extra 13 months back that must not show
        for back, n_demo, n_other in ((1, 2, 1), (5, 1, 3), (11, 4, 0), (12, 7, 7)):
            y, m = first.year, first.month - back
            while m <= 0:
                m, y = m + 12, y - 1
            day0 = wib(y, m, 10)
            for i in range(n_demo):
                factory.event(s, f"Aksi {back}-{i}", start_hour=9, hours=2, day=day0)
            for i in range(n_other):
                ev = factory.event(s, f"Pasar Malam {back}-{i}", start_hour=18, hours=3, day=day0)
                ev.kind = "keramaian_umum"
    return today


@pytest.fixture
def view(qtbot, database, world):
    v = DashboardView(AppContext(database, ADMIN))
    qtbot.addWidget(v)
    v.resize(1600, 1000)
    v.show()
    v.refresh()
    qtbot.waitUntil(lambda: v.summary is not None, timeout=10000)
    return v


def test_figures_in_the_core(database, world):
    with database.session() as s:
        sm = dashboard.summary(s, world)
    assert len(sm.monthly) == 12 and (sm.monthly[-1].year, sm.monthly[-1].month) == (world.year, world.month)
    by_back = {11 - i: m for i, m in enumerate(sm.monthly)}
    assert (by_back[1].unjuk_rasa, by_back[1].kegiatan) == (2, 1)
    assert (by_back[5].unjuk_rasa, by_back[5].kegiatan) == (1, 3)
    assert (by_back[11].unjuk_rasa, by_back[11].kegiatan) == (4, 0)        # 12 months: 13 months back is out
    assert (sm.monthly[-1].unjuk_rasa, sm.monthly[-1].kegiatan) >= (1, 1)
    assert sm.events_today == 2 and sm.seats_today == (0, 7)
    assert sm.coverage[0].required == 7 and len(sm.coverage) == 14
    assert sm.availability_by_kind == [("cuti", 1)] and sm.requests_dadakan == 1


def test_cards_and_bars_drill_down(qtbot, view, world):
    chart = view.bar_sets["unjuk_rasa"]
    assert chart.count() == 12
    assert [int(chart.at(i)) for i in range(12)] == [m.unjuk_rasa for m in view.summary.monthly]
    assert view.cards["today"].value.text().startswith("2")
    qtbot.mouseClick(view.cards["today"], pytest.importorskip("PySide6.QtCore").Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.drill_data is not None and view.drill_table.rowCount() == 2, timeout=5000)
    assert {view.drill_table.item(r, 1).text() for r in range(2)} == {"Aksi Unjuk Rasa di DPRD Sumsel",
                                                                      "Konser Musik di Plaza BKB"}
    chart.clicked.emit(10)                                     # last month's unjuk rasa bar
    qtbot.waitUntil(lambda: view.drill_table.rowCount() == 2 and "Aksi 1-" in view.drill_table.item(0, 1).text(),
                    timeout=5000)
    view.bar_sets["availability"].clicked.emit(0)
    qtbot.waitUntil(lambda: view.drill_table.rowCount() == 1 and view.drill_table.item(0, 0).text() == "89010000",
                    timeout=5000)
    qtbot.mouseClick(view.cards["dadakan"], pytest.importorskip("PySide6.QtCore").Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.drill_table.rowCount() == 1 and "DPRD" in view.drill_table.item(0, 1).text(),
                    timeout=5000)


def test_export_anev_writes_pdf_and_xlsx(qtbot, view, tmp_path):
    pdf, xlsx = view.write_anev(tmp_path / "ANEV.pdf")
    assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 10_000
    book = load_workbook(xlsx)
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert len(rows) == 12 and [r[2] for r in rows] == [m.unjuk_rasa for m in view.summary.monthly]
    assert "Tersimpan di" in view.saved_label.text() and "Buka folder" in view.saved_label.text()
