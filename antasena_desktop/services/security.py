"""Roles and what they may do. Checked in services, not only in the UI."""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from antasena_desktop.i18n import T, Text, UserError


class Role(str, Enum):
    ADMIN = "admin"
    PIMPINAN = "pimpinan"            # Kabag Ops / Pimpinan
    OPERATOR_OPS = "operator_ops"    # Operator Bag Ops
    OPERATOR_SATKER = "operator_satker"
    VIEWER = "viewer"


ROLE_LABELS: dict[Role, Text] = {
    Role.ADMIN: T("Admin", "Administrator"),
    Role.PIMPINAN: T("Kabag Ops / Pimpinan", "Head of Operations / Command"),
    Role.OPERATOR_OPS: T("Operator Bag Ops", "Operations operator"),
    Role.OPERATOR_SATKER: T("Operator Satker", "Unit operator"),
    Role.VIEWER: T("Peninjau", "Viewer"),
}


class Permission(str, Enum):
    MANAGE_USERS = "manage_users"
    EDIT_PERSONNEL = "edit_personnel"            # Operator Satker: own unit only
    EDIT_EVENTS = "edit_events"
    PLAN = "plan"                                # posts, assignments, allocator
    APPROVE_SPRIN = "approve_sprin"
    ISSUE_SPRIN = "issue_sprin"
    EDIT_SETTINGS = "edit_settings"
    BACKUP = "backup"
    VIEW = "view"
    PUBLISH_NEWS = "publish_news"                # portal: Berita and knowledge posts
    MANAGE_STAKEHOLDERS = "manage_stakeholders"  # portal: stakeholder accounts
    EXCHANGE_PKS = "exchange_pks"                # PKS export packages, Pemkot permit imports


GRANTS: dict[Role, set[Permission]] = {
    Role.ADMIN: set(Permission),
    Role.PIMPINAN: {Permission.VIEW, Permission.EDIT_EVENTS, Permission.PLAN, Permission.APPROVE_SPRIN,
                    Permission.ISSUE_SPRIN, Permission.EDIT_PERSONNEL, Permission.BACKUP,
                    Permission.PUBLISH_NEWS, Permission.MANAGE_STAKEHOLDERS, Permission.EXCHANGE_PKS},
    Role.OPERATOR_OPS: {Permission.VIEW, Permission.EDIT_EVENTS, Permission.PLAN, Permission.ISSUE_SPRIN,
                        Permission.EDIT_PERSONNEL, Permission.BACKUP, Permission.PUBLISH_NEWS, Permission.EXCHANGE_PKS},
    Role.OPERATOR_SATKER: {Permission.VIEW, Permission.EDIT_PERSONNEL},
    Role.VIEWER: {Permission.VIEW},
}


@dataclass(frozen=True)
class Actor:
    """Who is acting: a logged-in user (GUI/CLI) or the system (migrations, demo generator)."""
    username: str
    role: Role
    user_id: str | None = None
    unit_id: str | None = None       # set for Operator Satker
    source: str = "gui"              # gui | cli | auto | import | system

    def can(self, permission: Permission) -> bool:
        return permission in GRANTS[self.role]

    def with_source(self, source: str) -> "Actor":
        return Actor(self.username, self.role, self.user_id, self.unit_id, source)


SYSTEM = Actor("system", Role.ADMIN, source="system")


class PermissionDenied(UserError):
    pass


def require(actor: Actor, permission: Permission, unit_id: str | None = None) -> None:
    """Raise PermissionDenied unless `actor` may do `permission` (on `unit_id`, for unit-scoped roles)."""
    if not actor.can(permission):
        raise PermissionDenied(T("Peran {role} tidak berwenang untuk tindakan ini.",
                                 "The role {role} is not allowed to do this.", role=ROLE_LABELS[actor.role]))
    if actor.role is Role.OPERATOR_SATKER and permission is Permission.EDIT_PERSONNEL:
        if unit_id is None or unit_id != actor.unit_id:
            raise PermissionDenied(T("Operator Satker hanya dapat mengubah personel satuannya sendiri.",
                                     "A unit operator may only change personnel of their own unit."))
