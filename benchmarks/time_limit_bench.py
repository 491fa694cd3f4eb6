"""Benchmark (not a test): wall time of `antasena allocate --instance … --time-limit S` per instance size.

    .venv/bin/python benchmarks/time_limit_bench.py [--time-limit 2] [--seeds 1 2] [--sizes 1500 12000 20000]

Each run is a fresh process (`python -m antasena_desktop.commands.allocation`); it prints the wall time,
the engine's reported seconds, the read time (JSON + Problem) and filled/slots. Target (issue 10 item 10):
wall ≤ 1.1 × S + read time + interpreter start.
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

from antasena_desktop.allocation.generator import generate  # noqa: E402
from antasena_desktop.allocation.problem import Problem  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--time-limit", type=float, default=2.0)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1500, 12000, 20000])
    args = parser.parse_args()
    print(f"{'slots':>6} {'seed':>4} {'read s':>7} {'wall s':>7} {'engine s':>8}  filled")
    with tempfile.TemporaryDirectory() as tmp:
        for slots in args.sizes:
            size = "medium" if slots <= 1500 else "large"
            for seed in args.seeds:
                path, out = Path(tmp) / "i.json", Path(tmp) / "r.json"
                path.write_text(json.dumps(generate(size, seed, slots=slots)))
                t = time.perf_counter()
                Problem(json.loads(path.read_text()))
                read = time.perf_counter() - t
                t = time.perf_counter()
                subprocess.run([sys.executable, "-m", "antasena_desktop.commands.allocation", "allocate", "--instance",
                                str(path), "--out", str(out), "--time-limit", str(args.time_limit), "--quiet"],
                               cwd=ROOT, check=True, capture_output=True, timeout=900,
                               env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
                wall = time.perf_counter() - t
                stats = json.loads(out.read_text())["stats"]
                print(f"{slots:>6} {seed:>4} {read:7.2f} {wall:7.2f} {stats['seconds']:8.2f}  "
                      f"{stats['filled']}/{stats['slots']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
