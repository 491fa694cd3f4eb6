"""The board's single write path and its undo commands.

Every write of the board (placements, moves, pins, auto-fill, post moves, undo and redo themselves) goes
through `PlanWriter.submit`, which runs it in one transaction on the application's writer thread and
publishes the `Changes`. While a write is pending the board disables undo/redo, so the stack and the
database never disagree about what was done.
"""
from __future__ import annotations

from typing import Any, Callable

import shiboken6

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand

from antasena_desktop.planning import undo as undo_service
from antasena_desktop.services.changes import Changes
from ui.context import AppContext


class PlanWriter(QObject):
    busyChanged = Signal(bool)
    historyFailed = Signal(object)      # an undo/redo could not be done (exception)

    def __init__(self, ctx: AppContext, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.pending = 0

    @property
    def busy(self) -> bool:
        return self.pending > 0

    def submit(self, fn: Callable[[Any], Any], done: Callable[[Any], None] | None = None,
               failed: Callable[[Exception, str], None] | None = None):
        """Run `fn(session)` in one transaction on the writer thread. `fn` returns Changes (or (x, Changes))."""
        database = self.ctx.database

        def job():
            with database.session() as session:
                return fn(session)

        self.pending += 1
        if self.pending == 1:
            self.busyChanged.emit(True)
        task = self.ctx.runner.write(job)

        def finished(result):
            if not shiboken6.isValid(self):       # the board was closed meanwhile: still publish
                self.ctx.publish(result[-1] if isinstance(result, tuple) else result)
                return
            self._end()
            changes = result[-1] if isinstance(result, tuple) else result
            if isinstance(changes, Changes):
                self.ctx.publish(changes)
            if done:
                done(result)

        def on_failed(exc, trace):
            if not shiboken6.isValid(self):
                return
            self._end()
            if failed:
                failed(exc, trace)

        task.finished.connect(finished)
        task.failed.connect(on_failed)
        return task

    def _end(self) -> None:
        self.pending -= 1
        if self.pending == 0:
            self.busyChanged.emit(False)


class WriteCommand(QUndoCommand):
    """One user action. The action already happened when the command is pushed, so the first redo is skipped;
    later redo/undo run `redo_fn`/`undo_fn(session) -> Changes` through the writer."""

    def __init__(self, text: str, writer: PlanWriter, undo_fn: Callable, redo_fn: Callable):
        super().__init__(text)
        self.writer, self.undo_fn, self.redo_fn = writer, undo_fn, redo_fn
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self.writer.submit(self.redo_fn, failed=lambda exc, _t: self.writer.historyFailed.emit(exc))

    def undo(self) -> None:
        self.writer.submit(self.undo_fn, failed=lambda exc, _t: self.writer.historyFailed.emit(exc))


def changes_command(text: str, writer: PlanWriter, changes: Changes) -> WriteCommand:
    """Undo/redo of placement Changes (a drop, a multi-drop, an auto-fill, a pin, a removal, a move)."""
    actor = writer.ctx.actor
    return WriteCommand(text, writer, lambda s: undo_service.revert(s, actor, changes),
                        lambda s: undo_service.reapply(s, actor, changes))
