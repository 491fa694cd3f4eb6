"""The `antasena wbs` command contract: init, submit (receipt on the last line), track, refusals (exit 2)."""
from __future__ import annotations

import json
import stat

import pytest

from antasena_desktop.cli import main

from .conftest import FORM, PASSWORD


@pytest.fixture
def cli_db(tmp_path, monkeypatch):
    monkeypatch.setenv("ANTASENA_DATA_DIR", str(tmp_path / "data"))
    url = f"sqlite:///{tmp_path}/cli.db"
    return url, tmp_path


def test_init_writes_a_private_recovery_sheet_and_prints_its_path_and_key(cli_db, capsys):
    url, folder = cli_db
    assert main(["wbs", "init", "--db", url, "--admin-password", PASSWORD]) == 0
    out = capsys.readouterr().out
    sheet = folder / "wbs-lembar-pemulihan.txt"
    assert str(sheet) in out and stat.S_IMODE(sheet.stat().st_mode) == 0o600
    key_line = out.strip().splitlines()[-1].strip()
    assert key_line in sheet.read_text(encoding="utf-8") and len(key_line.replace(" ", "")) == 52
    assert main(["wbs", "init", "--db", url, "--admin-password", PASSWORD]) == 2   # not twice
    assert "galat" in capsys.readouterr().err


def test_submit_then_track(cli_db, capsys, tmp_path):
    url, folder = cli_db
    assert main(["wbs", "init", "--db", url, "--admin-password", PASSWORD]) == 0
    form = folder / "form.json"
    form.write_text(json.dumps(FORM), encoding="utf-8")
    evidence = folder / "bukti.pdf"
    evidence.write_bytes(b"%PDF-1.4\nisi\n%%EOF")
    capsys.readouterr()
    assert main(["wbs", "submit", "--db", url, "--json", str(form), "--attach", str(evidence)]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last.startswith("receipt: ") and len(last.split()[1]) == 16
    receipt = last.split()[1]
    assert main(["wbs", "track", "--db", url, "--receipt", receipt, "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["stage"] == "diterima" and shown["attachments"] == ["bukti.pdf"] and shown["messages"] == []
    assert main(["wbs", "track", "--db", url, "--receipt", receipt]) == 0
    assert "menunggu verifikasi" in capsys.readouterr().out
    assert main(["wbs", "track", "--db", url, "--receipt", "0000111122223333"]) == 2
    err = capsys.readouterr().err
    assert "tidak ditemukan" in err and "Traceback" not in err


def test_submit_refuses_unknown_and_missing_fields_by_name(cli_db, capsys):
    url, folder = cli_db
    assert main(["wbs", "init", "--db", url, "--admin-password", PASSWORD]) == 0
    bad = dict(FORM, alamat_ip="10.0.0.1")
    bad.pop("how")
    path = folder / "bad.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    capsys.readouterr()
    assert main(["wbs", "submit", "--db", url, "--json", str(path)]) == 2
    assert "alamat_ip" in capsys.readouterr().err
    bad = dict(FORM)
    bad.pop("how")
    path.write_text(json.dumps(bad), encoding="utf-8")
    assert main(["wbs", "submit", "--db", url, "--json", str(path)]) == 2
    err = capsys.readouterr().err
    assert "how" in err and "Traceback" not in err
    path.write_text("{not json", encoding="utf-8")
    assert main(["wbs", "submit", "--db", url, "--json", str(path)]) == 2


def test_submit_before_init_is_refused_with_words(cli_db, capsys):
    url, folder = cli_db
    path = folder / "f.json"
    path.write_text(json.dumps(FORM), encoding="utf-8")
    assert main(["wbs", "submit", "--db", url, "--json", str(path)]) == 2
    assert "wbs init" in capsys.readouterr().err and not (folder / "cli.db").exists()
    empty = f"sqlite:///{folder}/empty.db"
    from db.wbs.database import open_wbs_database
    open_wbs_database(empty).close()                      # migrated but never initialised
    assert main(["wbs", "submit", "--db", empty, "--json", str(path)]) == 2
    assert "wbs init" in capsys.readouterr().err


def test_case_commands_list_show_move_and_audit_verify(cli_db, capsys, monkeypatch):
    url, folder = cli_db
    assert main(["wbs", "init", "--db", url, "--admin-password", PASSWORD]) == 0
    monkeypatch.setenv("ANTASENA_PASSWORD", PASSWORD)
    monkeypatch.setenv("ANTASENA_NEW_PASSWORD", "Verif-2026-ok")
    assert main(["wbs", "user", "add", "verif", "--role", "verifikator", "--db", url, "--user", "admin"]) == 0
    assert main(["wbs", "user", "add", "irban", "--role", "penelaah", "--db", url, "--user", "admin"]) == 2  # no wilayah
    assert main(["wbs", "user", "add", "irban", "--role", "penelaah", "--wilayah", "II", "--db", url,
                 "--user", "admin"]) == 0
    form = folder / "form.json"
    form.write_text(json.dumps(FORM), encoding="utf-8")
    assert main(["wbs", "submit", "--db", url, "--json", str(form)]) == 0
    capsys.readouterr()
    assert main(["wbs", "case", "list", "--db", url, "--user", "admin"]) == 2      # the administrator sees no cases
    assert "tidak berwenang" in capsys.readouterr().err
    monkeypatch.setenv("ANTASENA_PASSWORD", "Verif-2026-ok")
    assert main(["wbs", "case", "list", "--db", url, "--user", "verif", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 1 and rows[0]["stage"] == "diterima" and "what" not in rows[0]
    ref = rows[0]["reference"]
    assert main(["wbs", "case", "show", ref, "--db", url, "--user", "verif", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["report"]["what"] == FORM["what"]
    assert main(["wbs", "case", "move", ref, "--to", "selesai", "--db", url, "--user", "verif"]) == 2
    err = capsys.readouterr().err
    assert "tidak dapat dipindah" in err and "Traceback" not in err
    assert main(["wbs", "case", "move", ref, "--to", "verifikasi", "--db", url, "--user", "verif"]) == 0
    assert "kini Verifikasi" in capsys.readouterr().out
    assert main(["wbs", "case", "move", ref, "--to", "penelaahan", "--check", "semua", "--db", url,
                 "--user", "verif", "--json"]) == 0
    moved = json.loads(capsys.readouterr().out)
    assert moved["stage"] == "penelaahan" and moved["assigned"] == ["irban"] and moved["wilayah"] == "II"
    assert main(["wbs", "case", "message", ref, "--text", "Laporan Anda sedang ditelaah.", "--db", url, "--user", "verif"]) == 0
    monkeypatch.setenv("ANTASENA_PASSWORD", PASSWORD)
    capsys.readouterr()
    assert main(["wbs", "audit", "verify", "--db", url, "--user", "admin"]) == 0
    assert "utuh" in capsys.readouterr().out


def test_demo_health_config_backup_purge_commands(cli_db, capsys, monkeypatch):
    url, folder = cli_db
    assert main(["wbs", "demo-data", "--db", url, "--admin-password", PASSWORD, "--today", "2026-12-04"]) == 0
    assert "40 perkara" in capsys.readouterr().out
    assert main(["wbs", "demo-data", "--db", url, "--admin-password", PASSWORD]) == 2     # not over data
    monkeypatch.setenv("ANTASENA_PASSWORD", PASSWORD)
    capsys.readouterr()
    assert main(["wbs", "health", "--db", url, "--user", "admin", "--json"]) == 0
    h = json.loads(capsys.readouterr().out)
    assert h["cases"] == 40 and h["audit_intact"] is True
    assert main(["wbs", "config", "set", "routing", "--json", '{"Dinas X": "VII"}', "--db", url, "--user", "pj.wbs"]) == 2
    assert "VII" not in capsys.readouterr().out
    assert main(["wbs", "config", "set", "ack_working_days", "--json", "5", "--db", url, "--user", "pj.wbs"]) == 0
    assert main(["wbs", "config", "get", "ack_working_days", "--db", url, "--user", "inspektur"]) == 0
    assert capsys.readouterr().out.strip().endswith("5")
    backup = folder / "cadangan.db"
    assert main(["wbs", "backup", "-o", str(backup), "--db", url, "--user", "admin"]) == 0
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert main(["wbs", "purge", "--dry-run", "--db", url, "--user", "admin"]) == 0
    assert "0 perkara" in capsys.readouterr().out.splitlines()[-1]
    assert main(["wbs", "due", "--db", url, "--user", "verifikator1", "--json"]) == 0
    assert isinstance(json.loads(capsys.readouterr().out), list)


def test_identity_and_access_history_commands(cli_db, capsys, monkeypatch):
    url, folder = cli_db
    assert main(["wbs", "init", "--db", url, "--admin-password", PASSWORD]) == 0
    monkeypatch.setenv("ANTASENA_PASSWORD", PASSWORD)
    for name, role in (("verif", "verifikator"), ("insp", "inspektur")):
        monkeypatch.setenv("ANTASENA_NEW_PASSWORD", PASSWORD)
        assert main(["wbs", "user", "add", name, "--role", role, "--db", url, "--user", "admin"]) == 0
    form = folder / "form.json"
    form.write_text(json.dumps(dict(FORM, anonymous=False, identity={"name": "Siti Aminah", "nip": "1985", "contact": "-"})),
                    encoding="utf-8")
    assert main(["wbs", "submit", "--db", url, "--json", str(form)]) == 0
    ref = "WBS/" + capsys.readouterr().out.split("WBS/")[1].split()[0]
    assert main(["wbs", "case", "identity", "show", ref, "--db", url, "--user", "verif"]) == 2
    assert main(["wbs", "case", "identity", "request", ref, "--db", url, "--user", "verif"]) == 2   # no legal basis
    assert main(["wbs", "case", "identity", "request", ref, "--legal-basis", "800/77/ST/2026", "--db", url,
                 "--user", "verif"]) == 0
    assert main(["wbs", "case", "identity", "decide", ref, "--approve", "--db", url, "--user", "insp"]) == 0
    capsys.readouterr()
    assert main(["wbs", "case", "identity", "show", ref, "--db", url, "--user", "verif"]) == 0
    assert "Siti Aminah" in capsys.readouterr().out
    assert main(["wbs", "case", "access", ref, "--db", url, "--user", "insp", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["action"] for r in rows if r["username"] == "verif"][-1] == "baca_identitas"
    assert any(r["action"] == "identitas_dirilis" and "800/77/ST/2026" in r["note"] for r in rows)
    assert main(["wbs", "case", "access", ref, "--db", url, "--user", "verif"]) == 2
