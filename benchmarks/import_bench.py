"""Benchmark (not a test): import 15,000 generated roster rows into a fresh SQLite database.

    .venv/bin/python benchmarks/import_bench.py [--rows 15000] [--format xlsx|csv|both]

Target: ≤ 5 s for plan + apply + commit of 15,000 new people (one audit record each).
Also timed: re-importing the same file in update mode (all rows unchanged), the same file with
every rank changed (15,000 updates), and `list_personnel` over the full roster.
"""
from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select  # noqa: E402

from antasena_desktop.importing.personnel_import import apply_import, plan_import  # noqa: E402
from antasena_desktop.services.personnel import list_personnel  # noqa: E402
from antasena_desktop.services.security import Actor, Role  # noqa: E402
from db.database import open_database  # noqa: E402
from db.models import AuditLog, Personnel, Unit  # noqa: E402

UNITS = [("SAT-SAMAPTA", "Satuan Samapta", "Sat Samapta", "SAT SABHARA", "satfung"),
         ("SAT-LANTAS", "Satuan Lalu Lintas", "Sat Lantas", "", "satfung"),
         ("SAT-RESKRIM", "Satuan Reserse Kriminal", "Sat Reskrim", "", "satfung")] + \
        [(f"POLSEK-{i}", f"Polsek Contoh {i}", f"Polsek Contoh {i}", "", "polsek") for i in range(1, 19)]
RANKS = ["Bripda", "BRIPTU", "Brigadir", "BRIPKA.", "Aipda", "AIPTU", "Ipda", "IPTU", "AKP", "Kompol"]
HEADER = ["NO", "NAMA", "PKT", "NRP", "JABATAN", "KESATUAN", "JK", "FUNGSI", "NO. HP"]


def make_rows(n: int, rank_shift: int = 0) -> list[list]:
    rng = random.Random(7)
    rows = []
    for i in range(n):
        unit = UNITS[i % len(UNITS)]
        nrp = f"{80000000 + i}"
        nrp = f"{nrp[:4]} {nrp[4:]}" if i % 3 == 0 else nrp
        rows.append([i + 1, f"PERSONEL {i:05d}, S.H." if i % 10 == 0 else f"Personel {i:05d}",
                     RANKS[(i + rank_shift) % len(RANKS)], nrp, "BA", unit[2] if i % 2 else unit[3] or unit[0],
                     "L" if i % 7 else "P", rng.choice(["samapta", "lantas, dalmas", "", "Intelkam; Reskrim"]),
                     f"0812 {i:04d} {i % 9999:04d}"])
    return rows


def write(path: Path, rows: list[list]) -> Path:
    if path.suffix == ".csv":
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter=";")
            writer.writerow(["DAFTAR PERSONEL"])
            writer.writerow(HEADER)
            writer.writerows(rows)
        return path
    from openpyxl import Workbook
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Personel")
    sheet.append(["DAFTAR PERSONEL"])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def timed_import(db, actor, path: Path, update: bool) -> tuple[float, float, float, dict]:
    """(plan wall s, apply+commit wall s, total CPU s of this process, report)."""
    c0, t0 = time.process_time(), time.perf_counter()
    with db.session() as session:
        plan = plan_import(session, actor, path, update=update)
        t1 = time.perf_counter()
        report = apply_import(plan).report
    t2, c1 = time.perf_counter(), time.process_time()
    if report["errors"]:
        raise SystemExit(f"unexpected errors: {report['errors'][:3]}")
    return t1 - t0, t2 - t1, c1 - c0, report


def fresh_db(path: Path):
    path.unlink(missing_ok=True)
    db = open_database(f"sqlite:///{path}")
    with db.session() as session:
        session.add_all(Unit(code=c, name=nm, short_name=s, alias=a, kind=k) for c, nm, s, a, k in UNITS)
    return db


def run(fmt: str, n: int, work: Path, repeat: int) -> None:
    actor = Actor("bench", Role.OPERATOR_OPS)
    path = write(work / f"roster.{fmt}", make_rows(n))
    runs = []
    for attempt in range(repeat):
        db = fresh_db(work / f"bench-{fmt}.db")
        plan_s, apply_s, cpu_s, report = timed_import(db, actor, path, update=False)
        runs.append((plan_s + apply_s, plan_s, apply_s, cpu_s))
        if attempt < repeat - 1:
            db.close()
    with db.session() as session:
        people = session.scalar(select(func.count()).select_from(Personnel))
        audits = session.scalar(select(func.count()).select_from(AuditLog))
    best = min(runs)
    walls = ", ".join(f"{r[0]:.2f}" for r in runs)
    print(f"[{fmt}] fresh import of {n} rows into a fresh DB, {repeat} runs: best {best[0]:.2f} s wall "
          f"(plan {best[1]:.2f} + apply/commit {best[2]:.2f}; CPU {best[3]:.2f} s); all runs: {walls} s  "
          f"(created {report['created']}, people {people}, audit rows {audits})")
    plan_s, apply_s, cpu_s, report = timed_import(db, actor, path, update=True)
    print(f"[{fmt}] same file again, --update: {plan_s + apply_s:.2f} s wall, CPU {cpu_s:.2f} s "
          f"(unchanged {report['unchanged']})")
    changed = write(work / f"roster-changed.{fmt}", make_rows(n, rank_shift=1))
    plan_s, apply_s, cpu_s, report = timed_import(db, actor, changed, update=True)
    print(f"[{fmt}] every rank changed, --update: {plan_s + apply_s:.2f} s wall (plan {plan_s:.2f} + apply "
          f"{apply_s:.2f}), CPU {cpu_s:.2f} s (updated {report['updated']})")
    with db.session() as session:
        t0 = time.perf_counter()
        rows = list_personnel(session, actor)
        print(f"[{fmt}] list_personnel over {len(rows)} people: {time.perf_counter() - t0:.3f} s")
    db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=15_000)
    parser.add_argument("--format", choices=["xlsx", "csv", "both"], default="both")
    parser.add_argument("--repeat", type=int, default=3, help="fresh-import runs (best is reported)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in (["xlsx", "csv"] if args.format == "both" else [args.format]):
            run(fmt, args.rows, Path(tmp), args.repeat)


if __name__ == "__main__":
    main()
