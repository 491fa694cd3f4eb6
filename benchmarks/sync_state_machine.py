"""A longer run of the offline-desk state machine (tests/sync/machine.py) than CI's bounded one.

    .venv/bin/python benchmarks/sync_state_machine.py [--examples 200] [--steps 30]

Random edits on two desks and the server, cuts, heals and lost acknowledgements at random moments;
after each schedule: heal, sync until quiet, then every invariant of issue 17 (each desk change exactly
once as applied or conflict, desks = server, no overlapping postings, replays change nothing, audit
chains intact). Prints how many schedules ran, their steps, syncs, cuts, lost acks and conflicts, and
exits non-zero on the first schedule that breaks an invariant (hypothesis prints it).
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("ANTASENA_DATA_DIR", tempfile.mkdtemp(prefix="sync-machine-data-"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=200)
    parser.add_argument("--steps", type=int, default=30)
    args = parser.parse_args()
    from hypothesis import HealthCheck, Phase, settings
    from hypothesis.stateful import run_state_machine_as_test

    from db.database import open_database
    from tests.pg_server import PgServer
    from tests.sync.machine import SCHEDULES, make_machine
    started = time.perf_counter()
    with PgServer() as pg:
        pg.create_database("machine_template")
        open_database(pg.url("machine_template")).close()
        machine = make_machine(pg, "machine_template")
        run_state_machine_as_test(machine, settings=settings(
            max_examples=args.examples, stateful_step_count=args.steps, deadline=None, database=None,
            suppress_health_check=list(HealthCheck), phases=[Phase.generate, Phase.shrink]))
    minutes = (time.perf_counter() - started) / 60
    print(f"schedules {SCHEDULES['count']}, edit steps {SCHEDULES['steps']}, syncs {SCHEDULES['syncs']}, "
          f"cuts {SCHEDULES['cuts']}, lost acks {SCHEDULES['lost_acks']}, conflict rows {SCHEDULES['conflicts']}: "
          f"every invariant held ({minutes:.1f} min, load average {os.getloadavg()[0]:.1f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
