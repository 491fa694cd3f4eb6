"""Read a table (.xlsx or .csv) whose header row is somewhere in its first rows.

Hostile input gives an `ImportFileError` (a bilingual `UserError`) and never a traceback:
empty files, binary garbage, the old .xls format, sheets without a recognisable header, more data
rows than allowed, more columns than Excel has, CSV files over the size limit. Cells holding a
formula without a cached value, an Excel error value, or a NUL/control character are listed in
`RawTable.bad_cells` so the caller can report them per row. Blank rows are skipped wherever they
are: the rows after a gap are read too. A leading apostrophe that our own export put before a text
starting with = + - @ (CSV-injection guard) is removed.
"""
from __future__ import annotations

import csv
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from antasena_desktop.i18n import T, Text, UserError

DEFAULT_MAX_ROWS = 50_000
HEADER_SCAN_ROWS = 10
MAX_CSV_BYTES = 64_000_000
MAX_COLUMNS = 16_384             # Excel's XFD
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_QUOTED_FORMULA = re.compile(r"'[=+\-@\t\r]")
_EXCEL_ERRORS = {"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"}
_DELIMITERS = (",", ";", "\t", "|")


class ImportFileError(UserError):
    """The file as a whole cannot be imported (nothing was changed)."""


@dataclass
class RawTable:
    path: Path
    kind: str                                  # xlsx | csv
    sheet: str | None                          # xlsx: the sheet read
    sheets_seen: list[str]
    header_row: int                            # 1-based, as the operator sees it
    columns: dict[str, int]                    # field → 0-based column index
    headers: dict[str, str]                    # field → header text as written
    rows: list[tuple[int, list[Any]]]          # (row number as seen in Excel / line in CSV, values)
    bad_cells: dict[tuple[int, int], Text] = field(default_factory=dict)   # (row, col) → reason
    encoding: str | None = None
    delimiter: str | None = None

    def cell_name(self, row: int, column: int) -> str | None:
        """`C7` for xlsx (None for CSV)."""
        if self.kind != "xlsx":
            return None
        from openpyxl.utils import get_column_letter
        return f"{get_column_letter(column + 1)}{row}"


def normalise_header(value: Any) -> str:
    """`No. HP` → `NO HP`, `L/P` → `L P`, `Jenis  Kelamin` → `JENIS KELAMIN`."""
    if value is None:
        return ""
    return re.sub(r"\s+", " ", re.sub(r"[^0-9A-Z]+", " ", str(value).upper())).strip()


def _match_header(cells: list[Any], aliases: dict[str, str]) -> tuple[dict[str, int], dict[str, str]]:
    columns: dict[str, int] = {}
    headers: dict[str, str] = {}
    for index, cell in enumerate(cells):
        field_name = aliases.get(normalise_header(cell))
        if field_name and field_name not in columns:
            columns[field_name] = index
            headers[field_name] = str(cell).strip()
    return columns, headers


def _best_header(rows: list[tuple[int, list[Any]]], aliases: dict[str, str]):
    """(score, row index in `rows`, columns, headers) of the row recognising most fields."""
    best = (0, -1, {}, {})
    for i, (_number, cells) in enumerate(rows[:HEADER_SCAN_ROWS]):
        columns, headers = _match_header(cells, aliases)
        if len(columns) > best[0]:
            best = (len(columns), i, columns, headers)
    return best


def _control_reason(value: str) -> Text:
    ch = _CONTROL.search(value).group()
    return T("sel berisi karakter kendali U+{c:04X} (mis. NUL); hapus dari berkas",
             "the cell holds the control character U+{c:04X} (e.g. NUL); remove it from the file", c=ord(ch))


def _clean_texts(number: int, values: list[Any], bad: dict[tuple[int, int], Text]) -> list[Any]:
    """Flag control characters; undo the export's apostrophe before = + - @ tab CR."""
    for col, value in enumerate(values):
        if isinstance(value, str):
            if _CONTROL.search(value):
                bad[(number, col)] = _control_reason(value)
            elif _QUOTED_FORMULA.match(value):
                values[col] = value[1:]
    return values


def _is_blank(values: list[Any] | tuple) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _missing_text(missing: list[str], labels: dict[str, str]) -> str:
    return ", ".join(labels.get(m, m) for m in missing)


def _too_many(max_rows: int) -> ImportFileError:
    return ImportFileError(T("Berkas berisi lebih dari {n} baris data; batas impor {n} baris. Pecah berkas menjadi beberapa bagian.",
                             "The file has more than {n} data rows; the import limit is {n} rows. Split the file.",
                             n=f"{max_rows:,}".replace(",", ".")))


def _missing(required: list[str | tuple[str, ...]], columns: dict[str, int]) -> list[str]:
    """Required fields without a column; a tuple is satisfied by any one of its fields."""
    return [r if isinstance(r, str) else r[0] for r in required
            if not any(f in columns for f in ((r,) if isinstance(r, str) else r))]


def read_table(path: str | Path, aliases: dict[str, str], required: list[str | tuple[str, ...]], labels: dict[str, str],
               sheet: str | None = None, max_rows: int = DEFAULT_MAX_ROWS) -> RawTable:
    """Read `path`, find the header row (≤ first 10 rows) using `aliases` (normalised header → field).

    `required` fields must all be present (a tuple: one of them); `labels` names fields in messages (e.g. "nrp" → "NRP/NIP").
    """
    path = Path(path)
    if not path.is_file():
        raise ImportFileError(T("Berkas tidak ditemukan: {p}", "File not found: {p}", p=str(path)))
    with path.open("rb") as handle:
        head = handle.read(8)
    if path.stat().st_size == 0 or not head:
        raise ImportFileError(T("Berkas kosong: {p}", "The file is empty: {p}", p=path.name))
    suffix = path.suffix.lower()
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(T("Berkas {p} berformat Excel lama (.xls) atau terenkripsi. Simpan ulang sebagai .xlsx (Excel Workbook) lalu impor lagi.",
                                "{p} is an old-format (.xls) or encrypted workbook. Save it as .xlsx and import again.",
                                p=path.name))
    if head.startswith(b"PK\x03\x04"):
        return _read_xlsx(path, aliases, required, labels, sheet, max_rows)
    if suffix in (".xlsx", ".xlsm", ".xltx", ".xltm"):
        raise ImportFileError(T("Berkas {p} bukan berkas Excel (.xlsx) yang sah (rusak atau berisi data lain).",
                                "{p} is not a valid Excel (.xlsx) file (damaged or something else).", p=path.name))
    if suffix == ".ods":
        raise ImportFileError(T("Format .ods belum didukung; simpan sebagai .xlsx atau .csv.",
                                ".ods is not supported; save as .xlsx or .csv."))
    return _read_csv(path, aliases, required, labels, max_rows)


# --------------------------------------------------------------------------------------- xlsx

_NO_VALUE = T("rumus tanpa nilai (buka dan simpan ulang berkas di Excel, atau salin sebagai nilai)",
              "formula without a value (open and save the file in Excel, or paste as values)")


def _plain(cells: list) -> list[Any]:
    return [c.value if c is not None else None for c in cells]


def _read_xlsx(path: Path, aliases, required, labels, sheet, max_rows) -> RawTable:
    from antasena_desktop.importing.xlsx import XlsxError, XlsxWorkbook

    try:
        workbook = XlsxWorkbook(path)
    except XlsxError as exc:
        raise ImportFileError(T("Berkas {p} tidak dapat dibaca sebagai Excel (.xlsx): {e}",
                                "{p} cannot be read as an Excel (.xlsx) file: {e}", p=path.name, e=str(exc))) from exc
    try:
        names = workbook.sheetnames
        if sheet is not None:
            if sheet not in names:
                raise ImportFileError(T("Lembar '{s}' tidak ada. Lembar yang tersedia: {names}",
                                        "Sheet '{s}' does not exist. Available sheets: {names}",
                                        s=sheet, names=", ".join(names)))
            order = [sheet]
        else:
            order = [workbook.active] + [n for n in names if n != workbook.active]
        best_partial = None
        chosen = None
        for name in order:
            top = [(number, _plain(cells)) for number, cells in workbook.rows(name, max_row=HEADER_SCAN_ROWS)]
            score, index, columns, headers = _best_header(top, aliases)
            if score >= 2 and not _missing(required, columns):
                chosen = (name, top[index][0], columns, headers)
                break
            if score >= 2 and (best_partial is None or score > best_partial[1]):
                best_partial = (name, score, columns)
        if chosen is None:
            if best_partial is not None:
                name, _score, columns = best_partial
                missing = _missing(required, columns)
                raise ImportFileError(T("Lembar '{s}': kolom wajib tidak ditemukan: {missing}.",
                                        "Sheet '{s}': required columns not found: {missing}.",
                                        s=name, missing=_missing_text(missing, labels)))
            raise ImportFileError(T("Tidak ada lembar dengan baris judul kolom yang dikenali (dicari pada {n} baris pertama). Lembar yang diperiksa: {names}.",
                                    "No sheet has a recognisable header row (searched the first {n} rows). Sheets looked at: {names}.",
                                    n=HEADER_SCAN_ROWS, names=", ".join(order)))
        name, header_row, columns, headers = chosen
        wanted = set(columns.values())
        rows: list[tuple[int, list[Any]]] = []
        bad: dict[tuple[int, int], Text] = {}
        for number, cells in workbook.rows(name, min_row=header_row + 1):
            values = _plain(cells)
            flagged = False
            for col in wanted:
                cell = cells[col] if col < len(cells) else None
                if cell is None:
                    continue
                if cell.formula and not cell.cached:
                    bad[(number, col)] = _NO_VALUE
                    flagged = True
                elif cell.error or (isinstance(cell.value, str) and cell.value.strip() in _EXCEL_ERRORS):
                    bad[(number, col)] = T("sel berisi galat Excel {v}", "cell holds the Excel error {v}",
                                           v=str(cell.value).strip())
                    flagged = True
            if not flagged and _is_blank(values):
                continue             # a blank row, even a long run of them, never ends the sheet
            rows.append((number, _clean_texts(number, values, bad)))
            if len(rows) > max_rows:
                raise _too_many(max_rows)
    except XlsxError as exc:
        raise ImportFileError(T("Berkas {p} tidak dapat dibaca sebagai Excel (.xlsx): {e}",
                                "{p} cannot be read as an Excel (.xlsx) file: {e}", p=path.name, e=str(exc))) from exc
    finally:
        workbook.close()
    return RawTable(path, "xlsx", name, order[:order.index(name) + 1], header_row, columns, headers, rows, bad)


# ---------------------------------------------------------------------------------------- csv

def _decode(path: Path, data: bytes) -> tuple[str, str]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:65536]:
        raise ImportFileError(T("Berkas {p} berisi data biner, bukan teks CSV.",
                                "{p} holds binary data, not CSV text.", p=path.name))
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    sample = text[:65536]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\r\n\t\f" or 0x7f <= ord(ch) < 0xa0)
    if sample and controls / len(sample) > 0.02:
        raise ImportFileError(T("Berkas {p} berisi data biner, bukan teks CSV.",
                                "{p} holds binary data, not CSV text.", p=path.name))
    return text, encoding


def _lines(text: str):
    """The text's lines with their endings, as slices (no second copy of the whole file in memory)."""
    start, size = 0, len(text)
    while start < size:
        end = text.find("\n", start)
        end = size if end < 0 else end + 1
        yield text[start:end]
        start = end


def _read_csv(path: Path, aliases, required, labels, max_rows) -> RawTable:
    if path.stat().st_size > MAX_CSV_BYTES:
        raise ImportFileError(T("Berkas {p} terlalu besar untuk CSV ({n} MB, batas {m} MB). Pecah berkas.",
                                "{p} is too large for a CSV import ({n} MB, limit {m} MB). Split the file.",
                                p=path.name, n=path.stat().st_size // 1_000_000, m=MAX_CSV_BYTES // 1_000_000))
    text, encoding = _decode(path, path.read_bytes())
    if not text.strip():
        raise ImportFileError(T("Berkas kosong: {p}", "The file is empty: {p}", p=path.name))
    head_lines = [line.rstrip("\r\n") for line in itertools.islice(_lines(text), HEADER_SCAN_ROWS)]
    best = None
    for delimiter in _DELIMITERS:
        try:
            top = [(i + 1, r) for i, r in enumerate(csv.reader(head_lines, delimiter=delimiter))]
        except csv.Error:            # e.g. a stray carriage return inside a line: not this delimiter's header
            continue
        score, index, columns, headers = _best_header(top, aliases)
        if best is None or score > best[0]:
            best = (score, index, columns, headers, delimiter)
    score, index, columns, headers, delimiter = best or (0, 0, {}, [], ",")
    if score < 2:
        raise ImportFileError(T("Baris judul kolom tidak ditemukan pada {n} baris pertama berkas {p} (dicoba pemisah , ; tab |).",
                                "No header row found in the first {n} lines of {p} (tried delimiters , ; tab |).",
                                n=HEADER_SCAN_ROWS, p=path.name))
    missing = _missing(required, columns)
    if missing:
        raise ImportFileError(T("Kolom wajib tidak ditemukan: {missing}.", "Required columns not found: {missing}.",
                                missing=_missing_text(missing, labels)))
    reader = csv.reader(_lines(text), delimiter=delimiter)
    rows: list[tuple[int, list[Any]]] = []
    bad: dict[tuple[int, int], Text] = {}
    header_line = None
    try:
        for record_number, values in enumerate(reader, start=1):
            if header_line is None:
                if record_number == index + 1:
                    header_line = record_number
                continue
            if len(values) > MAX_COLUMNS:
                raise ImportFileError(T("Baris {n} berkas {p} memiliki {c} kolom; batasnya {m}.",
                                        "Line {n} of {p} has {c} columns; the limit is {m}.",
                                        n=reader.line_num, p=path.name, c=len(values), m=MAX_COLUMNS))
            if _is_blank(values):
                continue
            rows.append((record_number, _clean_texts(record_number, values, bad)))
            if len(rows) > max_rows:
                raise _too_many(max_rows)
    except csv.Error as exc:
        raise ImportFileError(T("Berkas CSV rusak dekat baris {n}: {e}", "Malformed CSV near line {n}: {e}",
                                n=reader.line_num, e=str(exc))) from exc
    return RawTable(path, "csv", None, [], index + 1, columns, headers, rows, bad, encoding=encoding,
                    delimiter=delimiter)
