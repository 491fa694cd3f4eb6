"""The stakeholder portal: stakeholder accounts (separate from desk users), news and knowledge posts."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, Column, ForeignKey, Integer, LargeBinary, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, OperationalMixin, UTCDateTime


class StakeholderAccount(OperationalMixin, Base):
    """A portal login of Pemkot, a satker, an event organiser or another Polri unit (never a desk user)."""
    __tablename__ = "stakeholder_account"
    __table_args__ = (CheckConstraint("kind in ('pemkot','satker','organiser','polri_unit')", name="kind"),
                      CheckConstraint("pks_profile in ('counts-only','names')", name="pks_profile"))
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(160), default="")
    kind: Mapped[str] = mapped_column(String(16))
    unit_id: Mapped[str | None] = mapped_column(ForeignKey("unit.id"))      # satker: its unit
    organiser: Mapped[str] = mapped_column(String(160), default="")          # organiser: matches event.organiser
    pks_profile: Mapped[str] = mapped_column(String(16), default="counts-only")
    contact: Mapped[str] = mapped_column(String(120), default="")
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


stakeholder_event = Table(
    "stakeholder_event", Base.metadata,
    Column("account_id", ForeignKey("stakeholder_account.id", ondelete="CASCADE"), primary_key=True),
    Column("event_id", ForeignKey("event.id", ondelete="CASCADE"), primary_key=True),
)


class NewsPost(OperationalMixin, Base):
    """A Berita or knowledge post: shown on the portal from `publish_at` until withdrawn."""
    __tablename__ = "news_post"
    __table_args__ = (CheckConstraint("kind in ('berita','pengetahuan')", name="kind"),)
    kind: Mapped[str] = mapped_column(String(16), default="berita")
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    publish_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    author: Mapped[str] = mapped_column(String(64), default="")
    attachments: Mapped[list["NewsAttachment"]] = relationship(back_populates="post", order_by="NewsAttachment.filename")


class NewsAttachment(OperationalMixin, Base):
    """A file of a post, kept in the database (the portal serves it; the PKS package lists it)."""
    __tablename__ = "news_attachment"
    post_id: Mapped[str] = mapped_column(ForeignKey("news_post.id"), index=True)
    filename: Mapped[str] = mapped_column(String(160))
    mime: Mapped[str] = mapped_column(String(80))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    post: Mapped[NewsPost] = relationship(back_populates="attachments")
