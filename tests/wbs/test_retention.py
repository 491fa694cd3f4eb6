"""Retention and purge: no ciphertext of a purged case is left in the file; the audit says purged."""
from __future__ import annotations

import copy
import secrets
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from antasena_desktop.wbs import cases, intake, retention
from antasena_desktop.wbs.intake import Attachment
from antasena_desktop.wbs.roles import PermissionDenied
from db.wbs.models import WbsAttachment, WbsAuditLog, WbsCase, WbsCaseKey, WbsMessage

from .conftest import FORM
from .test_at_rest import raw_bytes


def _close(wbs, cid):
    def act(username, fn, *args, **kwargs):
        actor, keyring = wbs.login(username)
        with wbs.database.session() as session:
            return fn(session, actor, keyring, *args, **kwargs)
    act("verifikator1", cases.move_case, cid, "verifikasi")
    act("verifikator1", cases.send_message, cid, "Laporan tidak memenuhi syarat: tidak ada bukti awal.")
    act("verifikator1", cases.move_case, cid, "ditolak", "Tidak ada bukti awal.", outcome="tidak_memenuhi_syarat")


def test_purge_destroys_keys_and_ciphertext_and_keeps_the_audit(wbs):
    attachment = b"%PDF-1.4\n" + secrets.token_bytes(3000) + b"\n%%EOF"
    form = copy.deepcopy(FORM)
    form["anonymous"], form["identity"] = False, {"name": "Pelapor Purge", "nip": "1", "contact": "-"}
    with wbs.database.session() as session:
        done = intake.submit_report(session, form, [Attachment("bukti.pdf", "", attachment)])
        keep = intake.submit_report(session, copy.deepcopy(FORM))
    cid = done.case_id
    with wbs.database.session() as session:
        case = session.get(WbsCase, cid)
        ciphertexts = [case.report_ct, case.receipt_key_ct]
        ciphertexts += [a.data_ct for a in session.scalars(select(WbsAttachment).where(WbsAttachment.case_id == cid))]
        ciphertexts += [k.sealed_key for k in session.scalars(select(WbsCaseKey).where(WbsCaseKey.case_id == cid))]
    _close(wbs, cid)
    with wbs.database.session() as session:
        case = session.get(WbsCase, cid)
        purge_day = case.purge_after
        ciphertexts += [m.text_ct for m in session.scalars(select(WbsMessage).where(WbsMessage.case_id == cid))]
    wbs.database.close()
    before = raw_bytes(wbs.path)
    assert all(c[-64:] in before for c in ciphertexts)         # they were there
    admin, _ = wbs.login("admin")
    verifikator, _ = wbs.login("verifikator1")
    with pytest.raises(PermissionDenied):
        with wbs.database.session() as session:
            retention.purge_due(session, verifikator, purge_day)
    with pytest.raises(retention.UserError, match="belum habis"):
        with wbs.database.session() as session:
            retention.purge_case(session, admin, cid, purge_day - timedelta(days=1))
    with pytest.raises(retention.UserError, match="masih berjalan"):
        with wbs.database.session() as session:
            retention.purge_case(session, admin, keep.case_id, force=True)
    with wbs.database.session() as session:
        assert retention.purge_due(session, admin, purge_day) == [done.reference]
    retention.secure_vacuum(wbs.database)
    wbs.database.close()
    after = raw_bytes(wbs.path)
    for c in ciphertexts:
        assert c[-64:] not in after and c[:48] not in after
    with wbs.database.session() as session:
        case = session.get(WbsCase, cid)
        assert case.purged_at and case.report_ct is None and case.stage == "ditolak"
        assert session.scalar(select(func.count()).select_from(WbsCaseKey).where(WbsCaseKey.case_id == cid)) == 0
        actions = list(session.scalars(select(WbsAuditLog.action).where(WbsAuditLog.case_id == cid)))
        assert actions[0] == "lapor" and actions[-1] == "musnahkan" and "pindah_tahap" in actions
        assert intake.public_counters(session).completed == 1          # still counted
    with pytest.raises(intake.ReceiptNotFound):
        with wbs.database.session() as session:
            intake.track(session, done.receipt)
    inspektur, _ = wbs.login("inspektur")
    with wbs.database.session() as session:
        history = cases.access_history(session, inspektur, cid)
    assert history[-1].action == "musnahkan" and "retensi habis" in history[-1].note
    with wbs.database.session() as session:                       # the other case is untouched
        assert intake.track(session, keep.receipt).reference == keep.reference
