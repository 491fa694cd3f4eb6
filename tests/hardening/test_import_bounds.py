"""Item 5: bounded import cost, no silent stop at blank gaps, NUL/control characters refused."""
from __future__ import annotations

import json

import pytest

import hostile_files as hf
from hardening_helpers import counts, run_cli


def _import(url, path, *extra):
    return run_cli("import", "personnel", str(path), "--db", url, "--user", "admin", *extra)


def test_rows_after_a_long_blank_gap_are_imported(demo, tmp_path, capsys):
    url, db = demo
    before = counts(db)["personnel"]
    path = hf.roster_xlsx(tmp_path / "gap.xlsx", 10, gap_after=4, gap=2500)
    assert _import(url, path) == 0
    assert counts(db)["personnel"] == before + 10                       # not only the 4 above the gap


def test_lying_dimension_and_column_beyond_xfd(demo, tmp_path, capsys):
    url, db = demo
    before = counts(db)
    ok = hf.roster_xlsx(tmp_path / "dim.xlsx", 3, dimension="A1:ZZZZZZZ2")   # the dimension is never read
    assert _import(url, ok, "--dry-run") == 0
    capsys.readouterr()
    assert _import(url, hf.huge_column_xlsx(tmp_path / "col.xlsx")) == 2
    out = capsys.readouterr()
    assert "XFD" in out.out and "col.xlsx" in out.out and "Traceback" not in out.err
    assert counts(db)["personnel"] == before["personnel"]


def test_blank_row_bomb_and_shared_strings_bomb_are_refused_or_empty(demo, tmp_path, capsys):
    url, db = demo
    before = counts(db)["personnel"]
    capsys.readouterr()
    assert _import(url, hf.blank_rows_bomb_xlsx(tmp_path / "blank.xlsx", 200_000)) == 2   # header only: refused
    assert "DIBATALKAN" in capsys.readouterr().out
    bomb = hf.shared_strings_bomb_xlsx(tmp_path / "sst.xlsx", megabytes=40)
    assert bomb.stat().st_size < 1_000_000
    assert _import(url, bomb) == 2
    assert "terlalu besar" in capsys.readouterr().out
    assert counts(db)["personnel"] == before


def test_row_limit_has_a_message(demo, tmp_path, capsys):
    url, _db = demo
    assert _import(url, hf.roster_xlsx(tmp_path / "many.xlsx", 60), "--max-rows", "50") == 2
    assert "batas impor 50 baris" in capsys.readouterr().out


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_nul_and_control_characters_are_refused_with_the_row(demo, tmp_path, kind, capsys):
    url, db = demo
    before = counts(db)
    if kind == "csv":
        path = hf.csv_with_nul_late(tmp_path / "nul.csv")
        row = 3000 - 5 + 1
    else:
        def rows():
            yield hf._row(1, hf.HEADER)
            yield hf._row(2, hf.person(1))
            yield hf._row(3, ["PERSONEL\u0085UJI", "BRIPDA", "90000009", "SATSAMAPTA", "L"])   # C1 control (NEL)
        path = hf.write_xlsx(tmp_path / "ctl.xlsx", rows())
        row = 3
    report = tmp_path / "r.json"
    assert _import(url, path, "--report", str(report)) == 2
    errors = json.loads(report.read_text())["errors"]
    assert errors[0]["row"] == row and "karakter kendali" in errors[0]["message"]
    assert counts(db) ["personnel"] == before["personnel"]
