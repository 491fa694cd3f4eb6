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
    assert "wbs init" in capsys.readouterr().err
