"""Small questions about the roster asked at start-up."""
from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from db.models import Personnel


def has_personnel(session: Session) -> bool:
    return bool(session.scalar(select(exists().where(Personnel.id.is_not(None)))))
