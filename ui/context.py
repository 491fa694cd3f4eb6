"""What every window and view shares: the database, the acting user, the task runner, change signals."""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from antasena_desktop.i18n import on_language_change
from antasena_desktop.services.changes import Changes
from antasena_desktop.services.security import Actor
from db.database import Database
from ui.tasks import TaskRunner


class AppContext(QObject):
    dataChanged = Signal(object)      # Changes from a mutating service
    languageChanged = Signal(str)
    statusMessage = Signal(str)

    def __init__(self, database: Database, actor: Actor, parent: QObject | None = None):
        super().__init__(parent)
        self.database = database
        self.actor = actor
        self.runner = TaskRunner(self)
        on_language_change(self._language_changed)

    def _language_changed(self, code: str) -> None:
        self.languageChanged.emit(code)

    def publish(self, changes: Changes) -> None:
        if changes:
            self.dataChanged.emit(changes)
