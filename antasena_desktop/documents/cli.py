"""`antasena sprin …` and `antasena print roster|apel|contacts|map …` (Qt is imported lazily, in the handlers)."""
from __future__ import annotations

import argparse
from pathlib import Path
import sys

from antasena_desktop.i18n import T, UserError

PRINTOUTS = ("roster", "apel", "contacts", "map")


def register(subparsers, common: argparse.ArgumentParser) -> None:
    sprin = subparsers.add_parser(
        "sprin", parents=[common],
        help="terbitkan Sprin kegiatan dan cetak ke PDF (--draft: konsep tanpa nomor)",
        description="Tanpa --draft: Sprin diterbitkan (nomor dialokasikan) lalu dicetak; perlu --user berwenang "
                    "(konsep yang belum disetujui perlu peran Kabag Ops/Pimpinan). Dengan --draft: konsep tanpa "
                    "nomor, bertanda air KONSEP, tanpa mengubah data.")
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


def _export(document, output: str, paper: str) -> int:
    from ui.printing.render import ensure_gui_application, export_pdf
    ensure_gui_application()
    return export_pdf(document, output, paper)


def run_sprin(args: argparse.Namespace) -> int:
    from antasena_desktop.cli_support import open_and_login, open_db
    from antasena_desktop.documents import html, workflow
    from antasena_desktop.documents.sprin import SprinOptions, draft_content

    options = SprinOptions(on_behalf=args.an)
    if args.draft:
        database = open_db(args)
        with database.session() as session:
            content = draft_content(session, args.event, options)
        pages = _export(html.sprin_document(content, draft=True), args.output, args.paper)
        print(T("Konsep Sprin {e}: {p} halaman → {o}", "Draft order {e}: {p} pages → {o}",
                e=content.event_number, p=pages, o=args.output).render())
        return 0

    database, actor = open_and_login(args)
    with database.session() as session:
        orders = workflow.sprins_for_event(session, args.event)
        issued = [s for s in orders if s.status == workflow.ISSUED]
        pending = [s for s in orders if s.status in (workflow.DRAFT, workflow.APPROVED)]
        target_id = None
        if args.reprint:
            if not issued:
                raise UserError(T("Belum ada Sprin terbit untuk kegiatan ini.", "No issued order for this event yet."))
            target_id = issued[-1].id
        else:
            if args.perubahan:
                if not issued:
                    raise UserError(T("Belum ada Sprin terbit yang dapat diubah.", "No issued order to amend."))
                changes = workflow.create_perubahan(session, actor, issued[-1].id, args.perubahan, options)
                target_id = changes.ids("sprin")[0]
            elif pending:
                target_id = pending[-1].id
                if pending[-1].status == workflow.DRAFT:
                    workflow.update_draft(session, actor, target_id, options)
            elif issued:
                raise UserError(T("Kegiatan ini sudah memiliki Sprin {n}. Pakai --reprint untuk cetak ulang atau "
                                  "--perubahan ALASAN untuk Sprin perubahan.",
                                  "This event already has order {n}. Use --reprint to print it again or "
                                  "--perubahan REASON for an amending order.", n=issued[-1].number))
            else:
                target_id = workflow.create_draft(session, actor, args.event, options).ids("sprin")[0]
            from db.models import Sprin
            if session.get(Sprin, target_id).status == workflow.DRAFT:
                workflow.approve(session, actor, target_id)
    if not args.reprint:
        workflow.issue_with_retry(database, actor.with_source("cli"), target_id)
    with database.session() as session:
        from db.models import Sprin
        content = workflow.content_of(session.get(Sprin, target_id))
    pages = _export(html.sprin_document(content, draft=False), args.output, args.paper)
    print(T("Sprin {n}: {p} halaman → {o}", "Order {n}: {p} pages → {o}",
            n=content.number, p=pages, o=args.output).render())
    return 0


def _event_snapshot(database, event_ref: str, output: str) -> str:
    """Render the event's map (posts with their fill state) headless to a PNG next to the output."""
    import importlib
    from antasena_desktop.mapping.from_db import event_marker, map_data
    from antasena_desktop.planning.board import events_plan
    from antasena_desktop.services.events import find_event

    with database.session() as session:
        event = find_event(session, event_ref)
        posts = [{"id": p.id, "event_id": p.event_id, "name": p.name, "lat": p.lat, "lon": p.lon,
                  "required": p.required, "filled": p.filled} for e in events_plan(session, [event.id]) for p in e.posts]
        data = map_data(session, events=[event_marker(event)], posts=posts)
    if event.lat is not None:
        data.center, data.zoom = (event.lat, event.lon), 15
    png = str(Path(output).with_suffix(".peta.png"))
    importlib.import_module("ui.map.snapshot").render_snapshot(data, png, size=(1600, 1100))
    return png


def run_print(args: argparse.Namespace) -> int:
    from antasena_desktop.cli_support import open_db
    from antasena_desktop.documents import html
    from antasena_desktop.documents.plan import collect_plan
    from antasena_desktop.services import settings as app_settings

    database = open_db(args)
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
    pages = _export(document, args.output, args.paper)
    print(f"{document.title}: {pages} halaman → {args.output}", file=sys.stdout)
    return 0
