"""`antasena import ...` commands. Other importers add their kinds under the same `import` parser:

    from antasena_desktop.commands.importing import get_or_create_import_parser
    kinds = get_or_create_import_parser(subparsers).import_kinds    # the sub-subparsers object
    p = kinds.add_parser("boundaries", parents=[common], help="...")
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from antasena_desktop.importing.reader import DEFAULT_MAX_ROWS

SUBPARSERS_ATTR = "import_kinds"


def get_or_create_import_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """The `import` parser (created once); its sub-subparsers are `parser.import_kinds`."""
    parser = subparsers.choices.get("import")
    if parser is None:
        parser = subparsers.add_parser("import", help="impor data dari berkas (personel, batas wilayah, ubin peta)",
                                       description="Impor data dari berkas.")
        kinds = parser.add_subparsers(dest="import_kind", metavar="JENIS")
        setattr(parser, SUBPARSERS_ATTR, kinds)

        def _no_kind(_args: argparse.Namespace) -> int:
            parser.print_help(sys.stderr)
            return 2
        parser.set_defaults(func=_no_kind)
    return parser


def register(subparsers: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    kinds = getattr(get_or_create_import_parser(subparsers), SUBPARSERS_ATTR)
    p = kinds.add_parser("personnel", parents=[common], help="impor daftar personel dari .xlsx/.csv",
                         description="Impor daftar personel (.xlsx atau .csv). Semua-atau-tidak-sama-sekali: "
                                     "satu baris salah berarti tidak ada yang disimpan.")
    p.add_argument("file", metavar="FILE", help="berkas .xlsx atau .csv")
    p.add_argument("--dry-run", action="store_true", help="hanya periksa; tidak mengubah apa pun")
    p.add_argument("--update", action="store_true", help="perbarui personel yang NRP-nya sudah terdaftar")
    p.add_argument("--report", metavar="FILE.json", help="tulis laporan JSON yang dapat dibaca mesin")
    p.add_argument("--sheet", metavar="NAMA", help="nama lembar Excel (bawaan: lembar dengan judul kolom dikenali)")
    p.add_argument("--max-rows", type=int, default=DEFAULT_MAX_ROWS, metavar="N",
                   help=f"batas jumlah baris data (bawaan {DEFAULT_MAX_ROWS})")
    p.set_defaults(func=_personnel)


def _personnel(args: argparse.Namespace) -> int:
    from antasena_desktop.cli_support import open_and_login
    database, actor = open_and_login(args)
    return run_personnel_import(database, actor, args.file, dry_run=args.dry_run, update=args.update,
                                report_path=args.report, sheet=args.sheet, max_rows=args.max_rows)


def run_personnel_import(database, actor, file: str | Path, *, dry_run: bool = False, update: bool = False,
                         report_path: str | Path | None = None, sheet: str | None = None,
                         max_rows: int = DEFAULT_MAX_ROWS, out=None) -> int:
    """The command's body (testable without a login): 0 = applied or clean dry run, 2 = errors."""
    from antasena_desktop.importing.personnel_import import apply_import, plan_import
    out = out or sys.stdout
    with database.session() as session:
        plan = plan_import(session, actor.with_source("cli"), file, update=update, sheet=sheet, max_rows=max_rows)
        if plan.errors or dry_run:
            report = plan.report(applied=False)
            session.rollback()
        else:
            report = apply_import(plan).report
    if plan.refused_rows:                    # another unit's people: a refusal, audited with who and what
        from antasena_desktop.services import audit
        with database.session() as session:
            rows = ", ".join(map(str, plan.refused_rows[:20]))
            audit.record_refusal(session, actor.with_source("cli"), f"import personnel {Path(file).name}",
                                 f"{len(plan.refused_rows)} baris satuan lain (baris {rows})")
    if report_path:
        from antasena_desktop.files import write_private_text
        write_private_text(report_path, json.dumps(report, ensure_ascii=False, indent=2))
    _print_summary(report, dry_run, out)
    return 2 if report["errors"] else 0


def _print_summary(report: dict[str, Any], dry_run: bool, out) -> None:
    errors = report["errors"]
    if errors:
        print(f"Impor DIBATALKAN: {len(errors)} galat, tidak ada data yang diubah.", file=out)
        for e in errors[:10]:
            where = f"baris {e['row']}" if e["row"] else "berkas"
            column = f", kolom {e['column']}" if e.get("column") else ""
            print(f"  - {where}{column}: {e['message']}", file=out)
        if len(errors) > 10:
            print(f"  … dan {len(errors) - 10} galat lain (lihat --report).", file=out)
        return
    verb = "akan" if dry_run else "telah"
    print(f"Baris sah: {report['valid']}. Personel {verb} ditambahkan: {report['created']}, "
          f"{verb} diperbarui: {report['updated']}, tidak berubah: {report['unchanged']}.", file=out)
    for change in [c for c in report["changes"] if c["action"] == "update"][:10]:
        fields = "; ".join(f"{k}: {v['old']} → {v['new']}" for k, v in change["fields"].items())
        print(f"  - baris {change['row']} NRP {change['nrp']}: {fields}", file=out)
    if report["warnings"]:
        print(f"Peringatan: {len(report['warnings'])} (mis. kemungkinan nama ganda).", file=out)
        for w in report["warnings"][:5]:
            print(f"  - baris {w['row']}: {w['message']}", file=out)
    if dry_run:
        print("Uji coba (--dry-run): tidak ada data yang diubah.", file=out)
