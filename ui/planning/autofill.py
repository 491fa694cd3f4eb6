"""Auto-fill in the background, with progress and cancel.

A read thread of the task runner owns the run: it builds the instance (a ReadOp-style session), then
hands it to the engine in a worker process (`planning.solver_process`) and only waits on its pipe, so
the solver's CPU-bound Python never competes with the UI thread for the GIL. Progress streams back;
Cancel stops the child, which returns its best result so far. The result is only *computed* here; the
board applies it afterwards in one transaction (a WriteOp → one undo step).
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QObject, Signal

from antasena_desktop.planning.instance import BuiltInstance, build_instance
from antasena_desktop.planning.solver_process import solve_in_process
from ui.context import AppContext
from ui.ops import ReadOp


@dataclass
class AutoFillOutcome:
    built: BuiltInstance | None
    result: dict | None
    cancelled: bool
    seconds: float
    scope_text: str

    @property
    def filled(self) -> int:
        return int((self.result or {}).get("stats", {}).get("filled", 0))

    @property
    def slots(self) -> int:
        return int((self.result or {}).get("stats", {}).get("slots", 0))


class AutoFillRunner(QObject):
    progressed = Signal(float, float, str)   # fraction, best cost so far, phase
    finished = Signal(object)                # AutoFillOutcome
    failed = Signal(object, str)

    def __init__(self, ctx: AppContext, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.task = None
        self.time_limit = 2.0
        self.seed = 0
        self.building = False
        self.cancel_requested = False

    @property
    def running(self) -> bool:
        return self.building or (self.task is not None and not self.task.done)

    def start(self, *, event_ids: list[str] | None = None, day: date | None = None, scope_text: str = ""):
        """Build the instance (a ReadOp), then solve it in the worker process (no database needed)."""
        self.building, self.cancel_requested = True, False
        started = time.perf_counter()

        def built(instance: BuiltInstance) -> None:
            self.building = False
            if self.cancel_requested:
                self.finished.emit(AutoFillOutcome(None, None, True, time.perf_counter() - started, scope_text))
                return
            self._solve(instance, started, scope_text)

        def failed(exc, trace) -> None:
            self.building = False
            self.failed.emit(exc, trace)
        ReadOp(self, lambda session: build_instance(session, event_ids=event_ids, day=None if event_ids else day)) \
            .success(built).failure(failed).run()

    def _solve(self, built: BuiltInstance, started: float, scope_text: str) -> None:
        limit, seed, emit = self.time_limit, self.seed, self.progressed.emit

        def job(_progress, cancelled) -> AutoFillOutcome:
            result = solve_in_process(built.instance, time_limit=limit, seed=seed, progress=emit, cancelled=cancelled)
            was_cancelled = bool(result.get("stats", {}).get("cancelled")) or cancelled()
            return AutoFillOutcome(built, result, was_cancelled, time.perf_counter() - started, scope_text)

        self.task = self.ctx.runner.read_with_progress(job)       # the board's worker thread owns the run
        self.task.finished.connect(self.finished)
        self.task.failed.connect(self.failed)

    def cancel(self) -> None:
        self.cancel_requested = True
        if self.task is not None:
            self.task.cancel()
