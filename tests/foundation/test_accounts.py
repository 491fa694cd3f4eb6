"""Accounts: argon2 hashes, lockout, roles checked in services, audit of logins and changes."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from antasena_desktop.i18n import UserError
from antasena_desktop.services import audit, auth
from antasena_desktop.services.security import SYSTEM, Actor, Permission, PermissionDenied, Role, require
from db.models import AuditLog, Unit, UserAccount, utcnow


def _admin(database, password="rahasia-123"):
    with database.session() as s:
        auth.create_user(s, SYSTEM, "admin", password, Role.ADMIN, "Admin")


def test_password_is_argon2_hashed_and_login_audited(database):
    _admin(database)
    with database.session() as s:
        user = s.scalar(select(UserAccount).where(UserAccount.username == "admin"))
        assert user.password_hash.startswith("$argon2")
        assert "rahasia-123" not in user.password_hash
        actor = auth.authenticate(s, "admin", "rahasia-123")
    assert actor.role is Role.ADMIN
    with database.session() as s:
        actions = [a.action for a in s.scalars(select(AuditLog).order_by(AuditLog.id))]
        create_row = s.scalar(select(AuditLog).where(AuditLog.action == "create"))
    assert actions[-1] == "login"
    assert "$argon2" not in (create_row.after_json or "")


def test_lockout_after_repeated_failures(database):
    _admin(database)
    for _ in range(auth.MAX_FAILED_ATTEMPTS):
        with database.session() as s, pytest.raises(auth.LoginFailed):
            auth.authenticate(s, "admin", "salah-salah-1")
    with database.session() as s, pytest.raises(auth.LoginFailed) as err:
        auth.authenticate(s, "admin", "rahasia-123")   # right password, but locked
    assert "terkunci" in err.value.text.render("id")
    with database.session() as s:
        user = s.scalar(select(UserAccount))
        user.locked_until = utcnow() - timedelta(seconds=1)
    with database.session() as s:
        assert auth.authenticate(s, "admin", "rahasia-123").username == "admin"


def test_weak_password_refused(database):
    with database.session() as s, pytest.raises(UserError):
        auth.create_user(s, SYSTEM, "admin", "pendek", Role.ADMIN)
    with database.session() as s, pytest.raises(UserError):
        auth.create_user(s, SYSTEM, "admin", "hanyahurufsaja", Role.ADMIN)


def test_only_admin_creates_users_once_one_exists(database):
    _admin(database)
    operator = Actor("op", Role.OPERATOR_OPS)
    with database.session() as s, pytest.raises(PermissionDenied):
        auth.create_user(s, operator, "baru", "sandi-baru-1", Role.VIEWER)


def test_operator_satker_limited_to_own_unit():
    actor = Actor("sat", Role.OPERATOR_SATKER, unit_id="U1")
    require(actor, Permission.EDIT_PERSONNEL, unit_id="U1")
    with pytest.raises(PermissionDenied):
        require(actor, Permission.EDIT_PERSONNEL, unit_id="U2")
    with pytest.raises(PermissionDenied):
        require(actor, Permission.PLAN)
    with pytest.raises(PermissionDenied):
        require(Actor("v", Role.VIEWER), Permission.EDIT_EVENTS)


def test_audit_update_records_only_the_difference_and_tombstone_keeps_row(database):
    actor = Actor("op", Role.OPERATOR_OPS)
    with database.session() as s:
        unit = audit.create(s, actor, Unit(code="SATX", name="Sat X", short_name="Sat X", kind="satfung"))
        unit_id = unit.id
    with database.session() as s:
        unit = s.get(Unit, unit_id)
        assert audit.update(s, actor, unit, {"name": "Sat Y", "short_name": "Sat X"}) is True
        assert audit.update(s, actor, unit, {"name": "Sat Y"}) is False
        audit.tombstone(s, actor, unit)
    with database.session() as s:
        unit = s.get(Unit, unit_id)
        assert unit is not None and unit.deleted_at is not None and unit.row_version == 3
        rows = s.scalars(select(AuditLog).where(AuditLog.entity == "unit").order_by(AuditLog.id)).all()
    assert [r.action for r in rows] == ["create", "update", "delete"]
    assert '"name": "Sat X"' in rows[1].before_json and '"name": "Sat Y"' in rows[1].after_json
    assert "short_name" not in rows[1].after_json
    assert all(r.username == "op" for r in rows)
