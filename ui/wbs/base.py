"""Common behaviour of the WBS views: reads and writes through the operation layer, a message bar.

Every WBS read is `fn(session) -> data` and every write `fn(session) -> Changes`; both are handed to
the operation helpers here (one place to route them through `ui/ops.py`). Refusals from the services
(`PermissionDenied`, illegal stage moves, bad input) are shown in words in the view's message bar,
never as a traceback.
"""
from __future__ import annotations

import logging
from typing import Any, Callable

from PySide6.QtWidgets import QLabel, QWidget

from antasena_desktop.i18n import T, Text, UserError
from antasena_desktop.services.changes import Changes
from ui.ops import ReadOp, WriteOp
from ui.views.base import BaseView

log = logging.getLogger("antasena.ui.wbs")

ERROR_STYLE = "background: #fdecea; color: #8a1c1c; border: 1px solid #e6a5a0; padding: 6px"
INFO_STYLE = "background: #e8f1fb; color: #1f3b5a; border: 1px solid #a9c6e8; padding: 6px"


class MessageBar(QLabel):
    """A one-line notice inside a view: refusals in red, confirmations in blue; hidden when empty."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("message_bar")
        self.setWordWrap(True)
        self.hide()
        self.is_error = False

    def show_error(self, text: str) -> None:
        self.is_error = True
        self.setStyleSheet(ERROR_STYLE)
        self.setText(text)
        self.show()

    def show_info(self, text: str) -> None:
        self.is_error = False
        self.setStyleSheet(INFO_STYLE)
        self.setText(text)
        self.show()

    def clear_message(self) -> None:
        self.clear()
        self.hide()


def describe_error(exc: BaseException) -> str:
    if isinstance(exc, UserError):
        return str(exc)
    return str(T("Terjadi kesalahan: {e}", "An error occurred: {e}", e=exc))


class WbsView(BaseView):
    """A main WBS view. Subclasses implement `load_data(session)` (worker thread) and `show_data(data)`."""

    title: Text = T("Tampilan", "View")
    permission: str | tuple[str, ...] | None = None   # WbsPermission value(s) needed to see the entry (None: everyone)

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.message = MessageBar(self)
        self._generation = 0

    # ---- reads and writes, all through ui/ops.py
    def refresh(self) -> None:
        self.load(self.load_data)

    def load(self, fn: Callable[[Any], Any]) -> ReadOp:
        """Load the view with `fn(session)` (its arguments captured on the UI thread by the caller).
        Reads run in parallel: only the answer to the latest load is shown, an older one that arrives
        late is dropped (a filter clicked twice never shows the first filter's rows)."""
        self.stale = False
        self._generation += 1
        generation = self._generation

        def loaded(data) -> None:
            if generation == self._generation:
                self._loaded(data)

        def failed(exc, trace) -> None:
            if generation == self._generation:
                self._failed(exc, trace)
        op = ReadOp(self, fn).success(loaded).failure(failed).run()
        self.loading_task = op.task
        return op

    def read(self, fn: Callable[[Any], Any], done: Callable[[Any], None]) -> ReadOp:
        return ReadOp(self, fn).success(done).failure(self._op_failed).run()

    def write(self, fn: Callable[[Any], Changes], done: Callable[[Changes], None] | None = None,
              success: Text | None = None) -> WriteOp:
        """A mutating WBS service `fn(session) -> Changes` on the single writer (one transaction).
        WBS steps are not undoable (a stage move, a message to the reporter): no undo entry."""
        def finished(changes: Changes) -> None:
            if success is not None:
                self.message.show_info(str(success))
            if done:
                done(changes)
        return WriteOp(self, lambda session, _actor: fn(session)).success(finished).failure(self._op_failed).run()

    def call(self, fn: Callable[[Any], Any], done: Callable[[Any], None],
             failed: Callable[[BaseException, str], None] | None = None) -> WriteOp:
        """A service call that returns data but writes audit rows too (opening a case, exporting an
        attachment, building a case document): on the single writer, nothing to publish."""
        result: list = []

        def work(session, _actor) -> Changes:
            result.append(fn(session))
            return Changes()
        return WriteOp(self, work).success(lambda _c: done(result[0])).failure(failed or self._op_failed).run()

    def _op_failed(self, exc: BaseException, trace: str) -> None:
        self.show_error(exc, trace)

    def show_error(self, exc: BaseException, trace: str = "") -> None:
        """Refusals and errors in words, inside the view (a modal box would hide the case behind it)."""
        if not isinstance(exc, UserError):
            log.error("WBS operation failed: %s\n%s", exc, trace)
        text = describe_error(exc)
        self.message.show_error(text)
        self.ctx.statusMessage.emit(text)
