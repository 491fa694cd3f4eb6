"""MapView in a real (offscreen) QtWebEngine: offline loading, bridge, drops, drags, updates, tiles."""
from __future__ import annotations

import logging
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QDragEnterEvent, QDragMoveEvent, QDropEvent, QImage, QPainter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from antasena_desktop.geo.mbtiles import MBTiles, create_mbtiles
from ui.map.schemes import LOCAL_SCHEMES, RequestRecorder, configure_tiles, map_profile
from ui.map.view import PERSONNEL_MIME

from .conftest import js, sample_map_data

ROOT = Path(__file__).resolve().parents[2]


def test_map_loads_fully_offline(qtbot, make_view):
    rec = RequestRecorder(block=False)
    map_profile().set_interceptor(rec)
    try:
        view = make_view(sample_map_data(200, tile_url="mbtiles:/{z}/{x}/{y}.png"))
        view.add_event({"id": "x1", "title": "Baru", "lat": -2.99, "lon": 104.76, "kerawanan_level": "tinggi"})
        view.select("post", "p1")
        qtbot.wait(300)
        assert js(qtbot, view, "antasena.counts().events") == 201
    finally:
        map_profile().set_interceptor(None)
    schemes = {u.split(":", 1)[0] for u in rec.urls}
    assert "antasena" in schemes and "mbtiles" in schemes, rec.urls[:10]
    assert rec.non_local() == [], rec.non_local()
    assert schemes <= LOCAL_SCHEMES
    assert not [c for c in view.page.console if "Error" in c], view.page.console


def test_map_offline_in_network_namespace(tmp_path):
    """The same page in a process without any network (unshare -n)."""
    if not shutil.which("unshare"):
        pytest.skip("unshare is not available")
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"cannot create a network namespace here: {probe.stderr.decode(errors='replace').strip()}")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    out = subprocess.run(["unshare", "-n", sys.executable, str(Path(__file__).with_name("offline_probe.py"))],
                         capture_output=True, text=True, timeout=120, env=env, cwd=ROOT)
    line = [ln for ln in out.stdout.splitlines() if ln.startswith("RESULT ")]
    assert line, out.stdout[-2000:] + out.stderr[-3000:]
    result = json.loads(line[-1][7:])
    assert result["ready"] and result["events"] == 50 and result["non_local"] == [], result
    assert result["requests"] > 5


def test_marker_click_reaches_python_via_fire(qtbot, make_view):
    view = make_view()
    with qtbot.waitSignal(view.markerClicked, timeout=5000) as sig:
        view.run_js("antasena.marker('post', 'p2').fire('click')")
    assert sig.args == ["post", "p2"]
    with qtbot.waitSignal(view.markerClicked, timeout=5000) as sig:
        view.run_js("antasena.marker('event', 'e3').fire('click')")
    assert sig.args == ["event", "e3"]


def test_real_mouse_click_on_post_marker(qtbot, make_view):
    view = make_view()
    pt = js(qtbot, view, "antasena.pointOf('post', 'p1')")
    target = view.drop_target()
    with qtbot.waitSignal(view.markerClicked, timeout=5000) as sig:
        QTest.mouseClick(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         QPoint(round(pt["x"]), round(pt["y"])))
    assert sig.args == ["post", "p1"]


def test_place_post_mode_click(qtbot, make_view):
    view = make_view()
    view.set_place_mode(True)
    qtbot.waitUntil(lambda: js(qtbot, view, "antasena.placeMode") is True, timeout=3000)
    x, y = 150, 550
    expected = js(qtbot, view, f"antasena.latLngAt({x}, {y})")
    with qtbot.waitSignal(view.mapClicked, timeout=5000) as sig:
        QTest.mouseClick(view.drop_target(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(x, y))
    assert sig.args[0] == pytest.approx(expected["lat"], abs=1e-9)
    assert sig.args[1] == pytest.approx(expected["lng"], abs=1e-9)
    assert js(qtbot, view, "antasena.placeMode") is False      # one-shot


def _drop(target, pos: QPointF, payload: dict) -> None:
    mime = QMimeData()
    mime.setData(PERSONNEL_MIME, QByteArray(json.dumps(payload).encode()))
    enter = QDragEnterEvent(pos.toPoint(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    move = QDragMoveEvent(pos.toPoint(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                          Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, move)
    assert move.isAccepted()
    drop = QDropEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, drop)
    assert drop.isAccepted()


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_synthetic_qt_drop_on_post_and_on_empty_map(qtbot, make_view):
    view = make_view()
    pt = js(qtbot, view, "antasena.pointOf('post', 'p1')")
    pos = QPointF(pt["x"] + 6, pt["y"] + 4)
    expected = js(qtbot, view, f"antasena.latLngAt({pos.x()}, {pos.y()})")
    payload = {"nrp": "87050123", "nama": "Budi Santoso", "pangkat": "BRIPKA"}
    with qtbot.waitSignal(view.personnelDropped, timeout=5000) as sig:
        _drop(view.drop_target(), pos, payload)
    got_payload, lat, lng, post_id = sig.args
    assert got_payload == payload and post_id == "p1"
    assert lat == pytest.approx(expected["lat"], abs=1e-9) and lng == pytest.approx(expected["lng"], abs=1e-9)
    with qtbot.waitSignal(view.personnelDropped, timeout=5000) as sig:
        _drop(view.drop_target(), QPointF(60, 640), payload)
    assert sig.args[3] == ""
    expected = js(qtbot, view, "antasena.latLngAt(60, 640)")
    assert sig.args[1] == pytest.approx(expected["lat"], abs=1e-9)


def test_post_drag_reaches_python(qtbot, make_view):
    view = make_view()
    with qtbot.waitSignal(view.postMoved, timeout=5000) as sig:
        view.run_js("var m = antasena.marker('post', 'p1'); m.setLatLng([-2.9870, 104.7650]); m.fire('dragend');")
    assert sig.args[0] == "p1"
    assert sig.args[1] == pytest.approx(-2.9870) and sig.args[2] == pytest.approx(104.7650)


def test_real_mouse_drag_of_post(qtbot, make_view):
    view = make_view()
    pt = js(qtbot, view, "antasena.pointOf('post', 'p1')")
    target = view.drop_target()
    start = QPoint(round(pt["x"]), round(pt["y"]))
    end = start + QPoint(80, 60)
    expected = js(qtbot, view, f"antasena.latLngAt({end.x()}, {end.y()})")
    with qtbot.waitSignal(view.postMoved, timeout=5000) as sig:
        QTest.mousePress(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
        for i in range(1, 11):
            QTest.mouseMove(target, start + (end - start) * (i / 10))
            qtbot.wait(15)
        QTest.mouseRelease(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    assert sig.args[0] == "p1"
    assert sig.args[1] == pytest.approx(expected["lat"], abs=2e-4)
    assert sig.args[2] == pytest.approx(expected["lng"], abs=2e-4)


def test_incremental_updates_without_reload(qtbot, make_view):
    view = make_view()
    loads = []
    view.loadFinished.connect(lambda ok: loads.append(ok))
    view.view.loadStarted.connect(lambda: loads.append("started"))
    before = js(qtbot, view, "antasena.counts()")
    view.add_event({"id": "new1", "title": "Unjuk rasa", "lat": -2.9766, "lon": 104.7483,
                    "kerawanan_level": "sangat_tinggi", "status": "rencana"})
    view.add_post({"id": "p9", "event_id": "new1", "name": "Pos Gubernuran", "lat": -2.9770, "lng": 104.7490,
                   "required": 10, "filled": 0})
    view.restyle_post("p1", 6, 6)
    view.move_post("p2", -2.9920, 104.7600)
    view.set_heat({"16.71.05": 4, "16.71.17": 1}, "Jan 2026")
    view.select("event", "new1")
    after = js(qtbot, view, "antasena.counts()")
    assert after["events"] == before["events"] + 1 and after["posts"] == before["posts"] + 1
    assert js(qtbot, view, "antasena.marker('post','p1').antData.filled") == 6
    assert "ant-post-full" in js(qtbot, view, "antasena.marker('post','p1')._icon.innerHTML")
    assert js(qtbot, view, "antasena.marker('post','p2').getLatLng().lat") == pytest.approx(-2.9920)
    qtbot.waitUntil(lambda: js(qtbot, view, "antasena.selected && antasena.selected.antId") == "new1", timeout=5000)
    assert js(qtbot, view, "antasena.heatMax") == 4
    view.remove_marker("event", "new1")
    assert js(qtbot, view, "antasena.counts().events") == before["events"]
    qtbot.wait(200)
    assert loads == []


def test_updates_before_ready_are_queued(qtbot):
    import shiboken6
    from ui.map.view import MapView
    view = MapView()
    view.resize(600, 400)
    view.show()
    try:
        with qtbot.waitSignal(view.ready, timeout=30000):
            view.set_map_data(sample_map_data(3))
            view.add_event({"id": "early", "title": "x", "lat": -2.99, "lon": 104.76, "kerawanan_level": "rendah"})
        qtbot.waitUntil(lambda: js(qtbot, view, "antasena.counts().events") == 4, timeout=3000)
    finally:
        view.close()
        shiboken6.delete(view)


# ------------------------------------------------------------------ tiles
def _png(color: str) -> bytes:
    img = QImage(256, 256, QImage.Format.Format_ARGB32)
    img.fill(QColor(color))
    p = QPainter(img)
    p.setPen(QColor("black"))
    p.drawText(20, 128, "tile")
    p.end()
    from PySide6.QtCore import QBuffer, QIODevice
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    img.save(buf, "PNG")
    return bytes(buf.data())


def _tile_xy(lat, lon, z):
    import math
    n = 2 ** z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y


def _image_result(qtbot, view, url: str, timeout=8000):
    view.run_js("window._img = null; (function(){ var t0 = performance.now(); var im = new Image();"
                "im.onload = function(){ window._img = {ok: true, ms: performance.now() - t0, w: im.naturalWidth}; };"
                "im.onerror = function(){ window._img = {ok: false, ms: performance.now() - t0}; };"
                f"im.src = {json.dumps(url)}; }})();")
    qtbot.waitUntil(lambda: js(qtbot, view, "window._img") is not None, timeout=timeout)
    return js(qtbot, view, "window._img")


def test_mbtiles_scheme_serves_tiles_and_missing_fast(qtbot, make_view, tmp_path):
    z = 12
    x, y = _tile_xy(-2.9900, 104.7610, z)
    path = tmp_path / "palembang.mbtiles"
    create_mbtiles(path)
    db = MBTiles(path, writable=True)
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            db.put_tile(z, x + dx, y + dy, _png("#cfe8cf"))
    db.close()
    configure_tiles(path)
    handler = map_profile().tile_handler
    try:
        before = dict(handler.stats)
        view = make_view(sample_map_data(3, tile_url="mbtiles:/{z}/{x}/{y}.png", zoom=z, tile_max_zoom=z))
        qtbot.waitUntil(lambda: js(qtbot, view, "document.querySelectorAll('img.leaflet-tile-loaded').length") > 0,
                        timeout=8000)
        assert handler.stats["served"] > before["served"]
        ok = _image_result(qtbot, view, f"mbtiles:/{z}/{x}/{y}.png")
        assert ok["ok"] and ok["w"] == 256
        miss = _image_result(qtbot, view, "mbtiles:/5/1/1.png")
        assert miss["ok"] is False and miss["ms"] < 1000
        # on-demand fetch configured but the server is unreachable: still a fast, silent 404
        configure_tiles(path, tmp_path / "cache.mbtiles", fetch_url="http://127.0.0.1:9/{z}/{x}/{y}.png")
        miss = _image_result(qtbot, view, "mbtiles:/6/2/2.png")
        assert miss["ok"] is False and miss["ms"] < 5000
    finally:
        configure_tiles(None)


class _TileServer(http.server.BaseHTTPRequestHandler):
    agents: list[str] = []
    body = b""

    def do_GET(self):  # noqa: N802
        type(self).agents.append(self.headers.get("User-Agent", ""))
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *a):
        pass


def test_mbtiles_on_demand_fetch_is_cached(qtbot, make_view, tmp_path):
    _TileServer.body = _png("#ffd0d0")
    _TileServer.agents = []
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _TileServer)
    th = threading.Thread(target=srv.serve_forever, daemon=True)
    th.start()
    cache = tmp_path / "cache.mbtiles"
    try:
        configure_tiles(None, cache, fetch_url=f"http://127.0.0.1:{srv.server_port}/{{z}}/{{x}}/{{y}}.png")
        view = make_view(sample_map_data(2))
        res = _image_result(qtbot, view, "mbtiles:/7/101/64.png")
        assert res["ok"] and res["w"] == 256
        assert _TileServer.agents and "AntasenaDesktop/0.1" in _TileServer.agents[0]
        cached = MBTiles(cache)
        assert cached.get_tile(7, 101, 64) == _TileServer.body
        cached.close()
        n = len(_TileServer.agents)
        res = _image_result(qtbot, view, "mbtiles:/7/101/64.png?again")
        assert res["ok"] and len(_TileServer.agents) == n          # served from the cache
    finally:
        configure_tiles(None)
        srv.shutdown()
        srv.server_close()


def test_render_snapshot(tmp_path):
    from ui.map.snapshot import render_snapshot
    out = render_snapshot(sample_map_data(30, zoom=12, fit_city=True), tmp_path / "peta.png", size=(900, 650),
                          select=("post", "p1"))
    img = QImage(str(out))
    assert img.width() == 900 and img.height() == 650
    colors = {img.pixel(x, y) for x in range(0, 900, 25) for y in range(0, 650, 25)}
    assert len(colors) > 8


def test_empty_outline_fit_and_catalog_labels(qtbot, make_view):
    """Imported boundaries without a 'kota' layer: fit falls back to the kecamatan; ready still fires."""
    data = sample_map_data(3, fit_city=True)
    data.city_outline = {"type": "GeometryCollection", "geometries": []}
    view = make_view(data)
    assert js(qtbot, view, "antasena.map.getZoom()") < 15          # fitted to the city, not the given zoom
    tip = js(qtbot, view, "antasena.marker('event','e2').getTooltip().getContent()")
    assert "Sangat Rawan" in tip and "Direncanakan" in tip
    assert "Sangat Rawan" in js(qtbot, view, "antasena.legendDiv.innerHTML")
    assert not [c for c in view.page.console if "antasena" in c.lower() and "error" in c.lower()], view.page.console


def test_the_page_console_goes_to_the_log(make_view, qtbot, caplog):
    view = make_view()
    with caplog.at_level(logging.INFO, logger="antasena.map.js"):
        view.page.runJavaScript("console.error('galat peta uji')", 0)
        qtbot.waitUntil(lambda: any("galat peta uji" in r.getMessage() for r in caplog.records), timeout=5000)
    record = next(r for r in caplog.records if "galat peta uji" in r.getMessage())
    assert record.levelno == logging.ERROR and record.name == "antasena.map.js"
