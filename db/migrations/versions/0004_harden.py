"""hardening: hash-chained audit log; one original Sprin per event

Revision ID: 0004_harden
Revises: 0003

* `audit_log.prev_hash` / `row_hash`; the rows already there are chained in id order.
* A partial unique index: at most one issued original (no parent) Sprin per event. Databases that
  already hold two (the old check-then-act race) keep the first; each later one becomes an amendment
  of it (`parent_id`), and an audit row says so.

The chain uses the pure `antasena_desktop.audit_chain` helpers, whose hash format is a stable contract.
"""
from __future__ import annotations

from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

revision = "0004_harden"
down_revision = "0003"
branch_labels = None
depends_on = None

FIELDS = ("at", "username", "action", "entity", "entity_id", "before_json", "after_json", "source", "note")
ORIGINAL_WHERE = "parent_id IS NULL AND status = 'issued' AND deleted_at IS NULL"


def _as_utc(value):
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=timezone.utc) if value is not None and value.tzinfo is None else value


def upgrade() -> None:
    from antasena_desktop.audit_chain import GENESIS, link_hash

    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(sa.Column("prev_hash", sa.String(64), nullable=True))
        batch.add_column(sa.Column("row_hash", sa.String(64), nullable=True))
    bind = op.get_bind()
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    duplicates = bind.execute(sa.text(
        f"SELECT id, event_id, number FROM sprin WHERE {ORIGINAL_WHERE} AND event_id IS NOT NULL "
        "ORDER BY event_id, issued_at, created_at")).all()
    first: dict[str, tuple[str, str]] = {}
    for sprin_id, event_id, number in duplicates:
        if event_id not in first:
            first[event_id] = (sprin_id, number)
            continue
        parent_id, parent_number = first[event_id]
        bind.execute(sa.text("UPDATE sprin SET parent_id = :p WHERE id = :i"), {"p": parent_id, "i": sprin_id})
        bind.execute(sa.text(
            "INSERT INTO audit_log (at, username, action, entity, entity_id, before_json, after_json, source, note) "
            "VALUES (:at, 'system', 'update', 'sprin', :i, :b, :a, 'system', :n)"),
            {"at": now, "i": sprin_id, "b": '{"parent_id": null}', "a": f'{{"parent_id": "{parent_id}"}}',
             "n": f"migrasi 0004: Sprin {number} dijadikan perubahan atas {parent_number} (satu Sprin asli per kegiatan)"})
    op.create_index("uq_sprin_one_original", "sprin", ["event_id"], unique=True,
                    sqlite_where=sa.text(ORIGINAL_WHERE), postgresql_where=sa.text(ORIGINAL_WHERE))

    prev = GENESIS
    rows = bind.execute(sa.text(f"SELECT id, {', '.join(FIELDS)} FROM audit_log ORDER BY id")).all()
    for row in rows:
        content = dict(zip(FIELDS, row[1:]))
        content["at"] = _as_utc(content["at"])
        digest = link_hash(prev, content)
        bind.execute(sa.text("UPDATE audit_log SET prev_hash = :p, row_hash = :h WHERE id = :i"),
                     {"p": prev, "h": digest, "i": row[0]})
        prev = digest


def downgrade() -> None:
    op.drop_index("uq_sprin_one_original", table_name="sprin")
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("row_hash")
        batch.drop_column("prev_hash")
