"""A hypothesis state machine: random edits on two desks and on the server, cuts, heals and lost
acknowledgements at random moments, syncs in between. After every schedule the network heals and the
desks sync until quiet; then the invariants of issue 17 must hold (tests/sync/checks.py):
every desk change ends exactly once as applied or as a conflict row; desks and server converge; no
overlapping postings on the server; a replay of every desk change changes nothing; the audit chains verify.

`make_machine(pg, tmp_root)` binds it to a running throwaway server (tests/pg_server.py);
`SCHEDULES["count"]` says how many schedules ran (the benchmark reports it)."""
from __future__ import annotations

import itertools
import json
import shutil
import tempfile
from pathlib import Path

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from sqlalchemy import select

from antasena_desktop.i18n import UserError
from antasena_desktop.planning import service as guard
from antasena_desktop.services import events as event_service
from antasena_desktop.sync.apply import apply_batch
from antasena_desktop.sync.client import DeskSync, ServerUnreachable
from antasena_desktop.sync.conflicts import list_conflicts, resolve
from db.database import open_database
from db.models import Assignment, Event, SyncOutbox
from tests.sync.checks import chains_intact, differences, exactly_once, overlapping_postings, snapshot
from tests.sync.proxy import FaultProxy

PEOPLE = ["X", "P0", "P1", "P2"]
POSTS = ["Pos A", "Pos B", "Pos C"]
DESKS = [0, 1]
SCHEDULES = {"count": 0, "steps": 0, "syncs": 0, "conflicts": 0, "cuts": 0, "lost_acks": 0}
_names = itertools.count(1)


def make_machine(pg, template: str):
    from tests.sync.conftest import actor, build_server_world, join_desk, World

    class DeskMachine(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            self.tmp = Path(tempfile.mkdtemp(prefix="sync-machine-"))
            self.name = f"sm_{next(_names)}_{id(self) % 100000}"
            url = pg.create_database(self.name, template=template)
            people, posts, lines = build_server_world(url, people=3)
            self.proxy = FaultProxy(pg.socket_dir / f".s.PGSQL.{pg.port}")
            world = World(url, self.proxy.url(self.name, pg.user), self.proxy, self.tmp, people, posts, lines)
            self.world = world
            self.server = open_database(url)
            self.desks = [join_desk(world, "Meja 1", "meja1"), join_desk(world, "Meja 2", "meja2")]
            self.actors = [actor(self.desks[0], "meja1"), actor(self.desks[1], "meja2")]
            self.admin = actor(self.server, "admin")
            self.clients = [DeskSync(d) for d in self.desks]
            with self.server.session() as s:
                self.events = [e.id for e in s.scalars(select(Event).order_by(Event.number))]
            SCHEDULES["count"] += 1

        def _db(self, where: int):
            return self.server if where == 2 else self.desks[where]

        def _actor(self, where: int):
            return self.admin if where == 2 else self.actors[where]

        def _try(self, where: int, fn) -> None:
            SCHEDULES["steps"] += 1
            try:
                with self._db(where).session() as s:
                    fn(s, self._actor(where))
            except UserError:
                pass                                        # the guard said no, in words: a normal outcome

        @rule(where=st.sampled_from([0, 1, 2]), who=st.sampled_from(PEOPLE), post=st.sampled_from(POSTS))
        def place(self, where, who, post):
            self._try(where, lambda s, a: guard.place(s, a, self.world.people[who], self.world.posts[post],
                                                      self.world.lines[post]))

        def _live(self, s, who=None):
            query = select(Assignment.id).where(Assignment.deleted_at.is_(None)).order_by(Assignment.id)
            if who:
                query = query.where(Assignment.personnel_id == self.world.people[who])
            return list(s.scalars(query))

        @rule(where=st.sampled_from([0, 1, 2]), pick=st.integers(0, 5))
        def unassign(self, where, pick):
            def go(s, a):
                live = self._live(s)
                if live:
                    guard.unassign(s, a, live[pick % len(live)])
            self._try(where, go)

        @rule(where=st.sampled_from([0, 1, 2]), pick=st.integers(0, 5), post=st.sampled_from(POSTS))
        def move(self, where, pick, post):
            def go(s, a):
                live = self._live(s)
                if live:
                    guard.move(s, a, live[pick % len(live)], self.world.posts[post], self.world.lines[post])
            self._try(where, go)

        @rule(where=st.sampled_from([0, 1, 2]), event=st.integers(0, 1), crowd=st.integers(0, 3),
              words=st.sampled_from(["", "Aliansi", "BEM"]))
        def edit_event(self, where, event, crowd, words):
            values = {"expected_crowd": crowd * 100} if not words else {"organiser": words}
            self._try(where, lambda s, a: event_service.update_event(s, a, self.events[event], values))

        @rule(where=st.sampled_from(DESKS), keep=st.sampled_from(["mine", "theirs"]))
        def resolve_one(self, where, keep):
            def go(s, a):
                rows = list_conflicts(s, a)
                if rows:
                    resolve(s, a, rows[0].id, keep)
            self._try(where, go)

        @rule(where=st.sampled_from(DESKS))
        def sync(self, where):
            SCHEDULES["syncs"] += 1
            try:
                self.clients[where].sync()
            except ServerUnreachable:
                pass

        @rule()
        def cut(self):
            SCHEDULES["cuts"] += 1
            self.proxy.cut()

        @rule()
        def heal(self):
            self.proxy.heal()

        @precondition(lambda self: self.proxy.up)
        @rule(where=st.sampled_from(DESKS))
        def lose_the_ack(self, where):
            SCHEDULES["lost_acks"] += 1
            self.proxy.drop_commit_reply()
            try:
                self.clients[where].push()
            except Exception:
                self.clients[where].close()
            self.proxy.drop_commit_reply(0)

        @invariant()
        def server_never_double_books(self):
            assert overlapping_postings(self.server) == 0

        def teardown(self):
            try:
                self.proxy.heal()
                self.proxy.drop_commit_reply(0)
                for _round in range(6):
                    reports = [client.sync() for client in self.clients]
                    if _round and not any(r.pushed for r in reports):
                        break
                for client in self.clients:
                    client.pull()
                state = snapshot(self.server)
                for desk in self.desks:
                    diff = differences(state, snapshot(desk))
                    assert diff == [], diff[:3]
                problems = exactly_once(self.server, self.desks)
                assert problems == [], problems[:3]
                assert exactly_once(self.server, self.desks) == []
                assert overlapping_postings(self.server) == 0
                for desk in self.desks:                  # a replay of every desk change changes nothing
                    with desk.session() as s:
                        rows = [{"change_id": o.change_id, "table_name": o.table_name, "row_id": o.row_id,
                                 "op": o.op, "base_version": o.base_version, "fields_json": o.fields_json,
                                 "hlc": o.hlc, "actor": o.actor} for o in s.scalars(select(SyncOutbox))]
                        desk_id = self.clients[self.desks.index(desk)].desk_id
                    with self.server.session() as s:
                        apply_batch(s, desk_id, "replay", rows)
                    assert differences(state, snapshot(self.server)) == []
                assert chains_intact(self.server, *self.desks)
                with self.server.session() as s:
                    from db.models import SyncConflict
                    SCHEDULES["conflicts"] += len(s.scalars(select(SyncConflict)).all())
            finally:
                for client in self.clients:
                    client.close()
                for db in (*self.desks, self.server):
                    db.close()
                self.proxy.stop()
                pg.drop_database(self.name)
                shutil.rmtree(self.tmp, ignore_errors=True)

    return DeskMachine
