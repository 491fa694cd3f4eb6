"""An import run from the command line while the desk is open reaches the open views by itself: on SQLite the
desk polls the change log (`ui/live.py`), on PostgreSQL it hears the server. The CLI is a real subprocess on
the desk's own database file; the test never calls refresh."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from antasena_desktop.services import auth
from antasena_desktop.services.security import SYSTEM, Actor, Role
from db.models import Kecamatan
from tests.planning import factory
from ui.context import AppContext
from ui.live import LiveRefresh

ADMIN = Actor("admin", Role.ADMIN)
PASSWORD = "Rahasia-123"
REPO = Path(__file__).resolve().parents[2]
CLI = "import sys; from ui.commands import main; sys.exit(main(sys.argv[1:]))"


def _cli(database, *args) -> subprocess.CompletedProcess:
    env = dict(os.environ, ANTASENA_PASSWORD=PASSWORD, PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-c", CLI, *args, "--db", database.url, "--user", "admin"],
                          env=env, capture_output=True, text=True, timeout=180)


def _desk(qtbot, database, view):
    live = LiveRefresh(view.ctx)
    qtbot.addWidget(view)
    view.resize(1600, 1000)
    view.show()
    view.refresh()
    qtbot.waitUntil(lambda: view.loaded, timeout=20000)
    # the desk knows where the change log ends (SQLite) / is listening (PostgreSQL) before the CLI runs
    qtbot.waitUntil(lambda: live.last_seen is not None if database.is_sqlite else live.connected is True,
                    timeout=15000)
    return live


def test_cli_personnel_import_appears_in_the_open_roster(qtbot, database, tmp_path):
    from ui.views.personnel import PersonnelView
    with database.session() as s:
        auth.create_user(s, SYSTEM, "admin", PASSWORD, Role.ADMIN, "Admin")
        factory.unit(s, "SAMAPTA")
    view = PersonnelView(AppContext(database, ADMIN))
    live = _desk(qtbot, database, view)
    try:
        assert view.model.total == 0
        roster = tmp_path / "roster.csv"
        roster.write_text("NRP,NAMA,PANGKAT,KESATUAN,JK\n87010001,BUDI SANTOSO,BRIPKA,Sat SAMAPTA,L\n"
                          "87010002,SITI AMINAH,BRIPTU,Sat SAMAPTA,P\n", encoding="utf-8")
        done = _cli(database, "import", "personnel", str(roster))
        assert done.returncode == 0, done.stdout + done.stderr
        qtbot.waitUntil(lambda: view.model.total == 2, timeout=20000)    # a wait, not a speed check
        names = {view.proxy.index(r, 1).data() for r in range(view.proxy.rowCount())}
        assert names == {"BUDI SANTOSO", "SITI AMINAH"}
    finally:
        live.stop()
        view.ctx.runner.wait_all(30000)
        qtbot.wait(50)


def test_own_writes_are_not_published_twice(qtbot, database):
    """The desk's own commit is in the change log too; the poller leaves it out (the WriteOp already published it)."""
    from db.live import poll
    with database.session() as s:
        factory.unit(s, "SAMAPTA")
    with database.session() as s:
        start, _ = poll(s, None)
    with database.session() as s:
        factory.unit(s, "LANTAS")
    with database.session() as s:
        last, others = poll(s, start)
        assert last > start and others == []
        _, from_elsewhere = poll(s, start, own_desk="another-desk")
        assert [sorted(c.entities) for c in from_elsewhere] == [["unit"]]


def test_cli_boundary_import_redraws_the_open_map(qtbot, database, shared_dir):
    from tests.gui.planning_fixtures import DAY, build_world, wait_idle
    from tests.map.conftest import js
    from ui.views.planning import PlanningView
    from antasena_desktop.geo.reference import kecamatan_list
    build_world(database)
    with database.session() as s:
        auth.create_user(s, SYSTEM, "admin", PASSWORD, Role.ADMIN, "Admin")
        s.add_all([Kecamatan(code=k.code, name=k.name, lat=k.lat, lon=k.lon) for k in kecamatan_list()])
    view = PlanningView(AppContext(database, ADMIN), with_map=True)
    view.day = DAY
    live = _desk(qtbot, database, view)
    try:
        wait_idle(qtbot, view)
        qtbot.waitUntil(lambda: view.map is not None and view.map.is_ready, timeout=30000)
        assert js(qtbot, view.map, "window.antasena.boundarySource()") == "resmi"
        done = _cli(database, "import", "boundaries", str(shared_dir / "geodata" / "palembang_kecamatan.geojson"),
                    "--level", "kecamatan")
        assert done.returncode == 0 and "18 cocok" in done.stdout, done.stdout + done.stderr
        qtbot.waitUntil(lambda: view.map.is_ready and js(qtbot, view.map, "window.antasena && window.antasena.ready &&"
                                                                         " window.antasena.boundarySource()") == "impor",
                        timeout=40000)
    finally:
        live.stop()
        view.ctx.runner.wait_all(30000)
        qtbot.wait(50)
