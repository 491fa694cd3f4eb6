"""The Sprin panel drives the workflow through the services and respects the roles."""
from __future__ import annotations

from antasena_desktop.documents import workflow
from sprin_fixtures import KABAG, OPERATOR, pdf_text


def test_panel_workflow(database, plan, qtbot, tmp_path):
    from ui.printing.sprin_panel import SprinPanel
    operator = SprinPanel(database, OPERATOR, plan.event_number)
    qtbot.addWidget(operator)
    assert operator.table.rowCount() == 0
    assert not operator.buttons["approve"].isEnabled()
    seen = []
    operator.changed.connect(seen.append)
    operator.buttons["draft"].click()
    assert operator.table.rowCount() == 1 and seen and "sprin" in seen[-1].entities()
    assert not operator.buttons["approve"].isEnabled()            # an operator cannot approve
    assert not operator.buttons["issue"].isEnabled()

    kabag = SprinPanel(database, KABAG, plan.event_id)
    qtbot.addWidget(kabag)
    assert kabag.buttons["approve"].isEnabled()
    kabag.buttons["approve"].click()
    operator.refresh()
    assert operator.buttons["issue"].isEnabled()
    operator.buttons["issue"].click()
    number = operator.table.item(0, 0).text()
    assert number.startswith("Sprin/1/") and operator.buttons["amend"].isEnabled()
    dialog = operator.open_print_dialog(operator.selected_id(), show=False)
    path = dialog.save_pdf(str(tmp_path / "out.pdf"))
    text = pdf_text(path)
    assert number in text and "KONSEP" not in text
    with database.session() as session:
        assert [s.status for s in workflow.sprins_for_event(session, plan.event_number)] == ["issued"]
