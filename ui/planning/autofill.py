"""Auto-fill in the background: build the instance and solve off the UI thread, with progress and cancel.

The result is only *computed* here (a read); the board applies it afterwards in one transaction on the
writer thread (`instance.apply_result`) and pushes one undo command.
"""
from __future__ import annotations

import gc
import sys
import time
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QObject, Signal

from antasena_desktop.allocation import engine
from antasena_desktop.planning.instance import BuiltInstance, build_instance
from ui.context import AppContext


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


FAST_SWITCH_SECONDS = 0.0005


class GilHandoff:
    """While a CPU-bound Python thread runs, the UI thread waits up to `sys.getswitchinterval()` (5 ms) for the
    GIL at *every* call into Python (each model.data() of a repaint). A shorter interval while auto-fill runs
    keeps repaints fast; the previous value is restored afterwards.

    The cyclic garbage collector is paused for the same time: a full collection over the solver's and the
    session's objects froze the UI for ~140 ms at the hand-over to the writer. The solver's garbage is freed
    by reference counting meanwhile; the collector resumes afterwards (the app freezes its start-up objects
    out of collections once, in `ui.app`)."""

    def __init__(self) -> None:
        self.saved: float | None = None

    def enter(self) -> None:
        if self.saved is None:
            self.saved = sys.getswitchinterval()
            sys.setswitchinterval(min(self.saved, FAST_SWITCH_SECONDS))
            gc.disable()

    def leave(self) -> None:
        if self.saved is not None:
            sys.setswitchinterval(self.saved)
            self.saved = None
            gc.enable()


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

    @property
    def running(self) -> bool:
        return self.task is not None and not self.task.done

    def start(self, *, event_ids: list[str] | None = None, day: date | None = None, scope_text: str = ""):
        database, limit, seed = self.ctx.database, self.time_limit, self.seed
        emit = self.progressed.emit

        def job(_progress, cancelled) -> AutoFillOutcome:
            started = time.perf_counter()
            with database.session() as session:
                built = build_instance(session, event_ids=event_ids, day=None if event_ids else day)
            if cancelled():
                return AutoFillOutcome(None, None, True, time.perf_counter() - started, scope_text)
            last = [0.0]

            def progress(fraction, best_cost, phase):
                now = time.perf_counter()
                if now - last[0] >= 0.1 or fraction >= 1.0:   # at most 10 updates a second
                    last[0] = now
                    emit(float(fraction), float(best_cost), str(phase))

            result = engine.solve(built.instance, time_limit=limit, seed=seed, progress=progress, cancel=cancelled)
            was_cancelled = bool(result.get("stats", {}).get("cancelled")) or cancelled()
            return AutoFillOutcome(built, result, was_cancelled, time.perf_counter() - started, scope_text)

        self.task = self.ctx.runner.read_with_progress(job)
        self.task.finished.connect(self.finished)
        self.task.failed.connect(self.failed)
        return self.task

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
