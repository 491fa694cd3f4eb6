"""Identity release on the desk (request with a legal basis, the Inspektur decides, the requester reads
it, all audited), the due list with overdue cases highlighted, the language switch."""
from __future__ import annotations

from datetime import timedelta

from antasena_desktop.i18n import set_language
from antasena_desktop.timefmt import now_utc

from wbs_gui_fixtures import FORM, answer_modal

IDENTIFIED = dict(FORM, anonymous=False,
                  identity={"name": "Sri Wahyuni", "nip": "198804122011012003", "contact": "0812-7311-4455"})


def _detail(qtbot, window, case_id):
    cases = window.show_view("cases")
    qtbot.waitUntil(lambda: cases.loaded and cases.model.rowCount() > 0, timeout=15000)
    cases.select_case(case_id)
    qtbot.waitUntil(lambda: cases.detail.case is not None and cases.detail.case.case_id == case_id, timeout=15000)
    return cases.detail


def test_identity_release_request_decision_and_reading(qtbot, wbs):
    submitted = wbs.submit(IDENTIFIED)
    window = wbs.window(qtbot, "verifikator1")
    detail = _detail(qtbot, window, submitted.case_id)
    assert detail.identity_request_button.isEnabled() and not detail.identity_read_button.isVisible()
    assert "Sri Wahyuni" not in detail.identity.toPlainText()          # sealed to the Inspektur only

    def bad_basis(dialog):
        dialog.line.setText("surat")                                     # no number: refused by the service
        dialog.text.setPlainText("Klarifikasi pelapor")
        dialog.check()
    answer_modal(qtbot, bad_basis)
    detail.identity_request_button.click()
    qtbot.waitUntil(lambda: detail.view.message.is_error, timeout=15000)
    assert "surat tugas Wali Kota" in detail.view.message.text()

    def basis(dialog):
        dialog.line.setText("800/214/ST/WK/2026")
        dialog.text.setPlainText("Klarifikasi pelapor sebagai saksi")
        dialog.check()
    answer_modal(qtbot, basis)
    detail.identity_request_button.click()
    qtbot.waitUntil(lambda: len(detail.case.identity_requests) == 1, timeout=15000)
    assert "800/214/ST/WK/2026" in detail.identity.toPlainText()
    window.close()

    inspektur = wbs.window(qtbot, "inspektur")
    view = inspektur.show_view("identity")
    qtbot.waitUntil(lambda: view.loaded and view.model.rowCount() == 1, timeout=15000)
    assert view.model.rows[0].requested_by == "verifikator1"
    view.table.selectRow(0)
    asked = []
    view.confirm = lambda _parent, _title, question: asked.append(str(question)) or True

    def approve(dialog):
        dialog.text.setPlainText("Disetujui untuk klarifikasi, sesuai surat tugas.")
        dialog.check()
    answer_modal(qtbot, approve)
    view.approve_button.click()
    qtbot.waitUntil(lambda: view.model.rowCount() == 0, timeout=15000)
    assert asked and "tidak dapat ditarik kembali" in asked[0]
    inspektur.close()

    window = wbs.window(qtbot, "verifikator1")
    detail = _detail(qtbot, window, submitted.case_id)
    assert detail.identity_read_button.isEnabled()
    detail.identity_read_button.click()
    qtbot.waitUntil(lambda: "Sri Wahyuni" in detail.identity.toPlainText(), timeout=15000)
    assert "198804122011012003" in detail.identity.toPlainText()
    window.close()
    actor, _keyring = wbs.login("inspektur")
    from antasena_desktop.wbs import cases
    with wbs.database.session() as session:
        actions = [row.action for row in cases.access_history(session, actor, submitted.case_id)]
    assert {"minta_identitas", "identitas_dirilis", "baca_identitas"} <= set(actions)


def test_due_list_highlights_overdue_and_opens_the_case(qtbot, wbs):
    from antasena_desktop.wbs import intake
    with wbs.database.session() as session:
        late = intake.submit_report(session, dict(FORM), received_at=now_utc() - timedelta(days=40))
        fresh = intake.submit_report(session, dict(FORM))
    window = wbs.window(qtbot, "verifikator1")
    qtbot.waitUntil(lambda: window.due_count is not None, timeout=15000)
    assert window.due_count[0] == 1 and window.reminder.isVisible()
    assert "1 kasus melewati jatuh tempo" in window.reminder.text()
    due = window.show_view("due")
    qtbot.waitUntil(lambda: due.loaded and due.model.rowCount() > 0, timeout=15000)
    late_rows = [r for r in due.model.rows if r.case_id == late.case_id]
    assert late_rows and all(r.overdue and r.working_days_left < 0 for r in late_rows)
    assert {r.kind for r in late_rows} >= {"tanggapan", "tahap"}
    assert not [r for r in due.model.rows if r.case_id == fresh.case_id]     # due in 7 working days: not yet listed
    index = due.proxy.index(next(i for i, r in enumerate(due.model.rows) if r.case_id == late.case_id), 0)
    from PySide6.QtCore import Qt
    assert due.proxy.data(index, Qt.ItemDataRole.BackgroundRole).color().name() == "#f8d7da"
    due.table.doubleClicked.emit(index)
    cases = window.views["cases"]
    qtbot.waitUntil(lambda: cases.detail.case is not None and cases.detail.case.case_id == late.case_id, timeout=15000)
    assert window.stack.currentWidget() is cases
    overdue_row = next(i for i, r in enumerate(cases.model.rows) if r.id == late.case_id)
    assert cases.model.index(overdue_row, 0).data(Qt.ItemDataRole.BackgroundRole).color().name() == "#f8d7da"
    cases.overdue.setChecked(True)
    qtbot.waitUntil(lambda: [r.id for r in cases.model.rows] == [late.case_id], timeout=15000)


def test_language_switch_retitles_the_desk(qtbot, wbs):
    window = wbs.window(qtbot, "verifikator1")
    titles = lambda: [window.nav.item(i).text() for i in range(window.nav.count())]  # noqa: E731
    assert "Kasus" in titles() and "Jatuh tempo" in titles()
    try:
        set_language("en")
        assert "Cases" in titles() and "Due dates" in titles()
        cases = window.show_view("cases")
        assert cases.overdue.text() == "Overdue"
    finally:
        set_language("id")
    assert "Kasus" in titles()


def test_access_history_view_lists_who_opened_a_case_and_verifies_the_chain(qtbot, wbs):
    submitted = wbs.submit()
    window = wbs.window(qtbot, "verifikator1")
    _detail(qtbot, window, submitted.case_id)                       # an opening, audited
    window.close()
    window = wbs.window(qtbot, "inspektur")
    view = window.show_view("access")
    qtbot.waitUntil(lambda: view.loaded and view.case.count() == 1 and view.table.rowCount() > 0, timeout=15000)
    rows = [[view.table.item(r, c).text() for c in range(4)] for r in range(view.table.rowCount())]
    assert any(r[1].startswith("verifikator1") and r[2] == "Membuka perkara" for r in rows)
    assert any(r[2] == "Laporan masuk" for r in rows)
    view.verify_button.click()
    qtbot.waitUntil(lambda: "utuh" in view.message.text(), timeout=15000)
    window.close()
    pembina = wbs.window(qtbot, "pembina")
    assert "access" not in pembina.keys and "cases" not in pembina.keys
