"""Hostile files give one clear file-level message and change nothing (rows and audit counted)."""
from __future__ import annotations

import os

import pytest
from importing_helpers import GOOD_ROWS, HEADER, write_roster
from openpyxl import Workbook

from antasena_desktop.importing.personnel_import import apply_import, plan_import


def _attempt(world, ops, path, **kw):
    before = world.counts()
    with world.db.session() as s:
        plan = plan_import(s, ops, path, **kw)
        report = apply_import(plan).report
    assert world.counts() == before
    assert report["applied"] is False
    return report


def _only_file_error(report) -> str:
    assert len(report["errors"]) == 1 and report["errors"][0]["row"] is None
    error = report["errors"][0]
    assert error["message"] and error["message_en"]
    return error["message_en"]


@pytest.mark.parametrize("name", ["kosong.xlsx", "kosong.csv"])
def test_empty_file(world, ops, tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"")
    assert "empty" in _only_file_error(_attempt(world, ops, path))


def test_whitespace_only_csv(world, ops, tmp_path):
    path = tmp_path / "spasi.csv"
    path.write_text("\n \n\t\n", encoding="utf-8")
    assert "empty" in _only_file_error(_attempt(world, ops, path))


@pytest.mark.parametrize("name", ["sampah.xlsx", "sampah.csv"])
def test_binary_garbage(world, ops, tmp_path, name):
    path = tmp_path / name
    path.write_bytes(os.urandom(4096))
    message = _only_file_error(_attempt(world, ops, path))
    assert "not a valid Excel" in message or "binary" in message


def test_zip_that_is_not_a_workbook(world, ops, tmp_path):
    import zipfile
    path = tmp_path / "bukan.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert "cannot be read as an Excel" in _only_file_error(_attempt(world, ops, path))


def test_old_xls_format(world, ops, tmp_path):
    path = tmp_path / "lama.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024))
    assert ".xls" in _only_file_error(_attempt(world, ops, path))


def test_more_rows_than_the_limit_is_refused(world, ops, tmp_path):
    path = tmp_path / "besar.csv"
    lines = ["NRP,NAMA,PANGKAT,KESATUAN,JK"] + [f"{80000000 + i},ORANG {i},BRIPDA,Sat Lantas,L" for i in range(1001)]
    path.write_text("\n".join(lines), encoding="utf-8")
    message = _only_file_error(_attempt(world, ops, path, max_rows=1000))
    assert "1.000" in message and "limit" in message


def test_hundred_thousand_rows_refused_with_default_limit(world, ops, tmp_path):
    path = tmp_path / "100k.csv"
    lines = ["NRP,NAMA,PANGKAT,KESATUAN,JK"] + [f"{80000000 + i},ORANG {i},BRIPDA,Sat Lantas,L" for i in range(100_000)]
    path.write_text("\n".join(lines), encoding="utf-8")
    assert "50.000" in _only_file_error(_attempt(world, ops, path))


def test_formula_without_cached_value_is_a_row_error(world, ops, tmp_path):
    path = write_roster(tmp_path / "rumus.xlsx", GOOD_ROWS[:3])
    from openpyxl import load_workbook
    workbook = load_workbook(path)
    sheet = workbook.active
    sheet["D6"] = '=CONCATENATE("8403","1122")'      # NRP of the 2nd data row, never computed (openpyxl)
    sheet["G7"] = "=IF(1,\"P\",\"L\")"                # gender of the 3rd
    workbook.save(path)
    report = _attempt(world, ops, path)
    assert {(e["row"], e["column"]) for e in report["errors"]} == {(6, "NRP/NIP"), (7, "L/P")}
    assert all("rumus tanpa nilai" in e["message"] for e in report["errors"])


def test_excel_error_value_is_a_row_error(world, ops, tmp_path):
    path = write_roster(tmp_path / "galat.xlsx", [list(GOOD_ROWS[0][:4]) + ["#REF!"] + list(GOOD_ROWS[0][5:])])
    report = _attempt(world, ops, path)
    assert [(e["row"], e["column"]) for e in report["errors"]] == [(5, "SATKER")]
    assert "#REF!" in report["errors"][0]["message"]


def test_header_on_another_sheet_is_found(world, ops, tmp_path):
    path = tmp_path / "dua.xlsx"
    workbook = Workbook()
    workbook.active.title = "Rekap"
    workbook.active.append(["REKAPITULASI", "JUMLAH"])
    sheet = workbook.create_sheet("Data Personel")
    sheet.append(HEADER)
    sheet.append([1, *GOOD_ROWS[0]])
    workbook.save(path)
    with world.db.session() as s:
        plan = plan_import(s, ops, path)
    assert plan.ok and plan.table.sheet == "Data Personel" and [r.row for r in plan.rows] == [2]


def test_no_sheet_with_a_header_names_the_sheets_looked_at(world, ops, tmp_path):
    path = tmp_path / "salah.xlsx"
    workbook = Workbook()
    workbook.active.title = "Rekap"
    workbook.active.append(["REKAPITULASI", "JUMLAH"])
    workbook.create_sheet("Grafik").append(["x", "y"])
    workbook.save(path)
    message = _only_file_error(_attempt(world, ops, path))
    assert "Rekap" in message and "Grafik" in message


def test_named_sheet_missing_lists_available(world, ops, tmp_path):
    path = write_roster(tmp_path / "r.xlsx", GOOD_ROWS[:1], extra_sheets=["Rekap"])
    message = _only_file_error(_attempt(world, ops, path, sheet="Tidak Ada"))
    assert "Personel" in message and "Rekap" in message


def test_missing_required_column_is_named(world, ops, tmp_path):
    path = tmp_path / "kurang.csv"
    path.write_text("NRP;NAMA;PANGKAT;JK\n84031122;BUDI;BRIPKA;L\n", encoding="utf-8")
    assert "KESATUAN" in _only_file_error(_attempt(world, ops, path))


def test_header_only_file(world, ops, tmp_path):
    path = write_roster(tmp_path / "kosong.xlsx", [])
    assert "No data rows" in _only_file_error(_attempt(world, ops, path))


def test_nip_stored_as_number_lost_digits(world, ops, tmp_path):
    row = list(GOOD_ROWS[4])
    row[2] = 198703152010122001.0              # what Excel keeps of an 18-digit number
    report = _attempt(world, ops, write_roster(tmp_path / "nip.xlsx", [row]))
    assert [(e["row"], e["column"]) for e in report["errors"]] == [(5, "NRP/NIP")]
    assert "Text" in report["errors"][0]["message_en"]


def test_xlsx_over_the_limit_is_refused(world, ops, tmp_path):
    rows = [[f"ORANG {i}", "BRIPDA", str(80000000 + i), "BA", "Sat Lantas", "L", "", ""] for i in range(101)]
    path = write_roster(tmp_path / "besar.xlsx", rows)
    assert "limit is 100 rows" in _only_file_error(_attempt(world, ops, path, max_rows=100))
    with world.db.session() as s:                      # exactly at the limit is fine
        assert plan_import(s, ops, write_roster(tmp_path / "pas.xlsx", rows[:100]), max_rows=100).ok
