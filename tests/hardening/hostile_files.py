"""Hostile .xlsx/.csv files built in code (never committed): raw zip parts, so nothing trusts openpyxl."""
from __future__ import annotations

import zipfile
from pathlib import Path

CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                 'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
            '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            '<sheet name="Personel" sheetId="1" r:id="rId1"/></sheets></workbook>')
WB_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
           'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
           'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
HEADER = ["NAMA", "PANGKAT", "NRP", "KESATUAN", "JK"]


def _row(number: int, values) -> str:
    cells = "".join(f'<c r="{chr(65 + i)}{number}" t="inlineStr"><is><t>{v}</t></is></c>' for i, v in enumerate(values))
    return f'<row r="{number}">{cells}</row>'


def person(i: int, unit: str = "SATSAMAPTA") -> list[str]:
    return [f"PERSONEL UJI {i}", "BRIPDA", str(90000000 + i), unit, "L"]


def write_xlsx(path: Path, rows_xml, dimension: str = "A1:E2", extra_parts: dict | None = None) -> Path:
    """A workbook whose sheet XML is streamed from `rows_xml` (an iterable of strings)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", WB_RELS)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                         f'spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>').encode())
            chunk = []
            for part in rows_xml:
                chunk.append(part)
                if len(chunk) >= 2000:
                    sheet.write("".join(chunk).encode())
                    chunk = []
            sheet.write(("".join(chunk) + "</sheetData></worksheet>").encode())
        for name, data in (extra_parts or {}).items():
            z.writestr(name, data)
    return path


def roster_xlsx(path: Path, n: int, gap_after: int | None = None, gap: int = 0, dimension: str = "A1:E2") -> Path:
    def rows():
        yield _row(1, HEADER)
        number = 2
        for i in range(n):
            if gap_after is not None and i == gap_after:
                number += gap
            yield _row(number, person(i))
            number += 1
    return write_xlsx(path, rows(), dimension)


def huge_column_xlsx(path: Path) -> Path:
    """The sheet says A1:ZZZZZZZ2 and one cell sits in column ZZZZZZZ (far beyond Excel's XFD)."""
    def rows():
        yield _row(1, HEADER)
        yield f'<row r="2"><c r="ZZZZZZZ2" t="inlineStr"><is><t>x</t></is></c></row>'
    return write_xlsx(path, rows(), dimension="A1:ZZZZZZZ2")


def blank_rows_bomb_xlsx(path: Path, n: int = 1_000_000) -> Path:
    """A header and a million empty formatted rows (a few MB zipped)."""
    def rows():
        yield _row(1, HEADER)
        for number in range(2, n + 2):
            yield f'<row r="{number}" s="1" customFormat="1"/>'
    return write_xlsx(path, rows(), dimension=f"A1:E{n + 1}")


def shared_strings_bomb_xlsx(path: Path, megabytes: int = 400) -> Path:
    """A sharedStrings part that inflates to `megabytes` MB from a tiny zip entry."""
    chunk = "<si><t>" + "A" * 1000 + "</t></si>"
    body = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
            'main">' + chunk * (megabytes * 1000) + "</sst>")
    rels = WB_RELS.replace("</Relationships>", '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/'
                           'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
    path = write_xlsx(path, iter([_row(1, HEADER)]))
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/sharedStrings.xml", body)
    with zipfile.ZipFile(path) as z:          # point the workbook at it
        parts = {n: z.read(n) for n in z.namelist()}
    parts["xl/_rels/workbook.xml.rels"] = rels.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def csv_with_nul_late(path: Path, n: int = 3000) -> Path:
    """A CSV whose NUL byte sits after the first 64 KiB, inside a name."""
    lines = [",".join(HEADER)] + [",".join(person(i)) for i in range(n)]
    lines[n - 5] = lines[n - 5].replace("PERSONEL", "PERSO\x00NEL")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert path.read_bytes().index(b"\x00") > 65536
    return path
