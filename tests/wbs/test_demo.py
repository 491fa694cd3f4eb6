"""The WBS demo: ~40 cases across every stage and outcome, some overdue, an account for every role,
made through the real services (intact audit chain, receipts not kept)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from antasena_desktop.wbs import audit, demo
from antasena_desktop.wbs.roles import WbsRole
from antasena_desktop.wbs.workflow import ALL_OUTCOMES, DEFAULT_STAGES
from db.wbs.database import open_wbs_database
from db.wbs.models import WbsAccount, WbsCase

TODAY = date(2026, 12, 4)


def test_demo_covers_every_stage_outcome_and_role(tmp_path, monkeypatch):
    monkeypatch.setenv("ANTASENA_DATA_DIR", str(tmp_path / "data"))
    database = open_wbs_database(f"sqlite:///{tmp_path}/demo.db")
    summary = demo.generate(database, "Rahasia-123", tmp_path / "sheet.txt", today=TODAY)
    assert 38 <= summary.cases <= 45
    with database.session() as session:
        stages = dict(session.execute(select(WbsCase.stage, func.count()).group_by(WbsCase.stage)).all())
        outcomes = set(session.scalars(select(WbsCase.outcome).where(WbsCase.outcome.is_not(None))))
        roles = set(session.scalars(select(WbsAccount.role)))
        from antasena_desktop.wbs.deadlines import overdue_kinds
        late = [c.reference for c in session.scalars(select(WbsCase)) if overdue_kinds(c, TODAY)]
        assert audit.verify(session) is None
        received = [c.received_at.date() for c in session.scalars(select(WbsCase))]
        wilayah = set(session.scalars(select(WbsCase.wilayah).where(WbsCase.wilayah.is_not(None))))
    assert set(stages) == {s.code for s in DEFAULT_STAGES}
    assert outcomes == set(ALL_OUTCOMES)
    assert roles == {r.value for r in WbsRole}
    assert 3 <= len(late) <= 8
    assert max(received) <= TODAY and wilayah >= {"I", "II", "III", "IV"}
    database.close()
