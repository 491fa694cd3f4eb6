"""Benchmark (not a test): peak memory (RSS) of reading a roster and of hostile files.

    .venv/bin/python benchmarks/import_memory_bench.py [--rows 15000] [--repeat 2]

Each file is read by `antasena_desktop.importing.reader.read_table` (what `antasena import personnel`
and the GUI wizard call) in a fresh child process; the figure is the child's `VmHWM` from /proc (peak RSS of
that process, interpreter included; `ru_maxrss` would inherit the generator's peak across exec). Target (issue 10 item 5): ≤ 300 MB for a 15,000-row file and for every
hostile file. Files are generated into a temporary folder (tests/hardening/hostile_files.py).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "hardening"))

import hostile_files as hf  # noqa: E402

CHILD = r"""
import json, sys, time
from antasena_desktop.importing.reader import read_table
from antasena_desktop.importing.personnel_import import ALIASES
started = time.perf_counter()
try:
    table = read_table(sys.argv[1], ALIASES, ["name"], {})
    outcome = f"read {len(table.rows)} rows"
except Exception as exc:
    outcome = f"{type(exc).__name__}: {str(exc)[:90]}"
hwm = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
print(json.dumps({"outcome": outcome, "seconds": time.perf_counter() - started, "peak_mb": hwm / 1024}))
"""

# The whole import (read, plan, apply, commit into a fresh SQLite file) of the same file.
CHILD_IMPORT = r"""
import json, sys, tempfile, time
from antasena_desktop.importing.personnel_import import apply_import, plan_import
from antasena_desktop.services.security import SYSTEM
from db.database import open_database
from db.models import Unit
folder = tempfile.mkdtemp()
database = open_database(f"sqlite:///{folder}/m.db")
with database.session() as s:
    s.add(Unit(code="SATSAMAPTA", name="Satuan Samapta", short_name="Sat Samapta", kind="satfung"))
started = time.perf_counter()
with database.session() as s:
    plan = plan_import(s, SYSTEM, sys.argv[1])
    outcome = f"{len(plan.errors)} errors" if plan.errors else f"imported {apply_import(plan).report['created']} people"
hwm = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
print(json.dumps({"outcome": outcome, "seconds": time.perf_counter() - started, "peak_mb": hwm / 1024}))
"""


def files(folder: Path, rows: int) -> dict[str, Path]:
    csv_path = folder / "roster.csv"
    csv_path.write_text("\n".join([",".join(hf.HEADER)] + [",".join(hf.person(i)) for i in range(rows)]) + "\n")
    return {
        f"roster {rows:,} rows .xlsx": hf.roster_xlsx(folder / "roster.xlsx", rows),
        f"roster {rows:,} rows .csv": csv_path,
        "dimension A1:ZZZZZZZ2 + cell in column ZZZZZZZ": hf.huge_column_xlsx(folder / "column.xlsx"),
        "1,000,000 blank formatted rows": hf.blank_rows_bomb_xlsx(folder / "blank.xlsx", 1_000_000),
        "sharedStrings bomb (400 MB inflated)": hf.shared_strings_bomb_xlsx(folder / "sst.xlsx", 400),
        "roster with a 900,000-row blank gap": hf.roster_xlsx(folder / "gap.xlsx", 100, gap_after=50, gap=900_000),
        "CSV 70 MB (over the size limit)": _big_csv(folder / "big.csv", 70),
        "CSV 60 MB (under the size limit, 1.2 M rows)": _big_csv(folder / "big60.csv", 60),
    }


def _big_csv(path: Path, megabytes: int) -> Path:
    with path.open("w") as handle:
        handle.write(",".join(hf.HEADER) + "\n")
        line = ",".join(hf.person(1)) + "\n"
        handle.write(line * (megabytes * 1_000_000 // len(line)))
    return path


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=15_000)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        cases = files(Path(tmp), args.rows)
        print(f"files generated in {time.perf_counter() - started:.1f} s")
        print(f"{'file':58} {'size':>9} {'peak RSS':>9} {'time':>7}  outcome")
        worst = 0.0
        runs = [(name, path, CHILD) for name, path in cases.items()]
        runs[1:1] = [(f"{name} — full import", path, CHILD_IMPORT) for name, path in list(cases.items())[:2]]
        for name, path, child in runs:
            for _ in range(args.repeat):
                out = subprocess.run([sys.executable, "-c", child, str(path)], cwd=ROOT, capture_output=True,
                                     text=True, timeout=600, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
                data = json.loads(out.stdout.strip().splitlines()[-1])
                worst = max(worst, data["peak_mb"])
                print(f"{name:58} {path.stat().st_size / 1e6:7.2f}MB {data['peak_mb']:7.0f}MB "
                      f"{data['seconds']:6.2f}s  {data['outcome']}")
        print(f"worst peak RSS: {worst:.0f} MB (target ≤ 300 MB)")
        return 0 if worst <= 300 else 1


if __name__ == "__main__":
    sys.exit(main())
