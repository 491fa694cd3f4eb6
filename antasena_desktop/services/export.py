"""Export tables to CSV or XLSX; the first column is always the record's id; tombstoned rows are left out.

The personnel export uses the importer's headers and values (NRP as text, rank code, unit short
name, JK L/P, function codes, AKTIF Ya/Tidak), so `export → import --update` changes nothing.

Injection-safe (OWASP "CSV Injection"): a text cell starting with = + - @ tab or CR is written to CSV
with a leading apostrophe, and to xlsx as a string cell (never a formula); the importer removes that
apostrophe again. Files are written private (0600) to a temp name beside the target, then renamed.
Reading personal data needs a login: `actor` is required; an Operator Satker gets only its unit's people.
"""
from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path
from typing import Any, Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from antasena_desktop.i18n import T, UserError
from antasena_desktop.timefmt import to_wib
from db.models import (Assignment, Event, Kecamatan, Personnel, Post, PostRequirement, Unit, Venue,
                       personnel_function)

WHATS = ("personnel", "events", "posts", "assignments")
FORMATS = ("csv", "xlsx")

HEADERS = {
    "personnel": ["id", "nrp", "nama", "pangkat", "jabatan", "kesatuan", "jk", "fungsi", "hp", "aktif"],
    "events": ["id", "nomor", "judul", "jenis", "skala", "penyelenggara", "lokasi", "kecamatan", "mulai", "selesai",
               "massa", "kerawanan", "status"],
    "posts": ["id", "event", "nama", "jenis", "lat", "lon", "mulai", "selesai", "kebutuhan", "terisi"],
    "assignments": ["id", "event", "post", "line", "nrp", "nama", "pangkat", "kesatuan", "dari", "sampai", "sumber",
                    "pinned"],
}


def _wib(moment) -> str:
    return to_wib(moment).isoformat() if moment is not None else ""


def unit_labels(session: Session) -> dict[str, str]:
    """Unit id → label for sheets: the short name when the importer maps it back to that unit alone,
    else the code."""
    from antasena_desktop.domain.unit_names import UnitMatcher
    units = list(session.scalars(select(Unit).where(Unit.deleted_at.is_(None))))
    matcher = UnitMatcher(units)
    labels = {u.id: (u.short_name if u.short_name and matcher.match(u.short_name) == (u.id, False) else u.code)
              for u in units}
    for i, c in session.execute(select(Unit.id, Unit.code).where(Unit.deleted_at.is_not(None))):
        labels.setdefault(i, c)
    return labels


def _personnel(session: Session, event_id: str | None) -> Iterable[list[Any]]:
    labels = unit_labels(session)
    functions: dict[str, list[str]] = defaultdict(list)
    for pid, code in session.execute(select(personnel_function.c.personnel_id, personnel_function.c.function_code)
                                     .order_by(personnel_function.c.function_code)):
        functions[pid].append(code)
    query = (select(Personnel.id, Personnel.nrp, Personnel.name, Personnel.rank_code, Personnel.jabatan,
                    Personnel.unit_id, Personnel.gender, Personnel.phone, Personnel.active)
             .where(Personnel.deleted_at.is_(None)).order_by(Personnel.unit_id, Personnel.name))
    if event_id:
        query = query.where(Personnel.id.in_(select(Assignment.personnel_id).join(Post, Post.id == Assignment.post_id)
                                             .where(Post.event_id == event_id, Assignment.deleted_at.is_(None))))
    for pid, nrp, name, rank, jabatan, unit_id, gender, phone, active in session.execute(query):
        yield [pid, nrp, name, rank, jabatan or "", labels.get(unit_id, ""), "L" if gender == "M" else "P",
               ", ".join(functions.get(pid, ())), phone or "", "Ya" if active else "Tidak"]


def _events(session: Session, event_id: str | None) -> Iterable[list[Any]]:
    query = (select(Event, Venue.name, Kecamatan.name)
             .outerjoin(Venue, Venue.id == Event.venue_id).outerjoin(Kecamatan, Kecamatan.code == Event.kecamatan_code)
             .where(Event.deleted_at.is_(None)).order_by(Event.start_at))
    if event_id:
        query = query.where(Event.id == event_id)
    for event, venue, kecamatan in session.execute(query):
        location = ", ".join(p for p in (venue or "", event.address or "") if p)
        yield [event.id, event.number, event.title, event.kind, event.scale, event.organiser, location,
               kecamatan or "", _wib(event.start_at), _wib(event.end_at), event.expected_crowd,
               event.kerawanan_level, event.status]


def _posts(session: Session, event_id: str | None) -> Iterable[list[Any]]:
    need = dict(session.execute(select(PostRequirement.post_id, func.sum(PostRequirement.count))
                                .where(PostRequirement.deleted_at.is_(None)).group_by(PostRequirement.post_id)).all())
    filled = dict(session.execute(select(Assignment.post_id, func.count())
                                  .where(Assignment.deleted_at.is_(None)).group_by(Assignment.post_id)).all())
    query = (select(Post, Event.number).join(Event, Event.id == Post.event_id)
             .where(Post.deleted_at.is_(None), Event.deleted_at.is_(None)).order_by(Event.start_at, Post.name))
    if event_id:
        query = query.where(Post.event_id == event_id)
    for post, number in session.execute(query):
        yield [post.id, number, post.name, post.type, post.lat, post.lon, _wib(post.start_at), _wib(post.end_at),
               int(need.get(post.id) or 0), int(filled.get(post.id) or 0)]


def _assignments(session: Session, event_id: str | None) -> Iterable[list[Any]]:
    labels = unit_labels(session)
    query = (select(Assignment.id, Event.number, Post.name, Assignment.requirement_id, Personnel.nrp, Personnel.name,
                    Personnel.rank_code, Personnel.unit_id, Assignment.start_at, Assignment.end_at, Assignment.source,
                    Assignment.pinned)
             .join(Post, Post.id == Assignment.post_id).join(Event, Event.id == Post.event_id)
             .join(Personnel, Personnel.id == Assignment.personnel_id)
             .join(PostRequirement, PostRequirement.id == Assignment.requirement_id)
             .where(Assignment.deleted_at.is_(None), Post.deleted_at.is_(None), Event.deleted_at.is_(None),
                    PostRequirement.deleted_at.is_(None))
             .order_by(Event.start_at, Post.name, Assignment.start_at))
    if event_id:
        query = query.where(Post.event_id == event_id)
    for r in session.execute(query):
        yield [r[0], r[1], r[2], r[3], r[4], r[5], r[6], labels.get(r[7], ""), _wib(r[8]), _wib(r[9]), r[10],
               "ya" if r[11] else "tidak"]


_ROWS = {"personnel": _personnel, "events": _events, "posts": _posts, "assignments": _assignments}


FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe (numbers stay numbers)."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _xlsx_cell(sheet, value: Any, as_text: bool):
    from openpyxl.cell import WriteOnlyCell
    if value is not None and as_text:
        value = str(value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"              # a string cell, even when it starts with "=" (never a formula)
    return cell


def export_table(session: Session, what: str, fmt: str, path: str | Path, event_id: str | None = None,
                 actor=None) -> int:
    """Write `what` (personnel|events|posts|assignments) as `fmt` (csv|xlsx) to `path`; returns the row count.

    `event_id` (the id or the register number KEG/…) limits events/posts/assignments to one event
    (personnel: the people assigned to it); an unknown event is a UserError, never an empty file.
    CSV is UTF-8 with BOM (Excel opens it right), comma-separated.
    """
    from antasena_desktop.files import private_atomic_path
    from antasena_desktop.services.security import Permission, Role, require
    if actor is None:
        raise UserError(T("Ekspor membaca data pribadi: perlu pengguna yang login.",
                          "An export reads personal data: a logged-in user is needed."))
    require(actor, Permission.VIEW)
    if what not in WHATS:
        raise UserError(T("Jenis ekspor tidak dikenal: {w} (pilih {all})", "Unknown export: {w} (choose {all})",
                          w=what, all=", ".join(WHATS)))
    if fmt not in FORMATS:
        raise UserError(T("Format tidak dikenal: {f} (csv atau xlsx)", "Unknown format: {f} (csv or xlsx)", f=fmt))
    if event_id:
        from antasena_desktop.services.events import find_event
        event_id = find_event(session, event_id).id
    rows = list(_ROWS[what](session, event_id))
    if actor.role is Role.OPERATOR_SATKER and what in ("personnel", "assignments"):   # only their own unit's people
        own = set(session.scalars(select(Personnel.id if what == "personnel" else Personnel.nrp)
                                  .where(Personnel.unit_id == (actor.unit_id or ""))))
        key = 0 if what == "personnel" else HEADERS["assignments"].index("nrp")
        rows = [row for row in rows if row[key] in own]
    header = HEADERS[what]
    with private_atomic_path(path) as temp:
        if fmt == "csv":
            with temp.open("w", encoding="utf-8-sig", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(header)
                writer.writerows([csv_safe(v) for v in row] for row in rows)
        else:
            from openpyxl import Workbook
            from openpyxl.utils import get_column_letter
            workbook = Workbook(write_only=True)
            sheet = workbook.create_sheet(what)
            text_columns = {i for i, h in enumerate(header) if h in ("id", "nrp", "hp", "line")}
            for i, h in enumerate(header):
                sheet.column_dimensions[get_column_letter(i + 1)].width = 40 if h == "id" else 18
            sheet.append(header)
            for row in rows:
                sheet.append([_xlsx_cell(sheet, v, i in text_columns) for i, v in enumerate(row)])
            workbook.save(temp)
    return len(rows)
