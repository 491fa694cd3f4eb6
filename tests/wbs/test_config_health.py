"""Configuration (routing table, stage clocks, retention) by role, validated; the health view counts
failed logins and receipt guesses without any content."""
from __future__ import annotations

import copy

import pytest

from antasena_desktop.wbs import cases, config, health, intake
from antasena_desktop.wbs.deadlines import workflow_for
from antasena_desktop.wbs.roles import PermissionDenied
from db.wbs.models import WbsCase

from .conftest import FORM

CHECKLIST = {"lingkup": True, "6w1h": True, "bukti": True, "bukan_pelaku": True}


def test_routing_and_stage_clocks_are_configurable(wbs):
    pj, _ = wbs.login("pj")
    with wbs.database.session() as session:
        with pytest.raises(config.UserError, match="wilayah tidak dikenal"):
            config.set_config(session, pj, "routing", {"Dinas Pendidikan": "V"})
    with wbs.database.session() as session:
        routing = config.get_config(session, pj)["routing"]
        config.set_config(session, pj, "routing", {**routing, "Dinas Pendidikan": "III"})
        config.set_config(session, pj, "stages", {"verifikasi": {"id": "Verifikasi awal", "en": "First check", "days": 3}})
    with wbs.database.session() as session:
        assert workflow_for(session).stage("verifikasi").days == 3
        assert workflow_for(session).label("verifikasi").render("id") == "Verifikasi awal"
        cid = intake.submit_report(session, copy.deepcopy(FORM)).case_id
    actor, keyring = wbs.login("verifikator1")
    with wbs.database.session() as session:
        cases.move_case(session, actor, keyring, cid, "verifikasi")
    with wbs.database.session() as session:
        case = session.get(WbsCase, cid)
        from antasena_desktop.wbs.deadlines import calendar_for, today_wib
        assert case.stage_due == calendar_for(session).add_working_days(today_wib(case.stage_entered_at), 3)
        cases.move_case(session, actor, keyring, cid, "penelaahan", checklist=CHECKLIST)
    with wbs.database.session() as session:
        assert session.get(WbsCase, cid).wilayah == "III"
        assert cases.case_row(session, actor, cid).assigned == ["irban3"]
    admin, _ = wbs.login("admin")
    with pytest.raises(PermissionDenied):
        with wbs.database.session() as session:
            config.set_config(session, admin, "routing", {})


def test_health_shows_guessing_and_failed_logins(wbs):
    with wbs.database.session() as session:
        intake.submit_report(session, copy.deepcopy(FORM))
    for guess in ("1111222233334444", "5555666677778888", "12"):
        with pytest.raises(intake.ReceiptNotFound):
            with wbs.database.session() as session:
                intake.track(session, guess)
    with pytest.raises(Exception):
        wbs.login("inspektur", "salah-salah-1")
    admin, _ = wbs.login("admin")
    with wbs.database.session() as session:
        h = health.health(session, admin)
    assert (h.failed_tracks_1h, h.failed_logins_24h, h.cases, h.audit_intact) == (3, 1, 1, True)
    assert h.accounts == 7 and h.database_bytes and h.database_bytes > 0
    verifikator, _ = wbs.login("verifikator1")
    with pytest.raises(PermissionDenied):
        with wbs.database.session() as session:
            health.health(session, verifikator)
