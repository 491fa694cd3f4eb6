"""Undo/redo restore exactly, through the guard; a random sequence of operations never double-books."""
from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import select

from antasena_desktop.allocation.engine import solve
from antasena_desktop.planning import rules, service
from antasena_desktop.services import undo
from antasena_desktop.planning.import_assignments import import_assignments
from antasena_desktop.planning.instance import apply_result, build_instance
from antasena_desktop.services.security import Actor, Role
from antasena_desktop.i18n import UserError
from db.database import open_database
from db.models import Assignment
from tests.planning import factory

OPS = Actor("operator", Role.OPERATOR_OPS)


def _state(db):
    with db.session() as s:
        return sorted((a.id, a.post_id, a.requirement_id, a.personnel_id, a.pinned)
                      for a in s.scalars(select(Assignment).where(Assignment.deleted_at.is_(None))))


def _world(db):
    with db.session() as s:
        u = factory.unit(s)
        people = [factory.person(s, u, f"8601{i:04d}", f"Anggota {i}") for i in range(5)]
        posts = []
        for title, hour, hours in (("Unjuk Rasa DPRD", 8, 8), ("Konser", 12, 6), ("Malam BKB", 19, 4),
                                   ("Subuh Pasar 16", 4, 3)):
            e = factory.event(s, title, start_hour=hour, hours=hours)
            posts.append(factory.post(s, e, f"Pos {title}", lines=(("dalmas", 2, None, None),)).id)
        return [p.id for p in people], posts




def test_undo_redo_of_place_move_remove_and_pin(db):
    people, posts = _world(db)
    history = []
    before = _state(db)
    with db.session() as s:
        history.append(service.place(s, OPS, people[0], posts[0]))
    with db.session() as s:
        aid = history[0].ids("assignment")[0]
        history.append(service.set_pinned(s, OPS, aid, False))
    with db.session() as s:
        history.append(service.move(s, OPS, aid, posts[2]))
    with db.session() as s:
        history.append(service.unassign(s, OPS, aid))
    after_all = _state(db)
    assert after_all == []
    undone = []
    with db.session() as s:
        undone.append(undo.revert(s, OPS, history[-1]))      # undo the removal: back on the BKB post
        restored = s.get(Assignment, aid)
        assert restored.deleted_at is None and restored.post_id == posts[2] and restored.pinned is False
    for changes in reversed(history[:-1]):
        with db.session() as s:
            undone.append(undo.revert(s, OPS, changes))
    assert _state(db) == before
    for changes in reversed(undone):                          # redo = revert what the undo did
        with db.session() as s:
            undo.revert(s, OPS, changes)
    assert _state(db) == after_all


def test_undo_is_refused_when_it_would_double_book(db):
    people, posts = _world(db)
    with db.session() as s:
        first = service.place(s, OPS, people[0], posts[0])
    with db.session() as s:
        removal = service.unassign(s, OPS, first.ids("assignment")[0])
    with db.session() as s:
        service.place(s, OPS, people[0], posts[1])         # now busy 12–18
    with pytest.raises(service.PlacementRefused), db.session() as s:
        undo.revert(s, OPS, removal)                       # would overlap: refused, nothing written


OPS_KINDS = st.sampled_from(["place", "move", "remove", "pin", "undo", "redo", "auto", "import"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(OPS_KINDS, st.integers(0, 4), st.integers(0, 3), st.integers(0, 50)), min_size=1,
                max_size=25))
def test_random_operations_never_break_the_rules(make_database_url, tmp_path_factory, operations):
    folder = tmp_path_factory.mktemp("prop")
    db = open_database(make_database_url())
    people, posts = _world(db)
    done, redo_stack = [], []
    for kind, who, where, pick in operations:
        try:
            with db.session() as s:
                live = s.scalars(select(Assignment.id).where(Assignment.deleted_at.is_(None))
                                 .order_by(Assignment.id)).all()
                if kind == "place":
                    done.append(service.place(s, OPS, people[who], posts[where], reason="uji"))
                    redo_stack.clear()
                elif kind in ("move", "remove", "pin") and live:
                    target = live[pick % len(live)]
                    if kind == "move":
                        done.append(service.move(s, OPS, target, posts[where], reason="uji"))
                    elif kind == "remove":
                        done.append(service.unassign(s, OPS, target))
                    else:
                        done.append(service.set_pinned(s, OPS, target, bool(pick % 2)))
                    redo_stack.clear()
                elif kind == "auto":                       # auto-fill the day: engine + batch guard
                    built = build_instance(s, day=factory.DAY.date())
                    result = solve(built.instance, time_limit=0.1, seed=pick)
                    done.append(apply_result(s, OPS, built, result))
                    redo_stack.clear()
                elif kind == "import":                     # a satker's CSV through the same guard
                    sheet = folder / "plot.csv"
                    sheet.write_text(f"post,nrp\n{posts[where]},8601{who:04d}\n", encoding="utf-8")
                    done.append(import_assignments(s, OPS, sheet))
                    redo_stack.clear()
                elif kind == "undo" and done:
                    redo_stack.append(undo.revert(s, OPS, done[-1]))
                    done.pop()
                elif kind == "redo" and redo_stack:
                    done.append(undo.revert(s, OPS, redo_stack[-1]))
                    redo_stack.pop()
        except UserError:
            pass                                   # refused: nothing was written (checked below)
        _assert_rules_hold(db)
    db.close()


def _assert_rules_hold(db):
    with db.session() as s:
        rule = service.current_rules(s)
        rows = s.scalars(select(Assignment).where(Assignment.deleted_at.is_(None))).all()
        by_person = {}
        for a in rows:
            by_person.setdefault(a.personnel_id, []).append((a.start_at, a.end_at))
        per_line = {}
        for a in rows:
            per_line[a.requirement_id] = per_line.get(a.requirement_id, 0) + 1
            assert per_line[a.requirement_id] <= a.requirement.count
    rest = timedelta(minutes=rule.rest_minutes)
    for spans in by_person.values():
        spans.sort()
        for (a0, a1), (b0, b1) in zip(spans, spans[1:]):
            assert b0 >= a1 + rest, "double booking or too little rest"
        assert rules.max_minutes_in_24h(spans) <= rule.max_minutes_per_24h
