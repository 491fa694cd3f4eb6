"""The operation layer: every database read and write of the UI goes through `ReadOp` / `WriteOp`.

Modelled on Anki's aqt/operations (CollectionOp / QueryOp) and Picard's run_task:

    ReadOp(self, lambda session: service.list_x(session)).success(self.show_rows).run()
    WriteOp(self, lambda session, actor: service.edit(session, actor, ...),
            undo_text=T("Ubah kegiatan", "Edit event")).success(self.after_edit).run()

An op owns the session (one transaction per write), runs on the task runner (reads in parallel, writes
on the single writer), publishes the `Changes` of a write (`ctx.publish(changes, initiator)`), pushes
the write on the app-wide undo stack when it has an `undo_text`, counts itself in the busy state, and
never calls back into a widget that was deleted meanwhile. Without a `failure` callback a failure is
shown to the operator (a `UserError` in its own words) and always logged with its traceback.
"""
from __future__ import annotations

import logging
from typing import Any, Callable, Generic, TypeVar

import shiboken6
from PySide6.QtCore import Qt, QObject
from PySide6.QtWidgets import QMessageBox, QWidget

from antasena_desktop.i18n import T, Text, UserError
from antasena_desktop.services.changes import Changes

log = logging.getLogger("antasena.ui.ops")
R = TypeVar("R")
Progress = Callable[[float, str], None]


def context_of(parent: Any):
    """The AppContext an op runs in: the parent itself, its `ctx`, an ancestor's `ctx`, or the current one."""
    from ui.context import AppContext
    node = parent
    while node is not None:
        if isinstance(node, AppContext):
            return node
        ctx = getattr(node, "ctx", None)
        if isinstance(ctx, AppContext):
            return ctx
        node = node.parent() if isinstance(node, QObject) else None
    current = AppContext.current()
    if current is None:
        raise RuntimeError("no AppContext for this operation")
    return current


def is_alive(obj: Any) -> bool:
    """False once the Qt object behind `obj` was deleted (a closed dialog, a view torn down)."""
    return obj is None or not isinstance(obj, QObject) or shiboken6.isValid(obj)


def error_text(exc: BaseException) -> str:
    """What the operator reads: a UserError in its own words, anything else prefixed."""
    if isinstance(exc, UserError):
        return str(exc)
    return str(T("Terjadi kesalahan: {e}", "An error occurred: {e}", e=exc))


def show_failure(parent: Any, exc: BaseException, trace: str = "", ctx=None) -> None:
    """The default failure: log with traceback, say it in the status bar and, when visible, in a dialog."""
    if isinstance(exc, UserError):
        log.info("refused: %s", exc)
    else:
        log.error("operation failed: %s\n%s", exc, trace or "(no traceback)")
    message = error_text(exc)
    ctx = ctx or _safe_context(parent)
    if ctx is not None:
        ctx.statusMessage.emit(message)
    widget = parent if isinstance(parent, QWidget) and is_alive(parent) else None
    if widget is not None and widget.isVisible():
        box = QMessageBox(QMessageBox.Icon.Warning, "Antasena", message, QMessageBox.StandardButton.Ok, widget)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()                  # window-modal, no nested event loop: a failure never blocks the caller


def _safe_context(parent: Any):
    try:
        return context_of(parent)
    except RuntimeError:
        return None


class _Op(Generic[R]):
    def __init__(self, parent: Any, fn: Callable[..., R]):
        self.parent = parent
        self.ctx = context_of(parent)
        self.fn = fn
        self._on_success: Callable[[R], None] | None = None
        self._on_failure: Callable[[BaseException, str], None] | None = None
        self._on_progress: Progress | None = None
        self.task = None

    def success(self, callback: Callable[[R], None]) -> "_Op[R]":
        self._on_success = callback
        return self

    def failure(self, callback: Callable[[BaseException, str], None]) -> "_Op[R]":
        """Replace the default failure (which shows and logs). The failure is logged anyway."""
        self._on_failure = callback
        return self

    def with_progress(self, callback: Progress) -> "_Op[R]":
        """`fn` then gets two more arguments: `progress(fraction, text)` and `cancelled() -> bool`."""
        self._on_progress = callback
        return self

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    # the work, on a worker thread
    def _call(self, session, progress=None, cancelled=None):
        raise NotImplementedError

    def _job(self):
        database = self.ctx.database
        if self._on_progress is None:
            def job():
                with database.session() as session:
                    return self._call(session)
        else:
            def job(progress, cancelled):
                with database.session() as session:
                    return self._call(session, progress, cancelled)
        return job

    def _start(self, write: bool):
        runner = self.ctx.runner
        job = self._job()
        if self._on_progress is None:
            self.task = runner.write(job) if write else runner.read(job)
        else:
            self.task = runner.write_with_progress(job) if write else runner.read_with_progress(job)
            self.task.progress.connect(self._progress)
        # the op lives until it reports (Qt would hold its bound methods only weakly)
        self.ctx.live_ops.add(self)
        self.task.finished.connect(lambda result: (self.ctx.live_ops.discard(self), self._finished(result)))
        self.task.failed.connect(lambda exc, trace: (self.ctx.live_ops.discard(self), self._failed(exc, trace)))
        return self

    # back on the UI thread
    def _progress(self, fraction: float, text: str) -> None:
        if self._on_progress is not None and is_alive(self.parent):
            self._on_progress(fraction, text)

    def _finished(self, result: Any) -> None:
        if self._on_success is not None and is_alive(self.parent):
            self._on_success(result)

    def _failed(self, exc: BaseException, trace: str) -> None:
        if self._on_failure is not None:
            if not isinstance(exc, UserError):
                log.error("operation failed: %s\n%s", exc, trace)
            if is_alive(self.parent):
                self._on_failure(exc, trace)
        else:
            show_failure(self.parent, exc, trace, self.ctx)


class ReadOp(_Op[R]):
    """`fn(session) -> value` on a read thread (its own session, nothing written)."""

    def _call(self, session, progress=None, cancelled=None):
        if progress is None:
            return self.fn(session)
        return self.fn(session, progress, cancelled)

    def run(self) -> "ReadOp[R]":
        return self._start(write=False)


class WriteOp(_Op[Changes]):
    """`fn(session, actor) -> Changes` on the single writer, in one transaction.

    On success: the Changes are published (initiator = `parent`), pushed on the app-wide undo stack
    when `undo_text` is given, then `success(changes)` runs. `whole_database=True` is for the few use
    cases that manage their own transactions (backup, settings file): `fn(database, actor)`.
    """

    def __init__(self, parent: Any, fn: Callable[..., Changes], undo_text: Text | str | None = None,
                 *, whole_database: bool = False, busy_text: Text | str | None = None):
        """`busy_text`: what the status bar says while it runs (default "Menyimpan…")."""
        super().__init__(parent, fn)
        self.undo_text = undo_text
        self.busy_text = str(busy_text) if busy_text else ""
        self.whole_database = whole_database
        self.actor = self.ctx.actor

    def _call(self, session, progress=None, cancelled=None):
        if progress is None:
            return self.fn(session, self.actor)
        return self.fn(session, self.actor, progress, cancelled)

    def _job(self):
        if not self.whole_database:
            return super()._job()
        database, actor, fn = self.ctx.database, self.actor, self.fn
        return lambda: fn(database, actor)

    def run(self) -> "WriteOp":
        self.ctx.begin_write(self.busy_text)
        return self._start(write=True)

    def _finished(self, result: Any) -> None:
        self.ctx.end_write(self.busy_text)
        changes = result if isinstance(result, Changes) else Changes()
        if not isinstance(result, Changes):
            log.warning("write op returned %s instead of Changes", type(result).__name__)
        self.ctx.remember_versions(changes)
        if changes and self.undo_text:
            from ui.undo import ChangesCommand
            self.ctx.undo_stack.push(ChangesCommand(self.ctx, str(self.undo_text), changes))
        self.ctx.publish(changes, self.parent)
        super()._finished(changes)

    def _failed(self, exc: BaseException, trace: str) -> None:
        self.ctx.end_write(self.busy_text)
        super()._failed(exc, trace)


def run_now(database, fn: Callable[[Any], R]) -> R:
    """Start-up and sign-in only (before the main window's event loop has work): `fn(session)` on the
    calling thread, one short transaction (sign-in may write its lockout counters). Everything later goes through ReadOp / WriteOp."""
    with database.session() as session:
        return fn(session)
