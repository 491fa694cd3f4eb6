"""reference catalogues: Polri ranks, PNS grades and functions

Revision ID: 0002
Revises: 0001
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from antasena_desktop.domain.catalog import FUNCTIONS
from antasena_desktop.domain.ranks import RANKS

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

rank = sa.table("rank", sa.column("code"), sa.column("name"), sa.column("group"), sa.column("level"),
                sa.column("seniority"), sa.column("is_pns"))
function = sa.table("function", sa.column("code"), sa.column("name_id"), sa.column("name_en"), sa.column("active"))


def upgrade() -> None:
    op.bulk_insert(rank, [{"code": r.code, "name": r.name, "group": r.group, "level": r.level,
                           "seniority": r.order, "is_pns": r.is_pns} for r in RANKS])
    op.bulk_insert(function, [{"code": f.code, "name_id": f.id, "name_en": f.en, "active": True} for f in FUNCTIONS])


def downgrade() -> None:
    op.execute(function.delete())
    op.execute(rank.delete())
