"""default event templates (kind × kerawanan → posts and requirement lines)

Revision ID: 0003
Revises: 0002

Seeds `event_template` from resources/templates/event_templates.json. Ids are derived from
kind and level (uuid5), so the downgrade removes exactly the seeded rows.
"""
from __future__ import annotations

import json
import uuid
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

NAMESPACE = uuid.UUID("6f1c2a7e-3b9d-4c55-9a51-0e2f8d7b4a10")

event_template = sa.table(
    "event_template", sa.column("id"), sa.column("created_at"), sa.column("updated_at"), sa.column("updated_by"),
    sa.column("deleted_at"), sa.column("row_version"), sa.column("kind"), sa.column("kerawanan_level"),
    sa.column("name"), sa.column("body_json"))


def _seed_id(kind: str, level: int) -> str:
    return str(uuid.uuid5(NAMESPACE, f"event-template/{kind}/{level}"))


def _defaults() -> list[dict]:
    from antasena_desktop.resources import resource_path
    with open(resource_path("templates", "event_templates.json"), encoding="utf-8") as handle:
        return json.load(handle)["templates"]


def upgrade() -> None:
    now = datetime.now(timezone.utc).replace(tzinfo=None)      # UTCDateTime stores naive UTC
    rows = [{"id": _seed_id(t["kind"], t["kerawanan_level"]), "created_at": now, "updated_at": now,
             "updated_by": "system", "deleted_at": None, "row_version": 1, "kind": t["kind"],
             "kerawanan_level": t["kerawanan_level"], "name": t["name"],
             "body_json": json.dumps(t["body"], ensure_ascii=False)} for t in _defaults()]
    op.bulk_insert(event_template, rows)


def downgrade() -> None:
    ids = [_seed_id(t["kind"], t["kerawanan_level"]) for t in _defaults()]
    op.execute(event_template.delete().where(event_template.c.id.in_(ids)))
