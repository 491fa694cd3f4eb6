"""The invariants after heal + sync, shared by the scenario, the state machine and the benchmarks."""
from __future__ import annotations

from collections import Counter
from datetime import timedelta

from sqlalchemy import select

from antasena_desktop.services import audit
from antasena_desktop.sync.values import MODELS, row_values
from db.models import Assignment, SyncApplied, SyncConflict, SyncOutbox

COMPARED = ("personnel", "event", "post", "post_requirement", "assignment", "availability", "sprin")


def snapshot(db) -> dict:
    """Every synced row (all columns) and every conflict's status: what must be equal on desks and server."""
    out = {}
    with db.session() as s:
        for table in COMPARED:
            model = MODELS[table]
            out[table] = {row.id: row_values(row) for row in s.scalars(select(model))}
        out["sync_conflict"] = {c.id: c.status for c in s.scalars(select(SyncConflict))}
    return out


def differences(a: dict, b: dict) -> list[str]:
    found = []
    for table in a:
        for row_id in set(a[table]) | set(b[table]):
            if a[table].get(row_id) != b[table].get(row_id):
                found.append(f"{table}/{row_id}: {a[table].get(row_id)} != {b[table].get(row_id)}")
    return found


def desk_changes(db) -> list[tuple[str, str, str | None]]:
    with db.session() as s:
        return [(o.change_id, o.state, o.conflict_id) for o in s.scalars(select(SyncOutbox))]


def exactly_once(server, desks) -> list[str]:
    """Every desk change ends exactly once, as applied or as a conflict row."""
    problems = []
    with server.session() as s:
        applied = {a.change_id: a for a in s.scalars(select(SyncApplied))}
        per_change = Counter(c.change_id for c in s.scalars(select(SyncConflict)))
    for desk in desks:
        for change_id, state, conflict_id in desk_changes(desk):
            row = applied.get(change_id)
            if state == "pending" or row is None:
                problems.append(f"{change_id} not acknowledged ({state})")
            elif (row.outcome == "conflict") != (state == "conflict") or per_change[change_id] != (state == "conflict"):
                problems.append(f"{change_id}: desk {state}, server {row.outcome}, {per_change[change_id]} conflict rows")
    return problems


def overlapping_postings(server) -> int:
    with server.session() as s:
        rows = s.execute(select(Assignment.personnel_id, Assignment.start_at, Assignment.end_at, Assignment.rest_minutes)
                         .where(Assignment.deleted_at.is_(None)).order_by(Assignment.personnel_id,
                                                                          Assignment.start_at)).all()
    clashes = 0
    for (p1, _a1, b1, r1), (p2, a2, _b2, _r2) in zip(rows, rows[1:]):
        if p1 == p2 and a2 < b1 + timedelta(minutes=r1):
            clashes += 1
    return clashes


def chains_intact(*dbs) -> bool:
    for db in dbs:
        with db.session() as s:
            if audit.verify(s).broken is not None:
                return False
    return True
