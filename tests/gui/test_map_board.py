"""The map as the operator meets it: real boundaries by default, an import redraws the open board's map,
a collapsible legend (folded on the board), metric scale only, overlapping posts fanned out."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QInputDialog

from antasena_desktop.geo.reference import geo_dir, kecamatan_list
from antasena_desktop.mapping.from_db import boundary_set, map_data
from antasena_desktop.services.security import Actor, Role
from tests.gui.planning_fixtures import DAY, build_world, wait_idle
from tests.map.conftest import js, sample_map_data
from ui.context import AppContext
from db.models import Kecamatan
from ui.views.planning import PlanningView

ADMIN = Actor("admin", Role.ADMIN)


def test_real_boundaries_are_the_default(database):
    with database.session() as s:
        bs = boundary_set(s)
        data = map_data(s, events=[], posts=[])
    assert bs.source == "resmi" and not bs.schematic
    assert len(bs.kecamatan) == 18 and len(bs.kelurahan) == 107
    assert not data.boundaries_schematic and len(data.kecamatan["features"]) == 18
    assert {f["properties"]["geometry_source"] for f in data.kelurahan["features"]} == {"resmi"}
    assert (geo_dir() / "BOUNDARIES.md").read_text().count("MIT License") == 1


@pytest.fixture
def board(qtbot, database):
    build_world(database)
    with database.session() as s:                 # the reference rows an import matches against
        s.add_all([Kecamatan(code=k.code, name=k.name, lat=k.lat, lon=k.lon) for k in kecamatan_list()])
    view = PlanningView(AppContext(database, ADMIN), with_map=True)
    qtbot.addWidget(view)
    view.day = DAY
    view.resize(1600, 1000)
    view.show()
    view.refresh()
    wait_idle(qtbot, view)
    qtbot.waitUntil(lambda: view.map is not None and view.map.is_ready, timeout=30000)
    yield view
    view.ctx.runner.wait_all(30000)
    qtbot.wait(50)


def test_import_redraws_the_open_map_and_legend_folds(qtbot, board, monkeypatch):
    view = board
    assert js(qtbot, view.map, "window.antasena.boundarySource()") == "resmi"
    assert js(qtbot, view.map, "document.querySelector('.ant-badge') === null")   # no "schematic" badge
    # legend: folded on the board, opens and folds again with a click on its title
    assert js(qtbot, view.map, "document.querySelector('.ant-legend').classList.contains('ant-legend-collapsed')")
    js(qtbot, view.map, "document.querySelector('.ant-legend-toggle').click() || 1")
    assert js(qtbot, view.map, "!document.querySelector('.ant-legend').classList.contains('ant-legend-collapsed')")
    assert js(qtbot, view.map, "document.querySelector('.ant-legend').innerText.indexOf('Pos') >= 0")
    js(qtbot, view.map, "document.querySelector('.ant-legend-toggle').click() || 1")
    assert js(qtbot, view.map, "document.querySelector('.ant-legend').classList.contains('ant-legend-collapsed')")
    # metric scale only
    scale = js(qtbot, view.map, "Array.from(document.querySelectorAll('.leaflet-control-scale-line')).map(e => e.innerText)")
    assert len(scale) == 1 and (scale[0].endswith(" m") or scale[0].endswith(" km")), scale
    # import boundaries through Pengaturan while the board is open: its map is rebuilt at once
    from ui.views.settings_view import SettingsView
    settings = SettingsView(view.ctx)
    qtbot.addWidget(settings)
    settings.refresh()
    qtbot.waitUntil(lambda: settings.loaded, timeout=10000)
    monkeypatch.setattr("ui.files.open_path", lambda *a, **k: str(geo_dir() / "palembang_kecamatan.geojson"))
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda *a, **k: ("kecamatan", True)))
    settings.import_boundaries()
    qtbot.waitUntil(lambda: "18" in settings.info.text(), timeout=20000)
    qtbot.waitUntil(lambda: view._map_loaded and view.idle(), timeout=30000)
    qtbot.waitUntil(lambda: view.map.is_ready and js(qtbot, view.map, "window.antasena && window.antasena.ready &&"
                                                                     " window.antasena.boundarySource()") == "impor",
                    timeout=30000)


def test_overlapping_posts_fan_out(qtbot):
    from tests.map.conftest import SIZE
    from ui.map.view import MapView
    posts = [{"id": f"p{i}", "event_id": "e0", "name": f"Pos {i}", "lat": -2.9900, "lon": 104.7610,
              "required": 2, "filled": 0} for i in range(4)]
    view = MapView()
    qtbot.addWidget(view)
    view.resize(*SIZE)
    view.show()
    qtbot.waitExposed(view)
    with qtbot.waitSignals([view.ready, view.loadFinished], timeout=30000):
        view.set_map_data(sample_map_data(n_events=0, posts=posts))
    qtbot.waitUntil(lambda: js(qtbot, view, "window.antasena.spreadPosts()") == 4, timeout=5000)
    points = [js(qtbot, view, f"window.antasena.pointOf('post', 'p{i}')") for i in range(4)]
    for i in range(4):
        for j in range(i + 1, 4):
            dx, dy = points[i]["x"] - points[j]["x"], points[i]["y"] - points[j]["y"]
            assert (dx * dx + dy * dy) ** 0.5 >= 20, (points[i], points[j])
    drop = js(qtbot, view, f"window.antasena.dropTarget({points[2]['x']}, {points[2]['y']}, 12)")
    assert drop["post_id"] == "p2"            # a drop on a fanned-out badge reaches that post


def test_many_posts_on_one_spot_become_one_badge_until_zoomed_in(qtbot):
    from tests.map.conftest import SIZE
    from ui.map.view import MapView
    posts = [{"id": f"q{i}", "event_id": "e0", "name": f"Pos {i}", "lat": -2.9900 + i * 1e-5, "lon": 104.7610,
              "required": 3, "filled": 1} for i in range(9)]
    view = MapView()
    qtbot.addWidget(view)
    view.resize(*SIZE)
    view.show()
    qtbot.waitExposed(view)
    with qtbot.waitSignals([view.ready, view.loadFinished], timeout=30000):
        view.set_map_data(sample_map_data(n_events=0, posts=posts, zoom=13))
    js(qtbot, view, "window.antasena.spreadPosts()")
    assert js(qtbot, view, "document.querySelectorAll('.ant-post-group').length") == 1
    assert js(qtbot, view, "document.querySelector('.ant-post-group').innerText") == "9 pos · 9/27"
    js(qtbot, view, "document.querySelector('.ant-post-group').parentNode.click() || 1")
    qtbot.waitUntil(lambda: js(qtbot, view, "document.querySelectorAll('.ant-post-group').length") == 0, timeout=5000)
