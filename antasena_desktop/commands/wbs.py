"""`antasena wbs …`: the WBS workspace on the command line (its own database, default wbs.db).

`submit` and `track` are the reporter's paths (no account); everything else acts as a WBS account
(`--user`, password from ANTASENA_PASSWORD or a prompt), checked and audited like a desk login.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date, datetime
from pathlib import Path

from antasena_desktop.cli_support import password_from_env_or_prompt
from antasena_desktop.i18n import T, Text, UserError


def register(subparsers, common: argparse.ArgumentParser) -> None:
    wbs = subparsers.add_parser("wbs", help="Whistleblowing System Inspektorat (basis data tersendiri)")
    sub = wbs.add_subparsers(dest="wbs_command", metavar="AKSI")

    init = sub.add_parser("init", parents=[common], help="siapkan basis data WBS, kunci escrow dan akun admin")
    init.add_argument("--admin-password", default=None, help="kata sandi akun admin (atau ANTASENA_PASSWORD)")
    init.add_argument("--sheet", default=None, metavar="FILE", help="berkas lembar pemulihan (0600)")
    init.set_defaults(func=_init)

    submit = sub.add_parser("submit", parents=[common], help="kirim laporan (jalur pelapor, tanpa akun)")
    submit.add_argument("--json", required=True, metavar="FILE", dest="json_file")
    submit.add_argument("--attach", action="append", default=[], metavar="FILE")
    submit.set_defaults(func=_submit)

    track = sub.add_parser("track", parents=[common], help="lacak laporan dengan kode tanda terima")
    track.add_argument("--receipt", required=True)
    track.add_argument("--json", action="store_true", dest="as_json")
    track.set_defaults(func=_track)


# ---------------------------------------------------------------- helpers

def open_wbs(args):
    from db.wbs.database import open_wbs_database
    return open_wbs_database(getattr(args, "db", None))


def jsonable(value):
    if isinstance(value, Text):
        return value.render("id")
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return {k: jsonable(getattr(value, k)) for k in value.__dataclass_fields__}
    if hasattr(value, "value") and not isinstance(value, (int, float, str)):
        return value.value
    return value


def print_json(value) -> None:
    print(json.dumps(jsonable(value), ensure_ascii=False, indent=2))


# ---------------------------------------------------------------- init / submit / track

def _init(args) -> int:
    from antasena_desktop.wbs import setup
    from db.engine import data_dir, sqlite_path

    password = args.admin_password or os.environ.get("ANTASENA_PASSWORD")
    if not password:
        password = password_from_env_or_prompt("admin")
    database = open_wbs(args)
    db_file = sqlite_path(database.url)
    sheet = Path(args.sheet) if args.sheet else (db_file.parent if db_file else data_dir()) / setup.SHEET_NAME
    with database.session() as session:
        done = setup.initialise(session, password, sheet, database.describe())
    database.close()
    print(T("Basis data WBS siap: {d}. Akun pertama: admin (Administrator sistem).",
            "The WBS database is ready: {d}. First account: admin (system administrator).",
            d=database.describe()).render())
    print(T("Lembar pemulihan (0600): {p}", "Recovery sheet (0600): {p}", p=str(done.sheet_path)).render())
    print(T("Kunci pemulihan — dicetak sekali, simpan di brankas:", "Recovery key — printed once, keep it in a safe:").render())
    print(f"    {done.recovery_key}")
    return 0


def _read_form(path: str) -> dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(T("Berkas {f} tidak ada.", "No file {f}.", f=path)) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise UserError(T("Berkas {f} bukan JSON yang sah: {e}.", "The file {f} is not valid JSON: {e}.",
                          f=path, e=str(exc))) from None


def _submit(args) -> int:
    from antasena_desktop.wbs import intake

    form = _read_form(args.json_file)
    intake.validate_form(form)                      # refuse before opening anything
    attachments = []
    for name in args.attach:
        path = Path(name)
        if not path.is_file():
            raise UserError(T("Lampiran {f} tidak ada.", "The attachment {f} does not exist.", f=name))
        attachments.append(intake.Attachment(path.name, "", path.read_bytes()))
    database = open_wbs(args)
    with database.session() as session:
        done = intake.submit_report(session, form, attachments, source="cli")
    database.close()
    print(T("Laporan {r} diterima. Simpan kode tanda terima: hanya ditampilkan sekali dan tidak dapat dipulihkan.",
            "Report {r} received. Keep the receipt code: it is shown once and cannot be recovered.",
            r=done.reference).render())
    print(f"receipt: {done.receipt}")
    return 0


def _track(args) -> int:
    from antasena_desktop.timefmt import format_date_id, format_datetime_wib
    from antasena_desktop.wbs import intake

    database = open_wbs(args)
    with database.session() as session:
        view = intake.track(session, args.receipt, source="cli")
    database.close()
    if args.as_json:
        print_json({"reference": view.reference, "stage": view.stage, "status": view.status_label.render("id"),
                    "status_en": view.status_label.render("en"), "submitted_on": view.submitted_on,
                    "last_update": view.last_update, "identity_given": view.identity_given,
                    "can_reply": view.can_reply, "attachments": view.attachments,
                    "messages": [{"at": m.at, "sender": m.sender, "text": m.text} for m in view.messages]})
        return 0
    print(f"{view.reference}: {view.status_label}")
    print(T("Dikirim {a}; pembaruan terakhir {b}.", "Filed {a}; last update {b}.",
            a=format_date_id(view.submitted_on), b=format_date_id(view.last_update)).render())
    for m in view.messages:
        who = T("Anda", "You") if m.sender == "reporter" else T("Tim WBS", "WBS team")
        print(f"[{format_datetime_wib(m.at)}] {who}: {m.text}")
    if view.attachments:
        print(T("Lampiran: {a}", "Attachments: {a}", a=", ".join(view.attachments)).render())
    return 0
