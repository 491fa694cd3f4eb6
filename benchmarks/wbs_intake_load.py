"""Load on the WBS intake: N concurrent simulated reporters for S seconds against the real server
process on 127.0.0.1 (TLS), each filing reports and tracking them with their receipt.

    PYTHONPATH=. .venv/bin/python benchmarks/wbs_intake_load.py [--reporters 50] [--seconds 60] [--seed 1]

Bounded: the run stops by itself after --seconds (plus at most 60 s to finish requests in flight),
then stops the server. Only 127.0.0.1. All simulated reporters come from one address, so the
server runs with its per-client rate limits raised (--reports-per-hour/--track-per-minute); every
other protection (CSRF, in-memory forms, sniffing, clean copies, Argon2id receipts) is on.
Prints p50/p95/max latency of "page" (GET /lapor, the form), "submit" (POST /lapor + the receipt page) and "track" (POST /lacak +
the tracking page), errors, and lost reports (receipts handed out without a matching case).
"""
from __future__ import annotations

import argparse
import asyncio
import io
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
RECEIPT = re.compile(r'data-code="(\d{16})"')


def small_jpeg(rng: random.Random) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (32, 24), (rng.randrange(256), rng.randrange(256), 40)).save(out, format="JPEG")
    return out.getvalue()


def prepare(folder: Path) -> str:
    from antasena_desktop.wbs import accounts, setup
    from antasena_desktop.wbs.roles import WbsRole
    from db.wbs.database import open_wbs_database

    url = f"sqlite:///{folder / 'wbs.db'}"
    database = open_wbs_database(url)
    with database.session() as session:
        setup.initialise(session, "Admin-Bench-2026!", folder / "sheet.txt", url)
    with database.session() as session:
        admin, _ = accounts.login(session, "admin", "Admin-Bench-2026!", source="bench")
        accounts.create_account(session, admin, "verif", "Verif-Bench-2026!", WbsRole.VERIFIKATOR, "Verifikator")
    database.close()
    return url


async def reporter(index: int, base: str, deadline: float, rng: random.Random, results: dict) -> None:
    import httpx

    async with httpx.AsyncClient(base_url=base, verify=False, timeout=120, follow_redirects=True) as client:
        while time.monotonic() < deadline:
            try:
                started = time.perf_counter()
                page = await client.get("/lapor")
                results["page"].append(time.perf_counter() - started)
                token = TOKEN.search(page.text).group(1)
                form = {"csrf_token": token, "category": rng.choice(["korupsi", "gratifikasi", "pengadaan"]),
                        "what": f"Laporan uji beban {index}-{rng.random():.6f}", "who": "Pejabat X",
                        "where": "Kantor Y", "when": "Januari 2026", "how": "Uraian singkat", "how_much": "Rp 1",
                        "reported_party_name": "Sdr. Z", "reported_party_position": "Kepala Seksi",
                        "reported_party_agency": "Dinas Uji", "anonymous": "1", "not_involved": "1"}
                started = time.perf_counter()
                sent = await client.post("/lapor", data=form,
                                         files=[("evidence", ("foto.jpg", small_jpeg(rng), "image/jpeg"))])
                match = RECEIPT.search(sent.text) if sent.status_code == 200 else None
                results["submit"].append(time.perf_counter() - started)
                if match is None:
                    results["errors"].append(f"submit {sent.status_code}")
                    continue
                receipt = match.group(1)
                results["receipts"].append(receipt)
                token = TOKEN.search((await client.get("/lacak")).text).group(1)
                started = time.perf_counter()
                tracked = await client.post("/lacak", data={"receipt": receipt, "csrf_token": token})
                results["track"].append(time.perf_counter() - started)
                if tracked.status_code != 200 or 'id="status"' not in tracked.text:
                    results["errors"].append(f"track {tracked.status_code}")
                await client.post("/lacak/keluar", data={"csrf_token": TOKEN.search(tracked.text).group(1)}
                                  if TOKEN.search(tracked.text) else {})
            except Exception as exc:      # noqa: BLE001 - every failure counts as an error
                results["errors"].append(f"{type(exc).__name__}: {exc}")


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def lost_reports(url: str, receipts: list[str]) -> tuple[int, int]:
    """(cases in the database, receipts without a case) — by the cheap lookup tag, no Argon2id."""
    from sqlalchemy import func, select

    from antasena_desktop.wbs import crypto, keys
    from db.wbs.database import open_wbs_database
    from db.wbs.models import WbsCase

    database = open_wbs_database(url)
    with database.session() as session:
        key = keys.receipt_lookup_key(session)
        tags = set(session.scalars(select(WbsCase.receipt_lookup)))
        count = session.scalar(select(func.count()).select_from(WbsCase))
    database.close()
    return count, sum(1 for r in receipts if crypto.lookup_tag(key, r) not in tags)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reporters", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    from antasena_desktop.web.health import read_status
    from antasena_desktop.web.process import ServerProcess
    from antasena_desktop.web.wbs_serve import serve_command, status_path

    folder = Path(tempfile.mkdtemp(prefix="wbs-load-"))
    os.environ["ANTASENA_DATA_DIR"] = str(folder / "data")
    url = prepare(folder)
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = ServerProcess(serve_command(url, "127.0.0.1", port, False,
                                         ["--reports-per-hour", "1000000", "--track-per-minute", "1000000"]))
    server.start()
    try:
        limit = time.monotonic() + 60
        while time.monotonic() < limit and not (read_status(status_path(url)) or {}).get("running"):
            if not server.running:
                print("\n".join(server.output))
                return 1
            time.sleep(0.2)
        results: dict = {"page": [], "submit": [], "track": [], "errors": [], "receipts": []}
        rng = random.Random(args.seed)
        deadline = time.monotonic() + args.seconds
        started = time.monotonic()

        async def run_all():
            tasks = [reporter(i, f"https://127.0.0.1:{port}", deadline, random.Random(rng.random()), results)
                     for i in range(args.reporters)]
            await asyncio.wait_for(asyncio.gather(*tasks), timeout=args.seconds + 60)

        asyncio.run(run_all())
        elapsed = time.monotonic() - started
    finally:
        server.stop()
    status = read_status(status_path(url)) or {}
    if os.environ.get("WBS_LOAD_SERVER_LOG"):
        print("\n".join(server.output))
    cases, lost = lost_reports(url, results["receipts"])
    print(f"reporters={args.reporters} seconds={args.seconds:g} seed={args.seed} elapsed={elapsed:.1f}s "
          f"cpus={os.cpu_count()} load={os.getloadavg()[0]:.1f}")
    for kind in ("page", "submit", "track"):
        values = results[kind]
        print(f"{kind:6s}: n={len(values):4d}  p50={percentile(values, .5) * 1000:7.0f} ms  "
              f"p95={percentile(values, .95) * 1000:7.0f} ms  max={max(values, default=0) * 1000:7.0f} ms  "
              f"mean={statistics.fmean(values) * 1000 if values else 0:7.0f} ms")
    print(f"throughput: {len(results['submit']) / elapsed:.2f} reports/s, {len(results['track']) / elapsed:.2f} tracks/s")
    print(f"errors={len(results['errors'])} receipts={len(results['receipts'])} cases={cases} lost={lost}")
    print(f"server counts: {status.get('counts', {})}")
    for line in results["errors"][:5]:
        print("  error:", line)
    return 0 if not results["errors"] and lost == 0 and cases == len(results["receipts"]) else 1


if __name__ == "__main__":
    sys.exit(main())
