"""The Sprin view drives the workflow through the services and respects the roles."""
from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

from antasena_desktop.documents import workflow
from antasena_desktop.timefmt import WIB, now_utc
from ui.context import AppContext
from ui.views.sprin import SprinView

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "documents"))
from sprin_fixtures import KABAG, OPERATOR, make_plan, pdf_text  # noqa: E402



def answer_question(key: str) -> None:
    """Click the button `key` of the next question box (our `ui.widgets.ask`)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QPushButton

    def click():
        box = QApplication.activeModalWidget()
        if box is None or box.findChild(QPushButton, f"question_{key}") is None:
            QTimer.singleShot(20, click)
            return
        box.findChild(QPushButton, f"question_{key}").click()
    QTimer.singleShot(0, click)

def _view(qtbot, database, actor, event_id):
    view = SprinView(AppContext(database, actor))
    qtbot.addWidget(view)
    view.show()
    view.refresh()
    qtbot.waitUntil(lambda: view.loaded and view.events_model.rowCount() > 0, timeout=10000)
    row = next(i for i, r in enumerate(view.events_model.rows) if r.id == event_id)
    view.events.selectRow(view.events_proxy.mapFromSource(view.events_model.index(row, 0)).row())
    return view


def test_sprin_workflow_by_role(qtbot, database, tmp_path):
    with database.session() as session:
        start = (now_utc() + timedelta(days=2)).astimezone(WIB).replace(hour=8, minute=0, second=0, microsecond=0)
        plan = make_plan(session, n_people=8, n_posts=2, start=start)   # 08.00 WIB: ends at 17.00 whatever the clock
    operator = _view(qtbot, database, OPERATOR, plan.event_id)
    assert operator.buttons["draft"].isEnabled() and not operator.buttons["approve"].isEnabled()
    operator.buttons["draft"].click()
    qtbot.waitUntil(lambda: operator.sprin_model.rowCount() == 1, timeout=10000)
    assert not operator.buttons["approve"].isEnabled()            # an operator cannot approve
    assert not operator.buttons["issue"].isEnabled()

    kabag = _view(qtbot, database, KABAG, plan.event_id)
    qtbot.waitUntil(lambda: kabag.sprin_model.rowCount() == 1, timeout=10000)
    assert kabag.buttons["approve"].isEnabled()
    answer_question("no")                                     # "Setujui Sprin ini?" — declined: nothing happens
    kabag.buttons["approve"].click()
    qtbot.wait(200)
    assert kabag.sprin_model.rows[0]["status"] == "draft"
    answer_question("yes")                                    # a step without way back, confirmed
    kabag.buttons["approve"].click()
    qtbot.waitUntil(lambda: bool(kabag.sprin_model.rows) and kabag.sprin_model.rows[0]["status"] == "approved", timeout=10000)

    operator._load_sprins()
    qtbot.waitUntil(lambda: operator.buttons["issue"].isEnabled(), timeout=10000)
    answer_question("yes")                                    # issuing takes a register number
    operator.buttons["issue"].click()
    qtbot.waitUntil(lambda: bool(operator.sprin_model.rows and operator.sprin_model.rows[0]["number"]), timeout=10000)
    number = operator.sprin_model.rows[0]["number"]
    assert number.startswith("Sprin/1/") and operator.buttons["amend"].isEnabled()
    with database.session() as session:
        document = workflow.content_of(workflow.get_sprin(session, operator.sprin_model.rows[0]["id"]))
    from antasena_desktop.documents.html import sprin_document
    from ui.printing.render import export_pdf
    export_pdf(sprin_document(document), tmp_path / "out.pdf")
    text = pdf_text(str(tmp_path / "out.pdf"))
    assert number in text and "KONSEP" not in text
    operator.register.refresh()
    qtbot.waitUntil(lambda: operator.register.loaded and operator.register.model.rowCount() == 1, timeout=10000)
