"""WBS accounts: login unlocks the key, lockout, password change re-wraps, escrow reset, no Bag Ops
account opens the WBS; the audit chain detects edits and deletions."""
from __future__ import annotations

import copy
import sqlite3

import pytest
from sqlalchemy import select

from antasena_desktop.services import auth
from antasena_desktop.services.security import SYSTEM as BAGOPS_SYSTEM, Role
from antasena_desktop.wbs import accounts, audit, cases, intake
from antasena_desktop.wbs.accounts import LoginFailed
from antasena_desktop.wbs.roles import PermissionDenied, WbsRole
from db.wbs.models import WbsAccount

from .conftest import FORM, PASSWORD


def test_wrong_password_fails_and_five_failures_lock(wbs):
    for _ in range(5):
        with pytest.raises(LoginFailed, match="salah"):
            wbs.login("verifikator1", "Salah-sekali-1")
    with pytest.raises(LoginFailed, match="terkunci"):
        wbs.login("verifikator1", PASSWORD)


def test_password_change_rewraps_the_same_key(wbs):
    with wbs.database.session() as session:
        cid = intake.submit_report(session, copy.deepcopy(FORM)).case_id
    actor, keyring = wbs.login("verifikator1")
    with wbs.database.session() as session:
        with pytest.raises(intake.UserError, match="lama salah"):
            accounts.change_password(session, actor, keyring, "Keliru-999", "Baru-Sandi-2026")
    with wbs.database.session() as session:
        accounts.change_password(session, actor, keyring, PASSWORD, "Baru-Sandi-2026")
    with pytest.raises(LoginFailed):
        wbs.login("verifikator1", PASSWORD)
    actor, keyring = wbs.login("verifikator1", "Baru-Sandi-2026")
    with wbs.database.session() as session:
        assert cases.open_case(session, actor, keyring, cid).report["what"] == FORM["what"]


def test_forgotten_password_is_reset_from_the_escrow_sheet(wbs):
    with wbs.database.session() as session:
        cid = intake.submit_report(session, copy.deepcopy(FORM)).case_id
    admin, _ = wbs.login("admin")
    with wbs.database.session() as session:
        with pytest.raises(intake.UserError, match="bukan milik"):
            accounts.reset_password_with_escrow(session, admin, "inspektur", "AAAA " * 13, "Sandi-Baru-77")
    with wbs.database.session() as session:
        resealed = accounts.reset_password_with_escrow(session, admin, "inspektur", wbs.recovery_key, "Sandi-Baru-77")
    assert resealed == 1
    actor, keyring = wbs.login("inspektur", "Sandi-Baru-77")
    with wbs.database.session() as session:
        assert cases.open_case(session, actor, keyring, cid).reference.startswith("WBS/")
    verifikator, _ = wbs.login("verifikator1")
    with pytest.raises(PermissionDenied):
        with wbs.database.session() as session:
            accounts.reset_password_with_escrow(session, verifikator, "inspektur", wbs.recovery_key, "X-123456789")


def test_only_the_administrator_manages_accounts(wbs):
    inspektur, _ = wbs.login("inspektur")
    with pytest.raises(PermissionDenied):
        with wbs.database.session() as session:
            accounts.create_account(session, inspektur, "baru", PASSWORD, WbsRole.VERIFIKATOR)
    admin, _ = wbs.login("admin")
    with wbs.database.session() as session:
        with pytest.raises(intake.UserError, match="wilayah"):
            accounts.create_account(session, admin, "irban9", PASSWORD, WbsRole.PENELAAH)
    with wbs.database.session() as session:
        accounts.create_account(session, admin, "irban1", PASSWORD, WbsRole.PENELAAH, wilayah="I")
        assert "irban1" in [a.username for a in accounts.list_accounts(session, admin)]


def test_a_bag_ops_account_cannot_open_the_wbs(wbs, database):
    with database.session() as session:
        auth.create_user(session, BAGOPS_SYSTEM, "opsadmin", "Bagops-123", Role.ADMIN)
    with database.session() as session:
        assert auth.authenticate(session, "opsadmin", "Bagops-123").username == "opsadmin"
    with pytest.raises(LoginFailed):
        wbs.login("opsadmin", "Bagops-123")
    with wbs.database.session() as session:
        assert session.scalar(select(WbsAccount).where(WbsAccount.username == "opsadmin")) is None


def test_audit_chain_detects_an_edit_and_a_deletion(wbs):
    with wbs.database.session() as session:
        intake.submit_report(session, copy.deepcopy(FORM))
    wbs.login("verifikator1")
    with wbs.database.session() as session:
        assert audit.verify(session) is None
    wbs.database.close()
    con = sqlite3.connect(wbs.path)
    rows = [r[0] for r in con.execute("select id from wbs_audit_log order by id")]
    con.execute("update wbs_audit_log set username='orang_lain' where id=?", (rows[2],))
    con.commit()
    with wbs.database.session() as session:
        broken = audit.verify(session)
    assert broken is not None and (broken.row_id, broken.reason) == (rows[2], "edited")
    con.execute("delete from wbs_audit_log where id=?", (rows[1],))
    con.commit()
    con.close()
    with wbs.database.session() as session:
        broken = audit.verify(session)
    assert broken is not None and broken.reason == "deleted-or-inserted"
