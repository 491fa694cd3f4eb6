"""Build the offline map page (HTML) with folium from plain data. Pure: no Qt.

The page loads Leaflet, leaflet.markercluster and our antasena_map.js/.css from `asset_base`
(by default the app's own `antasena:` scheme), never from a CDN. folium's default JS/CSS lists
are replaced on each Map instance (never class-level). Markers are created by antasena_map.js
from the JSON data embedded in the page, so the same code path serves the first paint and the
incremental updates (`window.antasena.addEvent(...)` etc.).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

import branca.element
import folium
import jinja2

from ..i18n import T
from ..geo.boundaries import BoundarySet, Locator, as_geometry, locate
from ..geo.reference import CITY_CENTER

#: Where the page's assets are served from (ui/map/schemes.py serves resources/web/ there).
ASSET_BASE = "antasena:/web/"
#: qwebchannel.js, served by the scheme handler from Qt's resources.
QWEBCHANNEL_URL = "antasena:/qt/qwebchannel.js"

def _default_kerawanan() -> list[dict]:
    try:
        from ..domain.catalog import KERAWANAN_DEFAULT
        return [dict(x) for x in KERAWANAN_DEFAULT]
    except ImportError:     # pragma: no cover - the catalog is part of the core
        return [{"level": 1, "id": "Aman", "en": "Safe", "color": "#2e7d32"},
                {"level": 2, "id": "Rawan", "en": "Vulnerable", "color": "#f9a825"},
                {"level": 3, "id": "Sangat Rawan", "en": "Highly vulnerable", "color": "#c62828"}]


#: Default kerawanan scale (domain catalog): [{level, id, en, color}, ...]
KERAWANAN_LEVELS = _default_kerawanan()


@dataclass
class MapData:
    """Everything the map shows. Plain data only (GeoJSON dicts, lists of dicts).

    kecamatan / kelurahan: FeatureCollections with properties `code`, `name`.
    city_outline: a GeoJSON geometry, Feature or FeatureCollection.
    river / roads: FeatureCollections (LineStrings).
    units: [{id, name, kind ('polrestabes'|'polsek'|...), lat, lon, approximate?}]
    events: [{id, title, lat, lon, kerawanan_level, status, ...}]
    posts: [{id, event_id, name, lat, lon, required, filled}]
    heat: {kecamatan_code: count} for the choropleth; heat_label e.g. "Jan–Mar 2026".
    kerawanan_scale: [{level, id, en, color}] (default: the domain catalog's scale) — event colours + legend.
    status_labels: {status_code: label} shown in event tooltips (default: the domain catalog, current language).
    tile_url: e.g. "mbtiles:/{z}/{x}/{y}.png" (None = no base map).
    """
    kecamatan: dict | None = None
    kelurahan: dict | None = None
    city_outline: dict | None = None
    river: dict | None = None
    roads: dict | None = None
    units: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    posts: list[dict] = field(default_factory=list)
    heat: dict[str, int] | None = None
    heat_label: str = ""
    kerawanan_scale: list[dict] | None = None
    status_labels: dict[str, str] | None = None
    boundaries_schematic: bool = False
    tile_url: str | None = None
    tile_attribution: str = ""
    tile_min_zoom: int = 0
    tile_max_zoom: int = 18
    center: tuple[float, float] = CITY_CENTER
    zoom: int = 12
    fit_city: bool = False
    collapse_layers: bool = False          # layer list as a button (narrow maps, e.g. the planning board)
    collapse_legend: bool = False          # legend starts folded to its title (the planning board)
    show_kelurahan: bool = False
    title: str = "Antasena — Peta"

    @classmethod
    def from_reference(cls, boundaries: BoundarySet | None = None, **kw: Any) -> "MapData":
        """MapData prefilled from resources/geo (schematic boundaries unless `boundaries` given)."""
        from ..geo.boundaries import schematic_boundaries
        from ..geo.reference import kecamatan_list, kelurahan_list, load_polsek, split_musi_and_roads
        bs = boundaries or schematic_boundaries()
        names = {w.code: w.name for w in [*kecamatan_list(), *kelurahan_list()]}
        river, roads = split_musi_and_roads()
        units = [{"id": p.code, "name": p.name, "kind": p.kind, "lat": p.lat, "lon": p.lon,
                  "approximate": p.approximate} for p in load_polsek()]
        base = dict(kecamatan=bs.feature_collection("kecamatan", names),
                    kelurahan=bs.feature_collection("kelurahan", names),
                    city_outline=bs.outline, river=river, roads=roads, units=units,
                    boundaries_schematic=bs.schematic)
        base.update(kw)
        return cls(**base)


def boundary_collection(rows: Iterable[tuple[str, str, str | dict]], level: str, source: str = "impor") -> dict:
    """FeatureCollection from database rows (code, name, geometry_geojson) for MapData.kecamatan/kelurahan."""
    feats = []
    for code, name, geom in rows:
        if not geom:
            continue
        g = json.loads(geom) if isinstance(geom, str) else geom
        feats.append({"type": "Feature", "geometry": g,
                      "properties": {"code": code, "name": name, "level": level, "geometry_source": source}})
    return {"type": "FeatureCollection", "features": feats}


def heat_counts(events: Iterable[Mapping], locator: Locator | None = None) -> dict[str, int]:
    """Events per kecamatan (uses `kecamatan_code` of the event when present, else locate())."""
    out: dict[str, int] = {}
    for ev in events:
        code = ev.get("kecamatan_code") or locate(float(ev["lat"]), float(ev["lon"]), locator).kecamatan_code
        if code:
            out[code] = out.get(code, 0) + 1
    return out


def labels() -> dict[str, str]:
    """Page texts in the current language."""
    t = {
        "layer_outline": T("Batas kota", "City boundary"),
        "layer_kecamatan": T("Kecamatan", "Districts (kecamatan)"),
        "layer_kelurahan": T("Kelurahan", "Sub-districts (kelurahan)"),
        "layer_river": T("Sungai Musi (perkiraan)", "Musi river (approximate)"),
        "layer_roads": T("Jalan utama (perkiraan)", "Main roads (approximate)"),
        "layer_heat": T("Kepadatan kegiatan per kecamatan", "Events per district"),
        "layer_units": T("Polrestabes / Polsek", "Police HQ / stations"),
        "layer_events": T("Kegiatan", "Events"),
        "layer_posts": T("Pos pengamanan", "Security posts"),
        "base_tiles": T("Peta dasar (offline)", "Base map (offline)"),
        "base_blank": T("Tanpa peta dasar", "No base map"),
        "schematic": T("Batas wilayah SKEMATIK — perkiraan, bukan batas resmi",
                       "SCHEMATIC boundaries — approximate, not official"),
        "schematic_hint": T("Impor batas resmi (GeoJSON) di menu Data Wilayah.",
                            "Import official boundaries (GeoJSON) in the Area Data menu."),
        "legend": T("Legenda", "Legend"),
        "posts_short": T("pos", "posts"),
        "legend_show": T("Tampilkan legenda", "Show the legend"),
        "legend_hide": T("Sembunyikan legenda", "Hide the legend"),
        "legend_events": T("Kegiatan (kerawanan)", "Events (risk level)"),
        "legend_posts": T("Pos (personel terisi)", "Posts (personnel filled)"),
        "legend_units": T("Polrestabes / Polsek", "Police HQ / stations"),
        "post_empty": T("Belum terisi", "Empty"),
        "post_partial": T("Sebagian", "Partly filled"),
        "post_full": T("Lengkap", "Complete"),
        "kerawanan": T("Kerawanan", "Risk level"),
        "status": T("Status", "Status"),
        "personel": T("Personel", "Personnel"),
        "approx": T("lokasi perkiraan", "approximate location"),
    }
    return {k: str(v) for k, v in t.items()}


def _fc(obj: dict | None) -> dict | None:
    if obj is None:
        return None
    if obj.get("type") == "FeatureCollection":
        return obj
    if obj.get("type") == "Feature":
        return {"type": "FeatureCollection", "features": [obj]}
    return {"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": obj, "properties": {}}]}


def _levels(scale: list[dict] | None) -> list[list]:
    """[[level, label in the current language, colour], ...] for the page."""
    from ..i18n import current_language
    lang = current_language()
    out = []
    for row in scale or KERAWANAN_LEVELS:
        label = row.get(lang) or row.get("id") or row.get("label") or str(row.get("level"))
        out.append([str(row.get("level")), str(label), str(row.get("color") or "#757575")])
    return out


def _status_labels() -> dict[str, str]:
    from ..i18n import current_language
    try:
        from ..domain.catalog import EVENT_STATUSES
    except ImportError:     # pragma: no cover
        return {}
    return {t.code: t.label(current_language()) for t in EVENT_STATUSES}


def _js_hook(js: str) -> branca.element.MacroElement:
    hook = branca.element.MacroElement()
    hook._template = jinja2.Template("{% macro script(this, kwargs) %}" + js + "{% endmacro %}")
    return hook


def _label_points(fc: dict | None) -> list[dict]:
    out = []
    for f in (fc or {}).get("features", []):
        try:
            p = as_geometry(f["geometry"]).representative_point()
        except Exception:
            continue
        out.append({"code": f["properties"].get("code"), "name": f["properties"].get("name", ""),
                    "lat": round(p.y, 6), "lon": round(p.x, 6)})
    return out


def _num(v: Any, default: float = 0.0) -> float:
    try:
        return float(v)
    except (TypeError, ValueError):
        return default


def _clean_points(items: Iterable[Mapping], required_keys: tuple[str, ...] = ("id", "lat", "lon")) -> list[dict]:
    out = []
    for it in items:
        d = {k: v for k, v in dict(it).items() if isinstance(v, (str, int, float, bool, type(None)))}
        if "lng" in d and "lon" not in d:
            d["lon"] = d.pop("lng")
        if any(d.get(k) is None for k in required_keys):
            continue
        d["lat"], d["lon"] = _num(d["lat"]), _num(d["lon"])
        out.append(d)
    return out


def build_map(data: MapData, asset_base: str = ASSET_BASE, qwebchannel_url: str | None = QWEBCHANNEL_URL
              ) -> folium.Map:
    """The folium Map object (call `.get_root().render()` for HTML, or use `build_page_html`)."""
    m = folium.Map(location=list(data.center), zoom_start=data.zoom, tiles=None, prefer_canvas=True,
                   control_scale=False, maxZoom=19, minZoom=9, zoomSnap=0.25, zoomDelta=0.5)
    # Per-instance asset lists: folium's class-level defaults point at CDNs.
    m.default_js = [("leaflet", asset_base + "vendor/leaflet/leaflet.js"),
                    ("markercluster", asset_base + "vendor/leaflet.markercluster/leaflet.markercluster.js")]
    m.default_css = [("leaflet_css", asset_base + "vendor/leaflet/leaflet.css"),
                     ("markercluster_css", asset_base + "vendor/leaflet.markercluster/MarkerCluster.css"),
                     ("markercluster_default_css", asset_base + "vendor/leaflet.markercluster/MarkerCluster.Default.css"),
                     ("antasena_css", asset_base + "antasena_map.css")]
    root = m.get_root()
    root.title = data.title
    if qwebchannel_url:
        root.header.add_child(folium.JavascriptLink(qwebchannel_url), name="qwebchannel")
    root.header.add_child(folium.JavascriptLink(asset_base + "antasena_map.js"), name="antasena_js")

    refs: dict[str, str | None] = dict.fromkeys(("tiles", "outline", "kecamatan", "kelurahan", "river", "roads"))
    if data.tile_url:
        tl = folium.TileLayer(tiles=data.tile_url, attr=data.tile_attribution or "offline", name="tiles",
                              min_zoom=data.tile_min_zoom, max_zoom=19, max_native_zoom=data.tile_max_zoom,
                              control=False, overlay=False)
        tl.add_to(m)
        refs["tiles"] = tl.get_name()
    lab = labels()
    kel = _fc(data.kelurahan)
    if kel and kel.get("features"):
        g = folium.GeoJson(kel, name=lab["layer_kelurahan"], control=False, show=data.show_kelurahan,
                           style_function=lambda f: {"color": "#546e7a", "weight": 0.7, "fillOpacity": 0.0,
                                                     "dashArray": "3 3"},
                           tooltip=folium.GeoJsonTooltip(fields=["name", "code"], aliases=[str(T("Kelurahan", "Sub-district")), str(T("Kode", "Code"))]))
        g.add_to(m)
        refs["kelurahan"] = g.get_name()
    kec = _fc(data.kecamatan)
    if kec and kec.get("features"):
        g = folium.GeoJson(kec, name=lab["layer_kecamatan"], control=False,
                           style_function=lambda f: {"color": "#37474f", "weight": 1.6, "fillColor": "#90a4ae",
                                                     "fillOpacity": 0.08},
                           highlight_function=lambda f: {"weight": 3, "fillOpacity": 0.18},
                           tooltip=folium.GeoJsonTooltip(fields=["name", "code"], aliases=[str(T("Kecamatan", "District")), str(T("Kode", "Code"))]))
        g.add_to(m)
        refs["kecamatan"] = g.get_name()
    outline = _fc(data.city_outline)
    if outline and outline.get("features"):
        g = folium.GeoJson(outline, name=lab["layer_outline"], control=False, interactive=False,
                           style_function=lambda f: {"color": "#263238", "weight": 3, "fill": False})
        g.add_to(m)
        refs["outline"] = g.get_name()
    for key_, fc, style in (("river", data.river, {"color": "#1e88e5", "weight": 7, "opacity": 0.75}),
                            ("roads", data.roads, {"color": "#8d6e63", "weight": 3, "opacity": 0.8})):
        fc = _fc(fc)
        if fc and fc.get("features"):
            g = folium.GeoJson(fc, name=lab["layer_" + key_], control=False,
                               style_function=lambda f, s=style: dict(s),
                               tooltip=folium.GeoJsonTooltip(fields=["name"], labels=False))
            g.add_to(m)
            refs[key_] = g.get_name()

    payload = {
        "labels": lab,
        "schematic": bool(data.boundaries_schematic),
        "kecamatan": kec,
        "kecamatanLabels": _label_points(kec),
        "events": _clean_points(data.events),
        "posts": _clean_points(data.posts),
        "units": _clean_points(data.units),
        "heat": data.heat or None,
        "heatLabel": data.heat_label,
        "levels": _levels(data.kerawanan_scale),
        "statusLabels": data.status_labels if data.status_labels is not None else _status_labels(),
        "fit": data.fit_city,
        "collapseLayers": data.collapse_layers,
        "collapseLegend": data.collapse_legend,
    }
    refs_js = "{" + ",".join(f"{k}: {v or 'null'}" for k, v in refs.items()) + "}"
    payload_js = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    js = f"antasenaInit({m.get_name()}, {refs_js}, {payload_js});"
    m.add_child(_js_hook(js))   # added last: runs after the map and every layer exist
    return m


def build_page_html(data: MapData, asset_base: str = ASSET_BASE, qwebchannel_url: str | None = QWEBCHANNEL_URL) -> str:
    """The complete map page. Contains no remote (http/https) address."""
    return build_map(data, asset_base, qwebchannel_url).get_root().render()
