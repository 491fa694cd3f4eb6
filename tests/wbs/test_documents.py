"""Printouts through the existing renderer to real PDFs: Telaahan, LHTL, letter to the reporter,
yearly report; printing a case is audited as an export; the dashboard carries no identities."""
from __future__ import annotations

import copy

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from ui.commands import main   # the console entry: core commands + the Qt PDF renderer
from antasena_desktop.wbs import cases, dashboard, documents, intake
from antasena_desktop.wbs.roles import PermissionDenied
from db.wbs.models import WbsAuditLog, WbsCase

from .conftest import FORM, PASSWORD

CHECKLIST = {"lingkup": True, "6w1h": True, "bukti": True, "bukan_pelaku": True}


def pdf_text(path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(str(path)).pages).split())


def export(doc, path):
    from ui.printing.render import ensure_gui_application, export_pdf
    ensure_gui_application()
    return export_pdf(doc, path)


def drive_to_selesai(wbs, identity=None):
    form = copy.deepcopy(FORM)
    if identity:
        form["anonymous"], form["identity"] = False, identity
    with wbs.database.session() as session:
        cid = intake.submit_report(session, form).case_id

    def act(username, fn, *args, **kwargs):
        actor, keyring = wbs.login(username)
        with wbs.database.session() as session:
            return fn(session, actor, keyring, *args, **kwargs)
    act("verifikator1", cases.move_case, cid, "verifikasi")
    act("verifikator1", cases.move_case, cid, "penelaahan", checklist=CHECKLIST)
    act("irban2", cases.add_note, cid, "Telaahan: harga satuan 40% di atas e-katalog; perlu audit investigasi.", kind="telaahan")
    act("irban2", cases.move_case, cid, "persetujuan")
    act("inspektur", cases.move_case, cid, "tindak_lanjut", follow_up="audit_investigasi")
    act("irban2", cases.add_note, cid, "Hasil audit: kemahalan harga Rp 280.000.000 dan rekomendasi pengembalian.", kind="lhtl")
    act("irban2", cases.move_case, cid, "verifikasi_tl")
    act("verifikator1", cases.add_note, cid, "LHTL sesuai.", kind="verifikasi")
    act("inspektur", cases.move_case, cid, "selesai", outcome="terbukti")
    return cid


def test_telaahan_and_lhtl_print_to_pdf_and_are_audited(wbs, tmp_path):
    cid = drive_to_selesai(wbs)
    actor, keyring = wbs.login("irban2")
    with wbs.database.session() as session:
        telaahan = documents.telaahan_document(session, actor, keyring, cid)
        lhtl = documents.lhtl_document(session, actor, keyring, cid)
    assert export(telaahan, tmp_path / "t.pdf") >= 1 and export(lhtl, tmp_path / "l.pdf") >= 1
    text = pdf_text(tmp_path / "t.pdf")
    assert "TELAAHAN" in text and "Irban Wilayah II" in text and "e-katalog" in text
    text = pdf_text(tmp_path / "l.pdf")
    assert "LAPORAN HASIL TINDAK LANJUT" in text and "Terbukti" in text and "Rp 280.000.000" in text
    with wbs.database.session() as session:
        printed = list(session.scalars(select(WbsAuditLog.note).where(WbsAuditLog.case_id == cid,
                                                                      WbsAuditLog.action == "cetak")))
    assert printed == ["telaahan", "lhtl"]
    admin, admin_keys = wbs.login("admin")
    with pytest.raises(PermissionDenied):
        with wbs.database.session() as session:
            documents.telaahan_document(session, admin, admin_keys, cid)


def test_letter_only_to_identified_reporters_and_only_by_who_may_read_the_identity(wbs, tmp_path):
    cid = drive_to_selesai(wbs, identity={"name": "Siti Aminah", "nip": "198501012010012001", "contact": "-"})
    actor, keyring = wbs.login("inspektur")
    with wbs.database.session() as session:
        letter = documents.reporter_letter(session, actor, keyring, cid)
    export(letter, tmp_path / "s.pdf")
    text = pdf_text(tmp_path / "s.pdf")
    assert "Siti Aminah" in text and "Terbukti" in text
    verifikator, vkeys = wbs.login("verifikator1")
    with pytest.raises(PermissionDenied):
        with wbs.database.session() as session:
            documents.reporter_letter(session, verifikator, vkeys, cid)
    anonymous = drive_to_selesai(wbs)
    with pytest.raises(intake.UserError, match="anonim"):
        with wbs.database.session() as session:
            documents.reporter_letter(session, actor, keyring, anonymous)


def test_dashboard_and_yearly_report(wbs, tmp_path, monkeypatch, capsys):
    cid = drive_to_selesai(wbs)
    with wbs.database.session() as session:
        intake.submit_report(session, copy.deepcopy(FORM))
        year = session.get(WbsCase, cid).year
    pembina, _ = wbs.login("pembina")
    with wbs.database.session() as session:
        d = dashboard.dashboard(session, pembina, year)
    assert (d.received, d.handled, d.completed, d.followed_up, d.followed_up_percent) == (2, 1, 1, 1, 50.0)
    assert d.by_stage == {"selesai": 1, "diterima": 1} and d.by_outcome == {"terbukti": 1}
    assert set(d.average_days_per_stage) == {"diterima", "verifikasi", "penelaahan", "persetujuan",
                                             "tindak_lanjut", "verifikasi_tl"}
    admin, _ = wbs.login("admin")
    with pytest.raises(PermissionDenied):
        with wbs.database.session() as session:
            dashboard.dashboard(session, admin)
    monkeypatch.setenv("ANTASENA_PASSWORD", PASSWORD)
    out = tmp_path / "tahunan.pdf"
    assert main(["wbs", "print", "tahunan", str(year), "-o", str(out), "--db", wbs.url, "--user", "pembina"]) == 0
    text = pdf_text(out)
    assert f"TAHUN {year}" in text and "50,00%" in text and "Pengadaan barang/jasa" in text
    assert FORM["what"] not in text
    assert main(["wbs", "print", "telaahan", cid, "-o", str(tmp_path / "x.pdf"), "--db", wbs.url, "--user", "admin"]) == 2
