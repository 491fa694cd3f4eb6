"""The `antasena` command line on a real demo database: demo-data, export, users, backups, assign, boundaries."""
from __future__ import annotations

import csv
import re
import sqlite3

import pytest
from sqlalchemy import select, text

from ui.commands import main
from db.database import open_database
from db.models import AuditLog, Post, PostRequirement

PASSWORD = "Rahasia-123"


@pytest.fixture(scope="module")
def demo_db(request, tmp_path_factory, module_engine_name, database_maker):
    folder = tmp_path_factory.mktemp("cli")
    url = database_maker(request, tmp_path_factory, module_engine_name)
    assert main(["demo-data", "--db", url, "--admin-password", PASSWORD, "--today", "2026-11-23"]) == 0
    return url, folder


def test_export_personnel_has_all_rows_with_valid_nrp(demo_db, tmp_path, monkeypatch):
    url, _ = demo_db
    out = tmp_path / "p.csv"
    monkeypatch.setenv("ANTASENA_PASSWORD", PASSWORD)
    assert main(["export", "personnel", "--db", url, "--format", "csv", "-o", str(out)]) == 2   # no login
    assert not out.exists()
    assert main(["export", "personnel", "--db", url, "--format", "csv", "-o", str(out), "--user", "admin"]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    assert len(rows) == 1837
    assert list(rows[0])[0] == "id"
    assert all(re.fullmatch(r"\d{8}|\d{18}", r["nrp"]) for r in rows)


def test_demo_data_refuses_to_overwrite(demo_db, capsys):
    url, _ = demo_db
    assert main(["demo-data", "--db", url, "--admin-password", PASSWORD]) == 2
    assert "galat" in capsys.readouterr().err


def test_user_add_needs_an_admin_login(demo_db, monkeypatch, capsys):
    url, _ = demo_db
    monkeypatch.setenv("ANTASENA_NEW_PASSWORD", "Operator-456")
    monkeypatch.setenv("ANTASENA_PASSWORD", "salah-sekali-1")
    assert main(["user", "add", "op2", "--role", "operator_ops", "--db", url, "--user", "admin"]) == 2
    monkeypatch.setenv("ANTASENA_PASSWORD", PASSWORD)
    assert main(["user", "add", "op2", "--role", "operator_ops", "--db", url, "--user", "admin"]) == 0
    assert main(["user", "add", "op3", "--role", "viewer", "--db", url, "--user", "op2"]) == 2   # not an admin
    database = open_database(url)
    with database.session() as s:
        actions = [(a.username, a.action, a.source) for a in s.scalars(select(AuditLog).order_by(AuditLog.id))]
    database.close()
    assert ("admin", "create", "cli") in actions
    assert any(a[1] == "login_gagal" for a in actions)


@pytest.mark.sqlite_only("a SQLite file backup (PostgreSQL: tests/foundation/test_pg_server.py)")
def test_backup_and_restore(demo_db, monkeypatch, tmp_path):
    url, folder = demo_db
    monkeypatch.setenv("ANTASENA_PASSWORD", PASSWORD)
    target = tmp_path / "cadangan.db"
    assert main(["db", "backup", "--db", url, "--user", "admin", "-o", str(target)]) == 0
    con = sqlite3.connect(target)
    assert con.execute("select count(*) from personnel").fetchone()[0] == 1837
    con.close()
    copy_url = f"sqlite:///{tmp_path}/pulih.db"
    assert main(["db", "restore", str(target), "--db", copy_url, "--user", "admin"]) == 2    # not confirmed
    assert main(["db", "restore", str(target), "--db", copy_url, "--user", "admin", "--yes"]) == 0
    con = sqlite3.connect(tmp_path / "pulih.db")
    assert con.execute("select count(*) from personnel").fetchone()[0] == 1837
    con.close()


def test_assign_and_refusal_exit_codes(demo_db, monkeypatch, capsys):
    url, _ = demo_db
    monkeypatch.setenv("ANTASENA_PASSWORD", PASSWORD)
    database = open_database(url)
    with database.session() as s:
        line = s.scalar(select(PostRequirement).join(Post).where(PostRequirement.function_code == "dalmas",
                                                                 PostRequirement.gender.is_(None))
                        .order_by(Post.start_at.desc()))
        post_id = line.post_id
        other = s.scalar(select(Post).where(Post.id != post_id, Post.start_at < line.post.end_at,
                                            Post.end_at > line.post.start_at))
        nrp = s.execute(text(
            "select p.nrp from personnel p join personnel_function f on f.personnel_id = p.id "
            "join unit u on u.id = p.unit_id where f.function_code = 'dalmas' and p.active "
            "and u.operational and p.id not in (select personnel_id from availability) limit 1")).scalar()
    database.close()
    args = ["--db", url, "--user", "operator"]
    assert main(["assign", "--post", post_id, "--person", nrp, *args]) == 0
    assert "ditempatkan" in capsys.readouterr().out
    if other is not None:
        assert main(["assign", "--post", other.id, "--person", nrp, "--reason", "uji", *args]) == 2
        assert "ditolak" in capsys.readouterr().err
    assert main(["unassign", "--post", post_id, "--person", nrp, *args]) == 0


def test_import_real_boundaries(demo_db, monkeypatch, shared_dir, capsys):
    url, _ = demo_db
    monkeypatch.setenv("ANTASENA_PASSWORD", PASSWORD)
    geo = shared_dir / "geodata"
    assert main(["import", "boundaries", str(geo / "palembang_kecamatan.geojson"), "--level", "kecamatan",
                 "--db", url, "--user", "admin"]) == 0
    assert "18 cocok" in capsys.readouterr().out
    database = open_database(url)
    with database.session() as s:
        from antasena_desktop.mapping.from_db import boundary_set
        assert boundary_set(s).source == "impor"
    database.close()


def test_allocate_from_database_plans_then_applies(demo_db, monkeypatch, capsys, tmp_path):
    url, _ = demo_db
    monkeypatch.setenv("ANTASENA_PASSWORD", PASSWORD)
    database = open_database(url)
    with database.session() as s:
        event_number = s.execute(text(
            "select e.number from event e join post p on p.event_id = e.id where e.kind = 'unjuk_rasa' "
            "and e.start_at > '2026-11-24' group by e.id order by count(*) desc limit 1")).scalar()
        before = s.execute(text("select count(*) from assignment where deleted_at is null")).scalar()
    out = tmp_path / "hasil.json"
    assert main(["allocate", "--db", url, "--event", event_number, "--time-limit", "1"]) == 2   # names people: login
    assert "--user" in capsys.readouterr().err
    assert main(["allocate", "--db", url, "--event", event_number, "--time-limit", "1", "--out", str(out),
                 "--user", "viewer"]) == 0
    printed = capsys.readouterr().out
    assert "Tidak ada yang ditulis" in printed and "Mutu rencana: " in printed
    with database.session() as s:
        assert s.execute(text("select count(*) from assignment where deleted_at is null")).scalar() == before
    assert main(["allocate", "--db", url, "--event", event_number, "--time-limit", "1", "--apply",
                 "--user", "operator"]) == 0
    with database.session() as s:
        after = s.execute(text("select count(*) from assignment where deleted_at is null and source = 'auto'")).scalar()
        audited = s.execute(text("select count(*) from audit_log where entity = 'assignment' and source = 'auto' and username = 'operator'")).scalar()
    database.close()
    assert after > 0 and audited >= after


def test_selftest_opens_every_view(demo_db, qapp, capsys, monkeypatch):
    url, _ = demo_db
    assert main(["selftest", "--db", url]) == 2                      # reads personal data: a login
    monkeypatch.setenv("ANTASENA_PASSWORD", PASSWORD)
    assert main(["selftest", "--db", url, "--user", "admin"]) == 0
    out = capsys.readouterr().out
    assert "Log audit utuh" in out
    lines = [l for l in out.splitlines() if l.strip() and not l.startswith("Log audit")]
    assert [l.split()[0] for l in lines] == ["OK"] * 6
    assert any("1837 personel" in l for l in lines)


def test_print_map_page_renders_the_event_snapshot(demo_db, qapp, tmp_path, monkeypatch):
    from pypdf import PdfReader
    url, _ = demo_db
    monkeypatch.setenv("ANTASENA_PASSWORD", PASSWORD)
    monkeypatch.setenv("ANTASENA_USER", "viewer")
    database = open_database(url)
    with database.session() as s:
        number = s.execute(text("select e.number from event e join post p on p.event_id = e.id "
                                "where e.start_at > '2026-11-24' limit 1")).scalar()
    database.close()
    out = tmp_path / "peta.pdf"
    assert main(["print", "map", "--db", url, "--event", number, "-o", str(out)]) == 0
    assert (tmp_path / "peta.peta.png").stat().st_size > 50_000          # a real rendered map
    assert out.stat().st_mode & 0o777 == 0o600 and not list(tmp_path.glob(".*tmp*"))
    page = PdfReader(str(out)).pages[0]
    assert "PETA PENGAMANAN" in " ".join(page.extract_text().split()) and page.images
