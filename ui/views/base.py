"""Common behaviour of the main views: loading off the UI thread, refresh on changes, retranslation."""
from __future__ import annotations

from typing import Any, Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from antasena_desktop.i18n import T, Text, UserError
from antasena_desktop.services.changes import Changes
from ui.context import AppContext
from ui.widgets import guard_wheel


class BaseView(QWidget):
    title: Text = T("Tampilan", "View")
    icon_name = "fa5s.square"
    watches: set[str] = set()          # entities whose changes trigger a refresh

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.loaded = False
        self.loading_task = None
        ctx.dataChanged.connect(self.on_changes)
        ctx.languageChanged.connect(self._language_changed)   # a method: Qt drops it with the view

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        guard_wheel(self)                 # also fields added since the last visit

    def _language_changed(self, _language: str) -> None:
        self.retranslate()

    # Subclasses: load_data() runs on a worker thread and returns plain data; show_data() on the UI thread.
    def load_data(self) -> Any:
        return None

    def show_data(self, data: Any) -> None:
        pass

    def refresh(self) -> None:
        self.loading_task = self.ctx.runner.read(self.load_data)
        self.loading_task.finished.connect(self._loaded)
        self.loading_task.failed.connect(self._failed)

    def _loaded(self, data: Any) -> None:
        self.loaded = True
        self.show_data(data)

    def _failed(self, exc: Exception, trace: str) -> None:
        self.loaded = True
        self.show_error(exc, trace)

    def show_error(self, exc: Exception, trace: str = "") -> None:
        message = str(exc) if isinstance(exc, UserError) else str(T(
            "Terjadi kesalahan: {e}", "An error occurred: {e}", e=exc))
        self.ctx.statusMessage.emit(message)
        if self.isVisible():
            QMessageBox.warning(self, str(T("Antasena", "Antasena")), message)

    def on_changes(self, changes: Changes) -> None:
        if self.loaded and changes.entities() & self.watches:
            self.refresh()

    def retranslate(self) -> None:
        pass

    def run_write(self, fn: Callable[[], Changes], done: Callable[[Changes], None] | None = None):
        """Run a mutating service on the single writer thread; publish its Changes on success."""
        task = self.ctx.runner.write(fn)

        def finished(changes):
            self.ctx.publish(changes)
            if done:
                done(changes)
        task.finished.connect(finished)
        task.failed.connect(self._failed)
        return task
