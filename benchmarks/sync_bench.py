"""Sync of N pending edits made on an offline desk (issue 17: 1,000 edits ≤ 10 s).

    .venv/bin/python benchmarks/sync_bench.py [--edits 250,500,1000] [--seeds 1,2,3]

A throwaway PostgreSQL server (tests/pg_server.py) with a small world (one unit, 400 officers, two
events with posts), one desk joined as in `antasena desk join`, the link cut, then N edits on the desk
(each its own transaction, as an operator makes them): about a third placements of distinct officers,
a third event edits, a third personnel phone edits, in a random order per seed. The link heals and one
`sync()` (push then pull) is timed. It checks that every edit was applied (0 pending, 0 conflicts) and
that desk and server hold the same rows; exits non-zero otherwise.
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("ANTASENA_DATA_DIR", tempfile.mkdtemp(prefix="sync-bench-data-"))


def run_once(pg, template: str, edits: int, seed: int, tmp: Path) -> dict:
    from sqlalchemy import select

    from antasena_desktop.planning import service as guard
    from antasena_desktop.services import events as event_service
    from antasena_desktop.services import personnel as personnel_service
    from antasena_desktop.sync.client import DeskSync, ServerUnreachable
    from db.database import open_database
    from db.models import Event
    from tests.sync.checks import differences, snapshot
    from tests.sync.conftest import World, actor, build_server_world, join_desk
    from tests.sync.proxy import FaultProxy

    name = f"bench_{edits}_{seed}"
    url = pg.create_database(name, template=template)
    people, posts, lines = build_server_world(url, people=max(400, edits // 3 + 10))
    proxy = FaultProxy(pg.socket_dir / f".s.PGSQL.{pg.port}")
    folder = tmp / name
    folder.mkdir()
    world = World(url, proxy.url(name, pg.user), proxy, folder, people, posts, lines)
    desk = join_desk(world, f"Meja {seed}", "meja1")
    ops = actor(desk, "meja1")
    server = open_database(url)
    with server.session() as s:
        events = list(s.scalars(select(Event.id)))
    proxy.cut()
    rng = random.Random(seed)
    kinds = (["place"] * (edits // 3) + ["event"] * (edits // 3))
    kinds += ["phone"] * (edits - len(kinds))
    rng.shuffle(kinds)
    officers = [pid for label, pid in people.items() if label != "X"]
    rng.shuffle(officers)
    started = time.perf_counter()
    for i, kind in enumerate(kinds):
        with desk.session() as s:
            if kind == "place":
                post = rng.choice(["Pos A", "Pos B"])
                guard.place(s, ops, officers.pop(), posts[post], lines[post])
            elif kind == "event":
                event_service.update_event(s, ops, rng.choice(events), {"description": f"catatan {i}"})
            else:
                personnel_service.edit_personnel(s, ops, rng.choice(officers), {"phone": f"0812{i:07d}"})
    local_seconds = time.perf_counter() - started
    client = DeskSync(desk)
    try:
        client.sync()
        raise SystemExit("the sync should have failed while the link is cut")
    except ServerUnreachable:
        pass
    proxy.heal()
    started = time.perf_counter()
    report = client.sync()
    seconds = time.perf_counter() - started
    client.close()
    same = differences(snapshot(server), snapshot(desk)) == []
    for db in (desk, server):
        db.close()
    proxy.stop()
    pg.drop_database(name)
    return {"edits": edits, "seed": seed, "seconds": seconds, "local_seconds": local_seconds,
            "pushed": report.pushed, "applied": report.applied, "conflicts": report.conflicts,
            "pulled": report.pulled, "same": same}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--edits", default="250,500,1000")
    parser.add_argument("--seeds", default="1,2,3")
    args = parser.parse_args()
    from db.database import open_database
    from tests.pg_server import PgServer
    failures = 0
    with PgServer() as pg, tempfile.TemporaryDirectory() as tmp:
        pg.create_database("bench_template")
        open_database(pg.url("bench_template")).close()
        print(f"{'edits':>6} {'seed':>4} {'sync s':>7} {'edits/s':>8} {'pushed':>6} {'applied':>7} {'conflicts':>9} "
              f"{'pulled':>6}  same  (local edits s)")
        for edits in [int(x) for x in args.edits.split(",")]:
            for seed in [int(x) for x in args.seeds.split(",")]:
                r = run_once(pg, "bench_template", edits, seed, Path(tmp))
                ok = r["same"] and r["pushed"] == edits and r["applied"] == edits and r["conflicts"] == 0
                failures += not ok
                print(f"{edits:>6} {seed:>4} {r['seconds']:>7.2f} {edits / r['seconds']:>8.0f} {r['pushed']:>6} "
                      f"{r['applied']:>7} {r['conflicts']:>9} {r['pulled']:>6}  {'ya' if r['same'] else 'TIDAK'}"
                      f"  ({r['local_seconds']:.1f})", flush=True)
    print(f"load average: {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f} {os.getloadavg()[2]:.1f}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
