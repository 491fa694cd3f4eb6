"""Several desks on one PostgreSQL server: N desk processes place, move and remove people on the demo
busy day as fast as they can, then the rules are checked on what the server holds.

    .venv/bin/python benchmarks/desks_load_bench.py [--desks 2,4,8] [--seconds 60] [--people 400] [--seed 7]

A throwaway server is started (tests/pg_server.py, as for the tests), the demo (seed 7, reference day
2026-11-23) is generated once into a template database, and each N gets a fresh copy of it. Every desk
is its own process with its own engine and goes through the guard exactly as a desk does
(`planning.service.place / move / unassign`), choosing at random among the busy day's posts and a
shared pool of `--people` officers (so desks do race for the same people). Per N it prints: operations
and placements per second, p50/p95 latency of one placement (refusals included), refused attempts,
errors (anything that is not a refusal in the guard's words), then the checks on the server: double
bookings, rest violations, 24-hour-cap violations, audit rows == successful operations and the audit
hash chain intact ("audit ok"), and that another desk's listener heard every change exactly once.
"""
from __future__ import annotations

import argparse
import multiprocessing
import random
import signal
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TODAY = date(2026, 11, 23)


def desk_worker(url: str, desk: int, seconds: float, post_ids: list[str], people: list[str], seed: int,
                barrier) -> dict:
    from antasena_desktop.i18n import UserError
    from antasena_desktop.planning import service
    from antasena_desktop.services.security import Actor, Role
    from db.database import open_database

    rng = random.Random(seed * 100 + desk)
    actor = Actor(f"meja{desk}", Role.OPERATOR_OPS)
    database = open_database(url, upgrade=False)
    mine: list[str] = []
    latencies, counts = [], {"place": 0, "move": 0, "remove": 0, "unchanged": 0, "refused": 0, "error": 0}
    errors: list[str] = []
    barrier.wait(60)
    stop_at = time.perf_counter() + seconds
    while time.perf_counter() < stop_at:
        roll = rng.random()
        kind = "place" if roll < 0.6 or not mine else "move" if roll < 0.8 else "remove"
        started = time.perf_counter()
        try:
            with database.session() as session:
                if kind == "place":
                    changes = service.place(session, actor, rng.choice(people), rng.choice(post_ids),
                                            reason="uji beban")
                    mine.append(changes.ids("assignment")[0])
                elif kind == "move":
                    if not service.move(session, actor, rng.choice(mine), rng.choice(post_ids), reason="uji beban"):
                        kind = "unchanged"                # moved onto the line it was on: nothing written
                else:
                    target = mine.pop(rng.randrange(len(mine)))
                    service.unassign(session, actor, target)
            counts[kind] += 1
        except UserError:                                 # the guard's words (taken, rest, full, …)
            counts["refused"] += 1
        except Exception as exc:                          # not the guard's words: reported
            counts["error"] += 1
            errors.append(type(exc).__name__ + ": " + str(exc).splitlines()[0][:120])
        if kind == "place":
            latencies.append(time.perf_counter() - started)
    database.close()
    return {"counts": counts, "latencies": latencies, "errors": errors[:5]}


def check_rules(url: str, day: date) -> dict:
    from sqlalchemy import func, select, text

    from antasena_desktop.planning.rules import max_minutes_in_24h
    from antasena_desktop.services import audit as audit_service
    from antasena_desktop.services.settings import load as load_settings
    from db.database import open_database
    from db.models import Assignment, AuditLog

    database = open_database(url, upgrade=False)
    with database.session() as s:
        rules = load_settings(s)
        double = s.execute(text(
            "SELECT count(*) FROM assignment a JOIN assignment b ON a.personnel_id = b.personnel_id AND a.id < b.id "
            "WHERE a.deleted_at IS NULL AND b.deleted_at IS NULL AND a.start_at < b.end_at AND b.start_at < a.end_at"
        )).scalar()
        rest = s.execute(text(
            "SELECT count(*) FROM assignment a JOIN assignment b ON a.personnel_id = b.personnel_id AND a.id < b.id "
            "WHERE a.deleted_at IS NULL AND b.deleted_at IS NULL AND NOT (a.start_at < b.end_at AND b.start_at < a.end_at) "
            "AND a.start_at < b.end_at + make_interval(mins => :r) AND b.start_at < a.end_at + make_interval(mins => :r)"
        ), {"r": rules.rest_minutes}).scalar()
        # 24-h cap, judged as the guard judges a placement: every desk-written live assignment together
        # with the person's live assignments within 24 h + rest of it (the demo's own history is not ours).
        margin = timedelta(hours=24, minutes=rules.rest_minutes)
        per_person: dict[str, list] = {}
        for pid, a, b, who in s.execute(select(Assignment.personnel_id, Assignment.start_at, Assignment.end_at,
                                               Assignment.updated_by).where(Assignment.deleted_at.is_(None))):
            per_person.setdefault(pid, []).append((a, b, who.startswith("meja")))
        cap = 0
        for spans in per_person.values():
            for a, b, ours in spans:
                if ours:
                    near = [(x, y) for x, y, _ in spans if x < b + margin and y > a - margin]
                    if max_minutes_in_24h(near) > rules.max_minutes_per_24h:
                        cap += 1
        audited = s.scalar(select(func.count()).select_from(AuditLog).where(
            AuditLog.entity == "assignment", AuditLog.username.like("meja%")))
        live = s.scalar(select(func.count()).select_from(Assignment).where(Assignment.deleted_at.is_(None)))
        chain = audit_service.verify(s).broken is None
    database.close()
    return {"double": double, "rest": rest, "cap24": cap, "audited": audited, "live": live, "chain": chain}


def change_ids(url: str) -> list[int]:
    from sqlalchemy import select

    from db.database import open_database
    from db.models import ChangeLog
    database = open_database(url, upgrade=False)
    with database.session() as s:
        ids = list(s.scalars(select(ChangeLog.id).order_by(ChangeLog.id)))
    database.close()
    return ids


def busy_day_material(url: str, day: date, n_people: int, seed: int) -> tuple[list[str], list[str]]:
    from sqlalchemy import select

    from antasena_desktop.timefmt import WIB
    from db.database import open_database
    from db.models import Personnel, Post, Unit
    from datetime import datetime

    database = open_database(url, upgrade=False)
    start = datetime(day.year, day.month, day.day, tzinfo=WIB)
    with database.session() as s:
        posts = list(s.scalars(select(Post.id).where(Post.deleted_at.is_(None), Post.start_at >= start,
                                                     Post.start_at < start + timedelta(days=1)).order_by(Post.id)))
        people = list(s.scalars(select(Personnel.id).join(Unit, Unit.id == Personnel.unit_id).where(
            Personnel.active, Personnel.deleted_at.is_(None), Unit.operational).order_by(Personnel.id)))
    database.close()
    random.Random(seed).shuffle(people)
    return posts, people[:n_people]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--desks", default="2,4,8")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--people", type=int, default=400)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    from antasena_desktop.demo import generate_file
    from db.live import ChangeListener
    from tests.pg_server import PgServer

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))     # stop the throwaway server on a kill too
    failures = 0
    with PgServer() as server:
        template = server.create_database("bench_template")
        summary = generate_file(template, seed=args.seed, today=TODAY, admin_password="Beban-123-demo")
        day = date.fromisoformat(str(summary.busy_day)[:10])
        print(f"demo seed {args.seed}: busy day {day}, {summary.busy_day_slots} seats; server {server.root}")
        print(f"{'N':>2} {'ops/s':>7} {'place/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'placed':>7} {'moved':>6} "
              f"{'removed':>7} {'refused':>7} {'errors':>6} | {'double':>6} {'rest':>4} {'24h':>4} {'audit ok':>8}")
        for n in [int(x) for x in args.desks.split(",")]:
            url = server.create_database(f"bench_{n}", template="bench_template")
            posts, people = busy_day_material(url, day, args.people, args.seed)
            heard: list[float] = []                     # seconds from a desk's commit to this listener
            heard_ids: list[int] = []
            start_id = change_ids(url)[-1:] or [0]

            def on_rows(rows):
                heard.extend(time.time() - row.at.timestamp() for row in rows if row.at)
                heard_ids.extend(row.id for row in rows)
            listener = ChangeListener(url, on_rows, own_desk="bench", last_seen=start_id[0]).start()
            context = multiprocessing.get_context("spawn")
            with context.Manager() as manager:
                barrier = manager.Barrier(n)
                with context.Pool(n) as pool:
                    results = [pool.apply_async(desk_worker, (url, i, args.seconds, posts, people, args.seed, barrier))
                               for i in range(n)]
                    outcomes = [r.get(args.seconds + 300) for r in results]
            time.sleep(2)
            listener.stop()
            counts = {k: sum(o["counts"][k] for o in outcomes) for k in outcomes[0]["counts"]}
            latencies = sorted(x for o in outcomes for x in o["latencies"])
            checks = check_rules(url, day)
            done = counts["place"] + counts["move"] + counts["remove"]
            audit_ok = checks["audited"] == done and checks["chain"]
            p50 = statistics.median(latencies) * 1000 if latencies else 0.0
            p95 = latencies[int(0.95 * (len(latencies) - 1))] * 1000 if latencies else 0.0
            ops = (done + counts["unchanged"] + counts["refused"]) / args.seconds
            print(f"{n:>2} {ops:>7.1f} {len(latencies) / args.seconds:>8.1f} {p50:>7.1f} {p95:>7.1f} "
                  f"{counts['place']:>7} {counts['move']:>6} {counts['remove']:>7} {counts['refused']:>7} "
                  f"{counts['error']:>6} | {checks['double']:>6} {checks['rest']:>4} {checks['cap24']:>4} "
                  f"{'yes' if audit_ok else 'NO':>8}")
            heard.sort()
            missed = len(set(change_ids(url)) - set(heard_ids) - set(range(start_id[0] + 1)))
            twice = len(heard_ids) - len(set(heard_ids))
            failures += bool(missed or twice)
            if heard:
                print(f"   NOTIFY → another desk's listener: {len(heard)} changes heard ({missed} missed, {twice} twice), p50 "
                      f"{statistics.median(heard) * 1000:.0f} ms, p95 {heard[int(0.95 * (len(heard) - 1))] * 1000:.0f} ms, "
                      f"max {heard[-1] * 1000:.0f} ms")
            for o in outcomes:
                for e in o["errors"]:
                    print(f"   error: {e}")
            if checks["double"] or checks["rest"] or checks["cap24"] or not audit_ok or counts["error"]:
                failures += 1
            server.drop_database(f"bench_{n}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
