"""Item 10: the CLI's deadline covers the reasons for unfilled slots (figures: benchmarks/time_limit_bench.py)."""
from __future__ import annotations

from antasena_desktop.allocation.generator import generate
from antasena_desktop.allocation.problem import Problem
from antasena_desktop.commands.allocation import solve_within


def test_reasons_are_written_while_the_deadline_lasts_and_marked_after():
    problem = Problem(generate("small", 3, slots=400, persons=60))
    spent = solve_within(problem, time_limit=0.0)             # the deadline has passed before any reason
    assert spent["unfilled"] and all(e["reason_id"].startswith("tidak dijelaskan") for e in spent["unfilled"])
    assert spent["stats"]["unexplained_unfilled"] == len(spent["unfilled"])
    roomy = solve_within(problem, time_limit=3.0)
    assert roomy["unfilled"] and roomy["stats"]["unexplained_unfilled"] == 0
    assert not any(e["reason_id"].startswith("tidak dijelaskan") for e in roomy["unfilled"])
