"""Data that belongs to the server: an offline desk (a replica, issue 17) reads it but does not change it.

Portal accounts and news are served from the server's database and are not in the desk's outbox, so a
change made on a replica would never reach the portal. Such a change is refused in words instead.
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from antasena_desktop.i18n import T, UserError
from db import sync_outbox


def refuse_on_replica(session: Session) -> None:
    if sync_outbox.replica_of(session) is not None:
        raise UserError(T("Berita dan akun portal diubah di server atau meja ruang kendali, bukan di meja luring: "
                          "portal membaca database server.",
                          "News and portal accounts are changed on the server or a control-room desk, not on an "
                          "offline desk: the portal reads the server's database."))
