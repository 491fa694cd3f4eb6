"""The app-wide undo history: one `QUndoStack` (on the AppContext), one command class for every action.

A command holds the latest `Changes` of its action. Undo runs `services.undo.revert` on them through a
`WriteOp` and keeps the Changes it returns; redo reverts those again. When the core refuses (a row was
changed since by another desk, a placement the guard no longer allows), the operator reads why and
the stack steps back to where it was, without touching the data.
"""
from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from antasena_desktop.services import undo as undo_service
from antasena_desktop.services.changes import Changes


class ChangesCommand(QUndoCommand):
    """One operator action. It already happened when pushed, so the first redo() is skipped."""

    def __init__(self, ctx, text: str, changes: Changes):
        super().__init__(text)
        self.ctx = ctx
        self.latest = changes
        self._skip = True          # the push's redo(); also used to step the stack back after a refusal

    def redo(self) -> None:
        self._run(undoing=False)

    def undo(self) -> None:
        self._run(undoing=True)

    def _run(self, undoing: bool) -> None:
        if self._skip:
            self._skip = False
            return
        from ui.ops import WriteOp, show_failure
        ctx = self.ctx

        def done(changes: Changes) -> None:
            self.latest = changes

        def refused(exc, trace) -> None:
            from PySide6.QtWidgets import QApplication
            show_failure(QApplication.activeWindow(), exc, trace, ctx)
            self._skip = True                  # put the stack index back, the data stays as it is
            (ctx.undo_stack.redo if undoing else ctx.undo_stack.undo)()
        WriteOp(ctx, lambda session, actor: undo_service.revert(session, actor, self.latest)) \
            .success(done).failure(refused).run()
