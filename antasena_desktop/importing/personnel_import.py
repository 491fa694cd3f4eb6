"""Import the personnel roster from .xlsx / .csv: plan first (errors + per-row changes), then apply.

    plan = plan_import(session, actor, "roster.xlsx", update=True)
    plan.report()            # {"valid", "errors", "warnings", "created", "updated", "unchanged", "changes", "applied"}
    result = apply_import(plan)   # all or nothing; nothing at all if the plan has an error

The caller owns the transaction (`with db.session() as s:`): an exception rolls everything back.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from antasena_desktop.domain.ranks import parse_rank
from antasena_desktop.domain.unit_names import UnitMatcher, unit_key  # noqa: F401 (one matcher, in the domain)
from antasena_desktop.i18n import T, Text, UserError
from antasena_desktop.importing.reader import DEFAULT_MAX_ROWS, RawTable, read_table
from antasena_desktop.services import audit
from antasena_desktop.services.changes import Changes
from antasena_desktop.domain.personnel_fields import clean_name, name_key, normalise_nrp, normalise_phone
from antasena_desktop.services.personnel import References, validate
from antasena_desktop.services.security import Actor, Permission, PermissionDenied, require
from db import sync_outbox
from db.models import Personnel, Unit, new_id, personnel_function, utcnow

# Header spellings (normalised: upper case, punctuation → space) → field.
HEADER_ALIASES: dict[str, list[str]] = {
    "nrp": ["NRP", "NRP NIP", "NIP NRP", "NO NRP", "NOMOR NRP", "NRP PNS", "NRP NIP PNS"],
    "nip": ["NIP", "NO NIP", "NIP PNS"],       # a separate NIP column (PNS rows), or the only id column
    "name": ["NAMA", "NAMA LENGKAP", "NAMA PERSONEL", "NAMA ANGGOTA", "NAMA PERSONIL"],
    "rank": ["PANGKAT", "PKT", "PANGKAT GOL", "PANGKAT GOLONGAN", "PKT GOL", "GOLONGAN", "GOL",
             "PANGKAT GOL RUANG"],
    "jabatan": ["JABATAN", "JAB", "JABATAN SEKARANG", "JABATAN TERAKHIR"],
    "unit": ["KESATUAN", "SATKER", "SATUAN", "UNIT", "SATUAN KERJA", "SATFUNG", "KESATUAN SATKER", "SATWIL"],
    "gender": ["JK", "L P", "LP", "GENDER", "JENIS KELAMIN", "KELAMIN", "SEX", "J K"],
    "functions": ["FUNGSI", "KEAHLIAN", "FUNGSI KEAHLIAN", "KEMAMPUAN", "KUALIFIKASI"],
    "phone": ["HP", "NO HP", "NOMOR HP", "NO HP WA", "HP WA", "TELEPON", "NO TELEPON", "NOMOR TELEPON", "TELP",
              "NO TELP", "TLP", "NO TLP", "WA", "NO WA", "TELEPON HP"],
    "active": ["AKTIF", "STATUS AKTIF"],
}
ALIASES = {alias: field_name for field_name, names in HEADER_ALIASES.items() for alias in names}
REQUIRED: list[str | tuple[str, ...]] = [("nrp", "nip"), "name", "rank", "unit", "gender"]
LABELS = {"nrp": "NRP/NIP", "nip": "NIP", "name": "NAMA", "rank": "PANGKAT", "jabatan": "JABATAN", "unit": "KESATUAN",
          "gender": "JK", "functions": "FUNGSI", "phone": "HP", "active": "AKTIF"}
_YES = {"YA", "Y", "YES", "AKTIF", "1", "TRUE", "BENAR"}
_NO = {"TIDAK", "T", "N", "NO", "NONAKTIF", "TIDAK AKTIF", "0", "FALSE", "SALAH"}
_FIELD_OF_PROBLEM = {"nrp": "nrp", "name": "name", "rank_code": "rank", "unit_id": "unit", "gender": "gender",
                     "phone": "phone", "jabatan": "jabatan", "functions": "functions"}
_SPACES = re.compile(r"\s+")


# ------------------------------------------------------------------------------------ matching

class FunctionMatcher:
    """Functions by code or name (`Samapta (Sabhara)` answers to SAMAPTA, SABHARA and the whole name)."""

    def __init__(self, functions):
        self.by_key: dict[str, str] = {}
        for f in functions:
            for text in (f.code, f.name_id, f.name_en):
                self._add(text, f.code)
                for part in re.split(r"[()/]", text):
                    self._add(part, f.code)

    def _add(self, text: str, code: str) -> None:
        key = unit_key(text)
        if key:
            self.by_key.setdefault(key, code)
            self.by_key.setdefault(key.replace(" ", ""), code)

    def match_one(self, text: str) -> str | None:
        key = unit_key(text)
        code = self.by_key.get(key) or self.by_key.get(key.replace(" ", ""))
        if code:
            return code
        parts = [self.by_key.get(unit_key(p)) for p in re.split(r"[()/]", text) if unit_key(p)]
        return parts[0] if parts and all(p == parts[0] for p in parts) else None

    def parse(self, text: str) -> tuple[list[str], list[str]]:
        """(codes, unknown parts) from `Samapta, Dalmas; Lantas`."""
        codes, unknown = [], []
        for part in re.split(r"[,;\n]", text):
            part = part.strip()
            if not part or part == "-":
                continue
            code = self.match_one(part)
            if code is None and "/" in part:
                subcodes = [self.match_one(p) for p in part.split("/") if p.strip()]
                if subcodes and all(subcodes):
                    codes.extend(subcodes)
                    continue
            if code is None:
                unknown.append(part)
            elif code not in codes:
                codes.append(code)
        return sorted(set(codes)), unknown


# --------------------------------------------------------------------------------------- plan

@dataclass
class Issue:
    row: int | None
    column: str | None
    message: Text
    cell: str | None = None

    def as_dict(self) -> dict[str, Any]:
        data = {"row": self.row, "column": self.column, "message": self.message.render("id"),
                "message_en": self.message.render("en")}
        if self.cell:
            data["cell"] = self.cell
        return data


@dataclass
class PlannedRow:
    row: int
    action: str                        # create | update | unchanged
    nrp: str
    values: dict[str, Any]             # clean model values (+ functions, active) for the fields in the file
    person_id: str | None = None
    diff: dict[str, tuple[Any, Any]] = field(default_factory=dict)    # field → (old, new), display values
    before: dict[str, Any] = field(default_factory=dict)             # changed fields, stored values
    after: dict[str, Any] = field(default_factory=dict)
    row_version: int = 0


@dataclass
class ImportOptions:
    update: bool = False
    sheet: str | None = None
    max_rows: int = DEFAULT_MAX_ROWS


@dataclass
class ImportPlan:
    session: Session
    actor: Actor
    table: RawTable | None
    options: ImportOptions
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    rows: list[PlannedRow] = field(default_factory=list)
    valid: int = 0
    refused_rows: list[int] = field(default_factory=list)     # rows of another unit than the actor's (audited)

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    def changes_list(self) -> list[dict[str, Any]]:
        items = []
        for r in self.rows:
            if r.action == "create":
                items.append({"row": r.row, "nrp": r.nrp, "name": r.values["name"], "action": "create"})
            elif r.action == "update":
                items.append({"row": r.row, "nrp": r.nrp, "name": r.values.get("name"), "action": "update",
                              "fields": {k: {"old": old, "new": new} for k, (old, new) in r.diff.items()}})
        return items

    def signature(self) -> list[tuple]:
        return [(r.row, r.action, r.nrp, tuple(sorted(r.diff))) for r in self.rows] + \
               [(e.row, e.column, e.message.render("en")) for e in self.errors]

    def report(self, applied: bool = False) -> dict[str, Any]:
        table = self.table
        return {
            "file": str(table.path) if table else None,
            "sheet": table.sheet if table else None,
            "header_row": table.header_row if table else None,
            "update": self.options.update,
            "valid": self.valid,
            "errors": [e.as_dict() for e in self.errors],
            "warnings": [w.as_dict() for w in self.warnings],
            "created": self.count("create"),
            "updated": self.count("update"),
            "unchanged": self.count("unchanged"),
            "changes": self.changes_list(),
            "applied": applied,
        }


@dataclass
class ImportResult:
    report: dict[str, Any]
    changes: Changes


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _SPACES.sub(" ", str(value).replace("\u00a0", " ")).strip()


def _parse_active(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    text = _text(value).upper()
    if not text:
        return True
    return True if text in _YES else False if text in _NO else None


def plan_import(session: Session, actor: Actor, path: str | Path, *, update: bool = False, sheet: str | None = None,
                max_rows: int = DEFAULT_MAX_ROWS) -> ImportPlan:
    """Read and check the file, compare it with the database, and return the plan (changes nothing).

    A file that cannot be read at all gives a plan with one file-level error (row None).
    """
    if not actor.can(Permission.EDIT_PERSONNEL):
        require(actor, Permission.EDIT_PERSONNEL)
    options = ImportOptions(update, sheet, max_rows)
    try:
        table = read_table(path, ALIASES, REQUIRED, LABELS, sheet=sheet, max_rows=max_rows)
    except UserError as exc:
        plan = ImportPlan(session, actor, None, options)
        plan.errors.append(Issue(None, None, exc.text))
        return plan
    return _plan(session, actor, table, options)


def _plan(session: Session, actor: Actor, table: RawTable, options: ImportOptions) -> ImportPlan:
    plan = ImportPlan(session, actor, table, options)
    if not table.rows:
        plan.errors.append(Issue(None, None, T("Tidak ada baris data di bawah judul kolom (baris {r}).",
                                               "No data rows below the header row (row {r}).", r=table.header_row)))
        return plan
    refs = References.load(session)
    units = UnitMatcher(refs.units.values())
    functions = FunctionMatcher(refs.functions.values())
    cols = table.columns
    header = table.headers

    def issue(row: int, fieldname: str | None, message: Text) -> Issue:
        column = header.get(fieldname) if fieldname else None
        cell = table.cell_name(row, cols[fieldname]) if fieldname in cols else None
        return Issue(row, column, message, cell)

    bad_by_row: dict[int, list[tuple[int, Text]]] = defaultdict(list)
    for (r, c), reason in table.bad_cells.items():
        bad_by_row[r].append((c, reason))
    field_of = {i: f for f, i in cols.items()}
    rank_memo: dict[str, Any] = {}            # few distinct spellings: resolve each once
    unit_memo: dict[str, tuple[str | None, bool]] = {}
    function_memo: dict[str, tuple[list[str], list[str]]] = {}
    first_row_of: dict[str, int] = {}
    id_fields: dict[int, str] = {}            # row → the column its NRP/NIP came from
    parsed: list[tuple[int, dict[str, Any]]] = []
    for number, values in table.rows:
        def get(fieldname: str) -> Any:
            index = cols.get(fieldname)
            return values[index] if index is not None and index < len(values) else None

        row_errors = [issue(number, field_of.get(c), reason) for c, reason in sorted(bad_by_row.get(number, ()))]
        skip = {field_of.get(c) for c, _reason in bad_by_row.get(number, ())}   # already reported

        # 1. Resolve sheet text to catalogue codes (errors name the text as written).
        raw_rank = _text(get("rank"))
        if raw_rank not in rank_memo:
            rank_memo[raw_rank] = parse_rank(raw_rank) if raw_rank else None
        rank = rank_memo[raw_rank]
        if rank is None and "rank" not in skip:
            row_errors.append(issue(number, "rank", T("Pangkat tidak dikenal: '{v}'", "Unknown rank: '{v}'", v=raw_rank)
                                    if raw_rank else T("Pangkat kosong", "Rank is empty")))
            skip.add("rank")
        raw_unit = _text(get("unit"))
        if raw_unit not in unit_memo:
            unit_memo[raw_unit] = units.match(raw_unit) if raw_unit else (None, False)
        unit_id, ambiguous = unit_memo[raw_unit]
        if unit_id is None and "unit" not in skip:
            if not raw_unit:
                message = T("Kesatuan kosong", "Unit is empty")
            elif ambiguous:
                message = T("Kesatuan '{v}' cocok dengan lebih dari satu satuan; tulis kodenya",
                            "Unit '{v}' matches more than one unit; write its code", v=raw_unit)
            else:
                message = T("Kesatuan tidak dikenal: '{v}' (tulis kode, nama, singkatan atau alias satuan)",
                            "Unknown unit: '{v}' (write the unit's code, name, short name or alias)", v=raw_unit)
            row_errors.append(issue(number, "unit", message))
            skip.add("unit")
        codes: list[str] = []
        if "functions" in cols:
            raw_functions = _text(get("functions"))
            if raw_functions not in function_memo:
                function_memo[raw_functions] = functions.parse(raw_functions)
            codes, unknown = function_memo[raw_functions]
            if unknown and "functions" not in skip:
                row_errors.append(issue(number, "functions", T("Fungsi tidak dikenal: {v}", "Unknown function: {v}",
                                                               v=", ".join(unknown))))
                skip.add("functions")
        raw_nrp = get("nrp")
        id_field = "nrp"
        if normalise_nrp(raw_nrp) == "" and "nip" in cols:       # separate NRP and NIP columns
            raw_nrp, id_field = get("nip"), "nip"
        if "nrp" not in cols:
            id_field = "nip"
        if isinstance(raw_nrp, float) and len(normalise_nrp(raw_nrp)) > 15 and id_field not in skip:
            row_errors.append(issue(number, id_field, T("NIP tersimpan sebagai angka sehingga digit terakhir hilang; format kolom sebagai Teks",
                                                     "The NIP is stored as a number and lost its last digits; format the column as Text")))
            skip.add(id_field)

        # 2. The same field rules as the personnel service.
        clean, problems = validate(refs, {
            "nrp": raw_nrp, "name": get("name"), "rank_code": rank.code if rank else None, "unit_id": unit_id,
            "gender": get("gender"), "phone": get("phone"), "jabatan": _text(get("jabatan")), "functions": codes})
        for problem in problems:
            fieldname = id_field if problem.field == "nrp" else _FIELD_OF_PROBLEM[problem.field]
            if fieldname not in skip:
                row_errors.append(issue(number, fieldname, problem.message))
                skip.add(fieldname)
        del clean["notes"]
        for optional in ("jabatan", "phone", "functions"):
            if optional not in cols:
                del clean[optional]
        if "active" in cols:
            active = _parse_active(get("active"))
            if active is None:
                row_errors.append(issue(number, "active", T("Nilai AKTIF harus Ya/Tidak: '{v}'",
                                                            "ACTIVE must be Yes/No: '{v}'", v=_text(get("active")))))
            clean["active"] = active

        if unit_id is not None:
            try:
                require(actor, Permission.EDIT_PERSONNEL, unit_id=unit_id)
            except PermissionDenied as exc:
                row_errors.append(issue(number, "unit", exc.text))
                plan.refused_rows.append(number)
        nrp = clean["nrp"]
        if nrp and nrp in first_row_of and id_field not in skip:
            row_errors.append(issue(number, id_field, T("NRP/NIP {nrp} ganda di berkas: sudah ada di baris {r}",
                                                     "NRP/NIP {nrp} appears twice in the file: already on row {r}",
                                                     nrp=nrp, r=first_row_of[nrp])))
        first_row_of.setdefault(nrp, number)
        id_fields[number] = id_field
        plan.errors.extend(row_errors)
        if not row_errors:
            parsed.append((number, clean))

    _plan_against_database(session, actor, plan, parsed, lambda row, f, m: issue(row, id_fields[row] if f == "nrp" else f, m))
    plan.errors.sort(key=lambda e: e.row or 0)       # stable: per row, in column-check order
    return plan


_EXISTING_COLUMNS = (Personnel.id, Personnel.nrp, Personnel.name, Personnel.rank_code, Personnel.jabatan,
                     Personnel.unit_id, Personnel.gender, Personnel.phone, Personnel.active, Personnel.deleted_at,
                     Personnel.row_version)


def _load_existing(session: Session, nrps: list[str]) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Light rows (attribute access like the model) of the people with these NRPs, and their functions."""
    people: dict[str, Any] = {}
    for i in range(0, len(nrps), 900):
        for row in session.execute(select(*_EXISTING_COLUMNS).where(Personnel.nrp.in_(nrps[i:i + 900]))):
            people[row.nrp] = row
    functions: dict[str, list[str]] = defaultdict(list)
    ids = [p.id for p in people.values()]
    for i in range(0, len(ids), 900):
        for pid, code in session.execute(select(personnel_function.c.personnel_id, personnel_function.c.function_code)
                                         .where(personnel_function.c.personnel_id.in_(ids[i:i + 900]))):
            functions[pid].append(code)
    return people, {k: sorted(v) for k, v in functions.items()}


def _same_after_normalising(key: str, old: Any, new: Any) -> bool:
    """A stored value written before the importer's normalising ("0812-…", "A,B") equals the sheet's
    normalised form ("0812 …", "A, B"): no change, so export → import changes nothing."""
    if key == "phone":
        return normalise_phone(old)[0] == new
    if key == "name":
        return clean_name(old) == new
    return False


def _plan_against_database(session, actor, plan: ImportPlan, parsed, issue) -> None:
    name_keys = {number: name_key(clean["name"]) for number, clean in parsed}
    name_rows: dict[str, tuple[int, str]] = {}
    for number, clean in parsed:
        key = name_keys[number]
        if key in name_rows and name_rows[key][1] != clean["nrp"]:
            plan.warnings.append(issue(number, "name", T("Nama sama dengan baris {r} (NRP berbeda): mungkin duplikat",
                                                         "Same name as row {r} (different NRP): possible duplicate",
                                                         r=name_rows[key][0])))
        name_rows.setdefault(key, (number, clean["nrp"]))

    existing, existing_functions = _load_existing(session, [c["nrp"] for _n, c in parsed])
    db_names: dict[str, tuple[str, str]] = {}
    for pid, nrp, name in session.execute(select(Personnel.id, Personnel.nrp, Personnel.name)
                                          .where(Personnel.deleted_at.is_(None))):
        db_names.setdefault(name_key(name), (nrp, name))

    unit_label = dict(session.execute(select(Unit.id, Unit.short_name)).all())     # deleted units too
    for number, clean in parsed:
        nrp = clean["nrp"]
        person = existing.get(nrp)
        if person is None:
            other = db_names.get(name_keys[number])
            if other:
                plan.warnings.append(issue(number, "name", T("Nama sama dengan personel terdaftar {name} (NRP {nrp}): mungkin duplikat",
                                                             "Same name as registered {name} (NRP {nrp}): possible duplicate",
                                                             name=other[1], nrp=other[0])))
            clean.setdefault("active", True)
            plan.rows.append(PlannedRow(number, "create", nrp, clean))
            continue
        if person.deleted_at is not None:
            plan.errors.append(issue(number, "nrp", T("NRP/NIP {nrp} milik personel yang sudah dihapus",
                                                      "NRP/NIP {nrp} belongs to a deleted person", nrp=nrp)))
            continue
        if not plan.options.update:
            plan.errors.append(issue(number, "nrp", T("NRP/NIP {nrp} sudah terdaftar ({name}); gunakan mode pembaruan (--update) untuk mengubahnya",
                                                      "NRP/NIP {nrp} is already registered ({name}); use update mode (--update) to change it",
                                                      nrp=nrp, name=person.name)))
            continue
        if person.unit_id != clean["unit_id"]:
            try:
                require(actor, Permission.EDIT_PERSONNEL, unit_id=person.unit_id)
            except PermissionDenied as exc:
                plan.errors.append(issue(number, "unit", exc.text))
                plan.refused_rows.append(number)
                continue
        diff: dict[str, tuple[Any, Any]] = {}
        before: dict[str, Any] = {}
        old_functions = existing_functions.get(person.id, [])
        for key, new in clean.items():
            old = old_functions if key == "functions" else getattr(person, key)
            if key == "nrp" or old == new or _same_after_normalising(key, old, new):
                continue
            before[key] = old
            if key == "unit_id":
                diff["unit"] = (unit_label.get(old, old), unit_label[new])
            else:
                diff[key] = (old, new)
        plan.rows.append(PlannedRow(number, "update" if diff else "unchanged", nrp, clean, person.id, diff, before,
                                    {k: clean[k] for k in before}, person.row_version or 0))
    plan.valid = len(plan.rows)      # rows without any error (in-file / database duplicates are errors)


# -------------------------------------------------------------------------------------- apply

def apply_import(plan: ImportPlan, session: Session | None = None) -> ImportResult:
    """Apply a plan without errors, in the caller's transaction. A plan with errors applies nothing.

    With a `session` other than the plan's (e.g. the UI planned, showed the changes, then applies in
    a fresh transaction), the plan is checked again and refused if the database changed meanwhile.
    """
    changes = Changes()
    if plan.errors or plan.table is None:
        return ImportResult(plan.report(applied=False), changes)
    if session is not None and session is not plan.session:
        fresh = _plan(session, plan.actor, plan.table, plan.options)
        if fresh.signature() != plan.signature():
            raise UserError(T("Data personel berubah sejak pratinjau impor; ulangi impor.",
                              "Personnel data changed since the import preview; run the import again."))
        plan = fresh
    session = plan.session
    if sync_outbox.replica_of(session) is not None:         # bulk statements: the desk's outbox cannot see them
        raise UserError(T("Impor personel dari berkas dijalankan di server atau meja ruang kendali, bukan di meja "
                          "luring; hasilnya tiba di meja ini pada sinkron berikutnya.",
                          "A personnel import from a file runs on the server or a control-room desk, not on an "
                          "offline desk; its result reaches this desk with the next sync."))
    actor = plan.actor.with_source("import")
    note = f"impor {plan.table.path.name}"
    now = utcnow()
    entries: list[audit.Entry] = []

    def audit_row(action: str, person_id: str, before: dict | None, after: dict, row: int, version: int) -> None:
        entries.append(audit.Entry(action, "personnel", person_id, before, after, f"{note} baris {row}", version))

    creates = [r for r in plan.rows if r.action == "create"]
    if creates:
        table = Personnel.__table__
        records, links = [], []
        for r in creates:
            v = r.values
            record = {"id": new_id(), "created_at": now, "updated_at": now, "updated_by": actor.username,
                      "deleted_at": None, "row_version": 1, "nrp": v["nrp"], "name": v["name"],
                      "rank_code": v["rank_code"], "jabatan": v.get("jabatan", ""), "unit_id": v["unit_id"],
                      "gender": v["gender"], "phone": v.get("phone", ""), "active": v.get("active", True), "notes": ""}
            records.append(record)
            links.extend({"personnel_id": record["id"], "function_code": c} for c in v.get("functions", ()))
            after = audit.json_ready(record)
            after["functions"] = list(v.get("functions", ()))
            audit_row("create", record["id"], None, after, r.row, 1)
        session.execute(table.insert(), records)
        if links:
            session.execute(personnel_function.insert(), links)
    updates = [r for r in plan.rows if r.action == "update"]
    if updates:
        columns = [{"id": r.person_id, **{k: v for k, v in r.after.items() if k != "functions"},
                    "updated_by": actor.username, "updated_at": now, "row_version": r.row_version + 1}
                   for r in updates]
        session.execute(update(Personnel), columns)
        relinked = [r for r in updates if "functions" in r.after]
        for i in range(0, len(relinked), 900):
            session.execute(personnel_function.delete().where(
                personnel_function.c.personnel_id.in_([r.person_id for r in relinked[i:i + 900]])))
        links = [{"personnel_id": r.person_id, "function_code": c} for r in relinked for c in r.after["functions"]]
        if links:
            session.execute(personnel_function.insert(), links)
        for r in updates:
            audit_row("update", r.person_id, r.before, r.after, r.row, r.row_version + 1)
            cached = session.identity_map.get(session.identity_key(Personnel, r.person_id))
            if cached is not None:
                session.expire(cached)
    audit.record_many(session, actor, entries, changes)
    return ImportResult(plan.report(applied=True), changes)
