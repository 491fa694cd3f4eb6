"""`antasena assign` / `antasena unassign`: the placement guard from the command line."""
from __future__ import annotations

import sys

from sqlalchemy import select

from antasena_desktop.cli_support import open_and_login
from antasena_desktop.i18n import T, UserError
from antasena_desktop.planning import service
from db.models import Assignment


def register(subparsers, common) -> None:
    assign = subparsers.add_parser("assign", parents=[common], help="tempatkan satu personel pada pos")
    assign.add_argument("--post", required=True, metavar="POST_ID")
    assign.add_argument("--person", required=True, metavar="NRP")
    assign.add_argument("--line", default=None, metavar="LINE_ID")
    assign.add_argument("--reason", default="", metavar="TEKS")
    assign.set_defaults(func=_assign)
    unassign = subparsers.add_parser("unassign", parents=[common], help="lepaskan penempatan")
    unassign.add_argument("--post", required=True, metavar="POST_ID")
    unassign.add_argument("--person", required=True, metavar="NRP")
    unassign.add_argument("--reason", default="", metavar="TEKS")
    unassign.set_defaults(func=_unassign)
    from antasena_desktop.commands.importing import SUBPARSERS_ATTR, get_or_create_import_parser
    kinds = getattr(get_or_create_import_parser(subparsers), SUBPARSERS_ATTR)
    imported = kinds.add_parser("assignments", parents=[common], help="impor penempatan (CSV: post, nrp[, line, reason])")
    imported.add_argument("file", metavar="FILE.csv")
    imported.set_defaults(func=_import_assignments)


def _import_assignments(args) -> int:
    from antasena_desktop.planning.import_assignments import import_assignments
    database, actor = open_and_login(args)
    with database.session() as session:
        changes = import_assignments(session, actor, args.file)
    print(f"OK: {len(changes.ids('assignment'))} penempatan diimpor dari {args.file}")
    return 0


def _assign(args) -> int:
    database, actor = open_and_login(args)
    try:
        with database.session() as session:
            service.place(session, actor, args.person, args.post, args.line, reason=args.reason)
            person = service.find_person(session, args.person)
            print(f"OK: {person.rank_code} {person.name} ({person.nrp}) ditempatkan pada pos {args.post}")
    except (service.PlacementRefused, service.ReasonRequired) as refusal:
        print(refusal.text.render("id"), file=sys.stderr)
        return 2
    return 0


def _unassign(args) -> int:
    database, actor = open_and_login(args)
    with database.session() as session:
        person = service.find_person(session, args.person)
        assignment_id = session.scalar(select(Assignment.id).where(
            Assignment.post_id == args.post, Assignment.personnel_id == person.id, Assignment.deleted_at.is_(None)))
        if assignment_id is None:
            raise UserError(T("{n} tidak ditempatkan pada pos {p}.", "{n} is not placed on post {p}.",
                              n=person.name, p=args.post))
        service.unassign(session, actor, assignment_id, args.reason)
        print(f"OK: {person.rank_code} {person.name} ({person.nrp}) dilepas dari pos {args.post}")
    return 0



