"""The thread pools under `ui/ops.py`: run slow work on a QThreadPool, results back on the main thread.

Reads may run in parallel; writes go through a single-thread pool, so the database sees one
writer at a time (as Anki and Picard do). Every failure is logged with its traceback here, whoever
handles it. Views do not use this module directly: they use ReadOp / WriteOp.
"""
from __future__ import annotations

import logging
import threading
import traceback
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from antasena_desktop.i18n import UserError

log = logging.getLogger("antasena.ui.tasks")


class _Signals(QObject):
    finished = Signal(object)
    failed = Signal(object, str)
    progress = Signal(float, str)


class CancelToken:
    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    def __call__(self) -> bool:
        return self._event.is_set()


class _Job(QRunnable):
    def __init__(self, fn: Callable[..., Any], signals: _Signals, cancel: CancelToken, pass_progress: bool):
        super().__init__()
        self.fn, self.signals, self.cancel, self.pass_progress = fn, signals, cancel, pass_progress
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            if self.pass_progress:
                result = self.fn(lambda fraction, text="": self.signals.progress.emit(float(fraction), str(text)),
                                 self.cancel)
            else:
                result = self.fn()
        except BaseException as exc:  # reported to the main thread, never lost
            trace = traceback.format_exc()
            if not isinstance(exc, UserError):       # a refusal in words is not a fault
                log.error("background job failed: %s\n%s", exc, trace)
            self.signals.failed.emit(exc, trace)
            return
        self.signals.finished.emit(result)


class Task(QObject):
    """Handle of a running job: connect to `finished`, `failed`, `progress`; call `cancel()`."""

    finished = Signal(object)
    failed = Signal(object, str)
    progress = Signal(float, str)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.token = CancelToken()
        self.done = False
        self._signals = _Signals()
        self._signals.finished.connect(self._on_finished)
        self._signals.failed.connect(self._on_failed)
        self._signals.progress.connect(self.progress)

    def _on_finished(self, result: Any) -> None:
        self.done = True
        self.finished.emit(result)

    def _on_failed(self, exc: Any, trace: str) -> None:
        self.done = True
        self.failed.emit(exc, trace)

    def cancel(self) -> None:
        self.token.cancel()


class TaskRunner(QObject):
    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.read_pool = QThreadPool(self)
        self.read_pool.setMaxThreadCount(max(2, QThreadPool.globalInstance().maxThreadCount()))
        self.write_pool = QThreadPool(self)
        self.write_pool.setMaxThreadCount(1)
        self._live: set[Task] = set()

    def _start(self, pool: QThreadPool, fn: Callable, with_progress: bool) -> Task:
        task = Task(self)
        self._live.add(task)
        task.finished.connect(lambda *_: self._live.discard(task))
        task.failed.connect(lambda *_: self._live.discard(task))
        pool.start(_Job(fn, task._signals, task.token, with_progress))
        return task

    def read(self, fn: Callable[[], Any]) -> Task:
        return self._start(self.read_pool, fn, False)

    def write(self, fn: Callable[[], Any]) -> Task:
        return self._start(self.write_pool, fn, False)

    def write_with_progress(self, fn: Callable[[Callable[[float, str], None], CancelToken], Any]) -> Task:
        """`fn(progress, cancelled)`: report with progress(fraction, text), stop early when cancelled()."""
        return self._start(self.write_pool, fn, True)

    def read_with_progress(self, fn: Callable[[Callable[[float, str], None], CancelToken], Any]) -> Task:
        return self._start(self.read_pool, fn, True)

    def wait_all(self, msecs: int = 30000) -> bool:
        return self.read_pool.waitForDone(msecs) and self.write_pool.waitForDone(msecs)
