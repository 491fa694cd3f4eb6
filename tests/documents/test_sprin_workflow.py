"""Sprin workflow: roles, frozen content after issue, Sprin perubahan, signed scan, audit."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from antasena_desktop.documents import workflow
from antasena_desktop.documents.sprin import SprinOptions
from antasena_desktop.i18n import UserError
from antasena_desktop.services.security import PermissionDenied
from antasena_desktop.timefmt import wib
from db.models import Assignment, AuditLog, Event, Personnel, Sprin
from sprin_fixtures import KABAG, OPERATOR, VIEWER


def new_draft(database, event_number, actor=OPERATOR, options=None) -> str:
    with database.session() as session:
        return workflow.create_draft(session, actor, event_number, options).ids("sprin")[0]


def test_roles(database, plan):
    with database.session() as session:
        with pytest.raises(PermissionDenied):
            workflow.create_draft(session, VIEWER, plan.event_number)
    sprin_id = new_draft(database, plan.event_number)
    with database.session() as session:
        with pytest.raises(PermissionDenied):
            workflow.approve(session, OPERATOR, sprin_id)          # an Operator cannot approve
    with database.session() as session:
        with pytest.raises(UserError):
            workflow.issue(session, OPERATOR, sprin_id)            # not approved yet
    with database.session() as session:
        changes = workflow.approve(session, KABAG, sprin_id)
        assert changes.ids("sprin") == [sprin_id]
    with database.session() as session:
        with pytest.raises(PermissionDenied):
            workflow.issue(session, VIEWER, sprin_id)
    changes = workflow.issue_with_retry(database, OPERATOR, sprin_id)  # an Operator may issue an approved order
    assert {"sprin", "document_number"} <= changes.entities()
    with database.session() as session:
        sprin = session.get(Sprin, sprin_id)
        assert sprin.status == "issued" and sprin.approved_by == "kabagops" and sprin.issued_at is not None
        assert session.get(Event, plan.event_id).status == "sprin_terbit"
        actions = [(a.username, a.action, a.note) for a in session.scalars(
            select(AuditLog).where(AuditLog.entity == "sprin", AuditLog.entity_id == sprin_id).order_by(AuditLog.id))]
    assert [a[0] for a in actions] == ["operator1", "kabagops", "operator1"]
    assert actions[1][2] == "Sprin disetujui" and actions[2][2].startswith("Sprin diterbitkan Sprin/1/")


def test_issued_content_is_frozen(database, plan):
    sprin_id = new_draft(database, plan.event_number)
    with database.session() as session:
        workflow.approve(session, KABAG, sprin_id)
    workflow.issue_with_retry(database, KABAG, sprin_id, issued_at=wib(2026, 9, 10, 9))
    with database.session() as session:
        frozen = session.get(Sprin, sprin_id).content_json
        before = workflow.content_of(session.get(Sprin, sprin_id))
        # the plan changes afterwards: one person renamed, one assignment removed
        first = session.scalars(select(Assignment)).first()
        session.get(Personnel, first.personnel_id).name = "NAMA BARU SETELAH TERBIT"
        session.delete(first)
    with database.session() as session:
        sprin = session.get(Sprin, sprin_id)
        assert sprin.content_json == frozen
        assert workflow.content_of(sprin) == before
        assert before.number == "Sprin/1/IX/OPS.1./2026" and before.date_text == "10 September 2026"
        assert "NAMA BARU SETELAH TERBIT" not in sprin.content_json
        with pytest.raises(UserError):
            workflow.update_draft(session, OPERATOR, sprin_id, SprinOptions(pertimbangan="lain"))
        with pytest.raises(UserError):
            workflow.approve(session, KABAG, sprin_id)
    with pytest.raises(UserError):
        workflow.issue_with_retry(database, KABAG, sprin_id)      # no second number


def test_draft_edits_and_approval_reset(database, plan):
    sprin_id = new_draft(database, plan.event_number)
    with database.session() as session:
        workflow.approve(session, KABAG, sprin_id)
        workflow.update_draft(session, OPERATOR, sprin_id,
                              SprinOptions(pertimbangan="bahwa perlu diamankan", extra_dasar=["Telegram Kapolda X"],
                                           tembusan=["Kapolda Sumsel"]))
        sprin = session.get(Sprin, sprin_id)
        content = workflow.content_of(sprin)
        assert sprin.status == "draft" and sprin.approved_by == ""          # edited → needs approval again
        assert content.pertimbangan == "bahwa perlu diamankan."
        assert content.dasar[-1] == "Telegram Kapolda X." and content.tembusan == ["Kapolda Sumsel."]
        assert workflow.options_of(sprin).extra_dasar == ["Telegram Kapolda X"]


def test_perubahan_links_to_parent(database, plan):
    sprin_id = new_draft(database, plan.event_number)
    with database.session() as session:
        workflow.approve(session, KABAG, sprin_id)
    workflow.issue_with_retry(database, KABAG, sprin_id)
    with database.session() as session:
        with pytest.raises(UserError):
            workflow.create_perubahan(session, OPERATOR, sprin_id, "")
        child_id = workflow.create_perubahan(session, OPERATOR, sprin_id, "tambahan pos").ids("sprin")[0]
    with database.session() as session:
        workflow.approve(session, KABAG, child_id)
    workflow.issue_with_retry(database, OPERATOR, child_id)
    with database.session() as session:
        parent, child = session.get(Sprin, sprin_id), session.get(Sprin, child_id)
        content = workflow.content_of(child)
        assert child.parent_id == parent.id and child.status == "issued"
        assert child.number != parent.number and child.number.startswith("Sprin/2/")
        assert content.parent_number == parent.number
        assert any(parent.number in d for d in content.dasar)
        assert any("dinyatakan tidak berlaku lagi" in u for u in content.untuk)
        note = session.scalars(select(AuditLog.note).where(AuditLog.entity_id == child_id)).first()
        assert "tambahan pos" in note
    with database.session() as session:
        draft_id = new_draft(database, plan.event_number)
        with pytest.raises(UserError):
            workflow.create_perubahan(session, OPERATOR, draft_id, "x")     # only an issued order


def test_signed_scan_is_copied_into_data_dir(database, plan, tmp_path):
    scan = tmp_path / "scan.PDF"
    scan.write_bytes(b"%PDF-1.4 signed")
    sprin_id = new_draft(database, plan.event_number)
    with database.session() as session:
        with pytest.raises(UserError):
            workflow.attach_signed_scan(session, OPERATOR, sprin_id, scan)   # not issued yet
        workflow.approve(session, KABAG, sprin_id)
    workflow.issue_with_retry(database, KABAG, sprin_id)
    with database.session() as session:
        with pytest.raises(PermissionDenied):
            workflow.attach_signed_scan(session, VIEWER, sprin_id, scan)
        workflow.attach_signed_scan(session, OPERATOR, sprin_id, scan)
    with database.session() as session:
        stored = Path(session.get(Sprin, sprin_id).signed_scan_path)
    assert stored.parent == tmp_path / "data" / "lampiran"
    assert stored.read_bytes() == b"%PDF-1.4 signed" and stored.suffix == ".pdf"
    assert stored.name.startswith("Sprin_1_")


def test_event_by_uuid_or_number_and_unknown(database, plan):
    with database.session() as session:
        a = workflow.create_draft(session, OPERATOR, plan.event_id).ids("sprin")[0]
        b = workflow.create_draft(session, OPERATOR, plan.event_number).ids("sprin")[0]
        assert session.get(Sprin, a).event_id == session.get(Sprin, b).event_id == plan.event_id
        with pytest.raises(UserError):
            workflow.create_draft(session, OPERATOR, "KEG/1999/9999")
        assert [s.id for s in workflow.sprins_for_event(session, plan.event_number)] == [a, b]


def test_order_without_personnel_cannot_be_issued(database):
    from sprin_fixtures import make_plan
    with database.session() as session:
        empty = make_plan(session, n_people=0, n_posts=1, number="KEG/2026/0009")
        sprin_id = workflow.create_draft(session, OPERATOR, empty.event_number).ids("sprin")[0]
        workflow.approve(session, KABAG, sprin_id)
    with pytest.raises(UserError):
        workflow.issue_with_retry(database, KABAG, sprin_id)
    with database.session() as session:
        assert workflow.get_sprin(session, sprin_id).status == "approved"
        assert session.scalars(select(Sprin.number).where(Sprin.number.is_not(None))).all() == []
