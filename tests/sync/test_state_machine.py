"""The state machine of tests/sync/machine.py in CI: bounded examples (ANTASENA_SYNC_EXAMPLES, default 6).
A longer run: benchmarks/sync_state_machine.py --examples N."""
from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings
from hypothesis.stateful import run_state_machine_as_test

from tests.conftest import ENGINES, _pg_template, pg_server
from tests.sync.machine import SCHEDULES, make_machine


def test_random_edits_cuts_and_lost_acks_converge(tmp_path, monkeypatch):
    if "postgresql" not in ENGINES:
        pytest.skip("the offline desks sync with a PostgreSQL server (ANTASENA_TEST_ENGINES excludes it)")
    monkeypatch.setenv("ANTASENA_DATA_DIR", str(tmp_path / "data"))
    server = pg_server()
    machine = make_machine(server, _pg_template(server))
    before = SCHEDULES["count"]
    run_state_machine_as_test(machine, settings=settings(
        max_examples=int(os.environ.get("ANTASENA_SYNC_EXAMPLES", "6")), stateful_step_count=20, deadline=None,
        suppress_health_check=list(HealthCheck), database=None))
    assert SCHEDULES["count"] > before
