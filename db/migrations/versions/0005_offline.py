"""offline desks: the replica marker and outbox (desk side), applied changes and conflicts (server side)

Revision ID: 0005_offline
Revises: 0004_pg

Four plain tables, on SQLite and PostgreSQL alike (docs/deploy.md, "A desk that works offline").
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_offline"
down_revision = "0004_pg"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_replica",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("server_url", sa.Text(), nullable=False),
        sa.Column("desk_id", sa.String(36), nullable=False),
        sa.Column("desk_name", sa.String(60), nullable=False),
        sa.Column("last_change_id", sa.Integer(), nullable=False),
        sa.Column("hlc", sa.String(64), nullable=False),
        sa.Column("joined_at", sa.DateTime(), nullable=False),
        sa.Column("last_sync_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sync_replica"),
    )
    op.create_table(
        "sync_outbox",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("change_id", sa.String(36), nullable=False),
        sa.Column("table_name", sa.String(40), nullable=False),
        sa.Column("row_id", sa.String(36), nullable=False),
        sa.Column("op", sa.String(8), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=True),
        sa.Column("fields_json", sa.Text(), nullable=False),
        sa.Column("hlc", sa.String(64), nullable=False),
        sa.Column("desk_id", sa.String(36), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("conflict_id", sa.String(36), nullable=True),
        sa.Column("acked_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("seq", name="pk_sync_outbox"),
        sa.UniqueConstraint("change_id", name="uq_sync_outbox_change_id"),
    )
    op.create_index("ix_sync_outbox_row_id", "sync_outbox", ["row_id"])
    op.create_index("ix_sync_outbox_state", "sync_outbox", ["state"])
    op.create_table(
        "sync_applied",
        sa.Column("change_id", sa.String(36), nullable=False),
        sa.Column("desk_id", sa.String(36), nullable=False),
        sa.Column("desk_name", sa.String(60), nullable=False),
        sa.Column("table_name", sa.String(40), nullable=False),
        sa.Column("row_id", sa.String(36), nullable=False),
        sa.Column("outcome", sa.String(12), nullable=False),
        sa.Column("conflict_id", sa.String(36), nullable=True),
        sa.Column("applied_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("change_id", name="pk_sync_applied"),
    )
    op.create_index("ix_sync_applied_desk_id", "sync_applied", ["desk_id"])
    op.create_index("ix_sync_applied_row_id", "sync_applied", ["row_id"])
    op.create_table(
        "sync_conflict",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("change_id", sa.String(36), nullable=False),
        sa.Column("desk_id", sa.String(36), nullable=False),
        sa.Column("desk_name", sa.String(60), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("table_name", sa.String(40), nullable=False),
        sa.Column("row_id", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("mine_json", sa.Text(), nullable=False),
        sa.Column("theirs_json", sa.Text(), nullable=True),
        sa.Column("base_version", sa.Integer(), nullable=True),
        sa.Column("server_version", sa.Integer(), nullable=True),
        sa.Column("message_id", sa.Text(), nullable=False),
        sa.Column("message_en", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("resolution", sa.String(12), nullable=False),
        sa.Column("resolved_by", sa.String(64), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_sync_conflict"),
        sa.UniqueConstraint("change_id", name="uq_sync_conflict_change_id"),
    )
    op.create_index("ix_sync_conflict_desk_id", "sync_conflict", ["desk_id"])
    op.create_index("ix_sync_conflict_status", "sync_conflict", ["status"])


def downgrade() -> None:
    for table in ("sync_conflict", "sync_applied", "sync_outbox", "sync_replica"):
        op.drop_table(table)
