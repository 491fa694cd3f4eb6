"""Two desks, two processes: desk A places a person, desk B's open planning board shows it by itself."""
from __future__ import annotations

import multiprocessing

import pytest

from tests.gui.planning_fixtures import DAY, OPS, build_world, wait_idle
from tests.planning.desk_process import place_in_process
from ui.context import AppContext
from ui.live import LiveRefresh
from ui.views.planning import PlanningView

pytestmark = pytest.mark.postgresql_only("live refresh listens to the PostgreSQL server")


def test_other_desks_placement_appears_on_the_open_board(qtbot, db):
    world = build_world(db)
    ctx = AppContext(db, OPS)
    live = LiveRefresh(ctx)
    view = PlanningView(ctx, with_map=False)
    qtbot.addWidget(view)
    view.day = DAY
    view.show()
    view.refresh()
    wait_idle(qtbot, view)
    try:
        qtbot.waitUntil(lambda: live.connected is True, timeout=15000)
        post = world.posts["Pos Utama"]
        assert view.tree_model.find("post", post).siblingAtColumn(1).data() == "0/3"
        context = multiprocessing.get_context("spawn")
        with context.Pool(1) as pool:                       # desk A: another process, another desk id
            assert pool.apply(place_in_process, (db.url, post, world.people["A0"])) == ("ok", "")
        # no refresh call here: the board must learn of it from the server (a wait loop, not a speed check)
        qtbot.waitUntil(lambda: view.tree_model.find("post", post).siblingAtColumn(1).data() == "1/3",
                        timeout=15000)
    finally:
        live.stop()
        view.ctx.runner.wait_all(30000)
        qtbot.wait(50)


def test_status_bar_names_the_server_and_the_connect_dialog_remembers_it(qtbot, db, tmp_path):
    from antasena_desktop.services import auth
    from antasena_desktop.services.security import SYSTEM, Actor, Role
    from ui.dialogs.connect_server import remembered_url
    from ui.main_window import MainWindow

    with db.session() as s:
        auth.create_user(s, SYSTEM, "admin", "Rahasia-123", Role.ADMIN, "Admin")
    prefs_file = tmp_path / "preferences.json"
    window = MainWindow(AppContext(db, Actor("admin", Role.ADMIN)), prefs_file)
    qtbot.addWidget(window)
    window.show()
    try:
        qtbot.waitUntil(lambda: "terhubung" in window.server_label.text(), timeout=15000)
        assert db.engine.url.database in window.server_label.text()
        dialog = window.connect_server()
        dialog.url.setText("postgresql://meja@/tidak_ada?host=/nonexistent&port=1")
        dialog.test()
        qtbot.waitUntil(lambda: dialog.last_result is not None, timeout=15000)
        assert dialog.result.text().startswith("Tidak tersambung")
        dialog.last_result = None
        dialog.url.setText(db.url)
        dialog.test()
        qtbot.waitUntil(lambda: dialog.last_result is not None, timeout=15000)
        assert dialog.result.text().startswith("Tersambung: PostgreSQL")
        dialog.save()
        assert remembered_url(prefs_file) == db.url
    finally:
        window.live.stop()
        window.ctx.runner.wait_all(30000)
        qtbot.wait(50)
