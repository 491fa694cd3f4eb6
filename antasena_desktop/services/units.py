"""Units (satuan): lookups for views and services."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Unit


def list_units(session: Session, operational_only: bool = False) -> list[Unit]:
    query = select(Unit).where(Unit.deleted_at.is_(None)).order_by(Unit.kind, Unit.name)
    if operational_only:
        query = query.where(Unit.operational.is_(True))
    return list(session.scalars(query))
