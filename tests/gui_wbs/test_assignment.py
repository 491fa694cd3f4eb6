"""Penugasan and the list filters on the desk: the verifikator ticks handlers (the case key is sealed to them), a handler
named as the reported party is refused in words (conflict of interest)."""
from __future__ import annotations

from PySide6.QtCore import Qt

from wbs_gui_fixtures import FORM


def _open(qtbot, window, case_id):
    cases = window.show_view("cases")
    qtbot.waitUntil(lambda: cases.loaded and cases.model.rowCount() > 0, timeout=15000)
    cases.select_case(case_id)
    qtbot.waitUntil(lambda: cases.detail.case is not None and cases.detail.case.case_id == case_id, timeout=15000)
    return cases.detail


def _tick(detail, username, checked=True):
    for i in range(detail.handlers.count()):
        item = detail.handlers.item(i)
        if item.data(Qt.ItemDataRole.UserRole) == username:
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            return
    raise AssertionError(f"{username} is not in the pick list")


def test_assignment_seals_the_case_to_the_ticked_handler_and_refuses_a_conflict(qtbot, wbs):
    # the reported party is Yuliana Putri, S.T. — the full name of the account irban3
    submitted = wbs.submit(dict(FORM, reported_party={"name": "Yuliana Putri, S.T.", "position": "Kepala Seksi",
                                                     "agency": "Dinas Perhubungan"}))
    window = wbs.window(qtbot, "verifikator1")
    detail = _open(qtbot, window, submitted.case_id)
    assert detail.assign_button.isEnabled()
    names = [detail.handlers.item(i).data(Qt.ItemDataRole.UserRole) for i in range(detail.handlers.count())]
    assert {"irban2", "irban3", "inspektur"} <= set(names) and "admin" not in names and "pembina" not in names
    _tick(detail, "irban3")
    detail.save_assignment()
    qtbot.waitUntil(lambda: detail.view.message.is_error, timeout=15000)
    assert "benturan kepentingan" in detail.view.message.text()
    assert detail.case.view.assigned == []

    _tick(detail, "irban3", checked=False)
    _tick(detail, "irban2")
    detail.save_assignment()
    qtbot.waitUntil(lambda: detail.case.view.assigned == ["irban2"], timeout=15000)
    other = wbs.submit()
    cases = window.views["cases"]
    cases.refresh()
    qtbot.waitUntil(lambda: cases.model.rowCount() == 2, timeout=15000)
    cases.mine.setChecked(True)                            # the verifikator is assigned to neither case
    qtbot.waitUntil(lambda: cases.model.rowCount() == 0, timeout=15000)
    cases.mine.setChecked(False)
    cases.stage.setCurrentIndex(cases.stage.findData("diterima"))
    qtbot.waitUntil(lambda: cases.model.rowCount() == 2 and all(r.stage == "diterima" for r in cases.model.rows),
                    timeout=15000)
    cases.stage.setCurrentIndex(cases.stage.findData("verifikasi"))
    qtbot.waitUntil(lambda: cases.model.rowCount() == 0, timeout=15000)
    cases.stage.setCurrentIndex(0)
    qtbot.waitUntil(lambda: cases.model.rowCount() == 2, timeout=15000)
    cases.search.setText(other.reference)
    assert [r.id for r in cases.model.rows] == [other.case_id]
    window.close()

    window = wbs.window(qtbot, "irban2")                  # the Irban now holds the key and opens the case
    cases = window.show_view("cases")
    qtbot.waitUntil(lambda: cases.loaded and cases.model.rowCount() == 1, timeout=15000)
    detail = _open(qtbot, window, submitted.case_id)
    assert "Dinas Perhubungan" in detail.report.toPlainText()
    assert not detail.assign_button.isEnabled()           # a penelaah does not assign


def test_a_refused_opening_clears_the_detail_and_says_why(qtbot, wbs):
    from antasena_desktop.wbs import cases
    submitted = wbs.submit()
    veri, vkey = wbs.login("verifikator1")
    with wbs.database.session() as session:
        cases.assign_handlers(session, veri, vkey, submitted.case_id, ["irban2"])
    window = wbs.window(qtbot, "irban2")
    detail = _open(qtbot, window, submitted.case_id)
    with wbs.database.session() as session:                       # another desk takes the case away
        cases.assign_handlers(session, veri, vkey, submitted.case_id, [])
    detail.reload()
    qtbot.waitUntil(lambda: detail.view.message.is_error, timeout=15000)
    assert "tidak ditugaskan kepada Anda" in detail.view.message.text()
    assert detail.case is None and not detail.body.isVisible() and detail.report.toPlainText() == ""


def test_a_late_answer_to_an_older_load_is_dropped(qtbot, wbs):
    import threading

    from ui.wbs import core
    submitted = wbs.submit()
    window = wbs.window(qtbot, "verifikator1")
    cases = window.show_view("cases")
    qtbot.waitUntil(lambda: cases.loaded and cases.model.rowCount() == 1, timeout=15000)
    release = threading.Event()

    def old_load(session):                       # an earlier filter's read, answered last
        release.wait(10)
        return [], core.stage_choices(session)

    old = cases.load(old_load)
    cases.refresh()                              # the latest load
    qtbot.waitUntil(lambda: cases.model.rowCount() == 1 and cases.loading_task.done, timeout=15000)
    release.set()
    qtbot.waitUntil(lambda: old.task.done, timeout=15000)   # its answer was delivered (and dropped)
    assert [r.id for r in cases.model.rows] == [submitted.case_id]
