"""`antasena portal …`: the stakeholder portal server, its accounts and posts, and the PKS exchange.

    portal serve --db URL --host H --port P         the portal (TLS; --insecure-http on a trusted segment)
    portal account add|list|passwd                  stakeholder accounts (--user with MANAGE_STAKEHOLDERS)
    portal news add --title … [--attach F]          a Berita / knowledge post (--user with PUBLISH_NEWS)
    portal export --to NAME --profile P --out F     a PKS package under a redaction profile (audited)
    portal verify PACKAGE                           the recipient's check of a package's hashes
    portal import-permits FILE.csv                  Pemkot permits / road closures → requests (all or nothing)
"""
from __future__ import annotations

import argparse
import getpass
import os
import sys
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

from antasena_desktop.cli_support import open_and_login, require_existing
from antasena_desktop.i18n import T, UserError
from antasena_desktop.services.security import Permission
from antasena_desktop.timefmt import WIB, now_utc, to_wib


def register(subparsers, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser("portal", help="portal pemangku kepentingan dan pertukaran data PKS")
    sub = parser.add_subparsers(dest="portal_command", metavar="AKSI", required=True)

    serve = sub.add_parser("serve", parents=[common], help="jalankan portal web / run the web portal")
    serve.add_argument("--host", default="0.0.0.0", help="alamat dengar (bawaan 0.0.0.0 = semua antarmuka)")
    serve.add_argument("--port", type=int, default=None)
    serve.add_argument("--insecure-http", action="store_true",
                       help="HTTP tanpa TLS — hanya untuk segmen jaringan tepercaya / plain HTTP, trusted segment only")
    serve.add_argument("--tls-name", action="append", default=[], metavar="NAMA")
    serve.add_argument("--logins-per-minute", type=int, default=None, help="batas percobaan masuk per menit per klien")
    serve.set_defaults(func=_serve)

    account = sub.add_parser("account", help="akun pemangku kepentingan")
    acc = account.add_subparsers(dest="account_command", metavar="AKSI", required=True)
    add = acc.add_parser("add", parents=[common], help="buat akun (kata sandi dari ANTASENA_PORTAL_PASSWORD atau prompt)")
    add.add_argument("username")
    add.add_argument("--kind", required=True, choices=["pemkot", "satker", "organiser", "polri_unit"])
    add.add_argument("--name", default="", help="nama tampilan")
    add.add_argument("--unit", default=None, help="kode satuan (satker / satuan Polri)")
    add.add_argument("--organiser", default="", help="nama penyelenggara (akun penyelenggara)")
    add.add_argument("--profile", default="counts-only", choices=["counts-only", "names"])
    add.add_argument("--event", action="append", default=[], metavar="NOMOR", help="kegiatan yang ditautkan (boleh berulang)")
    add.set_defaults(func=_account_add)
    lst = acc.add_parser("list", parents=[common], help="daftar akun")
    lst.set_defaults(func=_account_list)

    news = sub.add_parser("news", help="berita dan berbagi pengetahuan")
    nsub = news.add_subparsers(dest="news_command", metavar="AKSI", required=True)
    nadd = nsub.add_parser("add", parents=[common], help="tulis berita / tulisan pengetahuan")
    nadd.add_argument("--title", required=True)
    nadd.add_argument("--body", default="")
    nadd.add_argument("--kind", default="berita", choices=["berita", "pengetahuan"])
    nadd.add_argument("--publish-at", default=None, metavar="'YYYY-MM-DD HH:MM'", help="jadwal terbit (WIB); bawaan sekarang")
    nadd.add_argument("--attach", action="append", default=[], metavar="BERKAS")
    nadd.set_defaults(func=_news_add)

    export = sub.add_parser("export", parents=[common], help="paket PKS untuk Pemkot (diaudit)")
    export.add_argument("--to", dest="recipient", required=True, help="penerima, mis. 'Diskominfo Kota Palembang'")
    export.add_argument("--profile", required=True, choices=["counts-only", "names"], help="profil redaksi")
    export.add_argument("--from", dest="start", default=None, metavar="YYYY-MM-DD", help="bawaan hari ini")
    export.add_argument("--until", dest="end", default=None, metavar="YYYY-MM-DD", help="bawaan 30 hari ke depan")
    export.add_argument("--out", required=True, metavar="BERKAS.zip")
    export.set_defaults(func=_export)

    verify = sub.add_parser("verify", help="periksa paket PKS (SHA-256 tiap berkas)")
    verify.add_argument("package")
    verify.set_defaults(func=_verify)

    permits = sub.add_parser("import-permits", parents=[common],
                             help="impor izin keramaian / penutupan jalan Pemkot (CSV) sebagai permohonan")
    permits.add_argument("csv_file")
    permits.set_defaults(func=_import_permits)


def _serve(args) -> int:
    from antasena_desktop.cli_support import database_url
    from antasena_desktop.web.portal import PortalSettings
    from antasena_desktop.web.portal_serve import DEFAULT_PORT, serve

    port = args.port or DEFAULT_PORT
    if not 0 < port < 65536:
        raise UserError(T("Port {p} tidak sah (1–65535).", "Port {p} is not valid (1–65535).", p=port))
    url = database_url(args)
    require_existing(url)
    config = PortalSettings()
    if args.logins_per_minute is not None:
        config = replace(config, logins_per_minute=max(1, args.logins_per_minute))
    try:
        serve(url, args.host, port, args.insecure_http, args.tls_name, config)
    except OSError as exc:
        raise UserError(T("Server tidak dapat dijalankan di {h}:{p}: {e}", "The server cannot run on {h}:{p}: {e}",
                          h=args.host, p=port, e=exc.strerror or str(exc))) from exc
    return 0


def _portal_password(username: str) -> str:
    password = os.environ.get("ANTASENA_PORTAL_PASSWORD")
    if password is not None:
        return password
    if not sys.stdin.isatty():
        raise UserError(T("Kata sandi akun portal {u} tidak diberikan (set ANTASENA_PORTAL_PASSWORD).",
                          "No password for the portal account {u} (set ANTASENA_PORTAL_PASSWORD).", u=username))
    return getpass.getpass(f"Kata sandi akun portal {username}: ")


def _account_add(args) -> int:
    from sqlalchemy import select

    from antasena_desktop.services import stakeholders
    from db.models import Event, Unit

    database, actor = open_and_login(args, Permission.MANAGE_STAKEHOLDERS)
    password = _portal_password(args.username)
    with database.session() as session:
        unit_id = None
        if args.unit:
            unit_id = session.scalar(select(Unit.id).where(Unit.code == args.unit, Unit.deleted_at.is_(None)))
            if unit_id is None:
                raise UserError(T("Satuan {u} tidak ditemukan.", "Unit {u} not found.", u=args.unit))
        event_ids = []
        for number in args.event:
            event_id = session.scalar(select(Event.id).where(Event.number == number, Event.deleted_at.is_(None)))
            if event_id is None:
                raise UserError(T("Kegiatan {e} tidak ditemukan.", "Event {e} not found.", e=number))
            event_ids.append(event_id)
        stakeholders.create_account(session, actor, args.username, password,
                                    {"kind": args.kind, "display_name": args.name, "unit_id": unit_id,
                                     "organiser": args.organiser, "pks_profile": args.profile}, event_ids)
    print(T("Akun portal {u} dibuat.", "Portal account {u} created.", u=args.username).render())
    return 0


def _account_list(args) -> int:
    from antasena_desktop.portal.policy import KIND_LABELS, Kind
    from antasena_desktop.services import stakeholders

    database, actor = open_and_login(args, Permission.MANAGE_STAKEHOLDERS, why="read")
    with database.session() as session:
        rows = stakeholders.list_accounts(session, actor)
    for row in rows:
        state = "" if row.active else " (nonaktif)"
        print(f"{row.username:20} {KIND_LABELS[Kind(row.kind)].render():28} {row.unit_name or row.organiser:24} "
              f"{row.pks_profile:12} {len(row.event_ids)} kegiatan{state}")
    return 0


def _wib_moment(text: str, option: str) -> datetime:
    try:
        moment = datetime.strptime(text.strip(), "%Y-%m-%d %H:%M")
    except ValueError:
        raise UserError(T("{o}: \"{v}\" bukan 'YYYY-MM-DD HH:MM'.", "{o}: \"{v}\" is not 'YYYY-MM-DD HH:MM'.",
                          o=option, v=text)) from None
    return moment.replace(tzinfo=WIB)


def _news_add(args) -> int:
    from antasena_desktop.services import news

    attachments = []
    for name in args.attach:
        path = Path(name)
        if not path.is_file():
            raise UserError(T("Lampiran {f} tidak ada.", "The attachment {f} does not exist.", f=name))
        attachments.append((path.name, path.read_bytes()))
    values = {"kind": args.kind, "title": args.title, "body": args.body}
    if args.publish_at:
        values["publish_at"] = _wib_moment(args.publish_at, "--publish-at")
    database, actor = open_and_login(args, Permission.PUBLISH_NEWS)
    with database.session() as session:
        done = news.create_post(session, actor, values, attachments)
    print(T("Tulisan {t} disimpan ({i}).", "Post {t} saved ({i}).", t=args.title,
            i=done.created("news_post")[0]).render())
    return 0


def _date(text: str | None, option: str, default: date) -> date:
    if not text:
        return default
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UserError(T("{o}: \"{v}\" bukan tanggal YYYY-MM-DD.", "{o}: \"{v}\" is not a YYYY-MM-DD date.",
                          o=option, v=text)) from None


def _export(args) -> int:
    from antasena_desktop.services import pks

    today = to_wib(now_utc()).date()
    start = _date(args.start, "--from", today)
    end = _date(args.end, "--until", start + timedelta(days=30))
    database, actor = open_and_login(args, Permission.EXCHANGE_PKS, why="read")
    with database.session() as session:
        result, _changes = pks.export_package(session, actor, args.recipient, args.profile, start, end, args.out)
    print(T("Paket PKS {f} untuk {r} (profil {p}): {e} kegiatan, {n} penempatan, {k} berkas.",
            "PKS package {f} for {r} (profile {p}): {e} events, {n} placements, {k} files.",
            f=str(result.path), r=result.recipient, p=result.profile.value, e=result.events, n=result.placements,
            k=len(result.files)).render())
    print(T("SHA-256 manifest (sampaikan kepada penerima lewat jalur lain): {h}",
            "SHA-256 of the manifest (tell the recipient through another channel): {h}",
            h=result.manifest_sha256).render())
    return 0


def _verify(args) -> int:
    from antasena_desktop.services import pks

    report = pks.verify_package(args.package)
    manifest = report.manifest
    print(T("Paket untuk {r}, profil {p}, periode {a} s.d. {b}, dibuat {w} WIB oleh {u}.",
            "Package for {r}, profile {p}, period {a} to {b}, made {w} WIB by {u}.",
            r=manifest.get("penerima", "?"), p=manifest.get("profil", "?"),
            a=(manifest.get("periode") or {}).get("dari", "?"), b=(manifest.get("periode") or {}).get("sampai", "?"),
            w=manifest.get("dibuat_wib", "?"), u=manifest.get("dibuat_oleh", "?")).render())
    print(T("SHA-256 manifest: {h}", "SHA-256 of the manifest: {h}", h=report.manifest_sha256).render())
    if report.ok:
        print(T("Paket utuh: {n} berkas cocok dengan manifest.", "Package intact: {n} files match the manifest.",
                n=len(manifest.get("berkas") or {})).render())
        return 0
    for problem in report.problems:
        print(problem.render(), file=sys.stderr)
    raise UserError(T("Paket TIDAK utuh: {n} masalah.", "The package is NOT intact: {n} problems.", n=len(report.problems)))


def _import_permits(args) -> int:
    from antasena_desktop.services import pks

    path = Path(args.csv_file)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(T("Berkas {p} tidak dapat dibaca: {e}", "Cannot read {p}: {e}", p=str(path), e=str(exc))) from None
    database, actor = open_and_login(args, Permission.EXCHANGE_PKS)
    with database.session() as session:
        done = pks.import_permits(session, actor, text)
    created = len(done.created("event"))
    print(T("Impor izin Pemkot: {n} kegiatan dan permohonan baru ({note}).",
            "Pemkot permit import: {n} new events and requests ({note}).", n=created, note=done.note).render())
    return 0
