"""Undo/redo of each register action (services/undo.py): create event, edit, status, apply template, request.
Redo is the revert of what the undo returned."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from antasena_desktop.i18n import UserError
from antasena_desktop.services import events, requests, templates, undo
from db.models import Event, Post, PostRequirement, SecurityRequest

from .conftest import OPS, START, event_values


def test_undo_redo_create_event(db):
    with db.session() as s:
        done = events.register_event(s, OPS, event_values())
        event = s.get(Event, done.created("event")[0])
    with db.session() as s:
        undone = undo.revert(s, OPS, done)
    with db.session() as s:
        assert s.get(Event, event.id).deleted_at is not None
        assert events.list_events(s) == []
        undo.revert(s, OPS, undone)
    with db.session() as s:
        assert [r.id for r in events.list_events(s)] == [event.id]


def test_undo_edit_restores_old_values(db):
    with db.session() as s:
        _changes = events.register_event(s, OPS, event_values())
        event = s.get(Event, _changes.created("event")[0])
    with db.session() as s:
        done = events.edit_event(s, OPS, event.id, {"title": "Judul baru", "start_at": START + timedelta(hours=1),
                                                    "expected_crowd": 900})
    with db.session() as s:
        undone = undo.revert(s, OPS, done)
    with db.session() as s:
        row = s.get(Event, event.id)
        assert (row.title, row.start_at, row.expected_crowd) == (event_values()["title"], START, 500)
        undo.revert(s, OPS, undone)
    with db.session() as s:
        row = s.get(Event, event.id)
        assert (row.title, row.start_at, row.expected_crowd) == ("Judul baru", START + timedelta(hours=1), 900)


def test_undo_refuses_to_overwrite_a_later_edit(db):
    with db.session() as s:
        _changes = events.register_event(s, OPS, event_values())
        event = s.get(Event, _changes.created("event")[0])
        done = events.edit_event(s, OPS, event.id, {"title": "Satu"})
        events.edit_event(s, OPS, event.id, {"title": "Dua"})
        with pytest.raises(UserError, match="telah diubah"):
            undo.revert(s, OPS, done)


def test_undo_status(db):
    with db.session() as s:
        _changes = events.register_event(s, OPS, event_values())
        event = s.get(Event, _changes.created("event")[0])
        done = events.set_status(s, OPS, event.id, "dinilai")
        undo.revert(s, OPS, done)
        assert s.get(Event, event.id).status == "diterima"


def test_undo_apply_template_tombstones_posts_and_lines(db):
    with db.session() as s:
        _changes = events.register_event(s, OPS, event_values())
        event = s.get(Event, _changes.created("event")[0])
        tpl = templates.template_for(s, "unjuk_rasa", 3)
        done = templates.apply_template(s, OPS, event.id, tpl.id)
    with db.session() as s:
        undone = undo.revert(s, OPS, done)
        assert len(undone) == len(done)
    with db.session() as s:
        assert s.scalars(select(Post).where(Post.deleted_at.is_(None))).all() == []
        assert s.scalars(select(PostRequirement).where(PostRequirement.deleted_at.is_(None))).all() == []
        undo.revert(s, OPS, undone)
        assert len(s.scalars(select(Post).where(Post.deleted_at.is_(None))).all()) == len(tpl.body["posts"])


def test_undo_create_event_refused_when_posts_were_added_later(db):
    with db.session() as s:
        done = events.register_event(s, OPS, event_values())
        event = s.get(Event, done.created("event")[0])
        templates.apply_template(s, OPS, event.id, templates.template_for(s, "unjuk_rasa", 1).id)
        with pytest.raises(UserError, match="pos atau permohonan"):
            undo.revert(s, OPS, done)


def test_undo_create_and_link_request(db):
    with db.session() as s:
        _changes = events.register_event(s, OPS, event_values())
        event = s.get(Event, _changes.created("event")[0])
        created = requests.create_request(s, OPS, {"received_at": START - timedelta(days=1),
                                                            "requester_name": "A"})
        request = s.get(SecurityRequest, created.created("security_request")[0])
        linked = requests.link_event(s, OPS, request.id, event.id)
        undo.revert(s, OPS, linked)
        assert s.get(SecurityRequest, request.id).event_id is None
        undo.revert(s, OPS, created)
        assert s.get(SecurityRequest, request.id).deleted_at is not None
        assert requests.list_requests(s) == []
