"""Fixtures for the map tests: a shown MapView with sample events and posts."""
from __future__ import annotations

import pytest
import shiboken6

from antasena_desktop.mapping import MapData

SIZE = (1000, 700)


def sample_map_data(n_events: int = 20, **kw) -> MapData:
    events = [{"id": f"e{i}", "title": f"Kegiatan {i}", "lat": -3.0215 + (i % 5) * 0.004,
               "lon": 104.7880 + (i // 5) * 0.004, "kerawanan_level": 1 + i % 3,
               "status": "direncanakan"} for i in range(n_events)]
    posts = [{"id": "p1", "event_id": "e0", "name": "Pos Ampera Utara", "lat": -2.9888, "lon": 104.7624,
              "required": 6, "filled": 2},
             {"id": "p2", "event_id": "e0", "name": "Pos BKB", "lat": -2.9915, "lon": 104.7590,
              "required": 4, "filled": 4}]
    base = dict(events=events, posts=posts, center=(-2.9900, 104.7610), zoom=15)
    base.update(kw)
    return MapData.from_reference(**base)


@pytest.fixture
def make_view(qtbot):
    from ui.map.view import MapView
    views = []

    from ui.map.schemes import missing_assets
    missing = missing_assets()
    if missing:
        pytest.fail(f"web assets missing ({', '.join(missing)}): run scripts/install_web_assets.sh")

    def make(data: MapData | None = None, size=SIZE):
        view = MapView()
        view.resize(*size)
        view.show()
        qtbot.waitExposed(view)
        with qtbot.waitSignals([view.ready, view.loadFinished], timeout=30000):
            view.set_map_data(data or sample_map_data())
        views.append(view)
        return view

    yield make
    for v in views:
        v.close()
        shiboken6.delete(v)


def js(qtbot, view, expression: str, timeout: int = 5000):
    """Evaluate a JS expression and return its value (through JSON: PySide6 6.12 drops objects)."""
    import json
    with qtbot.waitCallback(timeout=timeout) as cb:
        view.page.runJavaScript(f"JSON.stringify(({expression}) ?? null)", 0, cb)
    return json.loads(cb.args[0])
