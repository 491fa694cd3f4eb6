"""`antasena wbs …`: the WBS workspace on the command line (its own database, default wbs.db).

`submit` and `track` are the reporter's paths (no account); everything else acts as a WBS account
(`--user`, password from ANTASENA_PASSWORD or a prompt), checked and audited like a desk login.
"""
from __future__ import annotations

import argparse
import json
import os
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
    register_more(sub, common)

    from antasena_desktop.commands.wbs_serve import add_serve_parser   # the web intake (branch wbs-web)
    add_serve_parser(sub, common)


# ---------------------------------------------------------------- helpers

def open_wbs(args, create: bool = False):
    """The WBS database of `--db` (default wbs.db in the data folder); only init/demo create one."""
    from db.engine import sqlite_path
    from db.wbs.database import ForeignDatabase, default_wbs_url, open_wbs_database
    url = getattr(args, "db", None) or default_wbs_url()
    path = sqlite_path(url)
    if not create and path is not None and not path.exists():
        raise UserError(T("Basis data WBS {p} tidak ada: jalankan dulu `antasena wbs init`.",
                          "The WBS database {p} does not exist: run `antasena wbs init` first.", p=str(path)))
    try:
        return open_wbs_database(url)
    except ForeignDatabase as exc:
        raise UserError(T("Basis data ini milik Bag Ops, bukan WBS. WBS memakai berkas basis data tersendiri.",
                          "This is a Bag Ops database, not the WBS. The WBS uses a database file of its own.")) from exc


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
    database = open_wbs(args, create=True)
    db_file = sqlite_path(database.url)
    sheet = Path(args.sheet) if args.sheet else (db_file.parent if db_file else data_dir()) / setup.SHEET_NAME
    with database.session() as session:
        done = setup.initialise(session, password, sheet, database.describe())
    database.close()
    print(T("Basis data WBS siap: {d}. Akun pertama: admin (Administrator sistem).",
            "The WBS database is ready: {d}. First account: admin (system administrator).",
            d=database.describe()).render())
    print(T("Lembar pemulihan (0600): {p}", "Recovery sheet (0600): {p}", p=str(done.sheet_path)).render())
    from antasena_desktop.web.wbs_serve import ensure_intake_certificate   # TLS for `wbs serve`
    cert = ensure_intake_certificate(database.url)
    print(T("Sertifikat TLS kanal pelaporan: {p}; sidik jari SHA-256 (untuk poster): {f}",
            "TLS certificate of the reporting channel: {p}; SHA-256 fingerprint (for posters): {f}",
            p=str(cert.cert_path), f=cert.fingerprint).render())
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


# ---------------------------------------------------------------- acting as a WBS account

def login(args, database):
    """Log in as `--user` like the desk does (audited, lockout applies): (actor, keyring)."""
    from antasena_desktop.wbs import accounts

    username = getattr(args, "user", None)
    if not username:
        raise UserError(T("Perintah ini memerlukan akun WBS: sebutkan --user NAMA.",
                          "This command needs a WBS account: give --user NAME."))
    password = password_from_env_or_prompt(username)
    with database.session() as session:
        return accounts.login(session, username, password, source="cli")


def register_more(sub, common: argparse.ArgumentParser) -> None:
    case = sub.add_parser("case", help="perkara: daftar, buka, pindah tahap, pesan, catatan, penugasan")
    case_sub = case.add_subparsers(dest="case_command", metavar="AKSI")
    lst = case_sub.add_parser("list", parents=[common], help="daftar perkara (metadata saja)")
    lst.add_argument("--stage", default=None)
    lst.add_argument("--overdue", action="store_true")
    lst.add_argument("--mine", action="store_true", help="hanya yang ditugaskan kepada saya")
    lst.add_argument("--json", action="store_true", dest="as_json")
    lst.set_defaults(func=_case_list)
    show = case_sub.add_parser("show", parents=[common], help="buka perkara (tercatat di log audit)")
    show.add_argument("case", help="nomor (WBS/2026/0001) atau id")
    show.add_argument("--json", action="store_true", dest="as_json")
    show.set_defaults(func=_case_show)
    move = case_sub.add_parser("move", parents=[common], help="pindahkan perkara ke tahap berikutnya")
    move.add_argument("case")
    move.add_argument("--to", required=True, dest="to_stage")
    move.add_argument("--reason", default="")
    move.add_argument("--outcome", default=None)
    move.add_argument("--follow-up", default=None, dest="follow_up")
    move.add_argument("--wilayah", default=None)
    move.add_argument("--check", action="append", default=[], metavar="KRITERIA",
                      help="kriteria verifikasi yang terpenuhi (ulangi), atau 'semua'")
    move.add_argument("--json", action="store_true", dest="as_json")
    move.set_defaults(func=_case_move)
    msg = case_sub.add_parser("message", parents=[common], help="kirim pesan kepada pelapor")
    msg.add_argument("case")
    msg.add_argument("--text", required=True)
    msg.set_defaults(func=_case_message)
    note = case_sub.add_parser("note", parents=[common], help="catatan internal / telaahan / LHTL / verifikasi")
    note.add_argument("case")
    note.add_argument("--text", required=True)
    note.add_argument("--kind", default="note", choices=["note", "telaahan", "lhtl", "verifikasi"])
    note.set_defaults(func=_case_note)
    assign = case_sub.add_parser("assign", parents=[common], help="tetapkan penangan perkara (daftar lengkap)")
    assign.add_argument("case")
    assign.add_argument("usernames", nargs="*")
    assign.set_defaults(func=_case_assign)

    access = case_sub.add_parser("access", parents=[common], help="riwayat akses perkara (Inspektur)")
    access.add_argument("case")
    access.add_argument("--json", action="store_true", dest="as_json")
    access.set_defaults(func=_case_access)
    ident = case_sub.add_parser("identity", parents=[common],
                                help="identitas pelapor: request (dengan surat tugas), decide (Inspektur), show")
    ident.add_argument("action", choices=["request", "decide", "show"])
    ident.add_argument("case")
    ident.add_argument("--legal-basis", default="", help="nomor surat tugas Wali Kota (request)")
    ident.add_argument("--approve", action="store_true", help="setujui permintaan (decide)")
    ident.add_argument("--reject", action="store_true", help="tolak permintaan (decide)")
    ident.add_argument("--note", default="")
    ident.set_defaults(func=_case_identity)

    audit_p = sub.add_parser("audit", help="log audit WBS")
    audit_sub = audit_p.add_subparsers(dest="audit_command", metavar="AKSI")
    verify = audit_sub.add_parser("verify", parents=[common], help="periksa rantai hash log audit")
    verify.set_defaults(func=_audit_verify)

    user = sub.add_parser("user", help="akun Tim WBS")
    user_sub = user.add_subparsers(dest="user_command", metavar="AKSI")
    add = user_sub.add_parser("add", parents=[common], help="tambah akun (Administrator sistem)")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=[r.value for r in _roles()])
    add.add_argument("--wilayah", default=None, help="untuk penelaah: I, II, III, IV, investigasi")
    add.add_argument("--full-name", default="")
    add.add_argument("--new-password", default=None, help="kata sandi akun baru (atau ANTASENA_NEW_PASSWORD)")
    add.set_defaults(func=_user_add)
    ulist = user_sub.add_parser("list", parents=[common], help="daftar akun (Administrator sistem)")
    ulist.set_defaults(func=_user_list)
    reset = user_sub.add_parser("reset-password", parents=[common],
                                help="atur ulang kata sandi yang lupa dengan lembar pemulihan")
    reset.add_argument("username")
    reset.add_argument("--sheet", required=True, metavar="FILE", help="berkas lembar pemulihan atau berkas berisi kunci")
    reset.add_argument("--new-password", default=None)
    reset.set_defaults(func=_user_reset)
    share = user_sub.add_parser("share", parents=[common],
                                help="bagikan kunci perkara lama kepada Verifikator/Inspektur baru")
    share.add_argument("username")
    share.set_defaults(func=_user_share)

    prt = sub.add_parser("print", parents=[common], help="cetak PDF: telaahan, lhtl, surat (pelapor), tahunan")
    prt.add_argument("kind", choices=["telaahan", "lhtl", "surat", "tahunan"])
    prt.add_argument("target", help="nomor perkara (WBS/2026/0001) atau tahun untuk laporan tahunan")
    prt.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    prt.add_argument("--paper", choices=["A4", "F4"], default="A4")
    prt.set_defaults(func=_print)

    dash = sub.add_parser("dashboard", parents=[common], help="angka dasbor (tanpa isi dan identitas)")
    dash.add_argument("--year", type=int, default=None)
    dash.add_argument("--json", action="store_true", dest="as_json")
    dash.set_defaults(func=_dashboard)

    due = sub.add_parser("due", parents=[common], help="daftar jatuh tempo (hari kerja)")
    due.add_argument("--within", type=int, default=3, help="hari kerja ke depan (bawaan 3)")
    due.add_argument("--json", action="store_true", dest="as_json")
    due.set_defaults(func=_due)

    purge = sub.add_parser("purge", parents=[common], help="musnahkan perkara yang masa retensinya habis")
    purge.add_argument("--dry-run", action="store_true")
    purge.set_defaults(func=_purge)

    cfg = sub.add_parser("config", help="pengaturan WBS: tabel perangkat daerah → wilayah, tahap, retensi, …")
    cfg_sub = cfg.add_subparsers(dest="config_command", metavar="AKSI")
    cget = cfg_sub.add_parser("get", parents=[common], help="tampilkan pengaturan (JSON)")
    cget.add_argument("key", nargs="?", default=None)
    cget.set_defaults(func=_config_get)
    cset = cfg_sub.add_parser("set", parents=[common], help="ganti satu pengaturan dengan nilai JSON")
    cset.add_argument("key")
    cset.add_argument("--json", required=True, dest="value", metavar="JSON|@FILE")
    cset.set_defaults(func=_config_set)

    hl = sub.add_parser("health", parents=[common], help="kesehatan sistem (Administrator sistem)")
    hl.add_argument("--json", action="store_true", dest="as_json")
    hl.set_defaults(func=_health)

    bk = sub.add_parser("backup", parents=[common], help="cadangkan basis data WBS (isi tetap terenkripsi)")
    bk.add_argument("-o", "--output", default=None)
    bk.set_defaults(func=_backup)

    demo = sub.add_parser("demo-data", parents=[common], help="basis data WBS demo (~40 perkara, semua peran)")
    demo.add_argument("--admin-password", default=None, help="kata sandi semua akun demo (atau ANTASENA_PASSWORD)")
    demo.add_argument("--seed", type=int, default=14)
    demo.add_argument("--today", default=None, metavar="YYYY-MM-DD")
    demo.add_argument("--sheet", default=None, metavar="FILE")
    demo.set_defaults(func=_demo)


def _roles():
    from antasena_desktop.wbs.roles import WbsRole
    return list(WbsRole)


def _stage_text(row) -> str:
    flags = ",".join(row.overdue_kinds)
    return (f"{row.reference}\t{row.stage}\t{row.category}\t{row.received_at.date().isoformat()}\t"
            f"{row.stage_due.isoformat() if row.stage_due else '-'}\t{','.join(row.assigned) or '-'}\t"
            f"{('LEWAT:' + flags) if flags else ''}")


def _case_list(args) -> int:
    from antasena_desktop.wbs import cases

    database = open_wbs(args)
    actor, _keyring = login(args, database)
    with database.session() as session:
        rows = cases.list_cases(session, actor, stage=args.stage, overdue=args.overdue, assigned_to_me=args.mine)
    if args.as_json:
        print_json([{k: v for k, v in jsonable(r).items() if k not in ("category_label", "stage_label")}
                    | {"stage_label": r.stage_label.render("id")} for r in rows])
        return 0
    for row in rows:
        print(_stage_text(row))
    print(T("{n} perkara.", "{n} cases.", n=len(rows)).render())
    return 0


def _case_show(args) -> int:
    from antasena_desktop.timefmt import format_datetime_wib
    from antasena_desktop.wbs import cases

    database = open_wbs(args)
    actor, keyring = login(args, database)
    with database.session() as session:
        view = cases.open_case(session, actor, keyring, args.case)
    if args.as_json:
        data = jsonable(view)
        data["row"]["stage_label"] = view.stage_label.render("id")
        print_json(data)
        return 0
    r = view.report
    print(f"{view.reference} — {view.stage_label} ({view.category_label})")
    print(T("Diterima {a}; tenggat tahap {b}.", "Received {a}; stage due {b}.", a=format_datetime_wib(view.received_at),
            b=view.stage_due.isoformat() if view.stage_due else "-").render())
    for key in ("what", "who", "where", "when", "how", "how_much"):
        print(f"  {key}: {r.get(key, '')}")
    party = r.get("reported_party") or {}
    print(f"  terlapor: {party.get('name', '')} — {party.get('position', '')}, {party.get('agency', '')}")
    for a in view.attachments:
        print(f"  lampiran: {a.filename} ({a.content_type}, {a.size} B)")
    for m in view.messages:
        print(f"  [{format_datetime_wib(m.at)}] {m.sender}: {m.text}")
    for n in view.notes:
        print(f"  [{format_datetime_wib(n.at)}] {n.kind} ({n.author}): {n.text}")
    print(T("Tahap berikutnya: {m}", "Next stages: {m}", m=", ".join(m.target for m in view.moves) or "-").render())
    return 0


def _case_move(args) -> int:
    from antasena_desktop.wbs import cases, settings

    database = open_wbs(args)
    actor, keyring = login(args, database)
    details = {k: v for k, v in (("outcome", args.outcome), ("follow_up", args.follow_up),
                                 ("wilayah", args.wilayah)) if v}
    if args.check:
        with database.session() as session:
            codes = [c["code"] for c in settings.get(session, "criteria")]
        details["checklist"] = {c: True for c in codes} if args.check == ["semua"] else {c: True for c in args.check}
    with database.session() as session:
        cases.move_case(session, actor, keyring, args.case, args.to_stage, args.reason, **details)
    with database.session() as session:
        row = cases.case_row(session, actor, args.case)
    if args.as_json:
        print_json({"reference": row.reference, "stage": row.stage, "outcome": row.outcome,
                    "assigned": row.assigned, "wilayah": row.wilayah})
    else:
        print(T("{r}: kini {s}.", "{r}: now {s}.", r=row.reference, s=row.stage_label).render())
    return 0


def _case_message(args) -> int:
    from antasena_desktop.wbs import cases
    database = open_wbs(args)
    actor, keyring = login(args, database)
    with database.session() as session:
        cases.send_message(session, actor, keyring, args.case, args.text)
    print(T("Pesan terkirim kepada pelapor.", "Message sent to the reporter.").render())
    return 0


def _case_note(args) -> int:
    from antasena_desktop.wbs import cases
    database = open_wbs(args)
    actor, keyring = login(args, database)
    with database.session() as session:
        cases.add_note(session, actor, keyring, args.case, args.text, kind=args.kind)
    print(T("Catatan disimpan.", "Note saved.").render())
    return 0


def _case_assign(args) -> int:
    from antasena_desktop.wbs import cases
    database = open_wbs(args)
    actor, keyring = login(args, database)
    with database.session() as session:
        cases.assign_handlers(session, actor, keyring, args.case, args.usernames)
    print(T("Penangan: {u}", "Handlers: {u}", u=", ".join(args.usernames) or "-").render())
    return 0


def _case_access(args) -> int:
    from antasena_desktop.timefmt import format_datetime_wib
    from antasena_desktop.wbs import cases
    database = open_wbs(args)
    actor, _ = login(args, database)
    with database.session() as session:
        rows = cases.access_history(session, actor, cases.find_case_id(session, args.case))
    if args.as_json:
        print_json(rows)
        return 0
    for r in rows:
        print(f"{format_datetime_wib(r.at)}\t{r.username}\t{r.role}\t{r.action}\t{r.source}\t{r.note}")
    return 0


def _case_identity(args) -> int:
    from antasena_desktop.wbs import cases
    database = open_wbs(args)
    actor, keyring = login(args, database)
    with database.session() as session:
        case_id = cases.find_case_id(session, args.case)
        if args.action == "request":
            cases.request_identity(session, actor, case_id, args.legal_basis)
            message = T("Permintaan identitas dikirim kepada Inspektur.", "Identity request sent to the Inspector.")
        elif args.action == "decide":
            if args.approve == args.reject:
                raise UserError(T("Pilih salah satu: --approve atau --reject.", "Choose one: --approve or --reject."))
            pending = [r for cid, _ref, r in cases.pending_identity_requests(session, actor) if cid == case_id]
            if not pending:
                raise UserError(T("Tidak ada permintaan identitas yang menunggu untuk perkara ini.",
                                  "No identity request is waiting for this case."))
            for request in pending:
                cases.decide_identity_request(session, actor, keyring, request.id, args.approve, args.note)
            message = T("{n} permintaan diputuskan.", "{n} requests decided.", n=len(pending))
        else:
            identity = cases.read_identity(session, actor, keyring, case_id)
            message = (T("Pelapor tidak memberikan identitas.", "The reporter gave no identity.") if identity is None
                       else T("Nama: {n}; NIP: {p}; kontak: {c}", "Name: {n}; NIP: {p}; contact: {c}",
                              n=identity.name, p=identity.nip or "-", c=identity.contact or "-"))
    print(message.render())
    return 0


def _audit_verify(args) -> int:
    from antasena_desktop.wbs import audit
    from antasena_desktop.wbs.roles import WbsPermission, require
    from db.wbs.models import WbsAuditLog
    from sqlalchemy import func, select

    database = open_wbs(args)
    actor, _ = login(args, database)
    with database.session() as session:
        require(actor, WbsPermission.SYSTEM_HEALTH, session)
        broken = audit.verify(session)
        count = session.scalar(select(func.count()).select_from(WbsAuditLog))
        head = session.scalar(select(WbsAuditLog.row_hash).order_by(WbsAuditLog.id.desc()).limit(1))
        audit.record(session, actor, "periksa_audit", note="utuh" if broken is None else f"putus {broken.reason}")
    if broken is not None:
        print(T("Rantai log audit PUTUS pada baris {i} ({r}).", "The audit chain is BROKEN at row {i} ({r}).",
                i=broken.row_id, r=broken.reason).render())
        return 1
    print(T("Rantai log audit utuh: {n} baris.", "The audit chain is intact: {n} rows.", n=count).render())
    print(T("Hash kepala rantai (catat di buku register di luar sistem): {h}",
            "Chain head hash (note it in a register outside the system): {h}", h=head).render())
    return 0


def _new_password(args) -> str:
    if args.new_password:
        return args.new_password
    if os.environ.get("ANTASENA_NEW_PASSWORD"):
        return os.environ["ANTASENA_NEW_PASSWORD"]
    return password_from_env_or_prompt(f"{args.username} (baru)")


def _user_add(args) -> int:
    from antasena_desktop.wbs import accounts
    from antasena_desktop.wbs.roles import WbsRole
    database = open_wbs(args)
    actor, _ = login(args, database)
    with database.session() as session:
        accounts.create_account(session, actor.with_source("cli"), args.username, _new_password(args),
                                WbsRole(args.role), args.full_name, args.wilayah)
    print(T("Akun {u} ({r}) dibuat.", "Account {u} ({r}) created.", u=args.username, r=args.role).render())
    return 0


def _user_list(args) -> int:
    from antasena_desktop.wbs import accounts
    database = open_wbs(args)
    actor, _ = login(args, database)
    with database.session() as session:
        for a in accounts.list_accounts(session, actor):
            print(f"{a.username}\t{a.role.value}\t{a.wilayah or '-'}\t{'aktif' if a.active else 'nonaktif'}\t{a.full_name}")
    return 0


def _user_share(args) -> int:
    from antasena_desktop.wbs import cases
    database = open_wbs(args)
    actor, keyring = login(args, database)
    with database.session() as session:
        count = cases.share_cases_with(session, actor, keyring, args.username)
    print(T("{n} perkara dibagikan kepada {u}.", "{n} cases shared with {u}.", n=count, u=args.username).render())
    return 0


def _user_reset(args) -> int:
    import re
    from antasena_desktop.wbs import accounts

    text = Path(args.sheet).read_text(encoding="utf-8") if Path(args.sheet).is_file() else ""
    groups = re.findall(r"^\s{4}((?:[A-Z2-7]{4} ){12}[A-Z2-7]{4})\s*$", text, re.M)
    key_text = groups[0] if groups else text.strip()
    database = open_wbs(args)
    actor, _ = login(args, database)
    with database.session() as session:
        count = accounts.reset_password_with_escrow(session, actor, args.username, key_text, _new_password(args))
    print(T("Kata sandi {u} diatur ulang; {n} kunci perkara disegel ulang.",
            "The password of {u} was reset; {n} case keys were re-sealed.", u=args.username, n=count).render())
    return 0


def _print(args) -> int:
    from antasena_desktop.wbs import documents

    database = open_wbs(args)
    actor, keyring = login(args, database)
    with database.session() as session:
        if args.kind == "tahunan":
            if not args.target.isdigit():
                raise UserError(T("Laporan tahunan memerlukan tahun, mis. 2026.", "The yearly report needs a year, e.g. 2026."))
            doc = documents.yearly_report(session, actor, int(args.target))
        else:
            build = {"telaahan": documents.telaahan_document, "lhtl": documents.lhtl_document,
                     "surat": documents.reporter_letter}[args.kind]
            doc = build(session, actor, keyring, args.target)
    from antasena_desktop.documents.pdf_output import render_pdf   # the renderer comes from ui/commands.py
    pages = render_pdf(doc, args.output, args.paper)
    os.chmod(args.output, 0o600)
    print(T("{t}: {p} halaman → {o}", "{t}: {p} pages → {o}", t=doc.title, p=pages, o=args.output).render())
    return 0


def _dashboard(args) -> int:
    from antasena_desktop.wbs import dashboard

    database = open_wbs(args)
    actor, _ = login(args, database)
    with database.session() as session:
        d = dashboard.dashboard(session, actor, args.year)
    if args.as_json:
        print_json(d)
        return 0
    print(T("Diterima {a}, ditangani {b}, selesai {c}, berhasil ditindaklanjuti {d} ({p}%), lewat tenggat {o}.",
            "Received {a}, handled {b}, completed {c}, followed up {d} ({p}%), overdue {o}.", a=d.received,
            b=d.handled, c=d.completed, d=d.followed_up, p=d.followed_up_percent, o=d.overdue).render())
    for stage, n in d.by_stage.items():
        print(f"  {stage}\t{n}")
    return 0


def _due(args) -> int:
    from antasena_desktop.wbs.deadlines import due_list

    database = open_wbs(args)
    actor, _ = login(args, database)
    with database.session() as session:
        items = due_list(session, actor, within=args.within)
    if args.as_json:
        print_json(items)
        return 0
    for i in items:
        flag = "LEWAT" if i.overdue else f"{i.working_days_left} hari kerja"
        print(f"{i.reference}\t{i.stage}\t{i.kind}\t{i.due.isoformat()}\t{flag}")
    return 0


def _purge(args) -> int:
    from antasena_desktop.wbs import retention

    database = open_wbs(args)
    actor, _ = login(args, database)
    with database.session() as session:
        if args.dry_run:
            due = retention.due_for_purge(session, actor)
            refs = [d.reference for d in due]
        else:
            refs = retention.purge_due(session, actor)
    if refs and not args.dry_run:
        retention.secure_vacuum(database)
    print(T("{n} perkara {w}: {r}", "{n} cases {w}: {r}", n=len(refs),
            w=T("akan dimusnahkan", "would be purged") if args.dry_run else T("dimusnahkan", "purged"),
            r=", ".join(refs) or "-").render())
    return 0


def _demo(args) -> int:
    from antasena_desktop.wbs import demo
    from db.engine import data_dir, sqlite_path

    password = args.admin_password or os.environ.get("ANTASENA_PASSWORD")
    if not password:
        password = password_from_env_or_prompt("admin")
    database = open_wbs(args, create=True)
    db_file = sqlite_path(database.url)
    sheet = Path(args.sheet) if args.sheet else (db_file.parent if db_file else data_dir()) / "wbs-demo-lembar-pemulihan.txt"
    today = date.fromisoformat(args.today) if args.today else None
    summary = demo.generate(database, password, sheet, seed=args.seed, today=today)
    database.close()
    print(T("Data demo WBS dibuat di {d}: {n} perkara ({o} lewat tenggat).",
            "WBS demo data created in {d}: {n} cases ({o} overdue).", d=database.describe(),
            n=summary.cases, o=summary.overdue).render())
    print(T("Akun demo (kata sandi sama): {u}", "Demo accounts (same password): {u}", u=", ".join(summary.usernames)).render())
    print(T("Lembar pemulihan (0600): {p}", "Recovery sheet (0600): {p}", p=str(sheet)).render())
    return 0


def _config_get(args) -> int:
    from antasena_desktop.wbs import config
    database = open_wbs(args)
    actor, _ = login(args, database)
    with database.session() as session:
        values = config.get_config(session, actor)
    print_json(values if args.key is None else values.get(args.key))
    return 0


def _config_set(args) -> int:
    from antasena_desktop.wbs import config
    raw = Path(args.value[1:]).read_text(encoding="utf-8") if args.value.startswith("@") else args.value
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise UserError(T("Nilai bukan JSON yang sah: {e}.", "The value is not valid JSON: {e}.", e=str(exc))) from None
    database = open_wbs(args)
    actor, _ = login(args, database)
    with database.session() as session:
        config.set_config(session, actor, args.key, value)
    print(T("Pengaturan {k} disimpan.", "Setting {k} saved.", k=args.key).render())
    return 0


def _health(args) -> int:
    from antasena_desktop.wbs import health
    database = open_wbs(args)
    actor, _ = login(args, database)
    with database.session() as session:
        h = health.health(session, actor)
    if args.as_json:
        print_json(h)
        return 0
    print(T("Akun {a} (aktif {b}, terkunci {c}); perkara {n} (dimusnahkan {p}).",
            "Accounts {a} (active {b}, locked {c}); cases {n} (purged {p}).", a=h.accounts, b=h.active_accounts,
            c=h.locked_accounts, n=h.cases, p=h.purged_cases).render())
    print(T("Login gagal 24 jam: {a}; kode tanda terima salah 1 jam / 24 jam: {b} / {c}.",
            "Failed logins 24 h: {a}; wrong receipts 1 h / 24 h: {b} / {c}.", a=h.failed_logins_24h,
            b=h.failed_tracks_1h, c=h.failed_tracks_24h).render())
    print(T("Log audit: {n} baris, {s}.", "Audit log: {n} rows, {s}.", n=h.audit_rows,
            s=T("utuh", "intact") if h.audit_intact else T("PUTUS", "BROKEN")).render())
    return 0 if h.audit_intact else 1


def _backup(args) -> int:
    from antasena_desktop.wbs import audit
    from antasena_desktop.wbs.roles import WbsPermission, require
    from db.backup import backup_sqlite
    database = open_wbs(args)
    actor, _ = login(args, database)
    with database.session() as session:
        require(actor, WbsPermission.SYSTEM_HEALTH, session)
    target = backup_sqlite(database.engine, Path(args.output) if args.output else None)
    if target is None:
        raise UserError(T("Cadangan online hanya untuk SQLite; gunakan pg_dump untuk PostgreSQL.",
                          "Online backup is for SQLite only; use pg_dump for PostgreSQL."))
    os.chmod(target, 0o600)
    with database.session() as session:
        audit.record(session, actor, "cadangkan", note=target.name)
    print(T("Cadangan ditulis (0600): {p}", "Backup written (0600): {p}", p=str(target)).render())
    return 0
