"""Items 3, 6: one original Sprin per event and simultaneous imports in two processes; the audit chain."""
from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from hardening_helpers import PASSWORD, run_cli

ROOT = Path(__file__).resolve().parents[2]

# Two processes start the same command at one moment (a file barrier), like two desks.
RACER = r"""
import os, sys, time
barrier = sys.argv[1]
open(barrier + "." + str(os.getpid()), "w").close()
while len([n for n in os.listdir(os.path.dirname(barrier)) if n.startswith(os.path.basename(barrier) + ".")]) < 2:
    time.sleep(0.005)
from ui.commands import main
sys.exit(main(sys.argv[2:]))
"""


def race(tmp_path, argv_a, argv_b, env_extra=None):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ANTASENA_PASSWORD": PASSWORD, **(env_extra or {})}
    barrier = str(tmp_path / "barrier" / "go")
    (tmp_path / "barrier").mkdir(exist_ok=True)
    procs = [subprocess.Popen([sys.executable, "-c", RACER, barrier, *argv], env=env, cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for argv in (argv_a, argv_b)]
    outs = [p.communicate(timeout=240) for p in procs]
    for name in os.listdir(tmp_path / "barrier"):
        os.unlink(tmp_path / "barrier" / name)
    return [(p.returncode, out, err) for p, (out, err) in zip(procs, outs)]


def _placed_event(path):
    con = sqlite3.connect(path)
    try:
        return con.execute("select e.number from event e join post p on p.event_id = e.id "
                           "join assignment a on a.post_id = p.id where a.deleted_at is null "
                           "and e.id not in (select event_id from sprin where event_id is not null) "
                           "group by e.id order by count(*) desc limit 1").fetchone()[0]
    finally:
        con.close()


@pytest.mark.parametrize("trial", range(3))
def test_same_event_sprin_in_two_processes_issues_one_original(demo, tmp_path, trial):
    """Python-side script start-up jitter is about the time of an issue, so three trials."""
    url, path = demo
    event = _placed_event(path)
    argv = [["sprin", "--event", event, "--db", url, "--user", "kabagops", "-o", str(tmp_path / f"s{i}.pdf")]
            for i in (1, 2)]
    results = race(tmp_path, *argv, env_extra={"QT_QPA_PLATFORM": "offscreen"})
    codes = sorted(r[0] for r in results)
    assert all("Traceback" not in r[2] for r in results), results
    con = sqlite3.connect(path)
    originals = con.execute("select count(*) from sprin s join event e on e.id = s.event_id where e.number = ? "
                            "and s.status = 'issued' and s.parent_id is null", (event,)).fetchone()[0]
    con.close()
    assert originals == 1 and codes == [0, 2], results
    loser = next(r for r in results if r[0] == 2)
    # it lost either on the one-original rule or on the same draft the winner has just issued
    assert any(m in loser[2] for m in ("satu Sprin asli", "sudah memiliki Sprin", "status sekarang: Diterbitkan"))
    assert loser[2].count("\n") == 1 and loser[2].startswith("galat: ")


def test_the_database_refuses_a_second_original_even_without_the_check(demo):
    url, path = demo
    con = sqlite3.connect(path)
    event_id = con.execute("select id from event limit 1").fetchone()[0]
    row = "insert into sprin (id, created_at, updated_at, updated_by, row_version, event_id, kind, status, " \
          "content_json, approved_by, signed_scan_path, parent_id) values (?, '2026-01-01', '2026-01-01', 'x', 1, ?, " \
          "'pengamanan', 'issued', '{}', '', '', ?)"
    con.execute(row, ("a1", event_id, None))
    con.execute(row, ("a2", event_id, "a1"))                       # an amendment: allowed
    with pytest.raises(sqlite3.IntegrityError):
        con.execute(row, ("a3", event_id, None))
    con.close()


def _roster(path, first_nrp):
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.append(["NAMA", "PANGKAT", "NRP", "KESATUAN", "JK"])
    for i in range(300):
        ws.append([f"PERSONEL UJI {first_nrp}-{i}", "BRIPDA", str(first_nrp + i), "SATSAMAPTA", "L"])
    wb.save(path)
    return path


def test_simultaneous_imports_in_two_processes_both_whole_or_refused(demo, tmp_path):
    url, path = demo
    a, b = _roster(tmp_path / "a.xlsx", 99010000), _roster(tmp_path / "b.xlsx", 99020000)
    con = sqlite3.connect(path)
    before = con.execute("select count(*) from personnel").fetchone()[0]
    con.close()
    results = race(tmp_path, ["import", "personnel", str(a), "--db", url, "--user", "admin"],
                   ["import", "personnel", str(b), "--db", url, "--user", "admin"])
    assert all("Traceback" not in r[2] for r in results), results
    assert all(r[0] in (0, 2) for r in results), results
    con = sqlite3.connect(path)
    after = con.execute("select count(*) from personnel").fetchone()[0]
    con.close()
    assert after - before == 300 * sum(1 for r in results if r[0] == 0)      # all of a file or none of it
    assert run_cli("audit", "verify", "--db", url, "--user", "admin") == 0   # appends stayed serial


def _forge_after(con, row_id):
    from datetime import datetime, timezone

    from antasena_desktop.audit_chain import link_hash
    from antasena_desktop.services.audit import CHAINED_FIELDS
    at, prev = con.execute("select at, row_hash from audit_log where id = ?", (row_id,)).fetchone()
    content = dict(zip(CHAINED_FIELDS, (datetime.fromisoformat(at).replace(tzinfo=timezone.utc), "admin", "update",
                                        "user_account", "", None, None, "gui", "x")))
    con.execute("insert into audit_log (id, at, username, action, entity, entity_id, source, note, prev_hash, row_hash) "
                "values (?, ?, 'admin', 'update', 'user_account', '', 'gui', 'x', ?, ?)",
                (row_id + 1, at, prev, link_hash(prev, content)))


def test_audit_verify_finds_edited_deleted_and_inserted_rows(demo, capsys):
    url, path = demo
    assert run_cli("audit", "verify", "--db", url, "--user", "admin") == 0
    assert "utuh" in capsys.readouterr().out
    con = sqlite3.connect(path)
    ids = [r[0] for r in con.execute("select id from audit_log order by id")]
    con.close()
    assert len(ids) >= 6
    middle = ids[len(ids) // 2]
    tampered = {
        "edited": [f"update audit_log set note = 'bukan apa-apa' where id = {ids[2]}"],
        "deleted": [f"delete from audit_log where id = {middle}"],
        # a forged row between two others, with a correct hash of its own linked to its predecessor
        "inserted": [f"update audit_log set id = id + 1000000 where id > {middle}",
                     f"update audit_log set id = id - 1000000 + 1 where id > 1000000", "FORGE"],
    }
    import shutil
    pristine = path.with_name("pristine.db")
    shutil.copyfile(path, pristine)
    for kind, statements in tampered.items():
        shutil.copyfile(pristine, path)
        for suffix in ("-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        con = sqlite3.connect(path)
        for sql in statements:
            if sql == "FORGE":
                _forge_after(con, middle)
            else:
                con.execute(sql)
        con.commit()
        con.close()
        assert run_cli("audit", "verify", "--db", url, "--user", "admin") == 2, kind
        out = capsys.readouterr().out
        # the first broken row: the edited one; the one after the gap; the forged one (its hash cannot match)
        expected = {"edited": (ids[2], "diubah"), "deleted": (ids[ids.index(middle) + 1], "dihapus atau disisipkan"),
                    "inserted": (middle + 2, "dihapus atau disisipkan")}[kind]
        assert f"RUSAK pada baris id {expected[0]} " in out and expected[1] in out, (kind, out)


def test_refusals_are_audited_with_who_and_what(demo):
    url, path = demo
    assert run_cli("user", "add", "x2", "--role", "admin", "--db", url, "--user", "viewer",
                   "--new-password", "Rahasia-999") == 2
    con = sqlite3.connect(path)
    row = con.execute("select username, action, note from audit_log order by id desc limit 1").fetchone()
    con.close()
    assert row[0] == "viewer" and row[1] == "ditolak" and row[2].startswith("user add")
    os.environ["ANTASENA_PASSWORD"] = "salah-salah-1"
    try:
        for _ in range(6):
            assert run_cli("user", "list", "--db", url, "--user", "operator") == 2
    finally:
        os.environ["ANTASENA_PASSWORD"] = PASSWORD
    assert run_cli("user", "list", "--db", url, "--user", "operator") == 2          # locked now
    con = sqlite3.connect(path)
    notes = [r[0] for r in con.execute("select note from audit_log where username = 'operator' "
                                       "and action = 'login_gagal' order by id")]
    con.close()
    assert notes[-1] == "akun terkunci"


APPENDER = r"""
import os, sys, time
barrier = sys.argv[1]
open(barrier + "." + str(os.getpid()), "w").close()
while len([n for n in os.listdir(os.path.dirname(barrier)) if n.startswith(os.path.basename(barrier) + ".")]) < 2:
    time.sleep(0.005)
from antasena_desktop.services import audit
from antasena_desktop.services.security import Actor, Role
from db.database import open_database
database = open_database(sys.argv[2], upgrade=False)
actor = Actor(f"desk{os.getpid()}", Role.ADMIN, source="cli")
for i in range(int(sys.argv[3])):
    with database.session() as session:
        for j in range(3):
            audit.record(session, actor, "update", "setting", str(i), note=f"{i}.{j}")
database.close()
"""


def test_two_processes_appending_keep_one_unbroken_chain(demo, tmp_path):
    url, path = demo
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    (tmp_path / "b").mkdir()
    barrier = str(tmp_path / "b" / "go")
    procs = [subprocess.Popen([sys.executable, "-c", APPENDER, barrier, url, "40"], env=env, cwd=ROOT,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    errors = [p.communicate(timeout=240)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errors
    con = sqlite3.connect(path)
    rows = con.execute("select username from audit_log where entity = 'setting' and action = 'update' "
                       "and username like 'desk%' order by id").fetchall()
    con.close()
    assert len(rows) == 240 and len({r[0] for r in rows}) == 2
    # without the write lock in audit._chain_tip both writers read the same tip and this fails (tried)
    assert run_cli("audit", "verify", "--db", url, "--user", "admin") == 0
