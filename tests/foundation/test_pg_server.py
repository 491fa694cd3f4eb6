"""Operating a shared PostgreSQL server from the command line: server init (roles, schema, admin), a desk
role without DDL, db copy from a desk's SQLite file, backup and restore through pg_dump/pg_restore."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from antasena_desktop.cli import main
from antasena_desktop.planning import service
from antasena_desktop.services.security import Actor, Role
from db.database import open_database
from db.engine import make_engine
from db.models import Assignment, AuditLog, Personnel
from tests.planning import factory

pytestmark = pytest.mark.postgresql_only("operating the PostgreSQL server")
PASSWORD = "Rahasia-123"


def _as(url: str, user: str) -> str:
    return make_url(url).set(username=user).render_as_string(hide_password=False)


def test_server_init_roles_schema_admin_and_a_desk_without_ddl(make_database_url, monkeypatch, capsys):
    url = make_database_url(empty=True)
    monkeypatch.delenv("ANTASENA_PASSWORD", raising=False)
    assert main(["server", "init", "--db", url]) == 2                      # no admin password: refused in words
    assert "Kata sandi admin pertama" in capsys.readouterr().err
    assert main(["server", "init", "--db", url, "--admin-password", PASSWORD, "--desk-password", "Meja-123"]) == 0
    assert "akun admin dibuat" in capsys.readouterr().out
    assert main(["server", "init", "--db", url, "--admin-password", PASSWORD]) == 0   # again: harmless
    engine = make_engine(url)
    with engine.connect() as conn:
        owner = conn.execute(text("SELECT tableowner FROM pg_tables WHERE tablename = 'assignment'")).scalar()
    engine.dispose()
    assert owner == "antasena_owner"
    desk = open_database(_as(url, "antasena_desk"), upgrade=False)
    try:
        with desk.session() as s:                                           # a desk places people…
            u = factory.unit(s)
            person = factory.person(s, u, "85010001", "Andi Saputra")
            post = factory.post(s, factory.event(s), "Pos Utama")
            service.place(s, Actor("operator", Role.OPERATOR_OPS), person.id, post.id)
        with pytest.raises(ProgrammingError), desk.session() as s:          # …but has no DDL
            s.execute(text("CREATE TABLE nakal (id int)"))
        with pytest.raises(ProgrammingError), desk.session() as s:          # …and cannot rewrite the audit log
            s.execute(text("DELETE FROM audit_log"))
    finally:
        desk.close()
    monkeypatch.setenv("ANTASENA_PASSWORD", PASSWORD)
    assert main(["user", "list", "--db", url, "--user", "admin"]) == 0
    assert "admin" in capsys.readouterr().out


def test_copy_a_desks_sqlite_file_to_the_server(tmp_path, make_database_url, capsys):
    source = f"sqlite:///{tmp_path}/meja.db"
    assert main(["demo-data", "--db", source, "--admin-password", PASSWORD, "--today", "2026-11-23"]) == 0
    target = make_database_url(empty=True)
    assert main(["db", "copy", "--from", source, "--to", target]) == 0
    out = capsys.readouterr().out
    assert "sama di sumber dan tujuan" in out and "Log audit utuh" in out    # hash chain verified on the server
    counts = []
    for url in (source, target):
        db = open_database(url)
        with db.session() as s:
            counts.append((s.scalar(select(func.count()).select_from(Personnel)),
                           s.scalar(select(func.count()).select_from(Assignment)),
                           s.scalar(select(func.count()).select_from(AuditLog))))
        db.close()
    assert counts[0] == counts[1] and counts[0][0] == 1837
    db = open_database(target)                                              # the copy is a working database
    with db.session() as s:
        from antasena_desktop.services import audit
        audit.record(s, Actor("admin", Role.ADMIN), "check", "database")   # ids continue after the copied ones
    db.close()
    assert main(["db", "copy", "--from", source, "--to", target]) == 2      # never over existing data
    assert "tujuan tidak diubah" in capsys.readouterr().err


def test_backup_and_restore_through_pg_dump(database, database_url, monkeypatch, tmp_path, capsys):
    from antasena_desktop.services import auth
    from antasena_desktop.services.security import SYSTEM
    with database.session() as s:
        auth.create_user(s, SYSTEM, "admin", PASSWORD, Role.ADMIN, "Admin")
        factory.unit(s, "SEBELUM")
    monkeypatch.setenv("ANTASENA_PASSWORD", PASSWORD)
    dump = tmp_path / "cadangan.dump"
    assert main(["db", "backup", "--db", database_url, "--user", "admin", "-o", str(dump)]) == 0
    assert dump.stat().st_mode & 0o777 == 0o600
    with database.session() as s:
        factory.unit(s, "SESUDAH")
    database.close()
    assert main(["db", "restore", str(dump), "--db", database_url, "--user", "admin"]) == 2   # asks first
    assert "--yes" in capsys.readouterr().err
    assert main(["db", "restore", str(dump), "--db", database_url, "--user", "admin", "--yes"]) == 0
    assert "Salinan sebelumnya" in capsys.readouterr().out
    db = open_database(database_url)
    with db.session() as s:
        codes = set(s.scalars(text("SELECT code FROM unit")))
    db.close()
    assert "SEBELUM" in codes and "SESUDAH" not in codes
    not_a_dump = tmp_path / "bukan.dump"
    not_a_dump.write_text("bukan cadangan")
    assert main(["db", "restore", str(not_a_dump), "--db", database_url, "--user", "admin", "--yes"]) == 2
