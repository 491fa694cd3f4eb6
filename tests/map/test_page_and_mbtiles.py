"""Map page generation (folium, offline) and the MBTiles core (no Qt)."""
from __future__ import annotations

import re
import sqlite3

import folium
import pytest

from antasena_desktop.geo.mbtiles import MBTiles, create_mbtiles, import_mbtiles, tms_row, validate_mbtiles
from antasena_desktop.i18n import UserError
from antasena_desktop.mapping import MapData, build_page_html, heat_counts

CDN_DEFAULT_JS = list(folium.Map.default_js)
CDN_DEFAULT_CSS = list(folium.Map.default_css)


def sample_data(n_events: int = 5) -> MapData:
    events = [{"id": i, "title": f"Kegiatan {i} </script>", "lat": -2.99 + i * 1e-4, "lon": 104.76,
               "kerawanan_level": "tinggi", "status": "rencana"} for i in range(n_events)]
    posts = [{"id": "p1", "event_id": 0, "name": "Pos Ampera", "lat": -2.9905, "lon": 104.7625,
              "required": 4, "filled": 1}]
    return MapData.from_reference(events=events, posts=posts, heat={"16.71.17": 3}, heat_label="2026",
                                  tile_url="mbtiles:/{z}/{x}/{y}.png")


def test_page_has_no_remote_address_and_uses_local_assets():
    html = build_page_html(sample_data())
    assert not re.findall(r"https?://", html), re.findall(r"https?://\S+", html)[:5]
    assert "//cdn" not in html and "jsdelivr" not in html and "cdnjs" not in html
    srcs = re.findall(r'<script src="([^"]+)"', html) + re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert srcs and all(s.startswith("antasena:/") for s in srcs), srcs
    assert "antasena:/web/vendor/leaflet.markercluster/leaflet.markercluster.js" in srcs
    assert "antasena:/qt/qwebchannel.js" in srcs
    assert "mbtiles:/{z}/{x}/{y}.png" in html
    assert "SKEMATIK" in html                    # schematic boundaries are labelled
    assert "</script> " not in html.split("antasenaInit(")[1]   # payload is escaped
    # folium's class-level defaults are untouched (we override per instance only)
    assert folium.Map.default_js == CDN_DEFAULT_JS and folium.Map.default_css == CDN_DEFAULT_CSS


def test_page_language_follows_i18n():
    from antasena_desktop import i18n
    assert "Pos pengamanan" in build_page_html(MapData())
    i18n.set_language("en")
    try:
        assert "Security posts" in build_page_html(MapData())
    finally:
        i18n.set_language("id")


def test_heat_counts_uses_code_or_locate():
    evs = [{"lat": -3.0215, "lon": 104.7880}, {"lat": 0, "lon": 0, "kecamatan_code": "16.71.01"},
           {"lat": -3.0216, "lon": 104.7881}]
    assert heat_counts(evs) == {"16.71.17": 2, "16.71.01": 1}


def make_mbtiles(path, tiles: dict[tuple[int, int, int], bytes]):
    create_mbtiles(path, name="test")
    db = MBTiles(path, writable=True)
    for (z, x, y), data in tiles.items():
        db.put_tile(z, x, y, data)
    db.close()
    return path


def test_mbtiles_roundtrip_and_tms_flip(tmp_path):
    p = make_mbtiles(tmp_path / "t.mbtiles", {(12, 3262, 2081): b"\x89PNG-a", (12, 3263, 2081): b"\x89PNG-b"})
    info = validate_mbtiles(p)
    assert info.tile_count == 2 and info.zoom_levels == (12,) and info.name == "test"
    con = sqlite3.connect(p)
    rows = {(z, x, r) for z, x, r in con.execute("SELECT zoom_level, tile_column, tile_row FROM tiles")}
    con.close()
    assert (12, 3262, tms_row(12, 2081)) in rows and tms_row(12, 2081) == 4095 - 2081
    db = MBTiles(p)
    assert db.get_tile(12, 3262, 2081) == b"\x89PNG-a" and db.get_tile(12, 3262, 2080) is None
    db.close()
    copy = import_mbtiles(p, tmp_path / "tiles", "palembang.mbtiles")
    assert copy.path.name == "palembang.mbtiles" and copy.tile_count == 2


def test_mbtiles_validation_messages(tmp_path):
    with pytest.raises(UserError) as e:
        validate_mbtiles(tmp_path / "missing.mbtiles")
    assert "tidak ditemukan" in e.value.text.render("id")
    txt = tmp_path / "x.mbtiles"
    txt.write_text("hello")
    with pytest.raises(UserError) as e:
        validate_mbtiles(txt)
    assert "SQLite" in e.value.text.render("en")
    other = tmp_path / "other.sqlite"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE foo (a)")
    con.commit()
    con.close()
    with pytest.raises(UserError) as e:
        validate_mbtiles(other)
    assert "tiles" in e.value.text.render("en") and "bukan MBTiles" in e.value.text.render("id")


def test_core_never_imports_qt():
    import subprocess
    import sys
    code = ("import sys; import antasena_desktop.geo, antasena_desktop.geo.mbtiles, antasena_desktop.mapping;"
            "from antasena_desktop.mapping import MapData, build_page_html; build_page_html(MapData.from_reference());"
            "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]; print(bad); "
            "sys.exit(1 if bad else 0)")
    from pathlib import Path
    root = Path(__file__).resolve().parents[2]
    res = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr


def test_geo_layers_and_boundary_collection():
    import json as _json
    from antasena_desktop.geo import default_geo_layers, schematic_boundaries
    from antasena_desktop.mapping import boundary_collection
    layers = default_geo_layers()
    assert set(layers) == {"kota", "musi", "jalan"}
    assert _json.loads(layers["kota"])["features"][0]["properties"]["geometry_source"] == "skematik"
    bs = schematic_boundaries()
    fc = boundary_collection([(c, c, _json.dumps(g)) for c, g in bs.kecamatan.items()], "kecamatan", "skematik")
    assert len(fc["features"]) == 18


def test_missing_assets_are_reported(tmp_path):
    from ui.map.schemes import REQUIRED_ASSETS, missing_assets
    assert missing_assets(tmp_path) == list(REQUIRED_ASSETS)
    assert missing_assets() == []          # installed by scripts/install_web_assets.sh
