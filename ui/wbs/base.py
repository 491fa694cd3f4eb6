"""Common behaviour of the WBS views: reads and writes through the operation layer, a message bar.

Every WBS read is `fn(session) -> data` and every write `fn(session) -> Changes`; both are handed to
the operation helpers here (one place to route them through `ui/ops.py`). Refusals from the services
(`PermissionDenied`, illegal stage moves, bad input) are shown in words in the view's message bar,
never as a traceback.
"""
from __future__ import annotations

from typing import Any, Callable

from PySide6.QtWidgets import QLabel, QWidget

from antasena_desktop.i18n import T, Text, UserError
from antasena_desktop.services.changes import Changes
from ui.views.base import BaseView

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
    """A main WBS view. Subclasses implement `load(session)` (worker thread) and `show_data(data)`."""

    title: Text = T("Tampilan", "View")
    permission: str | tuple[str, ...] | None = None   # WbsPermission value(s) needed to see the entry (None: everyone)

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.message = MessageBar(self)

    # ---- reads and writes
    def load(self, session) -> Any:
        return None

    def refresh(self) -> None:
        self.loading_task = self.read(self.load, self._loaded)

    def read(self, fn: Callable[[Any], Any], done: Callable[[Any], None]):
        database = self.ctx.database

        def work():
            with database.session() as session:
                return fn(session)
        task = self.ctx.runner.read(work)
        task.finished.connect(done)
        task.failed.connect(self._failed)
        return task

    def write(self, fn: Callable[[Any], Changes], done: Callable[[Changes], None] | None = None,
              success: Text | None = None):
        database = self.ctx.database

        def work():
            with database.session() as session:
                return fn(session)

        def finished(changes):
            if success is not None:
                self.message.show_info(str(success))
            self.ctx.publish(changes if isinstance(changes, Changes) else Changes())
            if done:
                done(changes)
        task = self.ctx.runner.write(work)
        task.finished.connect(finished)
        task.failed.connect(self._failed)
        return task

    def call(self, fn: Callable[[Any], Any], done: Callable[[Any], None]):
        """A service call that returns data but also writes audit rows (opening a case, exporting an
        attachment): on the single writer thread, nothing published."""
        database = self.ctx.database

        def work():
            with database.session() as session:
                return fn(session)
        task = self.ctx.runner.write(work)
        task.finished.connect(done)
        task.failed.connect(self._failed)
        return task

    def show_error(self, exc: Exception, trace: str = "") -> None:
        text = describe_error(exc)
        self.message.show_error(text)
        self.ctx.statusMessage.emit(text)

    def on_changes(self, changes: Changes) -> None:
        if self.loaded and changes.entities() & self.watches:
            self.refresh()
