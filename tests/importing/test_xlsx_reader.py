"""The streaming .xlsx reader on a workbook written the way Excel writes it (shared strings, rich
text, cached formula results, booleans, error values, a non-first active sheet)."""
from __future__ import annotations

import zipfile

from antasena_desktop.importing.personnel_import import plan_import
from antasena_desktop.importing.xlsx import XlsxWorkbook

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
R_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def _excel_like(path):
    strings = ["NRP", "NAMA", "PANGKAT", "SATUAN", "JK", "KEAHLIAN", "Budi Santoso", "BRIPKA", "Sat Lantas", "L",
               "lantas", "Catatan"]
    shared = "".join(f"<si><t>{s}</t></si>" for s in strings)
    shared += "<si><r><t>Ani </t></r><r><rPr><b/></rPr><t>Wijaya</t></r><rPh><t>x</t></rPh></si>"   # index 12
    sheet2 = (f'<worksheet {NS}><sheetData>'
              '<row r="1"><c r="A1" t="s"><v>11</v></c></row>'
              '<row r="3"><c r="A3" t="s"><v>0</v></c><c r="B3" t="s"><v>1</v></c><c r="C3" t="s"><v>2</v></c>'
              '<c r="D3" t="s"><v>3</v></c><c r="E3" t="s"><v>4</v></c><c r="F3" t="s"><v>5</v></c></row>'
              '<row r="4"><c r="A4"><f>8403*10000+1122</f><v>84031122</v></c><c r="B4" t="s"><v>6</v></c>'
              '<c r="C4" t="s"><v>7</v></c><c r="D4" t="s"><v>8</v></c><c r="E4" t="str"><f>"L"</f><v>L</v></c>'
              '<c r="F4" t="s"><v>10</v></c></row>'
              '<row r="5"><c r="A5" t="inlineStr"><is><t>9001 0101</t></is></c><c r="B5" t="s"><v>12</v></c>'
              '<c r="C5" t="s"><v>7</v></c><c r="D5" t="e"><v>#N/A</v></c><c r="E5" t="b"><v>1</v></c></row>'
              '</sheetData></worksheet>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("_rels/.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", f'<workbook {NS} {R_NS}><bookViews><workbookView activeTab="1"/></bookViews>'
                   '<sheets><sheet name="Rekap" sheetId="1" r:id="rId1"/><sheet name="Data" sheetId="2" r:id="rId2"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
                   '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet2.xml"/>'
                   '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                   '</Relationships>')
        z.writestr("xl/sharedStrings.xml", f"<sst {NS}>{shared}</sst>")
        z.writestr("xl/worksheets/sheet1.xml", f'<worksheet {NS}><sheetData><row r="1"><c r="A1" t="s"><v>11</v></c></row></sheetData></worksheet>')
        z.writestr("xl/worksheets/sheet2.xml", sheet2)
    return path


def test_reader_understands_excel_cells(tmp_path):
    with XlsxWorkbook(_excel_like(tmp_path / "excel.xlsx")) as workbook:
        assert workbook.sheetnames == ["Rekap", "Data"] and workbook.active == "Data"
        rows = dict(workbook.rows("Data"))
    assert sorted(rows) == [1, 3, 4, 5]
    nrp = rows[4][0]
    assert (nrp.value, nrp.formula, nrp.cached) == (84031122, True, True)
    assert rows[4][4].value == "L" and rows[5][1].value == "Ani Wijaya"
    assert rows[5][3].error and rows[5][3].value == "#N/A" and rows[5][4].value is True


def test_import_from_excel_like_workbook(world, ops, tmp_path):
    with world.db.session() as s:
        plan = plan_import(s, ops, _excel_like(tmp_path / "excel.xlsx"))
    assert plan.table.sheet == "Data" and plan.table.header_row == 3
    assert [r.values["name"] for r in plan.rows] == ["Budi Santoso"]
    assert plan.rows[0].values["functions"] == ["lantas"] and plan.rows[0].nrp == "84031122"
    errors = {(e.row, e.column, e.cell) for e in plan.errors}
    assert errors == {(5, "SATUAN", "D5"), (5, "JK", "E5")}       # #N/A and TRUE are not a unit / gender
