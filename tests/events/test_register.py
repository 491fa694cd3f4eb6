"""Event register: validation, location from venue/point, duplicates."""
from __future__ import annotations

from datetime import timedelta

import pytest

from antasena_desktop.i18n import UserError
from antasena_desktop.services import events
from antasena_desktop.services.security import PermissionDenied
from antasena_desktop.geo.reference import kecamatan_list, kelurahan_list
from db.models import Event, Kecamatan, Kelurahan

from .conftest import OPS, START, VIEWER, event_values


def _load_reference(s):
    for k in kecamatan_list():
        s.add(Kecamatan(code=k.code, name=k.name, lat=k.lat, lon=k.lon))
    s.flush()
    for w in kelurahan_list():
        s.add(Kelurahan(code=w.code, name=w.name, kecamatan_code=w.kecamatan_code, lat=w.lat, lon=w.lon))
    s.flush()


def test_create_numbers_and_locates(db, venues):
    from antasena_desktop.geo.boundaries import locate
    with db.session() as s:
        _load_reference(s)
        changes = events.register_event(s, OPS, event_values(lat=None, lon=None, venue_id=venues["dprd"]))
        event = s.get(Event, changes.created("event")[0])
        assert event.number == "KEG/2026/0001"
        assert (event.lat, event.lon) == (-2.9795, 104.7395)
        expected = locate(-2.9795, 104.7395)
        assert event.kecamatan_code == expected.kecamatan_code and event.kecamatan_code
        assert event.address == "Jl. POM IX"
        assert changes.ids("event") == [event.id]
        _changes = events.register_event(s, OPS, event_values(title="Lain", lat=-3.0169, lon=104.7886))
        second = s.get(Event, _changes.created("event")[0])
        assert second.number == "KEG/2026/0002"
        assert second.kecamatan_code == locate(-3.0169, 104.7886).kecamatan_code


def test_unknown_codes_stay_empty_without_reference_tables(db):
    with db.session() as s:
        _changes = events.register_event(s, OPS, event_values())
        event = s.get(Event, _changes.created("event")[0])
        assert event.kecamatan_code is None and event.kelurahan_code is None


@pytest.mark.parametrize("override, message", [
    ({"title": " "}, "Judul"),
    ({"kind": "pesta"}, "Jenis"),
    ({"kind": "pemilu"}, "Tahapan pemilu"),
    ({"pemilu_phase": "kampanye"}, "hanya untuk"),
    ({"kerawanan_level": 7}, "kerawanan 7"),
    ({"end_at": START}, "selesai"),
    ({"lat": None}, "Lintang"),
    ({"venue_id": "nope"}, "gazetir"),
])
def test_validation(db, override, message):
    with db.session() as s:
        with pytest.raises(UserError, match=message):
            events.register_event(s, OPS, event_values(**override))


def test_pemilu_with_phase_and_role(db):
    with db.session() as s:
        _changes = events.register_event(s, OPS, event_values(kind="pemilu", pemilu_phase="pemungutan"))
        event = s.get(Event, _changes.created("event")[0])
        assert event.pemilu_phase == "pemungutan"
        with pytest.raises(PermissionDenied):
            events.register_event(s, VIEWER, event_values())


def test_edit_only_changes_what_changed_and_relocates(db, venues):
    with db.session() as s:
        _changes = events.register_event(s, OPS, event_values())
        event = s.get(Event, _changes.created("event")[0])
        changes = events.edit_event(s, OPS, event.id, {"title": event.title, "expected_crowd": 800})
        assert set(changes.items[0].after) == {"expected_crowd"}
        changes = events.edit_event(s, OPS, event.id, {"venue_id": venues["stadion"]})
        assert (event.lat, event.lon) == (-3.0169, 104.7886)
        assert not events.edit_event(s, OPS, event.id, {"title": event.title})
        with pytest.raises(UserError):
            events.edit_event(s, OPS, event.id, {"end_at": event.start_at - timedelta(hours=1)})


def test_similar_events_reasons(db, venues):
    with db.session() as s:
        _changes = events.register_event(s, OPS, event_values(venue_id=venues["dprd"]))
        original = s.get(Event, _changes.created("event")[0])
        far_away = dict(lat=-3.0169, lon=104.7886)
        # same point, overlapping time
        found = events.similar_events(s, event_values(title="Demo buruh", organiser="KSPI"))
        assert [f.row.id for f in found] == [original.id]
        assert "300" not in found[0].reason_text and "waktu berdekatan" in found[0].reason_text
        # ~200 m away, starting 2 h after the end
        near = events.similar_events(s, event_values(title="X", organiser="Y", lat=-2.9777, lon=104.7395,
                                                     start_at=START + timedelta(hours=8),
                                                     end_at=START + timedelta(hours=10)))
        assert len(near) == 1 and " m" in near[0].reason_text
        # far away, different day: nothing
        assert events.similar_events(s, event_values(start_at=START + timedelta(days=2),
                                                     end_at=START + timedelta(days=2, hours=3), **far_away)) == []
        # far away, same organiser, same day
        same_org = events.similar_events(s, event_values(title="Long march", start_at=START + timedelta(hours=10),
                                                         end_at=START + timedelta(hours=12), **far_away))
        assert [str(r) for r in same_org[0].reasons] == ["penyelenggara sama pada hari yang sama"]
        # far away, very similar title, same day, other organiser
        title = events.similar_events(s, event_values(title="Aksi unjuk rasa mahasiswa di DPRD Sumsel!",
                                                      organiser="Aliansi", start_at=START + timedelta(hours=10),
                                                      end_at=START + timedelta(hours=12), **far_away))
        assert [str(r) for r in title[0].reasons] == ["judul sangat mirip pada hari yang sama"]
        # the event itself is excluded when editing; cancelled events are ignored
        assert events.similar_events(s, event_values(), exclude_id=original.id) == []
        events.set_status(s, OPS, original.id, "dibatalkan")
        assert events.similar_events(s, event_values()) == []


def test_event_detail(db):
    from antasena_desktop.services import requests
    with db.session() as s:
        _changes = events.register_event(s, OPS, event_values())
        event = s.get(Event, _changes.created("event")[0])
        requests.create_request(s, OPS, {"received_at": START - timedelta(hours=50), "requester_name": "A",
                                         "event_id": event.id})
        requests.create_request(s, OPS, {"received_at": START - timedelta(hours=90), "requester_name": "B",
                                         "event_id": event.id})
        detail = events.event_detail(s, event.id)
        assert detail.event.id == event.id and len(detail.requests) == 2
        assert detail.lead_time_hours == pytest.approx(50) and detail.dadakan
        assert s.get(Event, event.id).status == "diterima"
