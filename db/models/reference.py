"""Reference data: ranks, functions, kecamatan/kelurahan, map layers, venues."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, OperationalMixin, UTCDateTime


class Rank(Base):
    __tablename__ = "rank"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    group: Mapped[str] = mapped_column(String(16))
    level: Mapped[int] = mapped_column(Integer)
    seniority: Mapped[int] = mapped_column(Integer, unique=True)
    is_pns: Mapped[bool] = mapped_column(Boolean, default=False)


class Function(Base):
    __tablename__ = "function"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name_id: Mapped[str] = mapped_column(String(80))
    name_en: Mapped[str] = mapped_column(String(80))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Kecamatan(Base):
    __tablename__ = "kecamatan"
    code: Mapped[str] = mapped_column(String(16), primary_key=True)      # 16.71.01
    name: Mapped[str] = mapped_column(String(80), unique=True)
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    geometry_geojson: Mapped[str | None] = mapped_column(Text)
    geometry_source: Mapped[str] = mapped_column(String(16), default="skematik")  # skematik | impor
    kelurahan: Mapped[list["Kelurahan"]] = relationship(back_populates="kecamatan", order_by="Kelurahan.code")


class Kelurahan(Base):
    __tablename__ = "kelurahan"
    code: Mapped[str] = mapped_column(String(20), primary_key=True)      # 16.71.01.1001
    name: Mapped[str] = mapped_column(String(80))
    kecamatan_code: Mapped[str] = mapped_column(ForeignKey("kecamatan.code"), index=True)
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    geometry_geojson: Mapped[str | None] = mapped_column(Text)
    geometry_source: Mapped[str] = mapped_column(String(16), default="skematik")
    kecamatan: Mapped[Kecamatan] = relationship(back_populates="kelurahan")


class GeoLayer(Base):
    """Other map layers as GeoJSON: 'kota' (city outline), 'musi', 'jalan'."""
    __tablename__ = "geo_layer"
    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    geojson: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(16), default="bawaan")
    imported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Venue(OperationalMixin, Base):
    """Gazetteer of places where events happen."""
    __tablename__ = "venue"
    name: Mapped[str] = mapped_column(String(120), index=True)
    kind: Mapped[str] = mapped_column(String(40), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    kecamatan_code: Mapped[str | None] = mapped_column(ForeignKey("kecamatan.code"))
    kelurahan_code: Mapped[str | None] = mapped_column(ForeignKey("kelurahan.code"))
