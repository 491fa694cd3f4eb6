"""The app-wide undo history: one `QUndoStack` (on the AppContext), one command class for every action.

A command holds the latest `Changes` of its action. Undo runs `services.undo.revert` on them through a
`WriteOp` and keeps the Changes it returns; redo reverts those again. When the core refuses (a row was
changed since by another desk, a placement the guard no longer allows), the operator reads why and
the stack steps back to where it was, without touching the data.
"""
from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject
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
        from antasena_desktop.i18n import T
        from ui.ops import WriteOp, show_failure
        ctx = self.ctx
        action = self.text()

        def done(changes: Changes) -> None:
            self.latest = changes
            ctx.statusMessage.emit(str(T("Diurungkan: {a}", "Undone: {a}", a=action) if undoing
                                       else T("Diulangi: {a}", "Redone: {a}", a=action)))
            ctx.historyStepped.emit(action, undoing)

        def refused(exc, trace) -> None:
            from PySide6.QtWidgets import QApplication
            show_failure(QApplication.activeWindow(), exc, trace, ctx)
            self._skip = True                  # put the stack index back, the data stays as it is
            (ctx.undo_stack.redo if undoing else ctx.undo_stack.undo)()
        versions = ctx.versions_of(self.latest)
        busy = (T("Mengurungkan: {a}…", "Undoing: {a}…", a=action) if undoing
                else T("Mengulangi: {a}…", "Redoing: {a}…", a=action))
        WriteOp(ctx, lambda session, actor: undo_service.revert(session, actor, self.latest, versions),
                busy_text=busy).success(done).failure(refused).run()


def view_undo_actions(widget, ctx):
    """Undo/redo actions of a view, on the app-wide stack. Their shortcuts work when the view stands
    alone; inside the main window its Edit menu owns Ctrl+Z (`drop_view_shortcuts`)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAction, QKeySequence

    from antasena_desktop.i18n import T
    undo, redo = QAction(widget), QAction(widget)
    undo.setObjectName("view_undo")
    redo.setObjectName("view_redo")
    undo.setShortcut(QKeySequence.StandardKey.Undo)
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    undo.triggered.connect(ctx.undo)
    redo.triggered.connect(ctx.redo)
    stack = ctx.undo_stack

    def update(*_args) -> None:
        if not (shiboken6.isValid(stack) and shiboken6.isValid(undo) and shiboken6.isValid(redo)):
            return                      # the context or the view is going away
        undo.setEnabled(stack.canUndo() and not ctx.busy)
        redo.setEnabled(stack.canRedo() and not ctx.busy)
        undo.setText(str(T("Urungkan {a}", "Undo {a}", a=stack.undoText())) if stack.undoText()
                     else str(T("Urungkan", "Undo")))
        redo.setText(str(T("Ulangi {a}", "Redo {a}", a=stack.redoText())) if stack.redoText()
                     else str(T("Ulangi", "Redo")))
    # connections owned by the action: they go away with the view
    _Updater(undo, update, [stack.indexChanged, stack.canUndoChanged, stack.canRedoChanged, ctx.busyChanged,
                            ctx.languageChanged])
    update()
    for action in (undo, redo):
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        widget.addAction(action)
    return undo, redo


def drop_view_shortcuts(widget) -> None:
    from PySide6.QtGui import QAction, QKeySequence
    for name in ("view_undo", "view_redo"):
        for action in widget.findChildren(QAction, name):
            action.setShortcuts([])
            action.setShortcut(QKeySequence())


class _Updater(QObject):
    """Calls `update` on each signal while its parent (the view's action) lives."""

    def __init__(self, parent, update, signals):
        super().__init__(parent)
        self._update = update
        for signal in signals:
            signal.connect(self.fire)

    def fire(self, *_args) -> None:
        self._update()
