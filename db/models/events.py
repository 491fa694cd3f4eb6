"""Events (kegiatan), requests (permohonan), posts and their requirement lines, assignments."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, OperationalMixin, UTCDateTime
from .people import Personnel
from .reference import Venue


class Event(OperationalMixin, Base):
    __tablename__ = "event"
    __table_args__ = (CheckConstraint("end_at > start_at", name="period"),
                      Index("ix_event_period", "start_at", "end_at"))
    number: Mapped[str] = mapped_column(String(32), unique=True)        # KEG/2026/0001
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(24))
    pemilu_phase: Mapped[str | None] = mapped_column(String(24))
    scale: Mapped[str] = mapped_column(String(16), default="lokal")
    organiser: Mapped[str] = mapped_column(String(160), default="")
    venue_id: Mapped[str | None] = mapped_column(ForeignKey("venue.id"))
    address: Mapped[str] = mapped_column(String(200), default="")
    kecamatan_code: Mapped[str | None] = mapped_column(ForeignKey("kecamatan.code"), index=True)
    kelurahan_code: Mapped[str | None] = mapped_column(ForeignKey("kelurahan.code"))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    start_at: Mapped[datetime] = mapped_column(UTCDateTime)
    end_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expected_crowd: Mapped[int] = mapped_column(Integer, default=0)
    kerawanan_level: Mapped[int] = mapped_column(Integer, default=1)
    kerawanan_assessed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    kerawanan_assessor: Mapped[str] = mapped_column(String(120), default="")
    status: Mapped[str] = mapped_column(String(16), default="diterima", index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    budget_supported: Mapped[bool] = mapped_column(Boolean, default=False)
    venue: Mapped[Venue | None] = relationship()
    posts: Mapped[list["Post"]] = relationship(back_populates="event", order_by="Post.name")


class SecurityRequest(OperationalMixin, Base):
    """Permohonan pengamanan: one intake through the single door."""
    __tablename__ = "security_request"
    intake_number: Mapped[str] = mapped_column(String(32), unique=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    channel: Mapped[str] = mapped_column(String(16))
    requester_name: Mapped[str] = mapped_column(String(120))
    requester_org: Mapped[str] = mapped_column(String(160), default="")
    requester_contact: Mapped[str] = mapped_column(String(80), default="")
    subject: Mapped[str] = mapped_column(String(200), default="")
    letter_number: Mapped[str] = mapped_column(String(80), default="")
    attachment_path: Mapped[str] = mapped_column(String(400), default="")
    event_id: Mapped[str | None] = mapped_column(ForeignKey("event.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="diterima")
    event: Mapped[Event | None] = relationship()


class Post(OperationalMixin, Base):
    __tablename__ = "post"
    __table_args__ = (CheckConstraint("end_at > start_at", name="period"),)
    event_id: Mapped[str] = mapped_column(ForeignKey("event.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    type: Mapped[str] = mapped_column(String(16), default="pos_pam")
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    start_at: Mapped[datetime] = mapped_column(UTCDateTime)
    end_at: Mapped[datetime] = mapped_column(UTCDateTime)
    notes: Mapped[str] = mapped_column(Text, default="")
    event: Mapped[Event] = relationship(back_populates="posts")
    requirements: Mapped[list["PostRequirement"]] = relationship(back_populates="post", order_by="PostRequirement.position")


class PostRequirement(OperationalMixin, Base):
    """One requirement line of a post: `count` people with a function, a minimum rank, a gender."""
    __tablename__ = "post_requirement"
    __table_args__ = (CheckConstraint("count >= 1", name="count"),
                      CheckConstraint("gender is null or gender in ('M','F')", name="gender"))
    post_id: Mapped[str] = mapped_column(ForeignKey("post.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    function_code: Mapped[str | None] = mapped_column(ForeignKey("function.code"))  # None = umum
    count: Mapped[int] = mapped_column(Integer)
    min_rank_code: Mapped[str | None] = mapped_column(ForeignKey("rank.code"))
    gender: Mapped[str | None] = mapped_column(String(1))
    role_label: Mapped[str] = mapped_column(String(80), default="")   # e.g. "Danpos"
    post: Mapped[Post] = relationship(back_populates="requirements")


class Assignment(OperationalMixin, Base):
    """A person placed on a requirement line for [start, end), busy until end + rest_minutes.

    The database refuses two live assignments of one person whose [start, end + rest) ranges meet
    (migration 0004_pg: an exclusion constraint on PostgreSQL, triggers on SQLite)."""
    __tablename__ = "assignment"
    __table_args__ = (CheckConstraint("end_at > start_at", name="period"),
                      CheckConstraint("source in ('manual','auto','import')", name="source"),
                      Index("ix_assignment_person_period", "personnel_id", "start_at", "end_at"))
    requirement_id: Mapped[str] = mapped_column(ForeignKey("post_requirement.id"), index=True)
    post_id: Mapped[str] = mapped_column(ForeignKey("post.id"), index=True)
    personnel_id: Mapped[str] = mapped_column(ForeignKey("personnel.id"))
    start_at: Mapped[datetime] = mapped_column(UTCDateTime)
    end_at: Mapped[datetime] = mapped_column(UTCDateTime)
    source: Mapped[str] = mapped_column(String(8), default="manual")
    pinned: Mapped[bool] = mapped_column(Boolean, default=True)
    status: Mapped[str] = mapped_column(String(16), default="rencana")
    reason: Mapped[str] = mapped_column(String(300), default="")
    rest_minutes: Mapped[int] = mapped_column(Integer, default=480, server_default="480")
    personnel: Mapped[Personnel] = relationship()
    requirement: Mapped[PostRequirement] = relationship()
    post: Mapped[Post] = relationship()


class AssignmentLog(Base):
    """Append-only record of every placement change."""
    __tablename__ = "assignment_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    username: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(16))     # place | move | remove | pin | unpin
    assignment_id: Mapped[str] = mapped_column(String(36), index=True)
    event_id: Mapped[str | None] = mapped_column(String(36), index=True)
    personnel_id: Mapped[str] = mapped_column(String(36))
    source: Mapped[str] = mapped_column(String(8))
    before_json: Mapped[str | None] = mapped_column(Text)
    after_json: Mapped[str | None] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(String(300), default="")


class EventTemplate(OperationalMixin, Base):
    """Default posts and requirement lines per event kind × kerawanan level (JSON body)."""
    __tablename__ = "event_template"
    kind: Mapped[str] = mapped_column(String(24))
    kerawanan_level: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(120))
    body_json: Mapped[str] = mapped_column(Text)
