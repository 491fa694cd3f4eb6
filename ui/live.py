"""Live refresh: another desk's committed change reaches this desk's open views within about a second.

`LiveRefresh` runs `db.live.ChangeListener` (LISTEN on a background thread) for a PostgreSQL database,
carries what it hears to the UI thread by a queued signal and publishes it as the app's change
publication (`ctx.publish`, the same path a local write takes; the initiator is another desk). It also
reports whether the server is reachable (`linkChanged`) for the status bar.

SQLite has no server to listen to, yet a CLI import (or a second desk on the same file) commits there too:
every `POLL_MS` a ReadOp reads the change log after the last id seen (`db.live.poll`, one indexed query)
and publishes other processes' rows the same way.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

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


POLL_MS = 2000


class LiveRefresh(QObject):
    received = Signal(object)            # list[RemoteChange], emitted on the listener thread
    linkChanged = Signal(bool, str)      # reachable?, the error when not

    def __init__(self, ctx: AppContext, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.listener = None
        self.poller: QTimer | None = None
        self.last_seen: int | None = None
        self._polling = None
        self.connected: bool | None = None
        self.received.connect(self._publish)
        self.linkChanged.connect(self._remember_link)
        if not ctx.database.is_sqlite:
            from db.live import ChangeListener
            url = ctx.database.engine.url.render_as_string(hide_password=False)
            self.listener = ChangeListener(url, self.received.emit, self.linkChanged.emit).start()
        else:
            self.poller = QTimer(self)
            self.poller.setObjectName("live_poller")
            self.poller.setInterval(POLL_MS)
            self.poller.timeout.connect(self.poll)
            self.poller.start()
            self.poll()                               # learn where the log ends now

    def poll(self):
        """One read of the change log (SQLite); skipped while the previous one is still running."""
        if self._polling is not None:
            return None
        from db.live import poll
        from ui.ops import ReadOp
        after = self.last_seen
        self._polling = ReadOp(self, lambda session: poll(session, after)) \
            .success(self._polled).failure(self._poll_failed).run()
        return self._polling

    def _polled(self, result) -> None:
        self._polling = None
        last, others = result
        self.last_seen = last
        if others:
            self._publish(others)

    def _poll_failed(self, _exc, _trace) -> None:
        self._polling = None                           # logged by the op; the next tick tries again

    def _publish(self, remote: list) -> None:
        self.ctx.publish(changes_from(remote), None)        # initiator None: another desk's change

    def _remember_link(self, connected: bool, _message: str) -> None:
        self.connected = connected

    def stop(self) -> None:
        if self.poller is not None:
            self.poller.stop()
        if self.listener is not None:
            self.listener.stop()
            self.listener = None
