"""What every window and view shares: the database, the acting user, the task runner, the undo stack,
the busy state of writes and the change signals."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from antasena_desktop.i18n import on_language_change
from antasena_desktop.services.changes import Changes
from antasena_desktop.services.security import Actor
from db.database import Database
from ui.tasks import TaskRunner


class AppContext(QObject):
    dataChanged = Signal(object)          # Changes from a mutating service (any desk)
    published = Signal(object, object)    # (Changes, initiator): initiator is the widget/op owner, None from another desk
    busyChanged = Signal(bool)            # a write is pending on the writer thread
    busyTextChanged = Signal(str)         # what the pending write is doing ("" = a plain save)
    historyStepped = Signal(str, bool)    # an undo (True) / redo (False) of this action text was written
    languageChanged = Signal(str)
    statusMessage = Signal(str)

    _current: "AppContext | None" = None

    def __init__(self, database: Database, actor: Actor, parent: QObject | None = None):
        super().__init__(parent)
        self.database = database
        self.actor = actor
        self.runner = TaskRunner(self)
        self.undo_stack = QUndoStack(self)     # the one app-wide undo history
        self.pending_writes = 0
        self._busy_texts: list[str] = []       # one entry per pending write, newest last
        self.live_ops: set = set()             # ops still running (ui/ops.py keeps them alive here)
        self.written_versions: dict[tuple[str, str], int] = {}   # row_version this desk last wrote, per row
        on_language_change(self._language_changed)
        AppContext._current = self

    @classmethod
    def current(cls) -> "AppContext | None":
        return cls._current

    def _language_changed(self, code: str) -> None:
        self.languageChanged.emit(code)

    def publish(self, changes: Changes, initiator: Any = None) -> None:
        """Tell every view what changed. Main thread only; `initiator=None` for changes of another desk."""
        if changes:
            self.dataChanged.emit(changes)
            self.published.emit(changes, initiator)

    def remember_versions(self, changes: Changes) -> None:
        """Called for this desk's own writes: the undo history refuses a row whose version moved on since."""
        for change in changes.items:
            if change.version is not None:
                self.written_versions[(change.entity, change.id)] = change.version

    def versions_of(self, changes: Changes) -> dict[tuple[str, str], int]:
        keys = {(c.entity, c.id) for c in changes.items}
        return {key: self.written_versions[key] for key in keys if key in self.written_versions}

    # ---- busy state of the single writer
    @property
    def busy(self) -> bool:
        return self.pending_writes > 0

    @property
    def busy_text(self) -> str:
        """What the newest pending write that said so is doing (e.g. "Mengurungkan: Isi otomatis …")."""
        return next((text for text in reversed(self._busy_texts) if text), "")

    def begin_write(self, text: str = "") -> None:
        self.pending_writes += 1
        before = self.busy_text
        self._busy_texts.append(str(text or ""))
        if self.pending_writes == 1:
            self.busyChanged.emit(True)
        if self.busy_text != before:
            self.busyTextChanged.emit(self.busy_text)

    def end_write(self, text: str = "") -> None:
        self.pending_writes = max(0, self.pending_writes - 1)
        before = self.busy_text
        if str(text or "") in self._busy_texts:
            self._busy_texts.remove(str(text or ""))
        if self.pending_writes == 0:
            self._busy_texts.clear()
            self.busyChanged.emit(False)
        if self.busy_text != before:
            self.busyTextChanged.emit(self.busy_text)

    # ---- undo / redo (refused while a write is pending, so the stack and the data never disagree)
    def undo(self) -> bool:
        if self.busy or not self.undo_stack.canUndo():
            return False
        self.undo_stack.undo()
        return True

    def redo(self) -> bool:
        if self.busy or not self.undo_stack.canRedo():
            return False
        self.undo_stack.redo()
        return True
