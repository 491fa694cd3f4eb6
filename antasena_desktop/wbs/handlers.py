"""Who can be assigned a case: the assigning handler's pick list (metadata only, no case content).

Asked for by the desk (issue 14): `accounts.list_accounts` is the administrator's, and a verifikator
or the Inspektur needs the active Tim WBS accounts to tick when assigning. Same roles as
`cases.ASSIGNABLE`; whether an assignment is allowed (conflict of interest, roles) is still decided by
`cases.assign_handlers`.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from antasena_desktop.wbs.roles import WbsActor, WbsPermission, WbsRole, require
from db.wbs.models import WbsAccount

ASSIGNABLE_ROLES = (WbsRole.PENELAAH, WbsRole.VERIFIKATOR, WbsRole.INSPEKTUR, WbsRole.PENANGGUNG_JAWAB)


@dataclass(frozen=True)
class HandlerRow:
    username: str
    full_name: str
    role: WbsRole
    wilayah: str | None


def assignable_handlers(session: Session, actor: WbsActor, case_id: str | None = None) -> list[HandlerRow]:
    """Active accounts whose role may handle cases, penelaah first by wilayah (needs ASSIGN, audited refusal)."""
    require(actor, WbsPermission.ASSIGN, session, case_id)
    rows = session.scalars(select(WbsAccount).where(WbsAccount.active.is_(True),
                                                    WbsAccount.role.in_([r.value for r in ASSIGNABLE_ROLES])))
    order = {role: i for i, role in enumerate(ASSIGNABLE_ROLES)}
    handlers = [HandlerRow(a.username, a.full_name, WbsRole(a.role), a.wilayah) for a in rows]
    return sorted(handlers, key=lambda h: (order[h.role], h.wilayah or "", h.username))
