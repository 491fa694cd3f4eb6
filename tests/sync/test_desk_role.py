"""A desk syncs as the `antasena_desk` login role of `server init` (no DDL, insert-only logs): the grants
cover the outbox's way in (sync_applied insert-only, conflicts written and closed)."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import ProgrammingError

from antasena_desktop.cli import main
from antasena_desktop.planning import service as guard
from antasena_desktop.sync.client import DeskSync, join
from antasena_desktop.sync.conflicts import list_conflicts, resolve
from db.database import open_database
from db.models import SyncApplied, SyncConflict
from tests.conftest import ENGINES, new_database_url, pg_server
from tests.sync.conftest import PASSWORD, actor, build_server_world
from tests.sync.proxy import FaultProxy


def test_a_desk_syncs_as_the_desk_role(tmp_path, monkeypatch):
    if "postgresql" not in ENGINES:
        pytest.skip("needs the PostgreSQL server")
    monkeypatch.setenv("ANTASENA_DATA_DIR", str(tmp_path / "data"))
    finalizers: list = []
    url = new_database_url("postgresql", tmp_path, finalizers, empty=True)
    try:
        assert main(["server", "init", "--db", url, "--admin-password", PASSWORD, "--desk-password", "Meja-456"]) == 0
        people, posts, lines = build_server_world(url)
        server_db = pg_server()
        proxy = FaultProxy(server_db.socket_dir / f".s.PGSQL.{server_db.port}")
        name = url.split("?")[0].rsplit("/", 1)[-1]
        desk_url = f"postgresql+psycopg://antasena_desk:Meja-456@127.0.0.1:{proxy.port}/{name}"
        local = f"sqlite:///{tmp_path / 'meja.db'}"
        join(desk_url, local, "meja1", PASSWORD, "Meja 1")
        desk = open_database(local)
        server = open_database(url)
        with server.session() as s:
            guard.place(s, actor(server, "admin"), people["X"], posts["Pos A"], lines["Pos A"])
        ops = actor(desk, "meja1")
        with desk.session() as s:
            guard.place(s, ops, people["P1"], posts["Pos A"], lines["Pos A"])
        with desk.session() as s:
            guard.place(s, ops, people["X"], posts["Pos B"], lines["Pos B"])
        client = DeskSync(desk)
        report = client.sync()
        assert (report.applied, report.conflicts) == (1, 1)
        with desk.session() as s:
            resolve(s, ops, list_conflicts(s, ops)[0].id, "theirs")
        client.sync()
        with server.session() as s:
            assert s.scalars(select(SyncConflict)).one().status == "resolved"
            assert s.scalar(select(func.count()).select_from(SyncApplied)) == 3
        desk_role = open_database(desk_url, upgrade=False)
        with pytest.raises(ProgrammingError), desk_role.session() as s:      # the applied record is insert-only
            s.execute(SyncApplied.__table__.delete())
        for db in (desk_role, desk, server):
            db.close()
        client.close()
        proxy.stop()
    finally:
        for finalize in finalizers:
            finalize()
