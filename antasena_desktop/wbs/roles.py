"""Tim WBS roles (report §2) and what each may do. Checked in the services; refusals are audited."""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from antasena_desktop.i18n import T, Text
from antasena_desktop.services.security import PermissionDenied

__all__ = ["WbsRole", "WbsPermission", "WbsActor", "require", "PermissionDenied", "ROLE_LABELS",
           "WILAYAH", "INTAKE_ROLES", "SYSTEM", "refuse"]


class WbsRole(str, Enum):
    PEMBINA = "pembina"
    PENANGGUNG_JAWAB = "penanggung_jawab"
    VERIFIKATOR = "verifikator"
    PENELAAH = "penelaah"              # Irban Wilayah I–IV, Irban Investigasi
    INSPEKTUR = "inspektur"
    ADMIN = "admin"                    # Administrator sistem: accounts and system health, never content


ROLE_LABELS: dict[WbsRole, Text] = {
    WbsRole.PEMBINA: T("Pembina", "Patron"),
    WbsRole.PENANGGUNG_JAWAB: T("Penanggung jawab", "Person in charge"),
    WbsRole.VERIFIKATOR: T("Verifikator", "Verifier"),
    WbsRole.PENELAAH: T("Penelaah (Irban)", "Reviewer (assistant inspector)"),
    WbsRole.INSPEKTUR: T("Inspektur", "Inspector"),
    WbsRole.ADMIN: T("Administrator sistem", "System administrator"),
}

WILAYAH: dict[str, Text] = {
    "I": T("Irban Wilayah I", "Assistant Inspector, Region I"),
    "II": T("Irban Wilayah II", "Assistant Inspector, Region II"),
    "III": T("Irban Wilayah III", "Assistant Inspector, Region III"),
    "IV": T("Irban Wilayah IV", "Assistant Inspector, Region IV"),
    "investigasi": T("Irban Investigasi", "Assistant Inspector, Investigations"),
}


class WbsPermission(str, Enum):
    MANAGE_ACCOUNTS = "manage_accounts"
    SYSTEM_HEALTH = "system_health"        # audit verify, backups, purge runs
    CONFIGURE = "configure"                # stages, deadlines, categories, routing, retention
    DASHBOARD = "dashboard"                # counters only, no content, no identities
    LIST_CASES = "list_cases"              # metadata only
    READ_CASE = "read_case"                # decrypt report, attachments, messages, notes
    MESSAGE_REPORTER = "message_reporter"
    ADD_NOTE = "add_note"
    ASSIGN = "assign"
    VERIFY = "verify"                      # the verifikator's moves
    REVIEW = "review"                      # the penelaah's moves (telaahan, tindak lanjut report)
    APPROVE = "approve"                    # the Inspektur's gates
    REQUEST_IDENTITY = "request_identity"
    DECIDE_IDENTITY = "decide_identity"
    ACCESS_HISTORY = "access_history"
    PRINT = "print"
    PURGE = "purge"


_P = WbsPermission
_CONTENT = {_P.LIST_CASES, _P.READ_CASE, _P.ADD_NOTE, _P.DASHBOARD, _P.PRINT}
GRANTS: dict[WbsRole, set[WbsPermission]] = {
    WbsRole.ADMIN: {_P.MANAGE_ACCOUNTS, _P.SYSTEM_HEALTH, _P.PURGE},
    WbsRole.PEMBINA: {_P.DASHBOARD},
    WbsRole.PENANGGUNG_JAWAB: _CONTENT | {_P.CONFIGURE, _P.REQUEST_IDENTITY, _P.SYSTEM_HEALTH},
    WbsRole.VERIFIKATOR: _CONTENT | {_P.MESSAGE_REPORTER, _P.ASSIGN, _P.VERIFY, _P.REQUEST_IDENTITY},
    WbsRole.PENELAAH: _CONTENT | {_P.REVIEW, _P.REQUEST_IDENTITY},
    WbsRole.INSPEKTUR: _CONTENT | {_P.MESSAGE_REPORTER, _P.ASSIGN, _P.APPROVE, _P.DECIDE_IDENTITY,
                                   _P.ACCESS_HISTORY, _P.CONFIGURE},
}

# Roles whose accounts receive every new case key at intake ("all reports are received by the
# Inspektur", L1121; the verifikator screens them). Others get a case's key on assignment.
INTAKE_ROLES = (WbsRole.VERIFIKATOR, WbsRole.INSPEKTUR)


@dataclass(frozen=True)
class WbsActor:
    username: str
    role: WbsRole
    user_id: str | None = None
    source: str = "gui"                 # gui | cli | web | system
    wilayah: str | None = None

    def can(self, permission: WbsPermission) -> bool:
        return permission in GRANTS[self.role]

    def with_source(self, source: str) -> "WbsActor":
        return WbsActor(self.username, self.role, self.user_id, source, self.wilayah)


# The system (init, demo) as an actor; the reporter is intake.ReporterActor (no account, no role).
SYSTEM = WbsActor("system", WbsRole.ADMIN, source="system")


def require(actor: WbsActor, permission: WbsPermission, session=None, case_id: str | None = None) -> None:
    """Raise PermissionDenied unless `actor` holds `permission`. With a session the refusal is audited
    and committed at once, so it survives the caller's rollback (services check before they write)."""
    if actor.can(permission):
        return
    if session is not None:
        refuse(session, actor, f"izin {permission.value}", case_id)
    raise PermissionDenied(T("Peran {role} tidak berwenang untuk tindakan ini.",
                             "The role {role} is not allowed to do this.", role=ROLE_LABELS[actor.role]))


def refuse(session, actor: WbsActor, note: str, case_id: str | None = None) -> None:
    """Audit a refusal and commit it (called just before raising)."""
    from antasena_desktop.wbs import audit
    audit.record(session, actor, "ditolak", case_id=case_id, note=note)
    session.commit()
