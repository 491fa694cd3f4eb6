"""Live refresh: another desk's committed change reaches this desk's open views within about a second.

`LiveRefresh` runs `db.live.ChangeListener` (LISTEN on a background thread) for a PostgreSQL database,
carries what it hears to the UI thread by a queued signal and publishes it as the app's change
publication (`ctx.publish`, the same path a local write takes; the initiator is another desk). It also
reports whether the server is reachable (`linkChanged`) for the status bar. SQLite: nothing to listen to.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from antasena_desktop.services.changes import Change, Changes
from ui.context import AppContext


def changes_from(remote: list) -> Changes:
    """Change-log rows → `Changes` the views understand (entity + id; "*" = the whole table)."""
    changes = Changes(note="desk lain")
    for row in remote:
        for entity, ids in row.entities.items():
            for row_id in ids:
                changes.add(Change(entity, row_id, "update"))
    return changes


class LiveRefresh(QObject):
    received = Signal(object)            # list[RemoteChange], emitted on the listener thread
    linkChanged = Signal(bool, str)      # reachable?, the error when not

    def __init__(self, ctx: AppContext, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.listener = None
        self.connected: bool | None = None
        self.received.connect(self._publish)
        self.linkChanged.connect(self._remember_link)
        if not ctx.database.is_sqlite:
            from db.live import ChangeListener
            url = ctx.database.engine.url.render_as_string(hide_password=False)
            self.listener = ChangeListener(url, self.received.emit, self.linkChanged.emit).start()

    def _publish(self, remote: list) -> None:
        self.ctx.publish(changes_from(remote), None)        # initiator None: another desk's change

    def _remember_link(self, connected: bool, _message: str) -> None:
        self.connected = connected

    def stop(self) -> None:
        if self.listener is not None:
            self.listener.stop()
            self.listener = None
