"""`antasena allocate --db URL --event ID|--date YYYY-MM-DD [--apply]`: plan from the database.

Without --apply nothing is written (the plan is printed and, with --out, saved); with --apply the
result goes through the placement guard in one transaction, audited as source=auto.
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from antasena_desktop.allocation.problem import Problem
from antasena_desktop.cli_support import open_and_login
from antasena_desktop.i18n import T, UserError
from antasena_desktop.planning.instance import build_instance, diff_result, apply_result
from antasena_desktop.services.events import find_event
from antasena_desktop.services.security import Permission


def allocate_from_database(args) -> int:
    if not (args.event or args.date):
        raise UserError(T("Sebutkan --event ID atau --date YYYY-MM-DD.", "Give --event ID or --date YYYY-MM-DD."))
    # the plan names people (NRP) even without --apply: a login like every read of personal data
    database, actor = (open_and_login(args, Permission.PLAN) if args.apply
                       else open_and_login(args, Permission.VIEW, why="read"))
    with database.session() as session:
        if args.event:
            built = build_instance(session, event_ids=[find_event(session, args.event).id])
        else:
            built = build_instance(session, day=date.fromisoformat(args.date))
    from antasena_desktop.commands.allocation import solve_within
    result = solve_within(Problem(built.instance), time_limit=args.time_limit, seed=args.seed, mode=args.mode)
    diff = diff_result(built, result)
    stats = result["stats"]
    external = sum(1 for p in built.instance["pins"] if p["slot"].startswith("LUAR/"))
    print(f"{stats['filled'] - external}/{built.slot_count} kebutuhan terisi; {len(diff.add)} penempatan baru, "
          f"{len(diff.remove)} diganti, {diff.keep} tetap; {stats['seconds']:.2f} s")
    from antasena_desktop.allocation.explain import gap_words
    print(f"Mutu rencana: {gap_words(result).render('id')}")
    for item in result.get("unfilled", [])[:10]:
        print(f"  kosong {item['slot']}: {item.get('reason_id') or item.get('reason')}")
    if args.out:
        Path(args.out).write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    if args.apply:
        with database.session() as session:
            changes = apply_result(session, actor, built, result)
        print(f"Diterapkan: {changes.note}")
    else:
        print("Tidak ada yang ditulis (tambahkan --apply untuk menyimpan rencana).")
    return 0
