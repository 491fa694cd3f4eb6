"""Pengaturan WBS: the routing table edited on the desk decides where the next case goes; bad values
are refused by the core in words and nothing is saved."""
from __future__ import annotations

from wbs_gui_fixtures import FORM


def test_routing_table_edit_routes_the_next_case(qtbot, wbs):
    window = wbs.window(qtbot, "inspektur")
    assert "settings" in window.keys and "health" not in window.keys
    view = window.show_view("settings")
    qtbot.waitUntil(lambda: view.loaded and view.routing.rowCount() > 10, timeout=15000)
    row = next(r for r in range(view.routing.rowCount()) if view.routing.item(r, 0).text() == "Dinas Pendidikan")
    combo = view.routing.cellWidget(row, 1)
    combo.setCurrentIndex(combo.findData("III"))                   # Dinas Pendidikan now goes to Irban III
    view.save()
    qtbot.waitUntil(lambda: "disimpan" in view.message.text(), timeout=15000)

    view.holidays.setText("2026-13-45")                              # refused by the core, nothing saved
    view.ack_days.setValue(5)
    view.save()
    qtbot.waitUntil(lambda: view.message.is_error, timeout=15000)
    assert "extra_holidays" in view.message.text() and "YYYY-MM-DD" in view.message.text()
    window.close()

    from antasena_desktop.wbs import cases
    submitted = wbs.submit(dict(FORM))
    actor, keyring = wbs.login("verifikator1")
    with wbs.database.session() as session:
        cases.move_case(session, actor, keyring, submitted.case_id, "verifikasi", "")
        cases.move_case(session, actor, keyring, submitted.case_id, "penelaahan", "",
                        checklist={"lingkup": True, "6w1h": True, "bukti": True, "bukan_pelaku": True})
        row = cases.case_row(session, actor, submitted.case_id)
    assert row.wilayah == "III" and "irban3" in row.assigned and "irban2" not in row.assigned
    from antasena_desktop.wbs import settings
    with wbs.database.session() as session:
        assert settings.get(session, "ack_working_days") == 7       # the refused save changed nothing
