"""The reporter's side: submit, track with the receipt, reply, add evidence and identity; form refusals."""
from __future__ import annotations

import copy
import re

import pytest
from sqlalchemy import select

from antasena_desktop.wbs import intake
from antasena_desktop.wbs.intake import Attachment, FormError, ReceiptNotFound
from db.wbs.models import WbsAccount, WbsAuditLog, WbsCase, WbsCaseKey, WbsIdentityKey

from .conftest import FORM

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def submit(wbs, form=None, attachments=()):
    with wbs.database.session() as session:
        return intake.submit_report(session, copy.deepcopy(form or FORM), list(attachments))


def test_submit_gives_a_16_digit_receipt_and_a_yearly_reference(wbs):
    first, second = submit(wbs), submit(wbs)
    assert re.fullmatch(r"\d{16}", first.receipt) and first.receipt != second.receipt
    assert re.fullmatch(r"WBS/\d{4}/0001", first.reference)
    assert second.reference.endswith("/0002")
    with wbs.database.session() as session:
        case = session.get(WbsCase, first.case_id)
        assert case.stage == "diterima" and case.ack_due > case.received_at.date()
        holders = set(session.scalars(select(WbsCaseKey.holder).where(WbsCaseKey.case_id == case.id)))
        ids = {username: aid for aid, username in session.execute(select(WbsAccount.id, WbsAccount.username))}
    # the case key reaches the escrow key and the intake roles only (verifikator, inspektur)
    assert holders == {"escrow", ids["verifikator1"], ids["inspektur"]}


def test_track_shows_status_and_file_names_only_with_the_right_receipt(wbs):
    done = submit(wbs, attachments=[Attachment("bukti kontrak.pdf", "", PDF)])
    with wbs.database.session() as session:
        view = intake.track(session, done.receipt)
    assert view.reference == done.reference and view.stage == "diterima"
    assert view.attachments == ["bukti kontrak.pdf"] and view.can_reply and not view.identity_given
    assert "menunggu verifikasi" in view.status_label.render("id")
    spaced = " ".join(done.receipt[i:i + 4] for i in range(0, 16, 4))
    with wbs.database.session() as session:
        assert intake.track(session, spaced).reference == done.reference
    wrong = f"{(int(done.receipt) + 1) % 10**16:016d}"
    with pytest.raises(ReceiptNotFound):
        with wbs.database.session() as session:
            intake.track(session, wrong)
    with wbs.database.session() as session:   # the failed attempt stays in the audit log
        actions = list(session.scalars(select(WbsAuditLog.action)))
    assert "lacak_gagal" in actions


def test_unknown_and_missing_fields_are_refused_by_name():
    form = copy.deepcopy(FORM)
    form["nomor_hp"] = "0812"
    with pytest.raises(FormError) as err:
        intake.validate_form(form)
    assert err.value.fields == ["nomor_hp"] and "nomor_hp" in str(err.value)
    form = copy.deepcopy(FORM)
    del form["where"]
    form["reported_party"].pop("agency")
    with pytest.raises(FormError) as err:
        intake.validate_form(form)
    assert err.value.fields == ["where", "reported_party.agency"]
    form = copy.deepcopy(FORM)
    form["not_involved"] = False
    with pytest.raises(FormError) as err:
        intake.validate_form(form)
    assert err.value.fields == ["not_involved"]
    form = copy.deepcopy(FORM)
    form["anonymous"] = False
    with pytest.raises(FormError) as err:
        intake.validate_form(form)
    assert err.value.fields == ["identity"]


def test_category_must_be_in_the_configured_list(wbs):
    form = copy.deepcopy(FORM)
    form["category"] = "narkoba"
    with pytest.raises(FormError) as err:
        submit(wbs, form)
    assert err.value.fields == ["category"]


def test_attachments_are_typed_by_content_not_by_name(wbs):
    limits = intake.AttachmentLimits(max_bytes=1000)
    assert intake.validate_attachment(Attachment("foto.txt", "text/plain", b"\x89PNG\r\n\x1a\n" + b"0" * 20),
                                      limits).content_type == "image/png"
    with pytest.raises(intake.UserError, match="tidak diterima"):
        intake.validate_attachment(Attachment("laporan.pdf", "application/pdf", b"MZ\x90\x00\x03" + b"\x00" * 50), limits)
    with pytest.raises(intake.UserError, match="terlalu besar"):
        intake.validate_attachment(Attachment("besar.pdf", "", PDF + b"0" * 2000), limits)


def test_reply_in_kelengkapan_resumes_verification_and_identity_reaches_only_the_inspektur(wbs):
    done = submit(wbs)
    with wbs.database.session() as session:
        session.get(WbsCase, done.case_id).stage = "kelengkapan"
    with wbs.database.session() as session:
        intake.reporter_reply(session, done.receipt, "Berikut nomor kontraknya: 027/SP/2026.")
        intake.reporter_add_attachments(session, done.receipt, [Attachment("kontrak.pdf", "", PDF)])
        intake.reporter_add_identity(session, done.receipt, {"name": "Siti Aminah", "nip": "198501012010012001",
                                                              "contact": "siti@example.id"})
    with wbs.database.session() as session:
        view = intake.track(session, done.receipt)
        case = session.get(WbsCase, done.case_id)
        holders = set(session.scalars(select(WbsIdentityKey.holder).where(WbsIdentityKey.case_id == case.id)))
        inspektur = session.scalar(select(WbsAccount.id).where(WbsAccount.username == "inspektur"))
    assert case.stage == "verifikasi" and view.identity_given and view.attachments == ["kontrak.pdf"]
    assert [(m.sender, m.text) for m in view.messages] == [("reporter", "Berikut nomor kontraknya: 027/SP/2026.")]
    assert holders == {"escrow", inspektur}
    with pytest.raises(intake.UserError, match="sudah diberikan"):
        with wbs.database.session() as session:
            intake.reporter_add_identity(session, done.receipt, {"name": "X"})


def test_public_counters(wbs):
    a, b, c = submit(wbs), submit(wbs), submit(wbs)
    with wbs.database.session() as session:
        session.get(WbsCase, b.case_id).stage = "penelaahan"
        session.get(WbsCase, c.case_id).stage = "selesai"
    with wbs.database.session() as session:
        counters = intake.public_counters(session)
    assert (counters.received, counters.handled, counters.completed, counters.followed_up) == (3, 2, 1, 1)
