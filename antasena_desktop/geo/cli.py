"""`antasena import boundaries|tiles` and `antasena map-snapshot`."""
from __future__ import annotations

import argparse
import importlib
import json
from pathlib import Path

from antasena_desktop.cli_support import open_and_login, open_db
from antasena_desktop.importing.cli import SUBPARSERS_ATTR, get_or_create_import_parser


def register(subparsers, common: argparse.ArgumentParser) -> None:
    kinds = getattr(get_or_create_import_parser(subparsers), SUBPARSERS_ATTR)
    boundaries = kinds.add_parser("boundaries", parents=[common], help="impor batas wilayah (GeoJSON WGS84)")
    boundaries.add_argument("file", metavar="FILE")
    boundaries.add_argument("--level", required=True, choices=["kecamatan", "kelurahan", "kota"])
    boundaries.add_argument("--dry-run", action="store_true")
    boundaries.add_argument("--report", metavar="FILE.json")
    boundaries.set_defaults(func=_boundaries)
    tiles = kinds.add_parser("tiles", parents=[common], help="impor ubin peta dari berkas MBTiles")
    tiles.add_argument("file", metavar="FILE.mbtiles")
    tiles.set_defaults(func=_tiles)
    snapshot = subparsers.add_parser("map-snapshot", parents=[common], help="simpan gambar peta (PNG) untuk cetakan")
    snapshot.add_argument("--event", default=None, metavar="ID")
    snapshot.add_argument("-o", "--output", required=True, metavar="FILE.png")
    snapshot.add_argument("--width", type=int, default=1600)
    snapshot.add_argument("--height", type=int, default=1100)
    snapshot.set_defaults(func=_snapshot)


def _boundaries(args) -> int:
    from antasena_desktop.services.geo_store import import_boundary_file

    database, actor = open_and_login(args)
    with database.session() as session:
        report = import_boundary_file(session, actor, args.file, args.level, dry_run=args.dry_run)
    print(report.summary("id"))
    if args.report:
        Path(args.report).write_text(json.dumps(report.as_dict(), ensure_ascii=False, indent=2), encoding="utf-8")
    return 0 if report.ok else 2


def _tiles(args) -> int:
    from antasena_desktop.services.system import import_tiles

    database, actor = open_and_login(args)
    print(import_tiles(database, actor, args.file).note)
    return 0


def _snapshot(args) -> int:
    from antasena_desktop.mapping.from_db import event_marker, map_data
    from antasena_desktop.planning.board import events_plan
    from antasena_desktop.services.events import find_event

    database = open_db(args)
    with database.session() as session:
        if args.event:
            event = find_event(session, args.event)
            plan = events_plan(session, [event.id])
            posts = [{"id": p.id, "event_id": p.event_id, "name": p.name, "lat": p.lat, "lon": p.lon,
                      "required": p.required, "filled": p.filled} for e in plan for p in e.posts]
            data = map_data(session, events=[event_marker(event)], posts=posts)
        else:
            data = map_data(session)
    data.fit_city = not args.event
    snapshot = importlib.import_module("ui.map.snapshot")
    snapshot.render_snapshot(data, args.output, size=(args.width, args.height))
    print(f"Peta disimpan: {args.output}")
    return 0
