"""`antasena import boundaries|tiles` (map-snapshot needs Qt: ui/commands.py)."""
from __future__ import annotations

import argparse
import json

from antasena_desktop.cli_support import open_and_login
from antasena_desktop.commands.importing import SUBPARSERS_ATTR, get_or_create_import_parser
from antasena_desktop.services.security import Permission


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


def _boundaries(args) -> int:
    from antasena_desktop.services.geo_store import import_boundary_file

    database, actor = open_and_login(args, Permission.EDIT_SETTINGS)
    with database.session() as session:
        report = import_boundary_file(session, actor, args.file, args.level, dry_run=args.dry_run)
    print(report.summary("id"))
    if args.report:
        from antasena_desktop.files import write_private_text
        write_private_text(args.report, json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    return 0 if report.ok else 2


def _tiles(args) -> int:
    from antasena_desktop.services.system import import_tiles

    database, actor = open_and_login(args)
    print(import_tiles(database, actor, args.file).note)
    return 0
