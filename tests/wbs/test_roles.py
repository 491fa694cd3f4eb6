"""Per role: every service call a role may not make is refused in the service (PermissionDenied or a
role-worded IllegalMove) and audited; every call it may make goes through. Expectations written out
by hand from report §2, not derived from the grants table."""
from __future__ import annotations

import copy

import pytest
from sqlalchemy import func, select

from antasena_desktop.wbs import accounts, cases, config, dashboard, health, intake, retention
from antasena_desktop.wbs.roles import PermissionDenied, WbsRole
from antasena_desktop.wbs.workflow import IllegalMove
from db.wbs.models import WbsAuditLog

from .conftest import FORM, PASSWORD

ROLE_USERS = {"admin": "admin", "pembina": "pembina", "penanggung_jawab": "pj", "verifikator": "verifikator1",
              "penelaah": "irban2", "inspektur": "inspektur"}
ALLOWED = {
    "list_cases": {"penanggung_jawab", "verifikator", "penelaah", "inspektur"},
    "open_case": {"penanggung_jawab", "verifikator", "penelaah", "inspektur"},
    "send_message": {"verifikator", "inspektur"},
    "add_note": {"penanggung_jawab", "verifikator", "penelaah", "inspektur"},
    "write_telaahan": {"penelaah"},
    "start_verification": {"verifikator"},
    "request_identity": {"penanggung_jawab", "verifikator", "penelaah"},
    "access_history": {"inspektur"},
    "dashboard": {"pembina", "penanggung_jawab", "verifikator", "penelaah", "inspektur"},
    "create_account": {"admin"},
    "health": {"admin", "penanggung_jawab"},
    "purge_list": {"admin"},
    "configure": {"penanggung_jawab", "inspektur"},
}


def _new_case(wbs, identity=False):
    form = copy.deepcopy(FORM)
    if identity:
        form["anonymous"], form["identity"] = False, {"name": "Pelapor", "nip": "1", "contact": "-"}
    with wbs.database.session() as session:
        cid = intake.submit_report(session, form).case_id
    actor, keyring = wbs.login("verifikator1")
    with wbs.database.session() as session:
        cases.assign_handlers(session, actor, keyring, cid, ["irban2", "pj"])
    return cid


def _calls(cid, fresh):
    return {
        "list_cases": lambda s, a, k: cases.list_cases(s, a),
        "open_case": lambda s, a, k: cases.open_case(s, a, k, cid),
        "send_message": lambda s, a, k: cases.send_message(s, a, k, cid, "Pesan uji."),
        "add_note": lambda s, a, k: cases.add_note(s, a, k, cid, "Catatan uji."),
        "write_telaahan": lambda s, a, k: cases.add_note(s, a, k, cid, "Telaahan uji.", kind="telaahan"),
        "start_verification": lambda s, a, k: cases.move_case(s, a, k, fresh, "verifikasi"),
        "request_identity": lambda s, a, k: cases.request_identity(s, a, cid, "800/12/ST/2026"),
        "access_history": lambda s, a, k: cases.access_history(s, a, cid),
        "dashboard": lambda s, a, k: dashboard.dashboard(s, a),
        "create_account": lambda s, a, k: accounts.create_account(s, a, "baru", PASSWORD, WbsRole.VERIFIKATOR),
        "health": lambda s, a, k: health.health(s, a),
        "purge_list": lambda s, a, k: retention.due_for_purge(s, a),
        "configure": lambda s, a, k: config.set_config(s, a, "ack_working_days", 7),
    }


@pytest.mark.parametrize("role", list(ROLE_USERS))
def test_each_role_does_exactly_what_the_report_gives_it(wbs, role):
    cid, fresh = _new_case(wbs, identity=True), _new_case(wbs)
    actor, keyring = wbs.login(ROLE_USERS[role])
    outcome = {}
    for name, call in _calls(cid, fresh).items():
        with wbs.database.session() as session:
            before = session.scalar(select(func.count()).select_from(WbsAuditLog).where(WbsAuditLog.action == "ditolak"))
        try:
            with wbs.database.session() as session:
                call(session, actor, keyring)
            outcome[name] = True
        except (PermissionDenied, IllegalMove):
            outcome[name] = False
            with wbs.database.session() as session:
                after = session.scalar(select(func.count()).select_from(WbsAuditLog).where(WbsAuditLog.action == "ditolak"))
            assert after == before + 1, f"{role}/{name}: refusal not audited"
    expected = {name: role in roles for name, roles in ALLOWED.items()}
    assert outcome == expected
