"""The handler's side by role and transition: a case from diterima to selesai, refusals in words,
identity release on a legal basis, access history, assignment rules."""
from __future__ import annotations

import copy

import pytest
from sqlalchemy import select

from antasena_desktop.wbs import cases, intake
from antasena_desktop.wbs.keys import NoKey
from antasena_desktop.wbs.roles import PermissionDenied
from antasena_desktop.wbs.workflow import IllegalMove
from db.wbs.models import WbsAuditLog, WbsCase

from .conftest import FORM

CHECKLIST = {"lingkup": True, "6w1h": True, "bukti": True, "bukan_pelaku": True}


def submit(wbs, **changes):
    form = copy.deepcopy(FORM)
    form.update(changes)
    with wbs.database.session() as session:
        return intake.submit_report(session, form)


def act(wbs, username, fn, *args, **kwargs):
    actor, keyring = wbs.login(username)
    with wbs.database.session() as session:
        return fn(session, actor, keyring, *args, **kwargs)


def audit_actions(wbs, case_id=None):
    with wbs.database.session() as session:
        query = select(WbsAuditLog.username, WbsAuditLog.action, WbsAuditLog.note).order_by(WbsAuditLog.id)
        if case_id:
            query = query.where(WbsAuditLog.case_id == case_id)
        return list(session.execute(query))


def test_a_case_from_diterima_to_selesai_by_the_roles_in_turn(wbs):
    done = submit(wbs)
    cid = done.case_id
    view = act(wbs, "verifikator1", cases.open_case, cid)
    assert view.report["what"] == FORM["what"] and view.stage == "diterima"
    assert [m.target for m in view.moves] == ["verifikasi"]
    act(wbs, "verifikator1", cases.move_case, cid, "verifikasi")
    act(wbs, "verifikator1", cases.send_message, cid, "Terima kasih, laporan Anda sedang kami verifikasi.")
    act(wbs, "verifikator1", cases.move_case, cid, "kelengkapan", "Nomor kontrak belum disebut.")
    with wbs.database.session() as session:
        intake.reporter_reply(session, done.receipt, "Nomor kontrak 027/SP/DISDIK/2026.")
    act(wbs, "verifikator1", cases.move_case, cid, "penelaahan", checklist=CHECKLIST)
    with wbs.database.session() as session:
        case = session.get(WbsCase, cid)
        assert case.stage == "penelaahan" and case.wilayah == "II"        # Dinas Pendidikan → Irban II
    actor, _ = wbs.login("irban2")
    with wbs.database.session() as session:
        assert [r.reference for r in cases.list_cases(session, actor)] == [done.reference]
        assert cases.list_cases(session, actor)[0].assigned == ["irban2"]
    act(wbs, "irban2", cases.add_note, cid, "Telaahan: indikasi mark-up, perlu audit investigasi.", kind="telaahan")
    act(wbs, "irban2", cases.move_case, cid, "persetujuan")
    act(wbs, "inspektur", cases.move_case, cid, "tindak_lanjut", "Disetujui.", follow_up="audit_investigasi")
    act(wbs, "irban2", cases.add_note, cid, "LHTL: tidak ditemukan kerugian negara.", kind="lhtl")
    act(wbs, "irban2", cases.move_case, cid, "verifikasi_tl")
    act(wbs, "verifikator1", cases.add_note, cid, "LHTL sudah lengkap dan sesuai.", kind="verifikasi")
    act(wbs, "inspektur", cases.move_case, cid, "selesai", outcome="tidak_terbukti")
    act(wbs, "verifikator1", cases.send_message, cid, "Laporan selesai ditindaklanjuti; dugaan tidak terbukti.")
    view = act(wbs, "inspektur", cases.open_case, cid)
    assert view.stage == "selesai" and view.outcome == "tidak_terbukti" and view.name_restored
    assert [h.to_stage for h in view.history] == ["diterima", "verifikasi", "kelengkapan", "verifikasi", "penelaahan",
                                                  "persetujuan", "tindak_lanjut", "verifikasi_tl", "selesai"]
    assert view.history[2].reason == "Nomor kontrak belum disebut."
    assert {n.kind for n in view.notes} == {"checklist", "telaahan", "lhtl", "verifikasi"}
    with wbs.database.session() as session:
        case = session.get(WbsCase, cid)
        assert case.acknowledged_at and case.feedback_at and case.purge_after and not cases.overdue_kinds(case, case.ack_due)
        track = intake.track(session, done.receipt)
    assert track.stage == "selesai" and not track.can_reply
    assert [m.sender for m in track.messages] == ["tim_wbs", "reporter", "tim_wbs"]
    moves = [(u, note) for u, a, note in audit_actions(wbs, cid) if a == "pindah_tahap"]
    assert ("inspektur", "verifikasi_tl->selesai hasil tidak_terbukti") in moves and len(moves) == 8


def test_illegal_moves_are_refused_with_words(wbs):
    cid = submit(wbs).case_id
    with pytest.raises(IllegalMove, match="Verifikasi"):                    # names the valid next stage
        act(wbs, "verifikator1", cases.move_case, cid, "selesai", outcome="terbukti")
    with pytest.raises(IllegalMove, match="Inspektur"):
        act(wbs, "inspektur", cases.move_case, cid, "verifikasi")        # the verifikator's move
    act(wbs, "verifikator1", cases.move_case, cid, "verifikasi")
    with pytest.raises(IllegalMove, match="alasan"):
        act(wbs, "verifikator1", cases.move_case, cid, "kelengkapan")
    with pytest.raises(IllegalMove, match="dasar penolakan"):
        act(wbs, "verifikator1", cases.move_case, cid, "ditolak", "Di luar lingkup.")
    with pytest.raises(IllegalMove, match="bukti"):
        act(wbs, "verifikator1", cases.move_case, cid, "penelaahan", checklist={**CHECKLIST, "bukti": False})
    act(wbs, "verifikator1", cases.move_case, cid, "penelaahan", checklist=CHECKLIST)
    with pytest.raises(IllegalMove, match="Telaahan"):
        act(wbs, "irban2", cases.move_case, cid, "persetujuan")          # no telaahan written yet
    act(wbs, "irban2", cases.add_note, cid, "Telaahan singkat.", kind="telaahan")
    act(wbs, "irban2", cases.move_case, cid, "persetujuan")
    with pytest.raises(IllegalMove, match="tindak lanjut"):
        act(wbs, "inspektur", cases.move_case, cid, "tindak_lanjut")     # kind of follow-up missing
    act(wbs, "inspektur", cases.move_case, cid, "penelaahan", "Lengkapi analisis kerugian.")
    refusals = [note for u, a, note in audit_actions(wbs, cid) if a == "ditolak"]
    assert "pindah diterima->selesai ditolak" in refusals and len(refusals) >= 6


def test_not_admissible_closes_with_its_ground(wbs):
    cid = submit(wbs).case_id
    act(wbs, "verifikator1", cases.move_case, cid, "verifikasi")
    act(wbs, "verifikator1", cases.move_case, cid, "ditolak", "Keluhan layanan publik: ke SP4N-LAPOR!.",
        outcome="bukan_kewenangan")
    with wbs.database.session() as session:
        case = session.get(WbsCase, cid)
    assert (case.stage, case.outcome, case.name_restored) == ("ditolak", "bukan_kewenangan", False)
    assert case.purge_after is not None and case.closed_at is not None


def test_administrator_and_pembina_never_reach_content(wbs):
    done = submit(wbs, anonymous=False, identity={"name": "Pelapor Satu", "nip": "1985", "contact": "-"})
    cid = done.case_id
    for username in ("admin", "pembina"):
        actor, keyring = wbs.login(username)
        for call in (lambda s: cases.list_cases(s, actor),
                     lambda s: cases.open_case(s, actor, keyring, cid),
                     lambda s: cases.read_identity(s, actor, keyring, cid),
                     lambda s: cases.send_message(s, actor, keyring, cid, "halo"),
                     lambda s: cases.add_note(s, actor, keyring, cid, "catatan"),
                     lambda s: cases.access_history(s, actor, cid)):
            with pytest.raises(PermissionDenied):
                with wbs.database.session() as session:
                    call(session)
    refused = [(u, a) for u, a, _ in audit_actions(wbs) if a == "ditolak"]
    assert refused.count(("admin", "ditolak")) == 6 and refused.count(("pembina", "ditolak")) == 6


def test_an_unassigned_reviewer_is_refused_and_an_assigned_one_reads(wbs):
    cid = submit(wbs).case_id
    with pytest.raises(PermissionDenied, match="tidak ditugaskan"):
        act(wbs, "irban3", cases.open_case, cid)
    act(wbs, "verifikator1", cases.assign_handlers, cid, ["irban3"])
    assert act(wbs, "irban3", cases.open_case, cid).report["how"] == FORM["how"]
    act(wbs, "verifikator1", cases.assign_handlers, cid, [])          # removed again: key copy gone
    with pytest.raises(PermissionDenied):
        act(wbs, "irban3", cases.open_case, cid)
    with pytest.raises(NoKey):                                           # pj holds no key until assigned
        act(wbs, "pj", cases.open_case, cid)


def test_a_handler_named_as_the_reported_party_cannot_be_assigned(wbs):
    from antasena_desktop.wbs import accounts
    from antasena_desktop.wbs.roles import SYSTEM, WbsRole
    with wbs.database.session() as session:
        accounts.create_account(session, SYSTEM, "hendra", "Rahasia-123", WbsRole.PENELAAH,
                                full_name="Hendra Saputra", wilayah="II")
    cid = submit(wbs).case_id       # reported party: "Drs. Hendra Saputra"
    with pytest.raises(cases.UserError, match="benturan kepentingan"):
        act(wbs, "verifikator1", cases.assign_handlers, cid, ["hendra"])


def test_identity_is_released_only_on_an_approved_request_with_a_legal_basis(wbs):
    cid = submit(wbs, anonymous=False, identity={"name": "Siti Aminah", "nip": "198501012010012001",
                                                 "contact": "0812-7000-1111"}).case_id
    assert act(wbs, "inspektur", cases.read_identity, cid).name == "Siti Aminah"
    with pytest.raises(PermissionDenied):
        act(wbs, "verifikator1", cases.read_identity, cid)
    actor, _ = wbs.login("verifikator1")
    with pytest.raises(cases.UserError, match="surat tugas"):
        with wbs.database.session() as session:
            cases.request_identity(session, actor, cid, "perlu")
    with wbs.database.session() as session:
        request_id = cases.request_identity(session, actor, cid, "800/145/ST/2026").ids("wbs_identity_request")[0]
    with pytest.raises(PermissionDenied):               # a verifikator cannot approve its own request
        act(wbs, "verifikator1", cases.decide_identity_request, request_id, True, "")
    act(wbs, "inspektur", cases.decide_identity_request, request_id, True, "Untuk pemeriksaan saksi.")
    assert act(wbs, "verifikator1", cases.read_identity, cid).nip == "198501012010012001"
    history = act(wbs, "inspektur", lambda s, a, k, c: cases.access_history(s, a, c), cid)
    actions = [(r.username, r.action) for r in history]
    assert ("inspektur", "baca_identitas") in actions and ("verifikator1", "baca_identitas") in actions
    assert ("inspektur", "identitas_dirilis") in actions
    assert any(r.action == "identitas_dirilis" and "800/145/ST/2026" in r.note for r in history)
    with pytest.raises(PermissionDenied):
        act(wbs, "verifikator1", lambda s, a, k, c: cases.access_history(s, a, c), cid)


def test_list_filters_and_overdue_flags(wbs):
    from datetime import timedelta
    a, b = submit(wbs), submit(wbs)
    with wbs.database.session() as session:
        case = session.get(WbsCase, a.case_id)
        late_day = case.ack_due + timedelta(days=1)
    actor, _ = wbs.login("verifikator1")
    with wbs.database.session() as session:
        rows = cases.list_cases(session, actor, today=late_day)
        assert {r.reference for r in rows if r.overdue} == {a.reference, b.reference}
        assert "tanggapan" in rows[0].overdue_kinds and rows[0].can_open
        assert cases.list_cases(session, actor, stage="verifikasi") == []
    act(wbs, "verifikator1", cases.move_case, a.case_id, "verifikasi")
    with wbs.database.session() as session:
        overdue = cases.list_cases(session, actor, overdue=True, today=late_day)
    assert [r.reference for r in overdue] == [b.reference]


def test_a_new_verifikator_gets_the_older_cases_from_the_inspektur(wbs):
    from antasena_desktop.wbs import accounts
    from antasena_desktop.wbs.roles import SYSTEM, WbsRole
    old = submit(wbs, anonymous=False, identity={"name": "Pelapor Lama", "nip": "1", "contact": "-"}).case_id
    with wbs.database.session() as session:
        accounts.create_account(session, SYSTEM, "verifikator2", "Rahasia-123", WbsRole.VERIFIKATOR)
        accounts.create_account(session, SYSTEM, "inspektur2", "Rahasia-123", WbsRole.INSPEKTUR)
    new = submit(wbs).case_id
    assert act(wbs, "verifikator2", cases.open_case, new).stage == "diterima"      # new cases reach it
    with pytest.raises(NoKey):
        act(wbs, "verifikator2", cases.open_case, old)
    with pytest.raises(cases.UserError, match="per perkara"):
        act(wbs, "inspektur", cases.share_cases_with, "irban2")
    assert act(wbs, "inspektur", cases.share_cases_with, "verifikator2") == 1
    assert act(wbs, "verifikator2", cases.open_case, old).report["what"] == FORM["what"]
    with pytest.raises(PermissionDenied):                                          # no identity for a verifikator
        act(wbs, "verifikator2", cases.read_identity, old)
    assert act(wbs, "inspektur", cases.share_cases_with, "inspektur2") == 1
    assert act(wbs, "inspektur2", cases.read_identity, old).name == "Pelapor Lama"
    assert act(wbs, "inspektur", cases.share_cases_with, "verifikator2") == 0      # nothing twice
