"""Stakeholder accounts, news posts and the PKS exchange over a real database."""
from __future__ import annotations

import json
import zipfile
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from antasena_desktop.i18n import UserError
from antasena_desktop.portal import reads
from antasena_desktop.services import news, pks, stakeholders, undo
from antasena_desktop.services.security import Actor, PermissionDenied, Role
from antasena_desktop.timefmt import now_utc, to_wib
from db.models import AuditLog, Event, NewsPost, SecurityRequest, StakeholderAccount
from tests.portal.world import ADMIN, ASSESSOR, INTEL_NOTE, PASSWORD

OPS = Actor("operator", Role.OPERATOR_OPS)
VIEWER = Actor("peninjau", Role.VIEWER)
SATKER_OP = Actor("opsat", Role.OPERATOR_SATKER, unit_id="x")


def audit_rows(session, action):
    return session.scalars(select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)).all()


# ---------------------------------------------------------------- accounts

def test_accounts_are_role_checked_audited_and_shaped(world):
    with world.database.session() as s:
        for actor in (OPS, VIEWER, SATKER_OP):
            with pytest.raises(PermissionDenied):
                stakeholders.create_account(s, actor, "x", PASSWORD, {"kind": "pemkot"})
        with pytest.raises(UserError, match="satuan"):
            stakeholders.create_account(s, ADMIN, "satker2", PASSWORD, {"kind": "satker"})
        with pytest.raises(UserError, match="sudah dipakai"):
            stakeholders.create_account(s, ADMIN, "pemkot", PASSWORD, {"kind": "pemkot"})
        with pytest.raises(UserError, match="Kata sandi"):
            stakeholders.create_account(s, ADMIN, "lemah", "pendek", {"kind": "pemkot"})
        done = stakeholders.create_account(s, ADMIN, "eo-konser", PASSWORD,
                                           {"kind": "organiser", "organiser": "PT Hiburan Palembang"},
                                           [world.event_ids["concert"]])
        account = s.get(StakeholderAccount, done.created("stakeholder_account")[0])
        assert account.password_hash.startswith("$argon2id$") and PASSWORD not in account.password_hash
        created = [r for r in audit_rows(s, "create") if r.entity == "stakeholder_account" and r.entity_id == account.id]
        assert created and "$argon2" not in created[0].after_json
        links = [r for r in audit_rows(s, "update") if r.entity_id == account.id]
        assert json.loads(links[-1].after_json) == {"event_ids": [world.event_ids["concert"]]}
        rows = {r.username: r for r in stakeholders.list_accounts(s, ADMIN)}
        assert rows["eo-konser"].event_ids == (world.event_ids["concert"],)
        assert rows["satker"].unit_name == "Sat SAMAPTA"
        stakeholders.update_account(s, ADMIN, account.id, {"active": False})
    with world.database.session() as s:
        assert reads.viewer_for(s, account.id) is None           # deactivated: no page any more
        with pytest.raises(stakeholders.PortalLoginFailed):
            stakeholders.authenticate(s, "eo-konser", PASSWORD)


def test_login_is_audited_and_locks_after_five_failures(world):
    with world.database.session() as s:
        assert stakeholders.authenticate(s, "satker", PASSWORD) == world.accounts["satker"]
        for _ in range(stakeholders.MAX_FAILED_ATTEMPTS):
            with pytest.raises(stakeholders.PortalLoginFailed, match="salah"):
                stakeholders.authenticate(s, "satker", "salah-sekali-1")
        with pytest.raises(stakeholders.PortalLoginFailed, match="terkunci"):
            stakeholders.authenticate(s, "satker", PASSWORD)
        with pytest.raises(stakeholders.PortalLoginFailed):
            stakeholders.authenticate(s, "tidak-ada", PASSWORD)
        ok = audit_rows(s, "portal_login")
        failed = audit_rows(s, "portal_login_gagal")
        assert [r.username for r in ok] == ["portal:satker"] and ok[0].source == "portal"
        assert len(failed) == 7 and "akun dikunci" in failed[4].note and failed[5].note == "akun terkunci"
        stakeholders.set_account_password(s, ADMIN, world.accounts["satker"], "Sandi-Baru-2026!")
    with world.database.session() as s:
        assert stakeholders.authenticate(s, "satker", "Sandi-Baru-2026!")      # the reset lifts the lockout


# ---------------------------------------------------------------- news

def test_news_write_schedule_withdraw_and_undo(world):
    with world.database.session() as s:
        with pytest.raises(PermissionDenied):
            news.create_post(s, VIEWER, {"title": "X"})
        with pytest.raises(UserError, match="Judul"):
            news.create_post(s, OPS, {"title": "  "})
        done = news.create_post(s, OPS, {"title": "Rekayasa lalu lintas Jembatan Ampera", "body": "Baris satu\nBaris dua"},
                                [("peta-pengalihan.pdf", b"%PDF-1.4 peta")])
        post_id = done.created("news_post")[0]
        later = news.create_post(s, OPS, {"kind": "pengetahuan", "title": "Tips mengamankan konser",
                                          "publish_at": now_utc() + timedelta(days=1)})
        later_id = later.created("news_post")[0]
    with world.database.session() as s:
        assert [i.title for i in reads.news(s)] == ["Rekayasa lalu lintas Jembatan Ampera"]   # the scheduled one waits
        item = reads.news_item(s, post_id)
        assert item.attachments[0][1] == "peta-pengalihan.pdf"
        assert reads.news_attachment(s, post_id, item.attachments[0][0])[2] == b"%PDF-1.4 peta"
        attachment_audit = [r for r in audit_rows(s, "create") if r.entity == "news_attachment"][0]
        assert "PDF" not in attachment_audit.after_json and "<13 bytes>" in attachment_audit.after_json
        assert [i.title for i in reads.news(s, now=now_utc() + timedelta(days=2))][0] == "Tips mengamankan konser"
        withdrawn = news.withdraw_post(s, OPS, post_id)
        with pytest.raises(UserError, match="sudah ditarik"):
            news.withdraw_post(s, OPS, post_id)
    with world.database.session() as s:
        assert reads.news(s) == []
        with pytest.raises(reads.NotFound):
            reads.news_item(s, post_id)
        rows = {r.id: r for r in news.list_posts(s, VIEWER)}
        assert rows[post_id].state().render("en") == "Withdrawn" and rows[later_id].state().render("id") == "Terjadwal"
        redo = undo.revert(s, OPS, withdrawn)                  # undo the withdrawal
    with world.database.session() as s:
        assert [i.id for i in reads.news(s)] == [post_id]
        undo.revert(s, OPS, redo)                               # redo it
        with pytest.raises(PermissionDenied):
            undo.revert(s, VIEWER, done)
    with world.database.session() as s:
        assert reads.news(s) == []
        undo.revert(s, OPS, done)                               # undo the creation: post and file tombstoned
    with world.database.session() as s:
        assert s.get(NewsPost, post_id).deleted_at is not None and reads.news(s) == []


def test_schedule_moves_the_publication(world):
    with world.database.session() as s:
        post_id = news.create_post(s, OPS, {"title": "Imbauan Tahun Baru"}).created("news_post")[0]
        news.schedule_post(s, OPS, post_id, now_utc() + timedelta(hours=3))
        with pytest.raises(UserError, match="zona waktu"):
            news.schedule_post(s, OPS, post_id, now_utc().replace(tzinfo=None))
    with world.database.session() as s:
        assert reads.news(s) == [] and len(reads.news(s, now=now_utc() + timedelta(hours=4))) == 1


# ---------------------------------------------------------------- reads

def test_public_calendar_carries_no_assessment_and_no_notes(world):
    with world.database.session() as s:
        viewer = reads.viewer_for(s, world.accounts["organiser"])
        rows = reads.calendar(s, viewer)
        text = repr(rows) + repr(reads.event_view(s, viewer, world.event_ids["demo"]))
    assert {r.title for r in rows} == {"Aksi Unjuk Rasa Mahasiswa di DPRD Sumsel", "Konser Musik di Benteng Kuto Besak"}
    assert INTEL_NOTE not in text and ASSESSOR not in text and "kerawanan" not in text.lower()
    for _nrp, name in world.people:
        assert name not in text                                 # an organiser sees counts only


def test_satker_history_counts_hours_and_upcoming(world):
    with world.database.session() as s:
        viewer = reads.viewer_for(s, world.accounts["satker"])
        after = s.scalar(select(Event.end_at).where(Event.id == world.event_ids["demo"])) + timedelta(hours=1)
        rows = {r.name: r for r in reads.placement_history(s, viewer, now=after)}
        upcoming = {r.name: r for r in reads.placement_history(s, viewer)}
    assert set(rows) == {"Budi Santoso Samapta", "Rina Wulandari Samapta"}    # its own people only
    assert rows["Budi Santoso Samapta"].hours_7 == 8.0 and rows["Budi Santoso Samapta"].events_30 == 1
    assert upcoming["Budi Santoso Samapta"].upcoming[0].post == "Pos Gerbang DPRD"
    assert upcoming["Budi Santoso Samapta"].hours_30 == 0.0


# ---------------------------------------------------------------- PKS export

def _package_text(path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "\n".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())


def test_counts_only_package_has_no_name_and_no_nrp(world, tmp_path):
    start = to_wib(now_utc()).date()
    with world.database.session() as s:
        news.create_post(s, OPS, {"title": "Berita untuk Pemkot", "body": "Pengamanan malam tahun baru"},
                         [("jadwal.txt", b"jadwal patroli")])
    with world.database.session() as s:
        result, _ = pks.export_package(s, OPS, "Diskominfo Kota Palembang", "counts-only", start,
                                       start + timedelta(days=10), tmp_path / "paket.zip")
    text = _package_text(result.path)
    for nrp, name in world.people:
        assert nrp not in text and name not in text
        assert name.split()[0] not in text                      # not even a first name
    assert INTEL_NOTE not in text and ASSESSOR not in text
    assert "Pos Gerbang DPRD,".lower() in text.lower() and "Berita untuk Pemkot" in text
    with zipfile.ZipFile(result.path) as archive:
        names = set(archive.namelist())
        manifest = json.loads(archive.read("manifest.json"))
    assert "personel.csv" not in names and manifest["profil"] == "counts-only"
    assert set(manifest["berkas"]) == names - {"manifest.json"}
    assert (result.path.stat().st_mode & 0o777) == 0o600
    assert pks.verify_package(result.path).ok
    with world.database.session() as s:
        row = audit_rows(s, "pks_export")[-1]
    logged = json.loads(row.after_json)
    assert row.username == "operator" and logged["recipient"] == "Diskominfo Kota Palembang"
    assert logged["profile"] == "counts-only" and logged["manifest_sha256"] == result.manifest_sha256
    assert "jadwal patroli" not in row.after_json


def test_names_profile_lists_people_and_tampering_is_found(world, tmp_path):
    start = to_wib(now_utc()).date()
    with world.database.session() as s:
        with pytest.raises(PermissionDenied):
            pks.export_package(s, VIEWER, "Bappeda", "names", start, start, tmp_path / "x.zip")
        with pytest.raises(UserError, match="Profil redaksi"):
            pks.export_package(s, OPS, "Bappeda", "semua", start, start, tmp_path / "x.zip")
        result, _ = pks.export_package(s, OPS, "Bappeda", "names", start, start + timedelta(days=10), tmp_path / "p.zip")
    text = _package_text(result.path)
    assert "Budi Santoso Samapta" in text and "87010001" in text
    tampered = tmp_path / "ubah.zip"
    with zipfile.ZipFile(result.path) as source, zipfile.ZipFile(tampered, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            target.writestr(name, data.replace(b"87010001", b"87010009") if name == "personel.csv" else data)
        target.writestr("tambahan.txt", b"x")
    report = pks.verify_package(tampered)
    problems = [p.render("en") for p in report.problems]
    assert not report.ok and any("personel.csv" in p for p in problems) and any("tambahan.txt" in p for p in problems)
    assert not (tmp_path / "x.zip").exists()


# ---------------------------------------------------------------- permits import

HEADER = "nomor_izin,jenis_izin,judul,jenis_kegiatan,penyelenggara,lokasi,ruas_jalan,mulai,selesai,perkiraan_massa,lat,lon\n"
GOOD = (HEADER
        + "IZ/001/2026,izin_keramaian,Festival Sriwijaya,sosial_budaya,Dinas Kebudayaan,Benteng Kuto Besak,,2026-08-17 08:00,2026-08-17 12:00,2000,-2.9917,104.7597\n"
        + "PJ/002/2026,penutupan_jalan,Car Free Day Jl. Sudirman,olahraga,Dispora,Jl. Jend. Sudirman,Jl. Sudirman (Simpang Charitas - Bundaran Air Mancur),17/08/2026 06.00,17/08/2026 09.00,,,\n")


def counts(session):
    return (session.scalar(select(func.count()).select_from(Event)),
            session.scalar(select(func.count()).select_from(SecurityRequest)))


def test_permits_become_events_with_requests(world):
    with world.database.session() as s:
        before = counts(s)
        done = pks.import_permits(s, OPS, GOOD)
    with world.database.session() as s:
        assert counts(s) == (before[0] + 2, before[1] + 2)
        requests = s.scalars(select(SecurityRequest).where(SecurityRequest.requester_org == pks.PEMKOT_ORG)
                             .order_by(SecurityRequest.letter_number)).all()
        assert [r.letter_number for r in requests] == ["IZ/001/2026", "PJ/002/2026"]
        closure = s.get(Event, requests[1].event_id)
        assert closure.status == "diterima" and "Simpang Charitas" in closure.description
        assert to_wib(closure.start_at).hour == 6 and requests[0].channel == "surat"
        assert len(done.created("event")) == 2
        again = pks.import_permits(s, OPS, GOOD)                # the same file again: nothing doubled
        assert again.note == "0 izin diimpor, 2 sudah ada"
        with pytest.raises(PermissionDenied):
            pks.import_permits(s, VIEWER, GOOD)


@pytest.mark.parametrize("line, row, column", [
    ("IZ/9,izin_keramaian,Pawai,sosial_budaya,Dinas,Jl. Merdeka,,2026-08-17 25:00,2026-08-17 12:00,,,", 3, "mulai"),
    ("IZ/9,izin_keramaian,Pawai,sosial_budaya,Dinas,Jl. Merdeka,,2026-08-17 10:00,2026-08-17 09:00,,,", 3, "selesai"),
    ("IZ/9,penutupan_jalan,Pawai,sosial_budaya,Dinas,Jl. Merdeka,,2026-08-17 08:00,2026-08-17 09:00,,,", 3, "ruas_jalan"),
    ("IZ/9,izin_keramaian,Pawai,tarian,Dinas,Jl. Merdeka,,2026-08-17 08:00,2026-08-17 09:00,,,", 3, "jenis_kegiatan"),
    ("IZ/9,izin_keramaian,,sosial_budaya,Dinas,Jl. Merdeka,,2026-08-17 08:00,2026-08-17 09:00,,,", 3, "judul"),
    ("IZ/9,izin_keramaian,Pawai,sosial_budaya,Dinas,Jl. Merdeka,,2026-08-17 08:00,2026-08-17 09:00,banyak,,", 3, "perkiraan_massa"),
    ("IZ/001/2026,izin_keramaian,Pawai,sosial_budaya,Dinas,Jl. Merdeka,,2026-08-17 08:00,2026-08-17 09:00,,,", 3, "nomor_izin"),
])
def test_a_bad_row_refuses_the_whole_file_naming_row_and_column(world, line, row, column):
    text = HEADER + GOOD.splitlines()[1] + "\n" + line + "\n"
    with world.database.session() as s:
        before = counts(s)
    with pytest.raises(UserError) as refused:
        with world.database.session() as s:
            pks.import_permits(s, OPS, text)
    message = refused.value.text
    assert f"Baris {row}, kolom {column}" in message.render("id") and f"Row {row}, column {column}" in message.render("en")
    with world.database.session() as s:
        assert counts(s) == before                              # nothing half-written


def test_a_wrong_header_is_refused():
    with pytest.raises(UserError, match="Kolom wajib tidak ada: nomor_izin"):
        pks.read_permits("judul,mulai\nX,2026-01-01\n")
    with pytest.raises(UserError, match="Kolom tidak dikenal: rahasia"):
        pks.read_permits(HEADER.strip() + ",rahasia\n")


def test_an_offline_desk_replica_refuses_portal_changes_in_words(world):
    """Portal accounts and news live on the server (the portal reads its database) and are not in a
    desk's outbox: on a replica they are refused with words, not written where the portal never sees them."""
    from db import sync_outbox
    from db.models import SyncReplica, utcnow
    with world.database.session() as s:
        s.add(SyncReplica(id=1, server_url="postgresql://server/antasena", desk_id="d1", desk_name="Meja 1",
                          joined_at=utcnow()))
        s.commit()
        sync_outbox.forget(s.get_bind())
        try:
            with pytest.raises(UserError, match="meja luring"):
                news.create_post(s, ADMIN, {"title": "Pengamanan Cap Go Meh", "body": "Rute pawai."})
            with pytest.raises(UserError, match="meja luring"):
                stakeholders.create_account(s, ADMIN, "pemkot2", PASSWORD, {"kind": "pemkot"})
            assert s.scalar(select(func.count()).select_from(NewsPost)) == 0
        finally:
            s.rollback()
            s.query(SyncReplica).delete()
            s.commit()
            sync_outbox.forget(s.get_bind())
