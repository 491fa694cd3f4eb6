"""Personnel allocation: exchange format `antasena-allocation/1`, engine, checker, explanations.

Public API:
    load_problem(source) -> Problem            parse + validate an instance (dict or path)
    solve(instance, *, time_limit, seed, progress, cancel, mode) -> result dict
    check(instance, result) -> CheckReport     independent checker
    explain(problem, state_or_result) -> dict
    suggest(problem, state, slot_id, k=5) -> list[dict]
    repair_after_change(problem, state, slot_id, person_id, ...) -> dict
    generate(size, seed) -> instance dict
No Qt here.
"""
from .checker import CheckReport, Violation, check
from .engine import PinConflictError, solve, solve_state
from .explain import explain
from .problem import FORMAT, RESULT_FORMAT, InstanceError, Problem, load_problem
from .state import State
from .suggest import repair_after_change, suggest

__all__ = ["CheckReport", "Violation", "check", "PinConflictError", "solve", "solve_state", "explain",
           "generate", "FORMAT", "RESULT_FORMAT", "InstanceError", "Problem", "load_problem", "State",
           "suggest", "repair_after_change"]


def generate(size: str = "medium", seed: int = 0, **kwargs):
    """Seeded Palembang instance (see `generator.generate`); imported lazily so that
    `python -m antasena_desktop.allocation.generator` runs cleanly."""
    from .generator import generate as _generate
    return _generate(size, seed, **kwargs)
