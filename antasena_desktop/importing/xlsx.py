"""A small streaming .xlsx cell reader (values only), ~3× faster than openpyxl's read-only mode here.

It reads what an import needs: sheet names, the active sheet, shared/inline strings, numbers,
booleans, Excel error values, and whether a cell holds a formula with or without a cached value.
Styles, dates (left as serial numbers) and merged cells are ignored.

Bounded cost on hostile files: the declared dimension is never read; every zip member is read
through a byte limit (a zip bomb stops at the limit, whatever its header claims); cell references
beyond Excel's grid (XFD / row 1,048,576) are refused; finished rows are dropped from the parse tree.
"""
from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Iterator
from xml.etree import ElementTree as ET

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_MAIN_STRICT = "{http://purl.oclc.org/ooxml/spreadsheetml/main}"


MAX_COLUMNS = 16_384                 # XFD, Excel's last column
MAX_ROW_NUMBER = 1_048_576            # Excel's last row
MAX_PART_BYTES = 4_000_000            # workbook.xml, relationships
MAX_SHARED_BYTES = 32_000_000         # sharedStrings.xml (held in memory)
MAX_SHARED_STRINGS = 1_000_000
MAX_SHEET_BYTES = 160_000_000         # one worksheet, streamed


class XlsxError(Exception):
    """Not a readable workbook (the reason is in the message, for the operator's error text)."""


class _Limited:
    """A file-like reader that refuses to give more than `limit` decompressed bytes."""

    def __init__(self, handle: IO[bytes], limit: int, name: str):
        self._handle, self._left, self._name = handle, limit, name

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            size = self._left + 1
        data = self._handle.read(min(size, self._left + 1))
        self._left -= len(data)
        if self._left < 0:
            raise XlsxError(f"{self._name} terlalu besar setelah dibuka / too large when uncompressed")
        return data

    def close(self) -> None:
        self._handle.close()


@dataclass
class Cell:
    value: Any
    formula: bool = False        # the cell holds a formula
    cached: bool = True          # … and a saved result (False: "rumus tanpa nilai")
    error: bool = False          # the value is an Excel error such as #REF!


def _col_index(ref: str) -> int:
    index = 0
    for ch in ref:
        if "A" <= ch <= "Z":
            index = index * 26 + (ord(ch) - 64)
        else:
            break
    return index - 1


def _text_of(element: ET.Element, ns: str) -> str:
    """Text of a string item: plain <t> or rich-text runs <r><t>, without phonetic <rPh> runs."""
    parts = []
    for child in element:
        if child.tag == ns + "t":
            parts.append(child.text or "")
        elif child.tag == ns + "r":
            for t in child.iter(ns + "t"):
                parts.append(t.text or "")
    return "".join(parts)


class XlsxWorkbook:
    def __init__(self, path: str | Path):
        try:
            self._zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise XlsxError(f"bad zip: {exc}") from exc
        try:
            self._load()
        except (KeyError, ET.ParseError, ValueError, IndexError) as exc:
            self._zip.close()
            raise XlsxError(f"{type(exc).__name__}: {exc}") from exc

    def _open(self, name: str, limit: int) -> _Limited:
        return _Limited(self._zip.open(name), limit, posixpath.basename(name))

    def _read(self, name: str, limit: int = MAX_PART_BYTES) -> bytes:
        handle = self._open(name, limit)
        try:
            return handle.read()
        finally:
            handle.close()

    def _load(self) -> None:
        names = set(self._zip.namelist())
        workbook_path = "xl/workbook.xml"
        if workbook_path not in names:
            rels = ET.fromstring(self._read("_rels/.rels"))
            target = next(r.get("Target") for r in rels if (r.get("Type") or "").endswith("/officeDocument"))
            workbook_path = target.lstrip("/")
        root = ET.fromstring(self._read(workbook_path))
        self.ns = MAIN if root.tag.startswith(MAIN) else _MAIN_STRICT if root.tag.startswith(_MAIN_STRICT) else ""
        base = posixpath.dirname(workbook_path)
        rels_path = posixpath.join(base, "_rels", posixpath.basename(workbook_path) + ".rels")
        targets: dict[str, str] = {}
        shared_path = None
        for rel in ET.fromstring(self._read(rels_path)):
            target = rel.get("Target") or ""
            full = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
            targets[rel.get("Id")] = full
            if (rel.get("Type") or "").endswith("/sharedStrings"):
                shared_path = full
        self.sheet_paths: dict[str, str] = {}
        sheets = root.find(self.ns + "sheets")
        for sheet in (sheets if sheets is not None else []):
            rid = sheet.get(REL + "id") or next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
            if rid in targets and targets[rid] in names:
                self.sheet_paths[sheet.get("name")] = targets[rid]
        if not self.sheet_paths:
            raise ValueError("workbook without worksheets")
        self.sheetnames = list(self.sheet_paths)
        view = root.find(f"{self.ns}bookViews/{self.ns}workbookView")
        active = int(view.get("activeTab", "0")) if view is not None else 0
        self.active = self.sheetnames[active] if 0 <= active < len(self.sheetnames) else self.sheetnames[0]
        self.shared: list[str] = []
        if shared_path and shared_path in names:
            handle = self._open(shared_path, MAX_SHARED_BYTES)
            try:
                root_element = None
                for event, element in ET.iterparse(handle, events=("start", "end")):
                    if root_element is None:
                        root_element = element
                    if event == "end" and element.tag == self.ns + "si":
                        self.shared.append(_text_of(element, self.ns))
                        root_element.clear()
                        if len(self.shared) > MAX_SHARED_STRINGS:
                            raise XlsxError("sharedStrings: too many strings")
            finally:
                handle.close()

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> "XlsxWorkbook":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def rows(self, sheet: str, min_row: int = 1, max_row: int | None = None) -> Iterator[tuple[int, list[Cell | None]]]:
        """(row number, cells by 0-based column; None where empty) for rows with at least one cell."""
        ns = self.ns
        row_tag, cell_tag, v_tag, f_tag, is_tag = ns + "row", ns + "c", ns + "v", ns + "f", ns + "is"
        handle = self._open(self.sheet_paths[sheet], MAX_SHEET_BYTES)
        sheet_data_tag = ns + "sheetData"
        try:
            number = 0
            sheet_data = None
            # Each finished row is removed from <sheetData>, so the tree stays one row deep.
            for event, element in ET.iterparse(handle, events=("start", "end")):
                if event == "start":
                    if element.tag == sheet_data_tag:
                        sheet_data = element
                    continue
                if element.tag != row_tag:
                    continue
                try:
                    number = int(element.get("r") or number + 1)
                except ValueError:
                    raise XlsxError(f"row number {element.get('r')!r}") from None
                if not 1 <= number <= MAX_ROW_NUMBER:
                    raise XlsxError(f"row {number} outside the Excel grid (1–{MAX_ROW_NUMBER})")
                if max_row is not None and number > max_row:
                    break
                if number >= min_row:
                    yield number, self._cells(element, cell_tag, v_tag, f_tag, is_tag)
                element.clear()
                if sheet_data is not None:
                    sheet_data.clear()
        except ET.ParseError as exc:
            raise XlsxError(f"ParseError: {exc}") from exc
        except (ValueError, IndexError) as exc:
            raise XlsxError(f"{type(exc).__name__}: {exc}") from exc
        finally:
            handle.close()

    def _cells(self, row: ET.Element, cell_tag, v_tag, f_tag, is_tag) -> list[Cell | None]:
        cells: list[Cell | None] = []
        for c in row:
            if c.tag != cell_tag:
                continue
            ref = c.get("r")
            col = _col_index(ref) if ref else len(cells)
            if not 0 <= col < MAX_COLUMNS:
                raise XlsxError(f"cell {ref} outside the Excel grid (columns A–XFD)")
            kind = c.get("t", "n")
            raw = None
            has_v = formula = False
            inline = None
            for child in c:
                tag = child.tag
                if tag == v_tag:
                    raw, has_v = child.text, True
                elif tag == f_tag:
                    formula = True
                elif tag == is_tag:
                    inline = child
            error = False
            if kind == "s":
                value = self.shared[int(raw)] if raw else None
            elif kind == "inlineStr":
                value = _text_of(inline, self.ns) if inline is not None else None
            elif kind == "b":
                value = raw == "1" if raw is not None else None
            elif kind == "e":
                value, error = raw, True
            elif kind in ("str", "d"):
                value = raw
            elif not raw:
                value = None
            else:
                try:
                    value = int(raw)
                except ValueError:
                    value = float(raw)
            if value is None and not formula:
                continue
            while len(cells) <= col:
                cells.append(None)
            cached = not formula or bool(raw) or (kind == "str" and has_v)   # "" result of a text formula
            cells[col] = Cell(value, formula, cached, error)
        return cells
