"""Row values between the outbox's JSON and the ORM: the synced models and their column types."""
from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Float, Integer, inspect

from db.models import (Assignment, Availability, Base, Event, EventTemplate, Personnel, Post, PostRequirement,
                       SecurityRequest, Sprin, Unit, UTCDateTime, Venue)
from db.sync_outbox import FUNCTIONS, jsonable

MODELS = {model.__tablename__: model for model in (Unit, Venue, Personnel, Availability, Event, SecurityRequest, Post,
                                                  PostRequirement, Assignment, EventTemplate, Sprin)}
# Tables a pull copies from the server: everything but the logs and the sync bookkeeping (the conflict
# rows are copied: every desk's inbox shows every open conflict).
NOT_PULLED = {"audit_log", "assignment_log", "change_log", "sync_outbox", "sync_replica", "sync_applied"}
PULLED = [table for table in Base.metadata.sorted_tables if table.name not in NOT_PULLED]
PULLED_NAMES = {table.name for table in PULLED}
UNKNOWN = {"?": "unknown"}


def decode(model, name: str, value: Any) -> Any:
    """A JSON value of column `name` of `model` as the ORM wants it."""
    if value is None or name == FUNCTIONS:
        return value
    column = inspect(model).columns[name]
    kind = column.type
    if isinstance(kind, UTCDateTime):
        return datetime.fromisoformat(value) if isinstance(value, str) else value
    if isinstance(kind, Boolean):
        return bool(value)
    if isinstance(kind, Integer):
        return int(value)
    if isinstance(kind, Float):
        return float(value)
    return value


def row_values(obj) -> dict[str, Any]:
    """The JSON-ready column values of an ORM row (for conflict rows: "theirs")."""
    return {attr.key: jsonable(getattr(obj, attr.key)) for attr in inspect(obj).mapper.column_attrs}


def dumps(values: Any) -> str:
    return json.dumps(values, ensure_ascii=False, sort_keys=True, default=str)
