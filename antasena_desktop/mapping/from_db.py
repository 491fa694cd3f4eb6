"""MapData from the database: stored boundaries (or the schematic ones), layers, units, events, posts."""
from __future__ import annotations

import json
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from antasena_desktop.geo.boundaries import BoundarySet, schematic_boundaries
from antasena_desktop.mapping.page import MapData
from antasena_desktop.services.settings import load as load_settings
from antasena_desktop.timefmt import format_date_id, now_utc
from db.models import Event, GeoLayer, Kecamatan, Kelurahan, Unit

MBTILES_URL = "mbtiles:/{z}/{x}/{y}.png"


@lru_cache(maxsize=4)
def _schematic(key: tuple) -> BoundarySet:
    kelurahan, outline = key
    return schematic_boundaries(list(kelurahan), json.loads(outline) if outline else None)


def boundary_set(session: Session) -> BoundarySet:
    """Imported boundaries where every kecamatan has one; otherwise the schematic map (cached)."""
    kec = session.execute(select(Kecamatan.code, Kecamatan.geometry_geojson, Kecamatan.geometry_source)).all()
    outline_row = session.get(GeoLayer, "kota")
    outline = outline_row.geojson if outline_row else None
    if kec and all(geom and source == "impor" for _c, geom, source in kec):
        kel = session.execute(select(Kelurahan.code, Kelurahan.geometry_geojson)
                              .where(Kelurahan.geometry_source == "impor")).all()
        return BoundarySet({c: json.loads(g) for c, g, _s in kec}, {c: json.loads(g) for c, g in kel if g},
                           json.loads(outline) if outline else {"type": "GeometryCollection", "geometries": []},
                           source="impor")
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
    has_tiles = bool(settings.tile_url) or bool(settings.mbtiles_path and Path(settings.mbtiles_path).exists())
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
