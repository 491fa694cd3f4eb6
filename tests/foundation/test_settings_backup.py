"""Typed settings with versioned upgrades; online backup and restore of the SQLite file."""
from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import select

from antasena_desktop.services import settings as settings_service
from antasena_desktop.services.security import Actor, PermissionDenied, Role
from db.backup import backup_sqlite, restore_sqlite
from db.engine import sqlite_path
from db.models import AuditLog, Unit


def test_settings_upgrade_from_version_1():
    upgraded = settings_service.from_dict({"settings_version": 1, "kop": "A\nB\n\nC", "rest_minutes": 300})
    assert upgraded.kop_lines == ["A", "B", "C"]
    assert upgraded.rest_minutes == 300
    assert upgraded.settings_version == settings_service.SETTINGS_VERSION


def test_settings_roundtrip_role_check_and_audit(database):
    with database.session() as s:
        current = settings_service.load(s)
        current.dadakan_threshold_hours = 48
        with pytest.raises(PermissionDenied):
            settings_service.save(s, Actor("v", Role.VIEWER), current)
        settings_service.save(s, Actor("adm", Role.ADMIN), current)
    with database.session() as s:
        assert settings_service.load(s).dadakan_threshold_hours == 48
        row = s.scalar(select(AuditLog).where(AuditLog.entity == "setting"))
        assert row.username == "adm" and "48" in row.after_json


@pytest.mark.sqlite_only("the sqlite3 backup API (PostgreSQL: pg_dump, tests/foundation/test_pg_server.py)")
def test_backup_while_open_and_restore(database, tmp_path):
    with database.session() as s:
        s.add(Unit(code="A", name="A", short_name="A", kind="satfung"))
    target = backup_sqlite(database.engine, tmp_path / "cadangan.db")
    assert target.exists()
    with database.session() as s:
        s.add(Unit(code="B", name="B", short_name="B", kind="satfung"))
    path = sqlite_path(database.url)
    database.close()
    safety = restore_sqlite(target, path)
    assert safety is not None and safety.exists()
    con = sqlite3.connect(path)
    assert [r[0] for r in con.execute("select code from unit order by code")] == ["A"]
    con.close()


def test_restore_refuses_a_broken_backup(tmp_path):
    broken = tmp_path / "rusak.db"
    broken.write_bytes(b"bukan basis data" * 100)
    with pytest.raises(Exception):
        restore_sqlite(broken, tmp_path / "x.db")
    assert not (tmp_path / "x.db").exists()
