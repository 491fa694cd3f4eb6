"""Run the allocation engine in a separate process, so its CPU-bound Python never holds the GUI's GIL.

    result = solve_in_process(instance, time_limit=2.0, progress=report, cancelled=token)

The child is a fresh interpreter (`spawn`: no fork of a process with Qt threads). It receives the
`antasena-allocation/1` instance document, calls the engine's public `solve`, and streams
`("progress", fraction, best_cost, phase)` messages back over a pipe (at most 10 a second), then
`("result", result_dict)` or `("error", exception)`. Cancel is a shared event the engine polls: the
child then returns its best result so far, as the in-process engine would. The caller's thread only
waits on the pipe (which releases the GIL), so the event loop keeps ticking.
"""
from __future__ import annotations

import multiprocessing
import pickle
import time
from typing import Any, Callable

from antasena_desktop.i18n import UserError

PROGRESS_EVERY_SECONDS = 0.1
POLL_SECONDS = 0.05


class SolverProcessError(RuntimeError):
    """The solver process ended without sending a result (crashed or was killed)."""


class SolverRefused(UserError):
    """A UserError of the engine (e.g. pins that cannot hold), carried over the pipe with its words."""

    def __reduce__(self):
        return (SolverRefused, (self.text,))


def _child(instance: dict, time_limit: float, seed: int, options: dict, conn, stop) -> None:
    from antasena_desktop.allocation import engine
    last = [0.0]

    def progress(fraction, best_cost, phase) -> None:
        now = time.perf_counter()
        if now - last[0] >= PROGRESS_EVERY_SECONDS or fraction >= 1.0:
            last[0] = now
            conn.send(("progress", float(fraction), float(best_cost), str(phase)))

    try:
        result = engine.solve(instance, time_limit=time_limit, seed=seed, progress=progress, cancel=stop.is_set,
                              **options)
        conn.send(("result", result))
    except BaseException as exc:  # sent to the parent, which raises it there
        conn.send(("error", _portable(exc)))
    finally:
        conn.close()


def _portable(exc: BaseException) -> BaseException:
    """The exception itself when it survives pickling, else one that keeps its words (and its kind:
    a UserError stays a UserError, shown to the operator as such)."""
    if isinstance(exc, UserError):
        return SolverRefused(exc.text)
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")


def solve_in_process(instance: dict, *, time_limit: float, seed: int = 0,
                     progress: Callable[[float, float, str], None] | None = None,
                     cancelled: Callable[[], bool] | None = None, **options: Any) -> dict:
    """`engine.solve(instance, ...)` in a child process; same result dict, same exceptions."""
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    stop = context.Event()
    process = context.Process(target=_child, args=(instance, time_limit, seed, options, send, stop),
                              name="antasena-solver", daemon=True)
    process.start()
    send.close()                   # the child holds the only writing end: EOF when it ends
    try:
        while True:
            if cancelled is not None and cancelled() and not stop.is_set():
                stop.set()
            if not receive.poll(POLL_SECONDS):
                if not process.is_alive() and not receive.poll(0):
                    raise SolverProcessError(_ended_without_result(process))
                continue
            try:
                kind, *payload = receive.recv()
            except EOFError as exc:
                raise SolverProcessError(_ended_without_result(process)) from exc
            if kind == "progress":
                if progress is not None:
                    progress(*payload)
            elif kind == "result":
                return payload[0]
            elif kind == "error":
                raise payload[0]
    finally:
        stop.set()
        process.join(timeout=5)
        if process.is_alive():
            process.terminate()
            process.join(timeout=2)
        receive.close()


def _ended_without_result(process) -> str:
    process.join(timeout=5)          # EOF may arrive before the exit status is collected
    return f"solver process ended (exit code {process.exitcode}) without a result"
