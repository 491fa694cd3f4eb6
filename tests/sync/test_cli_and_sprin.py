"""`antasena desk join|sync|status|conflicts|resolve`, and a Sprin issued on a desk: provisional number
there, the final register number from the server."""
from __future__ import annotations

import json

from sqlalchemy import func, select

from antasena_desktop.cli import main
from antasena_desktop.documents import workflow
from antasena_desktop.planning import service as guard
from antasena_desktop.sync.client import DeskSync
from db.database import open_database
from db.models import DocumentNumber, Event, Sprin, SyncConflict
from tests.sync.conftest import PASSWORD, actor, join_desk


def test_desk_commands_from_join_to_resolve(world, capsys, monkeypatch):
    monkeypatch.setenv("ANTASENA_PASSWORD", PASSWORD)
    desk_url = f"sqlite:///{world.tmp / 'meja.db'}"
    assert main(["desk", "join", "--server", world.proxied_url, "--db", desk_url, "--user", "meja1",
                 "--name", "Meja 1"]) == 0
    assert "Meja 1 tergabung ke server" in capsys.readouterr().out
    assert main(["desk", "join", "--server", world.proxied_url, "--db", desk_url, "--user", "meja1"]) == 2
    assert "sudah ada" in capsys.readouterr().err
    server = open_database(world.server_url)
    with server.session() as s:                      # the server places X first
        guard.place(s, actor(server, "admin"), world.people["X"], world.posts["Pos A"], world.lines["Pos A"])
    world.proxy.cut()                                 # offline: the normal commands keep working locally
    nrp = "87019999"
    assert main(["assign", "--db", desk_url, "--user", "meja1", "--post", world.posts["Pos B"], "--person", nrp]) == 0
    assert main(["desk", "sync", "--db", desk_url]) == 2
    assert "Server tidak terjangkau" in capsys.readouterr().err
    assert main(["desk", "status", "--db", desk_url]) == 0
    assert "luring; 1 perubahan menunggu, 0 konflik terbuka" in capsys.readouterr().out
    world.proxy.heal()
    assert main(["desk", "sync", "--db", desk_url]) == 0
    out = capsys.readouterr().out
    assert "pushed=1 applied=0 merged=0 conflicts=1" in out
    assert main(["desk", "conflicts", "--db", desk_url]) == 2          # personal data: a login first
    capsys.readouterr()
    assert main(["desk", "conflicts", "--db", desk_url, "--user", "meja1", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 1 and rows[0]["kind"] == "rule" and rows[0]["own"] is True
    assert "ditempatkan di Pos A oleh server dan di Pos B oleh Meja 1" in rows[0]["message"]
    assert main(["desk", "resolve", rows[0]["id"], "--keep", "theirs", "--db", desk_url, "--user", "meja1"]) == 0
    capsys.readouterr()
    assert main(["desk", "resolve", rows[0]["id"], "--keep", "mine", "--db", desk_url, "--user", "meja1"]) == 2
    assert "sudah diselesaikan" in capsys.readouterr().err
    assert main(["desk", "sync", "--db", desk_url]) == 0
    with server.session() as s:
        assert s.scalars(select(SyncConflict)).one().status == "resolved"
        assert s.scalars(select(SyncConflict)).one().resolution == "theirs"
    assert main(["desk", "status", "--db", desk_url]) == 0
    assert "daring; 0 perubahan menunggu, 0 konflik terbuka" in capsys.readouterr().out
    assert main(["audit", "verify", "--db", desk_url, "--user", "admin"]) == 0
    server.close()


def test_an_order_issued_on_a_desk_gets_its_final_number_from_the_server(world):
    desk = join_desk(world, "Meja 1", "admin")
    admin = actor(desk, "admin")
    with desk.session() as s:
        event = s.scalar(select(Event).where(Event.title.like("Aksi%")))
        guard.place(s, admin, world.people["P1"], world.posts["Pos A"], world.lines["Pos A"])
        sprin_id = workflow.create_draft(s, admin, event.id).created("sprin")[0]
        workflow.approve(s, admin, sprin_id)
    world.proxy.cut()
    with desk.session() as s:
        workflow.update_draft(s, admin, sprin_id)
        workflow.approve(s, admin, sprin_id)
        workflow.issue(s, admin, sprin_id)
    with desk.session() as s:
        sprin = s.get(Sprin, sprin_id)
        assert sprin.number.startswith("SEMENTARA-")                    # nothing offline claims a final number
        assert json.loads(sprin.content_json)["number"].startswith("SEMENTARA-")
        assert s.scalar(select(func.count()).select_from(DocumentNumber)) == 0
    world.proxy.heal()
    report = DeskSync(desk).sync()
    assert report.conflicts == 0
    server = open_database(world.server_url)
    with server.session() as s:
        final = s.get(Sprin, sprin_id)
        register = s.scalars(select(DocumentNumber)).one()
        assert final.status == "issued" and final.number == register.number and register.sprin_id == sprin_id
        assert not final.number.startswith("SEMENTARA")
    with desk.session() as s:                          # the pull brings the final number back to the desk
        assert s.get(Sprin, sprin_id).number == register.number
        assert json.loads(s.get(Sprin, sprin_id).content_json)["number"] == register.number
    server.close()
    desk.close()
