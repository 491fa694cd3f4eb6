"""Every committed change appends exactly one change-log row naming what changed; a refusal appends nothing."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from antasena_desktop.planning import service
from db.changelog import DESK_ID
from db.models import ChangeLog
from tests.gui.planning_fixtures import OPS, build_world


def _log(db) -> list[ChangeLog]:
    with db.session() as s:
        return list(s.scalars(select(ChangeLog).order_by(ChangeLog.id)))


def test_one_row_per_commit_none_for_a_refusal(db):
    world = build_world(db)
    before = _log(db)
    with db.session() as s:
        placed = service.place(s, OPS, world.people["A0"], world.posts["Pos Utama"]).ids("assignment")[0]
    rows = _log(db)[len(before):]
    assert len(rows) == 1 and rows[0].desk == DESK_ID
    entities = json.loads(rows[0].entities_json)
    assert entities["assignment"] == [placed] and "audit_log" not in entities
    with pytest.raises(service.PlacementRefused), db.session() as s:
        service.place(s, OPS, world.people["A0"], world.posts["Pos Panggung"])      # overlapping: refused
    assert len(_log(db)) == len(before) + 1
    with db.session() as s:                                                         # reads append nothing
        s.scalars(select(ChangeLog)).all()
    assert len(_log(db)) == len(before) + 1
