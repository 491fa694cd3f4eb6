"""The lifecycle rule shared by events and requests (a pure rule on status codes)."""
from __future__ import annotations

from antasena_desktop.domain.catalog import EVENT_STATUS_BY_CODE, can_move
from antasena_desktop.i18n import T, UserError


def check_status_move(old: str, new: str) -> None:
    """Refuse an unknown status or a move the lifecycle does not allow (events and requests)."""
    if new not in EVENT_STATUS_BY_CODE:
        raise UserError(T("Status tidak dikenal: {s}", "Unknown status: {s}", s=new))
    if not can_move(old, new):
        raise UserError(T("Status {a} tidak dapat diubah menjadi {b}.", "Status {a} cannot change to {b}.",
                          a=EVENT_STATUS_BY_CODE[old].id, b=EVENT_STATUS_BY_CODE[new].id))
