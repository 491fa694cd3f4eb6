"""Items 4, 7, 8, 9, 10: injection-safe export and round trip, private files, role checks on reads,
one line instead of a traceback, the small contracts of --event/--db."""
from __future__ import annotations

import csv
import os
import sqlite3

import pytest
from openpyxl import load_workbook

from hardening_helpers import counts, run_cli

HOSTILE = ['=HYPERLINK("http://x","klik")', "=cmd|' /C calc'!A0", "+SUM(1,2)", "-2+3", "@SUM(A1)",
           "\tTAB", "\rCR"]


def _set_names(path, names):
    con = sqlite3.connect(path)
    ids = [r[0] for r in con.execute("select id from personnel where deleted_at is null order by nrp limit ?",
                                     (len(names),))]
    for pid, name in zip(ids, names):
        con.execute("update personnel set name = ?, phone = '+62 812 1111 2222' where id = ?", (name, pid))
    con.commit()
    con.close()
    return ids


def test_csv_and_xlsx_exports_are_injection_safe(demo, tmp_path):
    url, path = demo
    ids = _set_names(path, HOSTILE)
    out_csv, out_xlsx = tmp_path / "p.csv", tmp_path / "p.xlsx"
    assert run_cli("export", "personnel", "--db", url, "--user", "admin", "-o", str(out_csv)) == 0
    assert run_cli("export", "personnel", "--db", url, "--user", "admin", "-o", str(out_xlsx)) == 0
    rows = {r["id"]: r for r in csv.DictReader(out_csv.open(encoding="utf-8-sig", newline=""))}
    for pid, name in zip(ids, HOSTILE):
        assert rows[pid]["nama"] == "'" + name and rows[pid]["hp"] == "'+62 812 1111 2222"
    sheet = load_workbook(out_xlsx).active
    cells = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    for pid, name in zip(ids, HOSTILE):
        cell = cells[pid][2]
        assert cell.value == name and cell.data_type == "s"            # text, never a formula
    for f in (out_csv, out_xlsx):
        assert f.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_changes_nothing_on_the_demo_roster(demo, tmp_path, fmt, capsys):
    """All 1,837 demo people, phones written as 0812-…, hostile names included: --update finds 0 changes."""
    url, path = demo
    _set_names(path, HOSTILE[:3])
    out = tmp_path / f"p.{fmt}"
    assert run_cli("export", "personnel", "--db", url, "--user", "admin", "-o", str(out)) == 0
    before = counts(path)
    capsys.readouterr()
    assert run_cli("import", "personnel", str(out), "--update", "--db", url, "--user", "admin") == 0
    text = capsys.readouterr().out
    assert "diperbarui: 0" in text and "tidak berubah: 1837" in text, text
    after = counts(path)
    assert {k: v for k, v in after.items() if k != "audit_log"} == {k: v for k, v in before.items() if k != "audit_log"}
    con = sqlite3.connect(path)
    names = {r[0] for r in con.execute("select name from personnel")}
    con.close()
    assert set(HOSTILE[:3]) <= names                                  # kept as plain text


def test_data_folder_database_wal_backups_and_log_are_private(demo, tmp_path):
    url, path = demo
    os.chmod(path, 0o644)
    from db.database import open_database
    database = open_database(url)              # an open database: its WAL exists
    with database.session() as session:
        from sqlalchemy import text
        session.execute(text("update setting set updated_by = updated_by"))
    assert run_cli("db", "backup", "--db", url, "--user", "admin") == 0
    data = tmp_path / "data"
    assert data.stat().st_mode & 0o777 == 0o700
    assert path.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "demo.db-wal").stat().st_mode & 0o777 == 0o600
    backups = list((data / "backups").iterdir())
    assert backups and all(b.stat().st_mode & 0o777 == 0o600 for b in backups)
    assert (data / "backups").stat().st_mode & 0o777 == 0o700
    database.close()
    new = tmp_path / "baru.db"
    assert run_cli("db", "init", "--db", f"sqlite:///{new}") == 0
    assert new.stat().st_mode & 0o777 == 0o600
    assert run_cli("db", "init", "--db", url) == 2                       # never over an existing database
    fresh = tmp_path / "demo2.db"
    assert run_cli("demo-data", "--db", f"sqlite:///{fresh}", "--admin-password", "Rahasia-123",
                   "--today", "2026-11-23") == 0
    assert fresh.stat().st_mode & 0o777 == 0o600


def test_unexpected_error_is_one_line_naming_the_private_log(demo, tmp_path, monkeypatch, capsys):
    url, _path = demo
    from antasena_desktop.services import export

    def broken(*_a, **_k):
        raise RuntimeError("sesuatu yang tak terduga")
    monkeypatch.setattr(export, "_personnel", broken)
    monkeypatch.setitem(export._ROWS, "personnel", broken)
    assert run_cli("export", "personnel", "--db", url, "--user", "admin", "-o", str(tmp_path / "x.csv")) == 1
    err = capsys.readouterr().err
    log = tmp_path / "data" / "logs" / "antasena.log"
    assert err.count("\n") == 1 and str(log) in err and "Traceback" not in err
    assert "RuntimeError: sesuatu yang tak terduga" in log.read_text() and "Traceback" in log.read_text()
    assert log.stat().st_mode & 0o777 == 0o600


def test_satker_operator_exports_only_its_unit(demo, tmp_path):
    url, path = demo
    out = tmp_path / "p.csv"
    assert run_cli("export", "personnel", "--db", url, "--user", "opsatker.samapta", "-o", str(out)) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    con = sqlite3.connect(path)
    own = con.execute("select count(*) from personnel p join unit u on u.id = p.unit_id "
                      "where u.code = 'SATSAMAPTA' and p.deleted_at is null").fetchone()[0]
    con.close()
    assert 0 < len(rows) == own < 1837


def test_missing_database_file_is_an_error_and_is_not_created(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ANTASENA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ANTASENA_PASSWORD", "x")
    missing = tmp_path / "salah-ketik.db"
    for argv in (["export", "personnel", "-o", str(tmp_path / "p.csv"), "--user", "admin"],
                 ["user", "list", "--user", "admin"], ["db", "backup", "--user", "admin"],
                 ["assign", "--post", "x", "--person", "1", "--user", "admin"], ["db", "upgrade"],
                 ["audit", "verify", "--user", "admin"], ["user", "add", "a", "--role", "admin"]):
        assert run_cli(*argv, "--db", f"sqlite:///{missing}") == 2, argv
        assert "tidak ada" in capsys.readouterr().err
        assert not missing.exists()


def test_unknown_event_post_and_person_are_exit_2(demo, tmp_path, capsys):
    url, path = demo
    con = sqlite3.connect(path)
    post, nrp = con.execute("select p.id, x.nrp from post p, personnel x limit 1").fetchone()
    con.close()
    cases = [["export", "posts", "--event", "KEG/2026/9999", "-o", str(tmp_path / "e.csv")],
             ["assign", "--post", "tidak-ada", "--person", nrp],
             ["assign", "--post", post, "--person", "00000000"],
             ["unassign", "--post", post, "--person", "00000000"],
             ["allocate", "--event", "KEG/2026/9999"]]
    for argv in cases:
        assert run_cli(*argv, "--db", url, "--user", "operator") == 2, argv
        err = capsys.readouterr().err
        assert err.startswith("galat: ") and err.count("\n") == 1, (argv, err)
    assert not (tmp_path / "e.csv").exists()


def test_event_log_export_is_private_and_injection_safe(demo, tmp_path):
    url, path = demo
    con = sqlite3.connect(path)
    event_id = con.execute("select event_id from assignment_log where event_id is not null limit 1").fetchone()[0]
    con.execute("update assignment_log set reason = '=HYPERLINK(\"http://x\",\"klik\")' where event_id = ?", (event_id,))
    con.commit()
    con.close()
    from antasena_desktop.planning.posts import export_event_log_csv
    from db.database import open_database
    database = open_database(url)
    out = tmp_path / "log.csv"
    with database.session() as session:
        count = export_event_log_csv(session, event_id, out)
    database.close()
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig", newline="")))
    assert count == len(rows) > 0 and all(r["alasan"] == "'=HYPERLINK(\"http://x\",\"klik\")" for r in rows)
    assert out.stat().st_mode & 0o777 == 0o600
