"""WBS core benchmark: submit, track by receipt, login, open a case — against case counts.

    .venv/bin/python benchmarks/wbs_bench.py [--sizes 50,300] [--tracks 20] [--seed 1]

For each size builds a throw-away WBS database (init + a verifikator + N reports through
intake.submit_report), then times: submit (one more report), track with a right receipt, track with
a wrong one (the same Argon2id work by design), login, open_case. Reports median and p95 in ms and
how many cases shared the looked-up receipt tag. The point of the short lookup tag: tracking costs
one Argon2id (~0.1 s) at any size, where checking every case's hash would cost N of them.
"""
from __future__ import annotations

import argparse
import copy
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))


def _ms(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return f"median {statistics.median(ordered) * 1000:7.1f} ms  p95 {p95 * 1000:7.1f} ms"


def run(size: int, tracks: int, seed: int) -> None:
    from sqlalchemy import func, select

    from antasena_desktop.wbs import accounts, cases, intake, setup
    from antasena_desktop.wbs.roles import SYSTEM, WbsRole
    from db.wbs.database import open_wbs_database
    from db.wbs.models import WbsCase
    from wbs.conftest import FORM

    rng = random.Random(seed)
    work = Path(tempfile.mkdtemp(prefix="wbs-bench-"))
    os.environ["ANTASENA_DATA_DIR"] = str(work / "data")
    database = open_wbs_database(f"sqlite:///{work}/b.db")
    with database.session() as session:
        setup.initialise(session, "Rahasia-123", work / "sheet.txt", "bench")
        accounts.create_account(session, SYSTEM, "verif", "Rahasia-123", WbsRole.VERIFIKATOR)
    receipts = []
    t0 = time.perf_counter()
    for _ in range(size):
        with database.session() as session:
            receipts.append(intake.submit_report(session, copy.deepcopy(FORM)))
    build = time.perf_counter() - t0
    submit, right, wrong, login, opening, collisions = [], [], [], [], [], []
    for _ in range(tracks):
        t = time.perf_counter()
        with database.session() as session:
            done = intake.submit_report(session, copy.deepcopy(FORM))
        submit.append(time.perf_counter() - t)
        pick = rng.choice(receipts)
        t = time.perf_counter()
        with database.session() as session:
            intake.track(session, pick.receipt)
        right.append(time.perf_counter() - t)
        with database.session() as session:
            tag = session.get(WbsCase, pick.case_id).receipt_lookup
            collisions.append(session.scalar(select(func.count()).select_from(WbsCase).where(WbsCase.receipt_lookup == tag)))
        t = time.perf_counter()
        try:
            with database.session() as session:
                intake.track(session, f"{rng.randrange(10 ** 16):016d}")
        except intake.ReceiptNotFound:
            pass
        wrong.append(time.perf_counter() - t)
        t = time.perf_counter()
        actor, keyring = accounts.login(database.sessions(), "verif", "Rahasia-123")
        login.append(time.perf_counter() - t)
        t = time.perf_counter()
        with database.session() as session:
            cases.open_case(session, actor, keyring, done.case_id)
        opening.append(time.perf_counter() - t)
    print(f"cases {size:5d} (built in {build:.1f} s, {build / max(size, 1) * 1000:.0f} ms/report)")
    print(f"  submit       {_ms(submit)}")
    print(f"  track right  {_ms(right)}   cases sharing the tag: max {max(collisions)}")
    print(f"  track wrong  {_ms(wrong)}")
    print(f"  login        {_ms(login)}")
    print(f"  open_case    {_ms(opening)}")
    print(f"  a scan of every hash would cost ~{size * statistics.median(right):.1f} s per track")
    database.close()


def main() -> int:
    parser = argparse.ArgumentParser(description="WBS core timings")
    parser.add_argument("--sizes", default="50,300")
    parser.add_argument("--tracks", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    for size in (int(s) for s in args.sizes.split(",")):
        run(size, args.tracks, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
