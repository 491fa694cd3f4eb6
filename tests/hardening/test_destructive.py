"""Items 1, 2: destructive commands need an admin login and a confirmation; restore is checked."""
from __future__ import annotations

import sqlite3

from db import migrate
from hardening_helpers import PASSWORD, counts, run_cli


def _audit(path, where="1=1"):
    con = sqlite3.connect(path)
    try:
        return con.execute(f"select username, action, note from audit_log where {where} order by id").fetchall()
    finally:
        con.close()


def test_demo_replace_needs_admin_refuses_real_data_and_backs_up(demo, tmp_path, capsys):
    url, path = demo
    before = counts(path)
    assert run_cli("demo-data", "--db", url, "--replace", "--yes") == 2                  # no login
    assert run_cli("demo-data", "--db", url, "--replace", "--yes", "--user", "operator") == 2   # not admin
    assert "ditolak" in _audit(path)[-1][1]                                            # refusal audited
    assert run_cli("demo-data", "--db", url, "--replace", "--user", "admin") == 2        # not confirmed
    assert "--yes" in capsys.readouterr().err
    assert {k: v for k, v in counts(path).items() if k != "audit_log"} == \
        {k: v for k, v in before.items() if k != "audit_log"}
    assert run_cli("demo-data", "--db", url, "--replace", "--yes", "--user", "admin", "--seed", "3",
                   "--today", "2026-11-23") == 0
    backups = list((tmp_path / "data" / "backups").glob("demo-*-sebelum-demo.db"))
    assert len(backups) == 1 and counts(backups[0])["personnel"] == before["personnel"]
    assert backups[0].stat().st_mode & 0o777 == 0o600
    replaced = _audit(path, "action = 'replace'")
    assert replaced and replaced[0][0] == "admin" and str(backups[0]) in replaced[0][2]


def test_demo_replace_refuses_a_database_with_operator_changes(demo, capsys):
    url, path = demo
    con = sqlite3.connect(path)
    post, nrp = con.execute("select p.id, x.nrp from post p, personnel x limit 1").fetchone()
    con.close()
    run_cli("assign", "--post", post, "--person", nrp, "--reason", "uji", "--db", url, "--user", "operator")
    con = sqlite3.connect(path)
    con.execute("insert into audit_log (at, username, action, entity, entity_id, source, note) "
                "select at, 'operator', 'update', 'event', '', 'gui', 'x' from audit_log limit 1")
    con.commit()
    con.close()
    before = counts(path)
    assert run_cli("demo-data", "--db", url, "--replace", "--yes", "--user", "admin") == 2
    assert "selain data demo" in capsys.readouterr().err
    assert counts(path)["personnel"] == before["personnel"]


def _backup(url, out):
    assert run_cli("db", "backup", "--db", url, "--user", "admin", "-o", str(out)) == 0


def test_restore_is_admin_only_and_cannot_raise_a_role(demo, tmp_path, capsys):
    url, path = demo
    copy = tmp_path / "cadangan.db"
    _backup(url, copy)
    con = sqlite3.connect(copy)                       # the attack: edit the copy, make operator an admin
    con.execute("update user_account set role = 'admin' where username = 'operator'")
    con.commit()
    con.close()
    assert run_cli("db", "restore", str(copy), "--db", url, "--user", "operator", "--yes") == 2
    assert _audit(path)[-1][1] == "ditolak"
    assert run_cli("db", "restore", str(copy), "--db", url, "--user", "admin", "--yes") == 0
    con = sqlite3.connect(path)
    assert con.execute("select role from user_account where username='operator'").fetchone()[0] == "operator_ops"
    con.close()
    restore = _audit(path, "action = 'restore'")
    assert restore[-1][0] == "admin" and "operator: role operator_ops→admin" in restore[-1][2]
    assert path.stat().st_mode & 0o777 == 0o600
    assert list((tmp_path / "data" / "backups").glob("demo-sebelum-restore-*.db"))
    # with the admin's explicit consent the backup's accounts are taken, and the change is listed
    assert run_cli("db", "restore", str(copy), "--db", url, "--user", "admin", "--yes",
                   "--accounts-from-backup") == 0
    con = sqlite3.connect(path)
    assert con.execute("select role from user_account where username='operator'").fetchone()[0] == "admin"
    con.close()
    assert "akun dari cadangan: operator: role operator_ops→admin" in _audit(path, "action = 'restore'")[-1][2]


def test_restore_refuses_newer_schema_empty_and_partial_files(demo, tmp_path, capsys):
    url, path = demo
    before = counts(path)
    newer = tmp_path / "newer.db"
    _backup(url, newer)
    con = sqlite3.connect(newer)
    con.execute("update alembic_version set version_num = '0099_future'")
    con.commit()
    con.close()
    assert run_cli("db", "restore", str(newer), "--db", url, "--user", "admin", "--yes") == 2
    err = capsys.readouterr().err
    assert "0099_future" in err and migrate.head_revision() in err and "Traceback" not in err
    empty = tmp_path / "empty.db"
    con = sqlite3.connect(empty)
    con.execute("create table alembic_version (version_num varchar(32) not null)")
    con.commit()
    con.close()
    assert run_cli("db", "restore", str(empty), "--db", url, "--user", "admin", "--yes") == 2
    assert "tidak lengkap" in capsys.readouterr().err
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"SQLite format 3\x00" + b"\x01" * 5000)
    assert run_cli("db", "restore", str(junk), "--db", url, "--user", "admin", "--yes") == 2
    text = tmp_path / "teks.db"
    text.write_text("bukan basis data")
    assert run_cli("db", "restore", str(text), "--db", url, "--user", "admin", "--yes") == 2
    after = counts(path)
    assert {k: v for k, v in after.items() if k != "audit_log"} == {k: v for k, v in before.items() if k != "audit_log"}
    assert run_cli("audit", "verify", "--db", url, "--user", "admin") == 0


def test_restore_of_an_older_schema_upgrades_the_copy(demo, tmp_path):
    url, path = demo
    from db import migrate
    from db.engine import make_engine
    older = tmp_path / "older.db"
    _backup(url, older)
    engine = make_engine(f"sqlite:///{older}")
    migrate.downgrade(engine, "0003")
    engine.dispose()
    assert run_cli("db", "restore", str(older), "--db", url, "--user", "admin", "--yes") == 0
    con = sqlite3.connect(path)
    assert con.execute("select version_num from alembic_version").fetchone()[0] == migrate.head_revision()
    con.close()
    con = sqlite3.connect(older)                 # the backup itself is left as it was
    assert con.execute("select version_num from alembic_version").fetchone()[0] == "0003"
    con.close()
    assert run_cli("audit", "verify", "--db", url, "--user", "admin") == 0


def test_user_changes_and_user_list_need_an_admin(demo, monkeypatch, capsys):
    url, _path = demo
    monkeypatch.setenv("ANTASENA_NEW_PASSWORD", "Baru-12345")
    assert run_cli("user", "list", "--db", url) == 2
    assert run_cli("user", "list", "--db", url, "--user", "viewer") == 2
    assert run_cli("user", "add", "x1", "--role", "viewer", "--db", url, "--user", "kabagops") == 2
    capsys.readouterr()
    assert run_cli("user", "list", "--db", url, "--user", "admin") == 0
    assert "operator\toperator_ops" in capsys.readouterr().out


def test_restore_onto_a_new_database_logs_in_against_the_backup(demo, tmp_path):
    url, path = demo
    copy = tmp_path / "cadangan.db"
    _backup(url, copy)
    fresh = tmp_path / "baru.db"
    assert run_cli("db", "init", "--db", f"sqlite:///{fresh}") == 0
    assert run_cli("db", "restore", str(copy), "--db", f"sqlite:///{fresh}", "--user", "viewer", "--yes") == 2
    assert counts(fresh)["personnel"] == 0
    assert run_cli("db", "restore", str(copy), "--db", f"sqlite:///{fresh}", "--user", "admin", "--yes") == 0
    assert counts(fresh)["personnel"] == counts(path)["personnel"]
    assert run_cli("audit", "verify", "--db", f"sqlite:///{fresh}", "--user", "admin") == 0


def test_password_change_is_own_or_admin_and_audited(demo, monkeypatch):
    url, path = demo
    monkeypatch.setenv("ANTASENA_NEW_PASSWORD", "Baru-sekali-9")
    assert run_cli("user", "passwd", "admin", "--db", url, "--user", "operator") == 2          # not its own
    assert run_cli("user", "passwd", "operator", "--db", url, "--user", "operator") == 0
    monkeypatch.setenv("ANTASENA_PASSWORD", "Baru-sekali-9")
    assert run_cli("user", "list", "--db", url, "--user", "operator") == 2                   # logs in, not admin
    assert _audit(path)[-1][1] == "ditolak"
    monkeypatch.setenv("ANTASENA_PASSWORD", PASSWORD)
    assert run_cli("user", "passwd", "viewer", "--db", url, "--user", "admin") == 0
    assert [r[2] for r in _audit(path, "action = 'update' and entity = 'user_account'")][-2:] == \
        ["kata sandi diganti"] * 2
