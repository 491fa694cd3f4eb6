"""Templates: defaults seeded, apply creates the right posts/lines, validation names the field."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from antasena_desktop.domain.catalog import EVENT_KINDS
from antasena_desktop.geo.distance import haversine_km
from antasena_desktop.i18n import UserError
from antasena_desktop.services import events, templates
from antasena_desktop.services.security import SYSTEM, PermissionDenied
from db.models import AuditLog, Event, EventTemplate, Post

from .conftest import OPS, START, event_values


def test_defaults_cover_every_kind_and_level_and_are_valid(db):
    with db.session() as s:
        rows = templates.list_templates(s)
        assert {(r.kind, r.kerawanan_level) for r in rows} == {(k.code, lvl) for k in EVENT_KINDS for lvl in (1, 2, 3)}
        for row in rows:
            assert templates.validate_body(row.body, s) == row.body
        people = {r.kerawanan_level: r.people for r in rows if r.kind == "konser"}
        assert people[1] < people[2] < people[3]
        assert all(any(p["type"] == "tps" for p in r.body["posts"]) for r in rows if r.kind == "pemilu")


def test_apply_unjuk_rasa_rawan(db):
    with db.session() as s:
        _changes = events.register_event(s, OPS, event_values())
        event = s.get(Event, _changes.created("event")[0])
        tpl = templates.template_for(s, "unjuk_rasa", 2)
        assert tpl.name == "Unjuk rasa — Rawan"
        changes = templates.apply_template(s, OPS, event.id, tpl.id)
        posts = {p.name: p for p in s.scalars(select(Post).where(Post.event_id == event.id))}
        assert set(posts) == {p["name"] for p in tpl.body["posts"]}
        main = posts["Pos Utama"]
        lines = [(r.function_code, r.count, r.min_rank_code, r.gender, r.role_label) for r in main.requirements]
        assert lines == [("dalmas", 30, None, None, ""), ("polwan", 4, None, "F", ""), (None, 1, "IPTU", None, "Danpos")]
        assert [r.function_code for r in posts["Pos Lalin"].requirements] == ["lantas"]
        assert main.start_at == START - timedelta(minutes=60) and main.end_at == event.end_at
        assert posts["Pos Pantau"].start_at == START - timedelta(minutes=90)
        points = [(p.lat, p.lon) for p in posts.values()]
        assert len(set(points)) == len(points)
        for lat, lon in points:
            assert 30 < haversine_km(lat, lon, event.lat, event.lon) * 1000 < 100
        assert len(changes.ids("post")) == len(posts)
        assert len(changes.ids("post_requirement")) == sum(len(p.requirements) for p in posts.values())
        audited = s.scalars(select(AuditLog).where(AuditLog.entity == "post_requirement")).all()
        assert len(audited) == len(changes.ids("post_requirement"))
        # applying again keeps names unique and markers apart
        templates.apply_template(s, OPS, event.id, tpl.id)
        names = [p.name for p in s.scalars(select(Post).where(Post.event_id == event.id))]
        assert "Pos Utama (2)" in names and len(names) == len(set(names))


def test_apply_needs_a_location_and_the_plan_role(db):
    from antasena_desktop.services.security import Actor, Role
    with db.session() as s:
        _changes = events.register_event(s, OPS, event_values(lat=None, lon=None))
        event = s.get(Event, _changes.created("event")[0])
        tpl = templates.template_for(s, "unjuk_rasa", 1)
        with pytest.raises(UserError, match="lokasi"):
            templates.apply_template(s, OPS, event.id, tpl.id)
        with pytest.raises(PermissionDenied):
            templates.apply_template(s, Actor("v", Role.VIEWER), event.id, tpl.id)


def _body(**line):
    base = {"function": "dalmas", "count": 3}
    base.update(line)
    return {"posts": [{"name": "Pos A", "type": "pos_pam", "lines": [{"function": "lantas", "count": 1}, base]}]}


@pytest.mark.parametrize("body, message", [
    (_body(function="sulap"), r"Pos 1 \(Pos A\), baris 2: fungsi 'sulap'"),
    (_body(count=0), "baris 2: jumlah"),
    (_body(min_rank="KAPTEN"), "pangkat minimal 'KAPTEN'"),
    (_body(gender="X"), "jenis kelamin"),
    ({"posts": [{"name": "", "lines": [{"count": 1}]}]}, "nama pos"),
    ({"posts": [{"name": "B", "type": "kapal", "lines": [{"count": 1}]}]}, "jenis pos 'kapal'"),
    ({"posts": [{"name": "B", "lines": []}]}, "Pos 1 \\(B\\): pos harus"),
    ({"posts": []}, "paling sedikit satu pos"),
    ("{bukan json", "JSON"),
])
def test_validation_names_the_field(db, body, message):
    with db.session() as s:
        with pytest.raises(UserError, match=message):
            templates.create_template(s, SYSTEM, {"kind": "konser", "kerawanan_level": 1, "name": "X", "body": body})


def test_crud_needs_edit_settings(db):
    with db.session() as s:
        good = {"kind": "konser", "kerawanan_level": 3, "name": "Konser besar",
                "body": {"posts": [{"name": "Pos", "lines": [{"function": None, "count": 2, "min_rank": "AKP"}]}]}}
        with pytest.raises(PermissionDenied):
            templates.create_template(s, OPS, good)
        _changes = templates.create_template(s, SYSTEM, good)
        tpl = s.get(EventTemplate, _changes.created("event_template")[0])
        assert json.loads(tpl.body_json)["posts"][0]["type"] == "pos_pam"
        changes = templates.update_template(s, SYSTEM, tpl.id, {"name": "Konser akbar"})
        assert changes.items[0].after == {"name": "Konser akbar"}
        with pytest.raises(UserError, match="kerawanan 9"):
            templates.update_template(s, SYSTEM, tpl.id, {"kerawanan_level": 9})
        templates.delete_template(s, SYSTEM, tpl.id)
        assert tpl.id not in {r.id for r in templates.list_templates(s)}


def test_migration_seed_matches_resource_file():
    entries = templates.load_defaults()
    assert len(entries) == len({(e["kind"], e["kerawanan_level"]) for e in entries}) == 30
    for entry in entries:
        templates.validate_body(entry["body"])
