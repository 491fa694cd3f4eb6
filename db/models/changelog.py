"""The change log: one row per committed transaction that changed data (what desks refresh and catch up from)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, UTCDateTime


class ChangeLog(Base):
    __tablename__ = "change_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    desk: Mapped[str] = mapped_column(String(36), default="")     # the desk (process) that committed it
    entities_json: Mapped[str] = mapped_column(Text)              # {"assignment": ["id", …], "setting": ["*"]}
