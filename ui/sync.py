"""A desk replica in the window: sync in the background, Daring/Luring in the status bar, the inbox.

`DeskSyncController` exists only when the open database is a desk replica (`antasena desk join`). It
syncs right after every local write and every few seconds (push then pull, `antasena_desktop/sync/
client.py`) on a read thread — never on the single writer, so an unreachable server never holds up a
placement — publishes what the pull changed (the views refresh as for another desk's change) and says
in the status bar: "Daring · 0 menunggu · 1 konflik" or "Luring · 5 menunggu · 0 konflik".
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel

from antasena_desktop.i18n import T, UserError
from ui.context import AppContext
from ui.ops import ReadOp

log = logging.getLogger("antasena.ui.sync")
INTERVAL_MS = 5000


def is_replica(ctx: AppContext) -> bool:
    from db import sync_outbox
    if not ctx.database.is_sqlite:
        return False
    with ctx.database.session() as session:        # one tiny read at start-up (cached per engine)
        return sync_outbox.replica_of(session) is not None


class DeskSyncController(QObject):
    stateChanged = Signal(object)        # antasena_desktop.sync.client.DeskStatus
    synced = Signal(object)              # SyncReport

    def __init__(self, ctx: AppContext, label: QLabel | None = None, parent: QObject | None = None,
                 interval_ms: int = INTERVAL_MS):
        super().__init__(parent)
        self.ctx = ctx
        self.label = label
        self.online: bool | None = None
        self.last_error = ""
        self.state = None
        self.running = False
        self.again = False
        self._client = None
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.sync_now)
        ctx.published.connect(self._after_publish)
        if label is not None:
            label.setObjectName("desk_sync_status")
        self.refresh_state()

    def start(self) -> "DeskSyncController":
        self.timer.start()
        self.sync_now()
        return self

    def stop(self) -> None:
        self.timer.stop()
        if self._client is not None:
            self._client.close()

    def _after_publish(self, changes, initiator) -> None:
        if initiator is not None and changes.note != "sinkron":     # a local write: push it at once
            self.sync_now()
        self.refresh_state()

    def _work(self, _session):
        from antasena_desktop.sync.client import DeskSync
        if self._client is None:
            self._client = DeskSync(self.ctx.database)
        return self._client.sync()

    def sync_now(self) -> None:
        if self.running:
            self.again = True
            return
        self.running = True
        ReadOp(self.ctx, self._work).success(self._done).failure(self._failed).run()

    def _done(self, report) -> None:
        self.running = False
        self.online, self.last_error = True, ""
        if report.entities:
            self.ctx.publish(report.changes(), None)         # as another desk's change: views refresh
        self.synced.emit(report)
        self._next()

    def _failed(self, exc: BaseException, _trace: str) -> None:
        self.running = False
        self.online = False
        self.last_error = str(exc)
        if not isinstance(exc, UserError):
            log.error("sync failed: %s", exc)
        self._next()

    def _next(self) -> None:
        self.refresh_state()
        if self.again:
            self.again = False
            self.sync_now()

    def refresh_state(self) -> None:
        from antasena_desktop.sync.client import status
        ReadOp(self.ctx, status).success(self._show).failure(lambda exc, _t: log.error("status: %s", exc)).run()

    def _show(self, state) -> None:
        self.state = state
        if self.label is not None:
            if self.online is None:
                link, color = T("Menyambung…", "Connecting…"), "#666"
            elif self.online:
                link, color = T("Daring", "Online"), "#2e7d32"
            else:
                link, color = T("Luring", "Offline"), "#b71c1c"
            text = T("{l} · {p} menunggu · {c} konflik", "{l} · {p} pending · {c} conflicts",
                     l=link, p=state.pending, c=state.open_conflicts)
            self.label.setText(str(text))
            self.label.setStyleSheet(f"color: {color}; padding: 0 6px")
            if self.last_error:
                self.label.setToolTip(self.last_error)
        self.stateChanged.emit(state)
