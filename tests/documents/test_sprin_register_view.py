"""The register widget shows every allocated number, cancelled ones with their reason."""
from __future__ import annotations

from antasena_desktop.documents import workflow
from antasena_desktop.timefmt import wib
from db.models import Sprin
from sprin_fixtures import KABAG, OPERATOR


def test_register_view_lists_numbers(database, plan, qtbot):
    from ui.printing.register_view import NumberRegisterView
    ids = []
    with database.session() as session:
        for _ in range(3):            # one original, then amendments of it (one original per event)
            sprin_id = workflow.create_draft(session, OPERATOR, plan.event_number).ids("sprin")[0]
            if ids:
                session.get(Sprin, sprin_id).parent_id = ids[0]
            workflow.approve(session, KABAG, sprin_id)
            ids.append(sprin_id)
    for sprin_id in ids:
        workflow.issue_with_retry(database, OPERATOR, sprin_id, issued_at=wib(2026, 9, 14, 10))
    with database.session() as session:
        workflow.cancel(session, KABAG, ids[1], "salah sasaran")
    from antasena_desktop.services.security import SYSTEM
    from ui.context import AppContext
    opened = []
    view = NumberRegisterView(AppContext(database, SYSTEM), on_open=opened.append)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.loaded, timeout=10000)       # read by a ReadOp
    assert view.year.currentData() == 2026
    assert view.model.rowCount() == 3
    rows = {view.model.item(r, 1).text(): [view.model.item(r, c).text() for c in range(view.model.columnCount())]
            for r in range(3)}
    cancelled = rows["Sprin/2/IX/OPS.1./2026"]
    assert cancelled[2] == "Dibatalkan" and cancelled[3] == "salah sasaran"     # status codes in words
    assert cancelled[5] == "Dibatalkan" and rows["Sprin/1/IX/OPS.1./2026"][5] == "Diterbitkan"
    assert plan.event_number in rows["Sprin/1/IX/OPS.1./2026"][4]
    assert "lengkap" in view.check_label.text() or "complete" in view.check_label.text()
    view._open(view.model.index(0, 0))
    assert opened == [ids[2]]                      # newest first
