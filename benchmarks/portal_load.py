"""Load on the stakeholder portal: N concurrent readers for S seconds against the real server process
on 127.0.0.1 (TLS) while a desk keeps placing and removing people through the placement guard.

    PYTHONPATH=. .venv/bin/python benchmarks/portal_load.py [--readers 100] [--seconds 60] [--seed 7]

The database is the deterministic demo of Palembang (`demo.generate_file`, reference day = today, so
the calendar window is full), with three portal accounts (Pemkot counts-only, the satker with the most
people, the organiser of an upcoming event) and six news posts. Each reader logs in once (its login is
timed apart), then loops over the pages its kind may open: beranda, kalender, one of its own events,
berita list and item, and the placement history for the satker — every page checked on the server per
request. The desk runs in its own process (`planning.service.place / unassign`, one transaction each).
All readers come from one address, so the server runs with `--logins-per-minute` raised; everything
else (TLS, CSRF, sessions, per-request policy) is as in production.

Bounded: the run stops itself after --seconds (plus at most 60 s for requests in flight), then stops the
server and the desk. Prints p50/p95/max per page and overall, pages per second, errors (any answer that
is not 200, or a failed request), the desk's placements and its errors, and the load average.
"""
from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TOKEN = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')
EVENT_LINK = re.compile(r'href="/kegiatan/([0-9a-f-]{36})"')
NEWS_LINK = re.compile(r'href="/berita/([0-9a-f-]{36})"')
PASSWORD = "Portal-Beban-2026!"
ADMIN_PASSWORD = "Admin-Beban-2026!"


def prepare(folder: Path, seed: int) -> dict:
    from sqlalchemy import func, select

    from antasena_desktop.demo.generator import generate_file
    from antasena_desktop.services import news, stakeholders
    from antasena_desktop.services.security import Actor, Role
    from antasena_desktop.timefmt import now_utc, to_wib
    from datetime import timedelta
    from db.database import open_database
    from db.models import Event, Personnel, Post, Unit

    path = folder / "bagops.db"
    started = time.perf_counter()
    generate_file(path, seed=seed, today=to_wib(now_utc()).date(), admin_password=ADMIN_PASSWORD)
    demo_seconds = time.perf_counter() - started
    database = open_database(f"sqlite:///{path}")
    admin = Actor("admin", Role.ADMIN, source="bench")
    now = now_utc()
    with database.session() as s:
        unit_id, unit_name = s.execute(
            select(Unit.id, Unit.short_name).join(Personnel, Personnel.unit_id == Unit.id)
            .where(Personnel.active.is_(True)).group_by(Unit.id, Unit.short_name)
            .order_by(func.count().desc()).limit(1)).one()
        organiser = s.scalar(select(Event.organiser).where(Event.start_at > now, Event.organiser != "")
                             .order_by(Event.start_at).limit(1)) or "Panitia"
        stakeholders.create_account(s, admin, "pemkot", PASSWORD, {"kind": "pemkot", "display_name": "Bappeda"})
        stakeholders.create_account(s, admin, "satker", PASSWORD, {"kind": "satker", "unit_id": unit_id,
                                                                    "display_name": unit_name})
        stakeholders.create_account(s, admin, "penyelenggara", PASSWORD, {"kind": "organiser", "organiser": organiser})
        for i in range(6):
            news.create_post(s, admin, {"kind": "berita" if i % 2 else "pengetahuan",
                                        "title": f"Informasi pengamanan nomor {i + 1}",
                                        "body": "Isi berita uji beban.\n" * 20})
        soon = s.execute(select(Post.id).join(Event, Event.id == Post.event_id)
                         .where(Event.start_at > now + timedelta(days=1), Event.start_at < now + timedelta(days=20),
                                Post.deleted_at.is_(None)).limit(40)).scalars().all()
        people = s.scalars(select(Personnel.nrp).where(Personnel.active.is_(True)).order_by(Personnel.nrp)
                           .limit(400)).all()
        counts = {"n_events": s.scalar(select(func.count()).select_from(Event)),
                  "n_people": s.scalar(select(func.count()).select_from(Personnel))}
    database.close()
    return {"url": f"sqlite:///{path}", "posts": list(soon), "people": list(people), "demo_seconds": demo_seconds,
            "satker": unit_name, **counts}


def desk_worker(url: str, post_ids: list[str], people: list[str], seconds: float, seed: int, ready, out) -> None:
    """The desk: place / remove people as fast as the guard allows, one transaction each."""
    from antasena_desktop.i18n import UserError
    from antasena_desktop.planning import service
    from antasena_desktop.services.security import Actor, Role
    from db.database import open_database

    rng = random.Random(seed)
    actor = Actor("meja-beban", Role.OPERATOR_OPS, source="bench")
    database = open_database(url, upgrade=False)
    mine: list[str] = []
    counts = {"placed": 0, "removed": 0, "refused": 0, "error": 0}
    errors: list[str] = []
    ready.wait(120)
    stop_at = time.monotonic() + seconds
    while time.monotonic() < stop_at:
        try:
            with database.session() as session:
                if mine and rng.random() < 0.4:
                    service.unassign(session, actor, mine.pop(rng.randrange(len(mine))))
                    counts["removed"] += 1
                else:
                    done = service.place(session, actor, rng.choice(people), rng.choice(post_ids), reason="uji beban")
                    mine.append(done.ids("assignment")[0])
                    counts["placed"] += 1
        except UserError:
            counts["refused"] += 1
        except Exception as exc:     # noqa: BLE001 — reported, not hidden
            counts["error"] += 1
            errors.append(f"{type(exc).__name__}: {str(exc).splitlines()[0][:100]}")
    database.close()
    out.put({**counts, "errors": errors[:5]})


async def reader(index: int, base: str, start_at: float, deadline: float, rng: random.Random, results: dict) -> None:
    import httpx

    kind = ("pemkot", "satker", "penyelenggara")[index % 3]
    async with httpx.AsyncClient(base_url=base, verify=False, timeout=60, follow_redirects=False) as client:
        try:
            started = time.perf_counter()
            page = await client.get("/masuk")
            token = TOKEN.search(page.text).group(1)
            done = await client.post("/masuk", data={"username": kind, "password": PASSWORD, "csrf_token": token,
                                                     "next": "/kalender"})
            if done.status_code != 303:
                results["errors"].append(f"login {kind} {done.status_code}")
                return
            calendar = await client.get("/kalender")
            results["login"].append(time.perf_counter() - started)
        except httpx.HTTPError as exc:
            results["errors"].append(f"login {type(exc).__name__}")
            return
        events = EVENT_LINK.findall(calendar.text) or [None]
        news_ids = NEWS_LINK.findall((await client.get("/berita")).text) or [None]
        pages = ["/beranda", "/kalender", "event", "/berita", "news"] + (["/riwayat"] if kind == "satker" else [])
        while time.monotonic() < start_at:
            await asyncio.sleep(0.05)
        while time.monotonic() < deadline:
            choice = rng.choice(pages)
            url = (f"/kegiatan/{rng.choice(events)}" if choice == "event" and events[0] else
                   f"/berita/{rng.choice(news_ids)}" if choice == "news" and news_ids[0] else
                   "/kalender" if choice in ("event", "news") else choice)
            name = choice if choice in ("event", "news") else url
            try:
                started = time.perf_counter()
                answer = await client.get(url)
                elapsed = time.perf_counter() - started
            except httpx.HTTPError as exc:
                results["errors"].append(f"{name} {type(exc).__name__}")
                continue
            results["pages"].setdefault(name, []).append(elapsed)
            if answer.status_code != 200:
                results["errors"].append(f"{name} {answer.status_code}")


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def summary(values: list[float]) -> str:
    if not values:
        return "–"
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return f"n={len(values):6d}  p50 {statistics.median(ordered) * 1000:7.1f} ms  p95 {p95 * 1000:7.1f} ms  " \
           f"max {ordered[-1] * 1000:7.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--readers", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    from antasena_desktop.web.health import read_status
    from antasena_desktop.web.portal_serve import serve_command, status_path
    from antasena_desktop.web.process import ServerProcess

    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="portal-load-") as tmp:
        folder = Path(tmp)
        os.environ["ANTASENA_DATA_DIR"] = str(folder / "data")
        material = prepare(folder, args.seed)
        print(f"demo seed {args.seed}: {material['n_events']} events, {material['n_people']} people "
              f"(built in {material['demo_seconds']:.1f} s); satker account: {material['satker']}", flush=True)
        port = free_port()
        server = ServerProcess(serve_command(material["url"], "127.0.0.1", port,
                                             extra=["--logins-per-minute", str(max(60, args.readers * 3))]))
        server.start()
        context = multiprocessing.get_context("spawn")
        ready, out = context.Event(), context.Queue()
        desk = context.Process(target=desk_worker, args=(material["url"], material["posts"], material["people"],
                                                         args.seconds, args.seed, ready, out), daemon=True)
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                status = read_status(status_path(material["url"]))
                if status and status.get("running") and status.get("pid") == server.pid:
                    break
                if not server.running:
                    raise SystemExit("server failed:\n" + "\n".join(server.output))
                time.sleep(0.2)
            desk.start()
            results = {"pages": {}, "errors": [], "login": []}
            rng = random.Random(args.seed)

            async def run_all():
                start_at = time.monotonic() + 30            # logins first (Argon2id, two at a time), then the clock runs
                end = start_at + args.seconds
                tasks = [asyncio.create_task(reader(i, f"https://127.0.0.1:{port}", start_at, end,
                                                    random.Random(rng.random()), results))
                         for i in range(args.readers)]
                while time.monotonic() < start_at:
                    await asyncio.sleep(0.1)
                ready.set()
                await asyncio.wait_for(asyncio.gather(*tasks), timeout=args.seconds + 90)
            asyncio.run(run_all())
            desk_result = out.get(timeout=120)
            load_after = os.getloadavg()
        finally:
            ready.set()
            desk.join(timeout=30)
            final = server.stop()
        every = [v for values in results["pages"].values() for v in values]
        print(f"{args.readers} readers × {args.seconds:.0f} s, TLS on 127.0.0.1 (server exit {final})")
        print(f"  login (once per reader)  {summary(results['login'])}")
        for name in sorted(results["pages"]):
            print(f"  {name:24} {summary(results['pages'][name])}")
        print(f"  {'all pages':24} {summary(every)}   {len(every) / args.seconds:.1f} pages/s")
        print(f"  errors: {len(results['errors'])}" + (f"  e.g. {results['errors'][:5]}" if results["errors"] else ""))
        print(f"  desk: {desk_result['placed']} placed, {desk_result['removed']} removed, "
              f"{desk_result['refused']} refused by the guard, {desk_result['error']} errors {desk_result['errors']}")
        print(f"  load average before {load_before[0]:.2f} / after {load_after[0]:.2f} {load_after[1]:.2f} "
              f"{load_after[2]:.2f} (1/5/15 min), {os.cpu_count()} cores")
    return 0 if not results["errors"] and not desk_result["error"] else 1


if __name__ == "__main__":
    sys.exit(main())
