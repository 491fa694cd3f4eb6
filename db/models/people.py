"""Units, personnel, their functions and availability."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, Column, Float, ForeignKey, Index, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, OperationalMixin, UTCDateTime
from .reference import Function, Rank


class Unit(OperationalMixin, Base):
    """Polrestabes, its bagian/satfung/seksi, and the Polsek; a tree by `parent_id`."""
    __tablename__ = "unit"
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    short_name: Mapped[str] = mapped_column(String(40))
    alias: Mapped[str] = mapped_column(String(60), default="")
    kind: Mapped[str] = mapped_column(String(16))      # polrestabes | bagian | satfung | seksi | polsek
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("unit.id"))
    kecamatan_code: Mapped[str | None] = mapped_column(ForeignKey("kecamatan.code"))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    operational: Mapped[bool] = mapped_column(Boolean, default=True)  # part of the deployable pool
    parent: Mapped["Unit | None"] = relationship(remote_side="Unit.id")


unit_area = Table(
    "unit_area", Base.metadata,
    Column("unit_id", ForeignKey("unit.id"), primary_key=True),
    Column("kecamatan_code", ForeignKey("kecamatan.code"), primary_key=True),
)

personnel_function = Table(
    "personnel_function", Base.metadata,
    Column("personnel_id", ForeignKey("personnel.id", ondelete="CASCADE"), primary_key=True),
    Column("function_code", ForeignKey("function.code"), primary_key=True),
)


class Personnel(OperationalMixin, Base):
    __tablename__ = "personnel"
    __table_args__ = (
        CheckConstraint("gender in ('M','F')", name="gender"),
        CheckConstraint("length(nrp) in (8, 18)", name="nrp_length"),
    )
    nrp: Mapped[str] = mapped_column(String(18), unique=True)          # NRP 8 digits or NIP 18 digits
    name: Mapped[str] = mapped_column(String(120), index=True)
    rank_code: Mapped[str] = mapped_column(ForeignKey("rank.code"))
    jabatan: Mapped[str] = mapped_column(String(120), default="")
    unit_id: Mapped[str] = mapped_column(ForeignKey("unit.id"), index=True)
    gender: Mapped[str] = mapped_column(String(1))
    phone: Mapped[str] = mapped_column(String(32), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    rank: Mapped[Rank] = relationship()
    unit: Mapped[Unit] = relationship()
    functions: Mapped[list[Function]] = relationship(secondary=personnel_function, order_by=Function.code)

    @property
    def function_codes(self) -> list[str]:
        return [f.code for f in self.functions]


class Availability(OperationalMixin, Base):
    """A period when a person is not available for security duty: [start, end)."""
    __tablename__ = "availability"
    __table_args__ = (
        CheckConstraint("end_at > start_at", name="period"),
        Index("ix_availability_person_period", "personnel_id", "start_at", "end_at"),
    )
    personnel_id: Mapped[str] = mapped_column(ForeignKey("personnel.id"))
    kind: Mapped[str] = mapped_column(String(24))   # cuti | sakit | dik | piket_dianggarkan | piket_nonanggaran | bko
    start_at: Mapped[datetime] = mapped_column(UTCDateTime)
    end_at: Mapped[datetime] = mapped_column(UTCDateTime)
    note: Mapped[str] = mapped_column(String(200), default="")
    personnel: Mapped[Personnel] = relationship()
