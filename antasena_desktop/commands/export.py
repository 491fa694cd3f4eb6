"""`antasena export personnel|events|posts|assignments` (needs a login: exports hold personal data)."""
from __future__ import annotations

import argparse
from pathlib import Path

from antasena_desktop.cli_support import open_and_login
from antasena_desktop.i18n import T, UserError
from antasena_desktop.services.export import FORMATS, WHATS, export_table
from antasena_desktop.services.security import Permission


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = subparsers.add_parser("export", parents=[common], help="ekspor tabel ke .csv/.xlsx (perlu --user)",
                              description="Ekspor personel, kegiatan, pos atau penugasan; kolom pertama id. "
                                          "Operator Satker hanya mendapat personel satuannya.")
    p.add_argument("what", choices=WHATS, help="tabel yang diekspor")
    p.add_argument("--event", metavar="ID", help="hanya untuk satu kegiatan (UUID atau nomor KEG/…)")
    p.add_argument("--format", choices=FORMATS, default=None, help="csv atau xlsx (bawaan: dari akhiran -o)")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="berkas tujuan")
    p.set_defaults(func=_export_command)


def _export_command(args: argparse.Namespace) -> int:
    fmt = args.format or Path(args.output).suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise UserError(T("Sebutkan --format csv atau xlsx.", "Give --format csv or xlsx."))
    database, actor = open_and_login(args, Permission.VIEW, why="read")
    with database.session() as session:
        count = export_table(session, args.what, fmt, args.output, event_id=args.event, actor=actor)
    print(f"{count} baris diekspor ke {args.output}.")
    return 0
