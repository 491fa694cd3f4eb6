"""One case from diterima to selesai on the real desk, by the roles in turn, with a message the
reporter then reads through `intake.track(receipt)`; refusals come back in words."""
from __future__ import annotations

from antasena_desktop.wbs.intake import Attachment

from wbs_gui_fixtures import PLANTED, answer_modal

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _open(qtbot, wbs, username, reference):
    window = wbs.window(qtbot, username)
    cases = window.show_view("cases")
    qtbot.waitUntil(lambda: cases.loaded and cases.model.rowCount() > 0, timeout=15000)
    row = next(r for r in cases.model.rows if r.reference == reference)
    cases.select_case(row.id)
    detail = cases.detail
    qtbot.waitUntil(lambda: detail.case is not None and detail.case.case_id == row.id, timeout=15000)
    return window, cases, detail


def _step(qtbot, detail, key, fill=None):
    """Click a stage button; answer its dialog (reason, checklist, choices, the final question)."""
    stage_before = detail.case.view.stage

    def answer(dialog):
        dialog.confirm_irreversible = lambda *_: True
        for box in dialog.criteria.values():
            box.setChecked(True)
        dialog.reason.setPlainText("Sesuai hasil pemeriksaan berkas.")
        if fill:
            fill(dialog)
        dialog.check()
    answer_modal(qtbot, answer)
    assert key in detail.action_buttons, (key, list(detail.action_buttons))
    detail.action_buttons[key].click()
    qtbot.waitUntil(lambda: detail.case.view.stage != stage_before or detail.view.message.is_error, timeout=15000)
    assert not detail.view.message.is_error, detail.view.message.text()


def _wait_reload(qtbot, detail, predicate):
    qtbot.waitUntil(lambda: detail.case is not None and predicate(detail.case.view), timeout=15000)


def _note(qtbot, detail, kind, text):
    detail.note_kind.setCurrentIndex(detail.note_kind.findData(kind))
    assert detail.note_kind.currentData() == kind
    detail.note_edit.setPlainText(text)
    before = len(detail.case.view.notes)
    detail.note_button.click()
    _wait_reload(qtbot, detail, lambda v: len(v.notes) > before)


def test_case_from_diterima_to_selesai_by_the_roles_in_turn(qtbot, wbs):
    submitted = wbs.submit(attachments=[Attachment("kontrak.pdf", "application/pdf", PDF)])
    ref = submitted.reference

    # verifikator: start, ask the reporter, tick the criteria, forward (routed to Irban Wilayah II)
    window, cases, detail = _open(qtbot, wbs, "verifikator1", ref)
    assert detail.case.view.stage == "diterima"
    assert PLANTED in detail.report.toPlainText()                      # decrypted on the desk
    assert "kontrak.pdf" in detail.attachments.item(0).text()
    _step(qtbot, detail, "diterima__verifikasi")
    assert detail.case.view.stage == "verifikasi"
    detail.message_edit.setPlainText("Mohon kirimkan salinan kontrak dan kuitansi pembayaran.")
    detail.send_button.click()
    _wait_reload(qtbot, detail, lambda v: len(v.messages) == 1)
    _step(qtbot, detail, "verifikasi__penelaahan")
    assert detail.case.view.stage == "penelaahan" and "irban2" in detail.case.view.assigned
    detail.attachments.setCurrentRow(0)
    detail._attachment(save=True, path=str(wbs.tmp / "kontrak-salinan.pdf"))
    qtbot.waitUntil(lambda: (wbs.tmp / "kontrak-salinan.pdf").exists(), timeout=15000)
    assert (wbs.tmp / "kontrak-salinan.pdf").read_bytes() == PDF
    assert oct((wbs.tmp / "kontrak-salinan.pdf").stat().st_mode & 0o777) == "0o600"
    (wbs.tmp / "kuitansi.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    detail.add_attachment(str(wbs.tmp / "kuitansi.png"))
    _wait_reload(qtbot, detail, lambda v: len(v.attachments) == 2)
    assert any("kuitansi.png" in detail.attachments.item(i).text() for i in range(detail.attachments.count()))
    window.close()

    # the reporter reads the team's message with the receipt
    track = wbs.track(submitted.receipt)
    assert [m.text for m in track.messages] == ["Mohon kirimkan salinan kontrak dan kuitansi pembayaran."]
    assert track.messages[0].sender == "tim_wbs"

    # penelaah: the step without a telaahan is refused in words; write it, then submit it
    window, cases, detail = _open(qtbot, wbs, "irban2", ref)
    def no_memo(dialog):
        dialog.reason.setPlainText("Telaahan selesai.")
        dialog.check()
    answer_modal(qtbot, no_memo)
    detail.action_buttons["penelaahan__persetujuan"].click()
    qtbot.waitUntil(lambda: detail.view.message.is_error, timeout=15000)
    assert "Telaahan" in detail.view.message.text() and "tulis" in detail.view.message.text()
    assert detail.case.view.stage == "penelaahan"
    _note(qtbot, detail, "telaahan", "Terdapat indikasi kemahalan harga; diusulkan audit investigasi.")
    _step(qtbot, detail, "penelaahan__persetujuan")
    window.close()

    # Inspektur approves with the kind of follow-up
    window, cases, detail = _open(qtbot, wbs, "inspektur", ref)
    assert detail.tabs.isTabVisible(detail.tabs.indexOf(detail.access))   # access history: Inspektur only
    _step(qtbot, detail, "persetujuan__tindak_lanjut",
          lambda d: d.choices["follow_up"].setCurrentIndex(d.choices["follow_up"].findData("audit_investigasi")))
    assert detail.case.view.follow_up == "audit_investigasi"
    window.close()

    # penelaah hands in the follow-up report (LHTL)
    window, cases, detail = _open(qtbot, wbs, "irban2", ref)
    _note(qtbot, detail, "lhtl", "Audit investigasi menemukan selisih harga Rp 120.000.000.")
    _step(qtbot, detail, "tindak_lanjut__verifikasi_tl")
    window.close()

    # verifikator verifies the follow-up report
    window, cases, detail = _open(qtbot, wbs, "verifikator1", ref)
    assert "verifikasi_tl__selesai" not in detail.action_buttons      # closing is the Inspektur's gate
    _note(qtbot, detail, "verifikasi", "Laporan hasil tindak lanjut lengkap dan sesuai.")
    window.close()

    # Inspektur closes with the outcome (the irreversible question is asked and answered)
    window, cases, detail = _open(qtbot, wbs, "inspektur", ref)
    asked = []

    def outcome(dialog):
        dialog.confirm_irreversible = lambda *args: asked.append(args) or True
        dialog.choices["outcome"].setCurrentIndex(dialog.choices["outcome"].findData("terbukti"))
    _step(qtbot, detail, "verifikasi_tl__selesai", outcome)
    assert asked and detail.case.view.stage == "selesai" and detail.case.view.outcome == "terbukti"
    assert not detail.action_buttons                                    # nothing left to do
    assert "Hasil: Terbukti" in detail.summary.text()
    history = [detail.history.item(r, 3).text() for r in range(detail.history.rowCount())]
    assert history[-1] == "Selesai" and len(history) == 7
    detail.message_edit.setPlainText("Laporan Anda telah selesai ditindaklanjuti. Terima kasih.")
    detail.send_button.click()
    _wait_reload(qtbot, detail, lambda v: len(v.messages) == 2)
    access = [detail.access.item(r, 2).text() for r in range(detail.access.rowCount())]
    assert {"Membuka perkara", "Pindah tahap", "Membuka/menyimpan lampiran"} <= set(access)
    window.close()

    track = wbs.track(submitted.receipt)
    assert track.stage == "selesai" and not track.can_reply
    assert track.messages[-1].text == "Laporan Anda telah selesai ditindaklanjuti. Terima kasih."


def test_a_stale_desk_is_refused_in_words(qtbot, wbs):
    submitted = wbs.submit()
    window_a, _cases_a, detail_a = _open(qtbot, wbs, "verifikator1", submitted.reference)
    window_b, _cases_b, detail_b = _open(qtbot, wbs, "verifikator1", submitted.reference)   # a second PC
    _step(qtbot, detail_a, "diterima__verifikasi")
    # desk B still shows "diterima": its "Mulai verifikasi" now meets a case that moved on
    assert detail_b.case.view.stage == "diterima"
    answer_modal(qtbot, lambda dialog: dialog.check())
    detail_b.action_buttons["diterima__verifikasi"].click()
    qtbot.waitUntil(lambda: detail_b.view.message.is_error, timeout=15000)
    text = detail_b.view.message.text()
    assert "tidak dapat dipindah" in text and "Verifikasi" in text, text


def test_roles_see_only_their_steps_and_the_administrator_is_refused_content(qtbot, wbs):
    from antasena_desktop.services.security import PermissionDenied
    from ui.wbs import core
    submitted = wbs.submit()
    window, _cases, detail = _open(qtbot, wbs, "inspektur", submitted.reference)
    assert list(detail.action_buttons) == []                 # diterima: the verifikator's step, not the Inspektur's
    assert "Tidak ada langkah" in detail.actions_label.text()
    window.close()
    actor, keyring = wbs.login("admin")
    with wbs.database.session() as session:
        for call in (lambda: core.list_cases(session, actor),
                     lambda: core.open_case_bundle(session, actor, keyring, submitted.case_id)):
            try:
                call()
            except PermissionDenied as exc:
                assert "tidak berwenang" in str(exc)
            else:
                raise AssertionError("the administrator read case content")
