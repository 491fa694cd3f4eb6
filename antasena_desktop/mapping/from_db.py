"""MapData from the database: stored boundaries (or the schematic ones), layers, units, events, posts."""
from __future__ import annotations

import json
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from antasena_desktop.geo.boundaries import BoundarySet, schematic_boundaries
from antasena_desktop.geo.shipped import SHIPPED, shipped_boundaries
from antasena_desktop.mapping.page import MapData
from antasena_desktop.services.settings import basemap_choice, load as load_settings
from antasena_desktop.timefmt import format_date_id, now_utc
from db.models import Event, GeoLayer, Kecamatan, Kelurahan, Unit

MBTILES_URL = "mbtiles:/{z}/{x}/{y}.png"


@lru_cache(maxsize=4)
def _schematic(key: tuple) -> BoundarySet:
    kelurahan, outline = key
    return schematic_boundaries(list(kelurahan), json.loads(outline) if outline else None)


def boundary_set(session: Session) -> BoundarySet:
    """Per level: imported polygons where every code has one, else the shipped real boundaries of Palembang;
    the schematic map only when neither exists (e.g. the resources are missing)."""
    kec = session.execute(select(Kecamatan.code, Kecamatan.geometry_geojson, Kecamatan.geometry_source)).all()
    kel = session.execute(select(Kelurahan.code, Kelurahan.geometry_geojson, Kelurahan.geometry_source)).all()
    outline_row = session.get(GeoLayer, "kota")
    imported_outline = json.loads(outline_row.geojson) if outline_row and outline_row.source == "impor" else None
    shipped = shipped_boundaries()
    kec_imported = bool(kec) and all(geom and source == "impor" for _c, geom, source in kec)
    kel_imported = bool(kel) and all(geom and source == "impor" for _c, geom, source in kel)
    if shipped is not None or kec_imported:
        base = shipped or BoundarySet({}, {}, {"type": "GeometryCollection", "geometries": []})
        kec_geoms = {c: json.loads(g) for c, g, _s in kec} if kec_imported else dict(base.kecamatan)
        kel_geoms = dict(base.kelurahan)
        kel_geoms.update({c: json.loads(g) for c, g, source in kel if g and source == "impor"})
        if kel_imported:
            kel_geoms = {c: json.loads(g) for c, g, _s in kel}
        outline = imported_outline or base.outline
        source = "impor" if kec_imported else SHIPPED
        return BoundarySet(kec_geoms, kel_geoms, outline, source=source)
    outline = outline_row.geojson if outline_row else None
    centroids = tuple(session.execute(select(Kelurahan.code, Kelurahan.kecamatan_code, Kelurahan.lat, Kelurahan.lon)
                                      .order_by(Kelurahan.code)).all())
    if not centroids:
        return schematic_boundaries(outline=json.loads(outline) if outline else None)
    return _schematic((tuple(tuple(r) for r in centroids), outline))


def _layer(session: Session, key: str) -> dict | None:
    row = session.get(GeoLayer, key)
    return json.loads(row.geojson) if row else None


def map_data(session: Session, *, events: list[dict] | None = None, posts: list[dict] | None = None,
             heat_days: int = 90, now: datetime | None = None) -> MapData:
    """The whole map; `events`/`posts` default to the next 14 days' events (posts are passed by the board)."""
    from antasena_desktop.geo.reference import split_musi_and_roads

    now = now or now_utc()
    boundaries = boundary_set(session)
    names = dict(session.execute(select(Kecamatan.code, Kecamatan.name)).all())
    names.update(session.execute(select(Kelurahan.code, Kelurahan.name)).all())
    river, roads = split_musi_and_roads()
    river = _layer(session, "musi") or river
    roads = _layer(session, "jalan") or roads
    units = [{"id": u.id, "name": u.name, "kind": u.kind, "lat": u.lat, "lon": u.lon}
             for u in session.scalars(select(Unit).where(Unit.deleted_at.is_(None), Unit.lat.is_not(None),
                                                         Unit.kind.in_(("polrestabes", "polsek"))))]
    if events is None:
        rows = session.scalars(select(Event).where(Event.deleted_at.is_(None), Event.lat.is_not(None),
                                                   Event.end_at > now, Event.start_at < now + timedelta(days=14)))
        events = [event_marker(e) for e in rows]
    since = now - timedelta(days=heat_days)
    heat = dict(session.execute(select(Event.kecamatan_code, func.count()).where(
        Event.deleted_at.is_(None), Event.start_at >= since, Event.start_at < now,
        Event.kecamatan_code.is_not(None)).group_by(Event.kecamatan_code)).all())
    settings = load_settings(session)
    choice = basemap_choice(settings)
    has_tiles = (choice == "cache" and bool(settings.tile_url)) or (
        choice != "none" and bool(settings.mbtiles_path and Path(settings.mbtiles_path).exists()))
    tile_url = MBTILES_URL if has_tiles else None
    return MapData(kecamatan=boundaries.feature_collection("kecamatan", names),
                   kelurahan=boundaries.feature_collection("kelurahan", names), city_outline=boundaries.outline,
                   river=river, roads=roads, units=units, events=events, posts=posts or [], heat=heat,
                   heat_label=f"{format_date_id(since)} – {format_date_id(now)}",
                   boundaries_schematic=boundaries.schematic, tile_url=tile_url)


def event_marker(event: Event) -> dict:
    return {"id": event.id, "title": event.title, "lat": event.lat, "lon": event.lon,
            "kerawanan_level": event.kerawanan_level, "status": event.status, "kind": event.kind,
            "kecamatan_code": event.kecamatan_code, "number": event.number,
            "start": event.start_at.isoformat(), "end": event.end_at.isoformat()}
