"""Offline desks (issue 17): the desk's replica marker and outbox, the server's applied-change record
and conflict rows. All four tables exist in every Bag Ops database; which ones fill depends on the side:
a desk's local replica fills `sync_replica`, `sync_outbox` and its copy of `sync_conflict`; the server
fills `sync_applied` and `sync_conflict`."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UTCDateTime


class SyncReplica(Base):
    """One row on a desk's local database: this database is a replica of `server_url`."""
    __tablename__ = "sync_replica"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)               # always 1
    server_url: Mapped[str] = mapped_column(Text)
    desk_id: Mapped[str] = mapped_column(String(36))
    desk_name: Mapped[str] = mapped_column(String(60))
    last_change_id: Mapped[int] = mapped_column(Integer, default=0)         # server change_log id seen
    hlc: Mapped[str] = mapped_column(String(64), default="")                # hybrid logical clock, last issued
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_sync_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str] = mapped_column(Text, default="")


class SyncOutbox(Base):
    """One changed row of one local transaction, written in that same transaction (db/sync_outbox.py)."""
    __tablename__ = "sync_outbox"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    change_id: Mapped[str] = mapped_column(String(36), unique=True)
    table_name: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[str] = mapped_column(String(36), index=True)
    op: Mapped[str] = mapped_column(String(8))                  # insert | update
    base_version: Mapped[int | None] = mapped_column(Integer)   # row_version before the change (None: new row)
    fields_json: Mapped[str] = mapped_column(Text)              # {"field": [old, new], …}
    hlc: Mapped[str] = mapped_column(String(64))
    desk_id: Mapped[str] = mapped_column(String(36))
    actor: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    state: Mapped[str] = mapped_column(String(12), default="pending", index=True)   # pending | applied | conflict
    conflict_id: Mapped[str | None] = mapped_column(String(36))
    acked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SyncApplied(Base):
    """Server side: every desk change it has seen, once (a replay finds it here and changes nothing)."""
    __tablename__ = "sync_applied"
    change_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    desk_id: Mapped[str] = mapped_column(String(36), index=True)
    desk_name: Mapped[str] = mapped_column(String(60), default="")
    table_name: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[str] = mapped_column(String(36), index=True)
    outcome: Mapped[str] = mapped_column(String(12))            # applied | merged | conflict
    conflict_id: Mapped[str | None] = mapped_column(String(36))
    applied_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SyncConflict(Base):
    """A desk change the server did not apply: both versions and the guard's words, for a person to decide."""
    __tablename__ = "sync_conflict"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    change_id: Mapped[str] = mapped_column(String(36), unique=True)
    desk_id: Mapped[str] = mapped_column(String(36), index=True)
    desk_name: Mapped[str] = mapped_column(String(60), default="")
    actor: Mapped[str] = mapped_column(String(64))
    table_name: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[str] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(16))               # fields | rule | duplicate | deleted | missing | refused
    mine_json: Mapped[str] = mapped_column(Text)                # the desk's intended values of the changed fields
    theirs_json: Mapped[str | None] = mapped_column(Text)       # the server's row at the time (None: no such row)
    base_version: Mapped[int | None] = mapped_column(Integer)
    server_version: Mapped[int | None] = mapped_column(Integer)
    message_id: Mapped[str] = mapped_column(Text)
    message_en: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(12), default="open", index=True)   # open | resolved
    resolution: Mapped[str] = mapped_column(String(12), default="")              # mine | theirs | edit
    resolved_by: Mapped[str] = mapped_column(String(64), default="")
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
