"""`antasena desk …`: a desk that keeps working offline (issue 17, docs/deploy.md).

    antasena desk join --server URL --db sqlite:///meja.db --user U [--name "Meja 1"]
    antasena desk sync --db sqlite:///meja.db            push then pull; prints pushed/applied/conflicts/pulled
    antasena desk status --db sqlite:///meja.db          daring/luring, pending changes, open conflicts
    antasena desk conflicts --db … --user U [--json]     the conflict inbox (personal data: needs a login)
    antasena desk resolve ID --keep mine|theirs --db … --user U

Passwords from ANTASENA_PASSWORD as everywhere. Every other command (`assign`, `export`, `sprin`, …)
works on the desk's local database with the same `--db`, online or offline.
"""
from __future__ import annotations

import argparse
import json

from antasena_desktop.cli_support import acting_username, open_and_login, open_db, password_from_env_or_prompt
from antasena_desktop.i18n import T, UserError
from antasena_desktop.services.security import Permission


def register(subparsers, common: argparse.ArgumentParser) -> None:
    desk = subparsers.add_parser("desk", help="meja luring: gabung ke server, sinkron, konflik")
    sub = desk.add_subparsers(dest="desk_command", metavar="AKSI")
    join = sub.add_parser("join", parents=[common], help="gabungkan meja ini ke server (salinan lokal penuh)")
    join.add_argument("--server", required=True, metavar="URL", help="alamat server PostgreSQL")
    join.add_argument("--name", default="", help='nama meja, mis. "Meja 1"')
    join.set_defaults(func=_join)
    sync = sub.add_parser("sync", parents=[common], help="kirim perubahan meja, lalu tarik perubahan server")
    sync.set_defaults(func=_sync)
    status = sub.add_parser("status", parents=[common], help="daring/luring, perubahan menunggu, konflik")
    status.set_defaults(func=_status)
    conflicts = sub.add_parser("conflicts", parents=[common], help="kotak konflik meja ini")
    conflicts.add_argument("--json", action="store_true", help="daftar JSON")
    conflicts.add_argument("--all", action="store_true", help="termasuk yang sudah diselesaikan")
    conflicts.set_defaults(func=_conflicts)
    resolve = sub.add_parser("resolve", parents=[common], help="selesaikan satu konflik")
    resolve.add_argument("conflict_id", metavar="ID")
    resolve.add_argument("--keep", required=True, choices=("mine", "theirs"))
    resolve.set_defaults(func=_resolve)


def _join(args) -> int:
    from antasena_desktop.sync.client import join
    if not args.db:
        raise UserError(T("Sebutkan --db sqlite:///meja.db untuk salinan lokal meja ini.",
                          "Give --db sqlite:///desk.db for this desk's local copy."))
    username = acting_username(args)
    if not username:
        raise UserError(T("Sebutkan --user NAMA (akun di server).", "Give --user NAME (an account on the server)."))
    state = join(args.server, args.db, username, password_from_env_or_prompt(username), args.name)
    print(T("{d} tergabung ke server; salinan lokal di {p} (perubahan server terakhir: {n}).",
            "{d} joined the server; local copy in {p} (last server change: {n}).",
            d=state.desk_name, p=args.db, n=state.last_change_id).render())
    return 0


def _sync(args) -> int:
    from antasena_desktop.sync.client import sync_database
    database = open_db(args)
    args._database = database
    report = sync_database(database)
    print(T("Dikirim {p}, diterapkan {a} (digabung {m}), konflik {c}, ditarik {l}.",
            "Pushed {p}, applied {a} (merged {m}), conflicts {c}, pulled {l}.",
            p=report.pushed, a=report.applied, m=report.merged, c=report.conflicts, l=report.pulled).render())
    print(f"pushed={report.pushed} applied={report.applied} merged={report.merged} "
          f"conflicts={report.conflicts} pulled={report.pulled}")
    return 0


def _status(args) -> int:
    from antasena_desktop.sync.client import status
    database = open_db(args)
    args._database = database
    with database.session() as session:
        state = status(session)
    link = T("daring", "online") if state.online else T("luring", "offline")
    print(T("{d}: {s}; {p} perubahan menunggu, {c} konflik terbuka.", "{d}: {s}; {p} changes pending, {c} open conflicts.",
            d=state.desk_name, s=link, p=state.pending, c=state.open_conflicts).render())
    return 0


def _conflicts(args) -> int:
    from antasena_desktop.sync.conflicts import list_conflicts
    database, actor = open_and_login(args, Permission.VIEW, why="read")
    with database.session() as session:
        rows = list_conflicts(session, actor, include_resolved=args.all)
    if args.json:
        print(json.dumps([row.as_json() for row in rows], ensure_ascii=False, indent=2, default=str))
        return 0
    if not rows:
        print(T("Tidak ada konflik terbuka.", "No open conflicts.").render())
    for row in rows:
        print(f"{row.id}  [{row.table}]  {row.message}")
    return 0


def _resolve(args) -> int:
    from antasena_desktop.sync.conflicts import resolve
    database, actor = open_and_login(args)
    with database.session() as session:
        resolve(session, actor, args.conflict_id, args.keep)
    print(T("Konflik {c} diselesaikan: {k}. Dikirim ke server pada sinkron berikutnya.",
            "Conflict {c} resolved: {k}. Sent to the server with the next sync.",
            c=args.conflict_id, k=args.keep).render())
    return 0
