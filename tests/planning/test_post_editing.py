"""Posts and requirement lines edited by hand: audited, undoable, refused with words below current holders."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from antasena_desktop.i18n import UserError
from antasena_desktop.planning import board, posts, service
from antasena_desktop.services import undo
from antasena_desktop.services.security import Actor, PermissionDenied, Role
from db.models import AuditLog, Post, PostRequirement
from tests.planning import factory

OPS = Actor("operator", Role.OPERATOR_OPS)


@pytest.fixture
def world(db):
    with db.session() as s:
        u = factory.unit(s)
        people = [factory.person(s, u, f"8801{i:04d}", f"Anggota {i}").id for i in range(3)]
        e = factory.event(s, "Aksi Unjuk Rasa di DPRD Sumsel", start_hour=8, hours=6)
        return {"event": e.id, "people": people}


def _posts(db, event_id):
    with db.session() as s:
        return {p.name: p for e in board.events_plan(s, [event_id]) for p in e.posts}


def test_add_edit_delete_with_undo(db, world):
    with db.session() as s:
        added = posts.add_post(s, OPS, world["event"], {"name": "Pos Gerbang Utara", "lat": -2.981, "lon": 104.741},
                               [{"function_code": "dalmas", "count": 2, "role_label": "Dalmas"},
                                {"function_code": None, "count": 1, "min_rank_code": "IPDA", "role_label": "Danpos"}])
    shown = _posts(db, world["event"])["Pos Gerbang Utara"]
    assert shown.required == 3 and [l.count for l in shown.lines] == [2, 1]
    assert (shown.lat, shown.lon) == (-2.981, 104.741)
    with db.session() as s:
        assert s.scalars(select(AuditLog).where(AuditLog.entity == "post", AuditLog.action == "create")).first()
        undo.revert(s, OPS, added)                          # undo the add: gone from the board
    assert "Pos Gerbang Utara" not in _posts(db, world["event"])
    with db.session() as s:
        added = posts.add_post(s, OPS, world["event"], {"name": "Pos Gerbang"}, [{"function_code": "dalmas", "count": 2}])
    post = _posts(db, world["event"])["Pos Gerbang"]
    line_id = post.lines[0].id
    with db.session() as s:
        service.place(s, OPS, world["people"][0], post.id, line_id)
        service.place(s, OPS, world["people"][1], post.id, line_id)
    with db.session() as s, pytest.raises(UserError) as refused:
        posts.update_line(s, OPS, line_id, {"count": 1})
    assert "2 personel" in str(refused.value) and "Lepaskan 1" in str(refused.value)
    with db.session() as s, pytest.raises(UserError) as refused:
        posts.delete_post(s, OPS, post.id)
    assert "2 personel" in str(refused.value)
    with db.session() as s, pytest.raises(UserError):
        posts.update_post(s, OPS, post.id, {"end_at": post.end_at + timedelta(hours=1)})
    with db.session() as s:
        grown = posts.update_line(s, OPS, line_id, {"count": 4, "min_rank_code": "BRIPKA"})
        renamed = posts.update_post(s, OPS, post.id, {"name": "Pos Gerbang Selatan", "type": "pos_pantau"})
        extra = posts.add_line(s, OPS, post.id, {"function_code": "polwan", "count": 2, "gender": "F"})
    shown = _posts(db, world["event"])["Pos Gerbang Selatan"]
    assert [l.count for l in shown.lines] == [4, 2] and shown.lines[1].gender == "F"
    with db.session() as s:
        undo.revert(s, OPS, extra)
        undo.revert(s, OPS, renamed)
        undo.revert(s, OPS, grown)
        assert s.get(PostRequirement, line_id).count == 2 and s.get(Post, post.id).name == "Pos Gerbang"
        new_line = posts.add_line(s, OPS, post.id, {"function_code": "lantas", "count": 1})
        posts.delete_line(s, OPS, new_line.ids("post_requirement")[0])


def test_bad_input_is_named(db, world):
    with db.session() as s:
        for values, lines, words in (({"name": " "}, [], "nama pos"), ({"name": "Pos X", "lat": 200}, [], "koordinat"),
                                     ({"name": "Pos X"}, [{"function_code": "sulap"}], "fungsi sulap"),
                                     ({"name": "Pos X"}, [{"count": 0}], "1 sampai"),
                                     ({"name": "Pos X"}, [{"min_rank_code": "SERSAN"}], "pangkat SERSAN")):
            with pytest.raises(UserError) as refused:
                posts.add_post(s, OPS, world["event"], values, lines)
            assert words in str(refused.value), str(refused.value)
        with pytest.raises(PermissionDenied):
            posts.add_post(s, Actor("lihat", Role.VIEWER), world["event"], {"name": "Pos X"})
