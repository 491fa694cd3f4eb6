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
