"""the database enforces "one person, one place at a time"; the change log for live desks

Revision ID: 0004_pg
Revises: 0004_harden (re-chained after main gained it)

* `assignment.rest_minutes`: the rest a placement demands after it (the guard stores the rule in force).
* PostgreSQL: `btree_gist` and an exclusion constraint: no two live assignments of one person whose
  ranges [start_at, end_at + rest_minutes) overlap — so neither overlap nor too short a rest can be
  written, whatever the client.
* SQLite: the same check as BEFORE INSERT / UPDATE triggers (RAISE ABORT → an integrity error).
* `change_log`: one row per committed change (desks LISTEN for it on PostgreSQL and catch up from it).
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_pg"
down_revision = "0004_harden"
branch_labels = None
depends_on = None

BUSY = "ex_assignment_person_busy"

# SQLite: datetime() normalises the stored text, so the comparison is on instants, minute-exact.
_SQLITE_CLASH = f"""
    SELECT RAISE(ABORT, '{BUSY}') WHERE EXISTS (
        SELECT 1 FROM assignment AS other
        WHERE other.personnel_id = NEW.personnel_id AND other.deleted_at IS NULL AND other.id != NEW.id
          AND datetime(other.start_at) < datetime(NEW.end_at, '+' || NEW.rest_minutes || ' minutes')
          AND datetime(NEW.start_at) < datetime(other.end_at, '+' || other.rest_minutes || ' minutes'));
"""


def upgrade() -> None:
    with op.batch_alter_table("assignment") as batch:
        batch.add_column(sa.Column("rest_minutes", sa.Integer(), server_default="480", nullable=False))
    op.create_table(
        "change_log",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("desk", sa.String(36), nullable=False),
        sa.Column("entities_json", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_change_log"),
    )
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        op.execute(f"ALTER TABLE assignment ADD CONSTRAINT {BUSY} EXCLUDE USING gist ("
                   "personnel_id WITH =, "
                   "tsrange(start_at, end_at + make_interval(mins => rest_minutes)) WITH &&"
                   ") WHERE (deleted_at IS NULL)")
    elif dialect == "sqlite":
        op.execute(f"CREATE TRIGGER {BUSY}_insert BEFORE INSERT ON assignment "
                   f"WHEN NEW.deleted_at IS NULL BEGIN {_SQLITE_CLASH} END")
        op.execute(f"CREATE TRIGGER {BUSY}_update BEFORE UPDATE OF personnel_id, start_at, end_at, rest_minutes, "
                   f"deleted_at ON assignment WHEN NEW.deleted_at IS NULL BEGIN {_SQLITE_CLASH} END")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute(f"ALTER TABLE assignment DROP CONSTRAINT IF EXISTS {BUSY}")
    elif dialect == "sqlite":
        op.execute(f"DROP TRIGGER IF EXISTS {BUSY}_insert")
        op.execute(f"DROP TRIGGER IF EXISTS {BUSY}_update")
    op.drop_table("change_log")
    with op.batch_alter_table("assignment") as batch:
        batch.drop_column("rest_minutes")
