"""The commands that need Qt (gui, selftest, sprin, print, map-snapshot) and the console-script entry.

`main()` is the `antasena` console script: the core CLI (`antasena_desktop.cli`) plus this module's
commands. The core never imports `ui`; this module hands itself to the core's registration hook.
Qt itself is imported inside the handlers, so `antasena export …` starts without loading Qt.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from antasena_desktop.cli_support import open_and_login
from antasena_desktop.i18n import T
from antasena_desktop.services.security import Permission

PRINTOUTS = ("roster", "apel", "contacts", "map")


def main(argv: list[str] | None = None) -> int:
    from antasena_desktop.cli import main as core_main
    return core_main(argv, extra_modules=[__name__])


def _render_pdf(doc, path: Path, paper: str) -> int:
    from ui.printing.render import ensure_gui_application, export_pdf
    ensure_gui_application()
    return export_pdf(doc, path, paper)


def _register_renderer() -> None:
    from antasena_desktop.documents.pdf_output import register_pdf_renderer
    register_pdf_renderer(_render_pdf)


_register_renderer()


def register(subparsers, common: argparse.ArgumentParser) -> None:
    gui = subparsers.add_parser("gui", parents=[common], help="jalankan aplikasi (bawaan)")
    gui.add_argument("--lang", choices=["id", "en"], default=None)
    gui.add_argument("--workspace", choices=["bagops", "wbs"], default=None,
                     help="meja kerja: bagops (Bag Ops) atau wbs (Inspektorat); bawaan: pilihan saat pertama dijalankan")
    gui.set_defaults(func=_gui)

    selftest = subparsers.add_parser("selftest", parents=[common],
                                     help="uji mandiri offscreen: buka setiap tampilan utama (dengan --db: perlu "
                                          "--user; juga memeriksa rantai log audit)")
    selftest.add_argument("--workspace", choices=["bagops", "wbs"], default="bagops",
                          help="wbs: meja WBS pada basis data demo sementara")
    selftest.set_defaults(func=_selftest)

    sprin = subparsers.add_parser(
        "sprin", parents=[common],
        help="terbitkan Sprin kegiatan dan cetak ke PDF (--draft: konsep tanpa nomor)",
        description="Tanpa --draft: Sprin diterbitkan (nomor dialokasikan) lalu dicetak; perlu --user berwenang "
                    "(konsep yang belum disetujui perlu peran Kabag Ops/Pimpinan). Dengan --draft: konsep tanpa "
                    "nomor, bertanda air KONSEP, tanpa mengubah data (tetap perlu --user: berisi data personel).")
    sprin.add_argument("--event", required=True, metavar="ID", help="UUID atau nomor kegiatan (KEG/2026/0001)")
    sprin.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    sprin.add_argument("--draft", action="store_true", help="konsep tanpa nomor (tidak menerbitkan)")
    sprin.add_argument("--paper", choices=("A4", "F4"), default="A4", type=str.upper)
    sprin.add_argument("--an", action="store_true", help="ditandatangani a.n. Kapolrestabes oleh Kabag Ops")
    sprin.add_argument("--reprint", action="store_true", help="cetak ulang Sprin terbit terakhir kegiatan ini")
    sprin.add_argument("--perubahan", metavar="ALASAN",
                       help="terbitkan Sprin perubahan atas Sprin terbit terakhir, dengan alasan")
    sprin.set_defaults(func=run_sprin)

    printing = subparsers.add_parser("print", parents=[common], help="cetakan rencana: roster, apel, contacts, map")
    printing.add_argument("what", choices=PRINTOUTS,
                          help="roster = daftar personel per pos; apel = daftar hadir apel; "
                               "contacts = kontak Danpos; map = halaman peta")
    printing.add_argument("--event", required=True, metavar="ID")
    printing.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    printing.add_argument("--paper", choices=("A4", "F4"), default="A4", type=str.upper)
    printing.add_argument("--map-png", metavar="PNG", help="gambar peta untuk halaman peta")
    printing.set_defaults(func=run_print)

    snapshot = subparsers.add_parser("map-snapshot", parents=[common], help="simpan gambar peta (PNG) untuk cetakan")
    snapshot.add_argument("--event", default=None, metavar="ID")
    snapshot.add_argument("-o", "--output", required=True, metavar="FILE.png")
    snapshot.add_argument("--width", type=int, default=1600)
    snapshot.add_argument("--height", type=int, default=1100)
    snapshot.set_defaults(func=_snapshot)


def _gui(args) -> int:
    from ui.app import run_gui
    return run_gui(db_url=args.db, language=args.lang, workspace=args.workspace)


def _selftest(args) -> int:
    if args.workspace == "wbs":
        from ui.wbs.selftest import run_wbs_selftest
        return run_wbs_selftest()
    from ui.selftest import run_selftest
    if args.db is None:                       # a throw-away demo database: no personal data read
        return run_selftest(db_url=None)
    database, actor = open_and_login(args, Permission.MANAGE_USERS, why="read")
    from antasena_desktop.commands.audit import print_chain_report
    chain_ok = print_chain_report(database)
    status = run_selftest(db_url=database.url)
    return status if chain_ok else 2


def _write_pdf(document, output: str, paper: str) -> int:
    """Render to a private temp file in the target folder, then rename: a kill never leaves half a PDF."""
    from antasena_desktop.files import private_atomic_path
    from ui.printing.render import ensure_gui_application, export_pdf
    ensure_gui_application()
    with private_atomic_path(output) as temp:
        return export_pdf(document, temp, paper)


def run_sprin(args: argparse.Namespace) -> int:
    from antasena_desktop.documents import html, workflow
    from antasena_desktop.documents.sprin import SprinOptions, draft_content
    from db.models import Sprin

    options = SprinOptions(on_behalf=args.an)
    if args.draft:
        database, _actor = open_and_login(args, Permission.VIEW, why="read")
        with database.session() as session:
            content = draft_content(session, args.event, options)
        pages = _write_pdf(html.sprin_document(content, draft=True), args.output, args.paper)
        print(T("Konsep Sprin {e}: {p} halaman → {o}", "Draft order {e}: {p} pages → {o}",
                e=content.event_number, p=pages, o=args.output).render())
        return 0

    database, actor = open_and_login(args)
    with database.session() as session:
        if args.reprint:
            target_id = workflow.last_issued(session, args.event)
        else:
            target_id = workflow.prepare_for_issue(session, actor, args.event, options, args.perubahan)
    if not args.reprint:
        workflow.issue_with_retry(database, actor.with_source("cli"), target_id)
    with database.session() as session:
        content = workflow.content_of(session.get(Sprin, target_id))
    pages = _write_pdf(html.sprin_document(content, draft=False), args.output, args.paper)
    print(T("Sprin {n}: {p} halaman → {o}", "Order {n}: {p} pages → {o}",
            n=content.number, p=pages, o=args.output).render())
    return 0


def _event_map_data(session, event_ref: str | None):
    from antasena_desktop.mapping.from_db import event_marker, map_data
    from antasena_desktop.planning.board import events_plan
    from antasena_desktop.services.events import find_event

    if not event_ref:
        return None, map_data(session)
    event = find_event(session, event_ref)
    posts = [{"id": p.id, "event_id": p.event_id, "name": p.name, "lat": p.lat, "lon": p.lon,
              "required": p.required, "filled": p.filled} for e in events_plan(session, [event.id]) for p in e.posts]
    return event, map_data(session, events=[event_marker(event)], posts=posts)


def _event_snapshot(database, event_ref: str, output: str) -> str:
    """Render the event's map (posts with their fill state) headless to a PNG next to the output."""
    from ui.map.snapshot import render_snapshot
    with database.session() as session:
        event, data = _event_map_data(session, event_ref)
    if event.lat is not None:
        data.center, data.zoom = (event.lat, event.lon), 15
    png = str(Path(output).with_suffix(".peta.png"))
    render_snapshot(data, png, size=(1600, 1100))
    return png


def run_print(args: argparse.Namespace) -> int:
    from antasena_desktop.documents import html
    from antasena_desktop.documents.plan import collect_plan
    from antasena_desktop.services import settings as app_settings

    database, _actor = open_and_login(args, Permission.VIEW, why="read")
    with database.session() as session:
        plan = collect_plan(session, args.event)
        settings = app_settings.load(session)
    if args.what == "roster":
        document = html.roster_document(plan, settings)
    elif args.what == "apel":
        document = html.apel_document(plan, settings)
    elif args.what == "contacts":
        document = html.contacts_document(plan, settings)
    else:
        png = args.map_png or _event_snapshot(database, args.event, args.output)
        document = html.map_document(plan, settings, png)
    pages = _write_pdf(document, args.output, args.paper)
    print(f"{document.title}: {pages} halaman → {args.output}", file=sys.stdout)
    return 0


def _snapshot(args) -> int:
    from antasena_desktop.cli_support import open_db
    from ui.map.snapshot import render_snapshot

    database = open_db(args)
    args._database = database
    with database.session() as session:
        _event, data = _event_map_data(session, args.event)
    data.fit_city = not args.event
    render_snapshot(data, args.output, size=(args.width, args.height))
    print(f"Peta disimpan: {args.output}")
    return 0
