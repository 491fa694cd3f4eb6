"""Two desks and a server on one machine: a throwaway PostgreSQL (tests/pg_server.py), reached by the
desks through the in-process fault proxy (tests/sync/proxy.py); each desk a local SQLite replica."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import ENGINES, new_database_url, pg_server
from tests.sync.proxy import FaultProxy

PASSWORD = "Rahasia-123"


@dataclass
class World:
    server_url: str                     # direct (superuser), for the test's own checks and server-side edits
    proxied_url: str                    # what the desks use: through the proxy
    proxy: FaultProxy
    tmp: Path
    people: dict[str, str] = field(default_factory=dict)      # label → personnel id
    posts: dict[str, str] = field(default_factory=dict)       # name → post id
    lines: dict[str, str] = field(default_factory=dict)       # post name → its first line id


def build_server_world(url: str, people: int = 12) -> tuple[dict, dict, dict]:
    from datetime import timedelta

    from antasena_desktop.services import auth
    from antasena_desktop.services.security import SYSTEM, Role
    from db.database import open_database
    from tests.planning import factory

    db = open_database(url)
    try:
        with db.session() as s:
            if not auth.has_users(s):                   # `server init` may have made the admin already
                auth.create_user(s, SYSTEM, "admin", PASSWORD, Role.ADMIN, "Admin")
            auth.create_user(s, SYSTEM, "meja1", PASSWORD, Role.OPERATOR_OPS, "Operator Meja 1")
            auth.create_user(s, SYSTEM, "meja2", PASSWORD, Role.OPERATOR_OPS, "Operator Meja 2")
            unit = factory.unit(s)
            persons = {f"P{i}": factory.person(s, unit, f"{87010000 + i}", f"Personel {i}", rank="BRIPTU").id
                       for i in range(people)}
            persons["X"] = factory.person(s, unit, "87019999", "Andi Saputra", rank="BRIPTU").id
            event = factory.event(s, start_hour=8, hours=4)
            posts, lines = {}, {}
            for name in ("Pos A", "Pos B"):
                post = factory.post(s, event, name=name, lines=(("dalmas", 400, None, None),))
                posts[name], lines[name] = post.id, post.requirements[0].id
            later = factory.event(s, title="Pengamanan Konser", start_hour=8, hours=4,
                                  day=factory.DAY + timedelta(days=3))
            post = factory.post(s, later, name="Pos C", lines=(("dalmas", 400, None, None),),
                                day=factory.DAY + timedelta(days=3))
            posts["Pos C"], lines["Pos C"] = post.id, post.requirements[0].id
    finally:
        db.close()
    return persons, posts, lines


@pytest.fixture
def world(tmp_path, monkeypatch):
    if "postgresql" not in ENGINES:
        pytest.skip("the offline desks sync with a PostgreSQL server (ANTASENA_TEST_ENGINES excludes it)")
    monkeypatch.setenv("ANTASENA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ANTASENA_CONFIG_DIR", str(tmp_path / "config"))
    finalizers: list = []
    url = new_database_url("postgresql", tmp_path, finalizers)
    server = pg_server()
    proxy = FaultProxy(server.socket_dir / f".s.PGSQL.{server.port}")
    database = url.split("?")[0].rsplit("/", 1)[-1]
    people, posts, lines = build_server_world(url)
    yield World(url, proxy.url(database, server.user), proxy, tmp_path, people, posts, lines)
    proxy.stop()
    for finalize in finalizers:
        finalize()


def join_desk(world: World, name: str, user: str):
    """A desk joined to the world's server through the proxy; returns its open local Database."""
    from antasena_desktop.sync.client import join
    from db.database import open_database
    url = f"sqlite:///{world.tmp / (name.replace(' ', '_') + '.db')}"
    join(world.proxied_url, url, user, PASSWORD, name)
    return open_database(url)


def actor(db, user: str):
    from antasena_desktop.services import auth
    with db.session() as s:
        return auth.authenticate(s, user, PASSWORD, source="cli")
