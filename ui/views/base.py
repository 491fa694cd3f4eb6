"""Common behaviour of the main views: loading through a ReadOp, refresh on changes (stale while
hidden, refreshed when shown again), retranslation."""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from antasena_desktop.i18n import T, Text
from antasena_desktop.services.changes import Changes
from ui.context import AppContext
from ui.ops import ReadOp, show_failure
from ui.widgets import guard_wheel


class BaseView(QWidget):
    title: Text = T("Tampilan", "View")
    icon_name = "fa5s.square"
    watches: set[str] = set()          # entities whose changes trigger a refresh

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.loaded = False
        self.stale = False
        self.load_failed: BaseException | None = None
        self.loading_task = None
        ctx.published.connect(self._published)
        ctx.languageChanged.connect(self._language_changed)   # methods: Qt drops them with the view

    def _language_changed(self, _language: str) -> None:
        self.retranslate()

    # Subclasses: load_data(session) runs on a worker thread and returns plain data; show_data() on the UI thread.
    def load_data(self, session) -> Any:
        return None

    def show_data(self, data: Any) -> None:
        pass

    def refresh(self) -> None:
        self.stale = False
        op = ReadOp(self, self.load_data).success(self._loaded).failure(self._failed).run()
        self.loading_task = op.task

    def _loaded(self, data: Any) -> None:
        self.loaded = True
        self.load_failed = None
        self.show_data(data)

    def _failed(self, exc: BaseException, trace: str) -> None:
        self.loaded = True
        self.load_failed = exc
        self.show_error(exc, trace)

    def show_error(self, exc: BaseException, trace: str = "") -> None:
        show_failure(self, exc, trace, self.ctx)

    # ---- changes
    def is_hidden_page(self) -> bool:
        """Embedded (in the main window's stack) and not on screen: refresh later, when shown."""
        return self.parentWidget() is not None and not self.isVisible()

    def _published(self, changes: Changes, initiator: Any) -> None:
        if not (self.loaded and changes.entities() & self.watches):
            return
        if self.is_hidden_page():
            self.stale = True
            return
        self.on_changes(changes)

    def on_changes(self, changes: Changes) -> None:
        self.refresh()

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        guard_wheel(self)                 # also fields added since the last visit
        if self.stale and self.loaded:
            self.refresh()

    def retranslate(self) -> None:
        pass
