"""The engine in a worker process: the same result as in-process, progress streamed, cancel honoured,
the engine's refusals and crashes reported in the caller."""
from __future__ import annotations

import pytest

from antasena_desktop.allocation import check, generate, solve
from antasena_desktop.i18n import UserError
from antasena_desktop.planning.solver_process import SolverProcessError, solve_in_process
from tests.allocation.helpers import tiny


def test_same_result_as_in_process_and_progress_streams():
    seen = []
    result = solve_in_process(tiny(), time_limit=5, seed=0, progress=lambda *p: seen.append(p))
    assert result["assignments"] == solve(tiny(), time_limit=5, seed=0)["assignments"]
    assert check(tiny(), result).valid
    assert seen and all(0.0 <= fraction <= 1.0 and isinstance(phase, str) for fraction, _cost, phase in seen)


def test_cancel_returns_the_best_so_far_quickly():
    instance = generate("small", seed=3)
    result = solve_in_process(instance, time_limit=60, seed=0, cancelled=lambda: True)
    assert result["stats"].get("cancelled") is True
    assert check(instance, result).valid            # whatever it kept is still a valid plan


def test_engine_refusal_keeps_its_words():
    with pytest.raises(UserError) as err:
        solve_in_process(tiny(pins=[{"slot": "S2", "person": "A"}]), time_limit=5)   # rank 8 < 13
    assert "S2" in err.value.text.render("en") and "rank" in err.value.text.render("en")


def test_a_dead_solver_is_an_error_not_a_hang(monkeypatch):
    from antasena_desktop.planning import solver_process
    monkeypatch.setattr(solver_process, "_child", _die)
    with pytest.raises(SolverProcessError, match="exit code 3"):
        solve_in_process(tiny(), time_limit=5)


def _die(*_args):
    import os
    os._exit(3)
