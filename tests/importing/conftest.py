"""Fixtures for the roster, import and export tests: a real SQLite file with a few units."""
from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from antasena_desktop.services.security import Actor, Role
from db.database import Database, open_database
from db.models import AuditLog, Personnel, Unit, personnel_function, utcnow

UNITS = [
    # code, name, short name, alias, kind
    ("POLRESTABES", "Polrestabes Palembang", "Polrestabes", "", "polrestabes"),
    ("SAT-SAMAPTA", "Satuan Samapta", "Sat Samapta", "SAT SABHARA", "satfung"),
    ("SAT-LANTAS", "Satuan Lalu Lintas", "Sat Lantas", "", "satfung"),
    ("SAT-INTELKAM", "Satuan Intelijen Keamanan", "Sat Intelkam", "", "satfung"),
    ("POLSEK-IB1", "Polsek Ilir Barat I", "Polsek IB I", "", "polsek"),
    ("POLSEK-IB2", "Polsek Ilir Barat II", "Polsek IB II", "", "polsek"),
    ("POLSEK-KEMUNING", "Polsek Kemuning", "Polsek Kemuning", "", "polsek"),
]


@dataclass
class World:
    db: Database
    units: dict[str, str]        # code → id

    def counts(self) -> tuple[int, int, int]:
        with self.db.session() as s:
            return (s.scalar(select(func.count()).select_from(Personnel)),
                    s.scalar(select(func.count()).select_from(AuditLog)),
                    s.scalar(select(func.count()).select_from(personnel_function)))


@pytest.fixture
def world(database_url) -> World:
    db = open_database(database_url)
    units = {}
    with db.session() as s:
        parent = None
        for code, name, short, alias, kind in UNITS:
            unit = Unit(code=code, name=name, short_name=short, alias=alias, kind=kind,
                        parent_id=parent.id if parent else None)
            s.add(unit)
            s.flush()
            parent = parent or unit
            units[code] = unit.id
        gone = Unit(code="POLSEK-LAMA", name="Polsek Lama", short_name="Polsek Lama", kind="polsek")
        gone.deleted_at = utcnow()
        s.add(gone)
    yield World(db, units)
    db.close()


@pytest.fixture
def ops() -> Actor:
    return Actor("op", Role.OPERATOR_OPS)
