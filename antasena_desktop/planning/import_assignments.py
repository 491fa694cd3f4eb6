"""Import placements from a CSV (e.g. a satker operator's list) through the same guard, in one transaction.

Columns (header, case-insensitive): `post` (post id), `nrp`, optional `line` (requirement line id) and
`reason`. A row without a line goes on the first line of the post with a free seat whose rules the
person meets. Any refusal names the row and nothing is written.
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from antasena_desktop.i18n import T, UserError
from antasena_desktop.services.live import get_live
from antasena_desktop.planning import rules
from antasena_desktop.planning.service import (PlacementRefused, PlannedPlacement, ReasonRequired, apply_plan,
                                               check_placement, current_rules, find_person, join_messages)
from antasena_desktop.services.changes import Changes
from antasena_desktop.services.security import Actor
from db.models import Post, PostRequirement


MAX_BYTES = 20_000_000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _rows(path: Path) -> list[dict[str, str]]:
    try:
        if path.stat().st_size > MAX_BYTES:
            raise UserError(T("Berkas {p} terlalu besar (batas {n} MB).", "{p} is too large (limit {n} MB).",
                              p=path.name, n=MAX_BYTES // 1_000_000))
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(T("Berkas {p} tidak dapat dibaca: {e}", "Cannot read {p}: {e}", p=path.name, e=exc)) from exc
    lines = text.splitlines()
    bad = next((i for i, line in enumerate(lines, start=1) if _CONTROL.search(line)), None)
    if bad is not None:
        raise UserError(T("Berkas {p} baris {n}: karakter kendali (mis. NUL) tidak diterima.",
                          "{p} line {n}: control characters (e.g. NUL) are not accepted.", p=path.name, n=bad))
    try:
        dialect = csv.Sniffer().sniff(lines[0] if lines else ",", delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = [{k.strip().lower(): (v if isinstance(v, str) else "").strip() for k, v in row.items()
                 if isinstance(k, str)} for row in csv.DictReader(lines, dialect=dialect)]
    except csv.Error as exc:
        raise UserError(T("Berkas CSV {p} rusak: {e}", "Malformed CSV {p}: {e}", p=path.name, e=str(exc))) from exc
    if not rows or "post" not in rows[0] or "nrp" not in rows[0]:
        raise UserError(T("Berkas harus memiliki kolom post dan nrp.", "The file needs the columns post and nrp."))
    return rows


def import_assignments(session: Session, actor: Actor, path: str | Path) -> Changes:
    rule = current_rules(session)
    planned: list[PlannedPlacement] = []
    for number, row in enumerate(_rows(Path(path)), start=2):
        try:
            person = find_person(session, row["nrp"])
            post = get_live(session, Post, row["post"], T("Pos {p} tidak ditemukan.", "Post {p} not found.", p=row["post"]))
            line_id = row.get("line") or _first_fitting_line(session, person, post, rule)
            planned.append(PlannedPlacement(line_id, person.id, row.get("reason", "")))
        except UserError as exc:
            raise UserError(T("Baris {n}: {m}", "Row {n}: {m}", n=number, m=exc.text)) from exc
    try:
        return apply_plan(session, actor.with_source("import"), planned, [], source="import")
    except (PlacementRefused, ReasonRequired) as exc:
        raise UserError(T("Impor penempatan ditolak, tidak ada yang disimpan: {m}",
                          "Placement import refused, nothing saved: {m}", m=join_messages([exc.text]))) from exc


def _first_fitting_line(session: Session, person, post: Post, rule: rules.Rules) -> str:
    lines = session.scalars(select(PostRequirement).where(PostRequirement.post_id == post.id,
                                                          PostRequirement.deleted_at.is_(None))
                            .order_by(PostRequirement.position)).all()
    for line in lines:
        if not rules.hard(check_placement(session, person, line, rule=rule)):
            return line.id
    if not lines:
        raise UserError(T("Pos {p} belum memiliki baris kebutuhan.", "Post {p} has no requirement lines.", p=post.name))
    return lines[0].id
