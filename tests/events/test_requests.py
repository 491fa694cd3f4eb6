"""Request register: numbering, lead time, dadakan from settings, status flow, attachment, roles."""
from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import select

from antasena_desktop.i18n import UserError
from antasena_desktop.services import events, requests, settings
from antasena_desktop.services.security import SYSTEM, PermissionDenied
from antasena_desktop.timefmt import WIB, wib
from db.models import AuditLog, Event, SecurityRequest

from .conftest import OPS, START, VIEWER, event_values


def _request(s, **overrides):
    values = {"received_at": START - timedelta(days=5), "channel": "surat", "requester_name": "Ahmad Fauzi",
              "requester_org": "BEM Unsri", "subject": "Pemberitahuan aksi"}
    values.update(overrides)
    changes = requests.create_request(s, OPS, values)
    return s.get(SecurityRequest, changes.created("security_request")[0]), changes


def test_numbering_is_per_year_sequential_and_unique(db):
    with db.session() as s:
        a, _ = _request(s)
        b, _ = _request(s)
        c, _ = _request(s, received_at=wib(2027, 1, 2, 9))
        assert (a.intake_number, b.intake_number, c.intake_number) == ("PMH/2026/0001", "PMH/2026/0002", "PMH/2027/0001")
        d, _ = _request(s, intake_number="PMH/2026/0010")
        assert d.intake_number == "PMH/2026/0010"
        assert requests.next_intake_number(s, 2026) == "PMH/2026/0011"
        with pytest.raises(UserError, match="sudah dipakai"):
            _request(s, intake_number="PMH/2026/0001")


def test_year_boundary_uses_wib(db):
    with db.session() as s:
        # 31 Dec 2026 20:00 UTC is already 1 Jan 2027 in WIB
        r, _ = _request(s, received_at=datetime(2026, 12, 31, 20, tzinfo=timezone.utc))
        assert r.intake_number.startswith("PMH/2027/")


def test_naive_received_at_is_wib(db):
    with db.session() as s:
        r, _ = _request(s, received_at=datetime(2026, 3, 7, 9, 0))
    with db.session() as s:
        stored = s.get(SecurityRequest, r.id).received_at
        assert stored == datetime(2026, 3, 7, 9, 0, tzinfo=WIB)


def test_validation_names_the_field(db):
    with db.session() as s:
        with pytest.raises(UserError, match="Nama pemohon"):
            _request(s, requester_name="  ")
        with pytest.raises(UserError, match="Saluran"):
            _request(s, channel="fax")
        with pytest.raises(UserError, match="Waktu diterima"):
            requests.create_request(s, OPS, {"requester_name": "X"})


def test_lead_time_and_dadakan_follow_the_setting(db):
    with db.session() as s:
        _changes = events.register_event(s, OPS, event_values())
        event = s.get(Event, _changes.created("event")[0])
        early, _ = _request(s, received_at=START - timedelta(hours=100), event_id=event.id)
        late, _ = _request(s, received_at=START - timedelta(hours=48), event_id=event.id)
        loose, _ = _request(s, received_at=START - timedelta(hours=10))
    with db.session() as s:
        rows = {r.id: r for r in requests.list_requests(s)}
        assert rows[early.id].lead_time_hours == pytest.approx(100)
        assert rows[late.id].lead_time_hours == pytest.approx(48)
        assert (rows[early.id].dadakan, rows[late.id].dadakan) == (False, True)
        assert rows[loose.id].lead_time_hours is None and not rows[loose.id].dadakan
        assert rows[late.id].event_number == event.number
        assert events.dadakan_event_ids(s) == {event.id}
        config = settings.load(s)
        config.dadakan_threshold_hours = 120
        settings.save(s, SYSTEM, config)
    with db.session() as s:
        rows = {r.id: r for r in requests.list_requests(s)}
        assert rows[early.id].dadakan and rows[late.id].dadakan
        assert [r.id for r in requests.list_requests(s, only_dadakan=True)] == [late.id, early.id]
        assert events.lead_time_hours(s.get(SecurityRequest, early.id), s.get(type(event), event.id)) == pytest.approx(100)


def test_link_later_and_status_flow(db):
    with db.session() as s:
        _changes = events.register_event(s, OPS, event_values())
        event = s.get(Event, _changes.created("event")[0])
        r, _ = _request(s, received_at=START - timedelta(hours=30))
        assert not requests.list_requests(s)[0].dadakan
        changes = requests.link_event(s, OPS, r.id, event.id)
        assert changes.ids("security_request") == [r.id]
        assert requests.list_requests(s)[0].dadakan
        requests.set_request_status(s, OPS, r.id, "dinilai")
        with pytest.raises(UserError, match="tidak dapat diubah"):
            requests.set_request_status(s, OPS, r.id, "selesai")
        requests.set_request_status(s, OPS, r.id, "ditunda")
        requests.set_request_status(s, OPS, r.id, "diterima")
        requests.set_request_status(s, OPS, r.id, "dibatalkan")
        with pytest.raises(UserError):
            requests.set_request_status(s, OPS, r.id, "dinilai")
        statuses = [a.after_json for a in s.scalars(select(AuditLog).where(
            AuditLog.entity == "security_request", AuditLog.action == "update"))]
        assert len(statuses) == 5


def test_attachment_is_copied_into_the_data_folder(db, tmp_path):
    scan = tmp_path / "surat.PDF"
    scan.write_bytes(b"%PDF-1.4 surat pemberitahuan")
    with db.session() as s:
        _changes = requests.create_request(s, OPS, {"received_at": START - timedelta(days=4), "channel": "surat",
                                                 "requester_name": "Ahmad"}, attachment=scan)
        r = s.get(SecurityRequest, _changes.created("security_request")[0])
    stored = Path(r.attachment_path)
    assert stored.is_file() and stored != scan
    assert stored.parent == Path(os.environ["ANTASENA_DATA_DIR"]) / "lampiran" / "permohonan"
    assert stored.read_bytes() == scan.read_bytes() and stored.suffix == ".pdf"
    with db.session() as s:
        with pytest.raises(UserError, match="tidak ditemukan"):
            requests.update_request(s, OPS, r.id, {}, attachment=tmp_path / "hilang.pdf")


def test_roles_and_audit(db):
    with db.session() as s:
        with pytest.raises(PermissionDenied):
            requests.create_request(s, VIEWER, {"received_at": START, "requester_name": "X"})
        r, changes = _request(s)
        assert changes.items[0].action == "create"
        with pytest.raises(PermissionDenied):
            requests.set_request_status(s, VIEWER, r.id, "dinilai")
        log = s.scalars(select(AuditLog).where(AuditLog.entity == "security_request")).all()
        assert [(a.action, a.username) for a in log] == [("create", "operator")]


def test_delete_is_a_tombstone(db):
    with db.session() as s:
        r, _ = _request(s)
        requests.delete_request(s, OPS, r.id)
    with db.session() as s:
        assert s.get(SecurityRequest, r.id).deleted_at is not None
        assert requests.list_requests(s) == []
