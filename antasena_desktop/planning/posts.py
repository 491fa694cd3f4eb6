"""Planning-board services for posts: add, edit, delete posts and their requirement lines by hand, move a post on
the map; export an event's assignment log, pick the busy day, suggestions for a short requirement line.

Every change is audited and returns its `Changes` (undoable through `services.undo`); a line is never cut below the
people already holding it, nor a held post deleted or retimed (the operator is told how many to release first)."""
from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from antasena_desktop.domain.planning_day import day_window, planning_day
from antasena_desktop.i18n import T, UserError
from antasena_desktop.services.live import get_live
from antasena_desktop.services import audit
from antasena_desktop.services.changes import Changes
from antasena_desktop.services.security import Actor, Permission, require
from antasena_desktop.timefmt import format_date_id, format_time_wib
from antasena_desktop.domain.catalog import FUNCTION_BY_CODE, POST_TYPE_BY_CODE
from antasena_desktop.domain.ranks import BY_CODE as RANK_BY_CODE
from db.models import Assignment, Event, Personnel, Post, PostRequirement

MAX_LINE_COUNT = 500
POST_FIELDS = ("name", "type", "lat", "lon", "start_at", "end_at", "notes")
LINE_FIELDS = ("function_code", "count", "min_rank_code", "gender", "role_label")


def move_post(session: Session, actor: Actor, post_id: str, lat: float, lon: float) -> Changes:
    """Save a post's new position (a marker dragged on the map). Audited; returns the Changes."""
    require(actor, Permission.PLAN)
    post = get_live(session, Post, post_id, T("Pos {p} tidak ditemukan.", "Post {p} not found.", p=post_id))
    lat, lon = float(lat), float(lon)
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        raise UserError(T("Koordinat pos {p} tidak sah: {lat}, {lon}.", "Invalid coordinates for post {p}: {lat}, {lon}.",
                          p=post.name, lat=lat, lon=lon))
    changes = Changes()
    audit.update(session, actor, post, {"lat": lat, "lon": lon}, changes, note="geser di peta")
    return changes


def _live_post(session: Session, post_id: str) -> Post:
    return get_live(session, Post, post_id, T("Pos {p} tidak ditemukan.", "Post {p} not found.", p=post_id))


def _live_line(session: Session, line_id: str) -> PostRequirement:
    return get_live(session, PostRequirement, line_id, T("Baris kebutuhan {l} tidak ditemukan.",
                                                         "Requirement line {l} not found.", l=line_id))


def _holders(session: Session, *, post_id: str | None = None, line_id: str | None = None) -> int:
    query = select(func.count()).select_from(Assignment).where(Assignment.deleted_at.is_(None))
    query = query.where(Assignment.post_id == post_id) if post_id else query.where(Assignment.requirement_id == line_id)
    return int(session.scalar(query) or 0)


def _check_post_values(values: dict, where: str) -> dict:
    unknown = set(values) - set(POST_FIELDS)
    if unknown:
        raise UserError(T("Kolom pos tidak dikenal: {k}.", "Unknown post field: {k}.", k=", ".join(sorted(unknown))))
    out = dict(values)
    if "name" in out:
        out["name"] = str(out["name"] or "").strip()
        if not out["name"]:
            raise UserError(T("{w}: nama pos wajib diisi.", "{w}: the post needs a name.", w=where))
        if len(out["name"]) > 120:
            raise UserError(T("{w}: nama pos paling panjang 120 huruf.", "{w}: post name at most 120 characters.", w=where))
    if "type" in out and out["type"] not in POST_TYPE_BY_CODE:
        raise UserError(T("{w}: jenis pos {t} tidak dikenal.", "{w}: unknown post type {t}.", w=where, t=out["type"]))
    for key, lo, hi in (("lat", -90.0, 90.0), ("lon", -180.0, 180.0)):
        if key in out:
            try:
                out[key] = float(out[key])
            except (TypeError, ValueError):
                out[key] = None
            if out[key] is None or not lo <= out[key] <= hi:
                raise UserError(T("{w}: koordinat pos tidak sah.", "{w}: invalid post coordinates.", w=where))
    return out


def _check_line(values: dict, where: str) -> dict:
    unknown = set(values) - set(LINE_FIELDS)
    if unknown:
        raise UserError(T("Kolom baris kebutuhan tidak dikenal: {k}.", "Unknown requirement field: {k}.",
                          k=", ".join(sorted(unknown))))
    out = dict(values)
    if "function_code" in out:
        out["function_code"] = out["function_code"] or None
        if out["function_code"] is not None and out["function_code"] not in FUNCTION_BY_CODE:
            raise UserError(T("{w}: fungsi {f} tidak dikenal.", "{w}: unknown function {f}.", w=where,
                              f=out["function_code"]))
    if "count" in out:
        try:
            out["count"] = int(out["count"])
        except (TypeError, ValueError):
            out["count"] = 0
        if not 1 <= out["count"] <= MAX_LINE_COUNT:
            raise UserError(T("{w}: jumlah personel harus 1 sampai {m}.", "{w}: the number of people must be 1 to {m}.",
                              w=where, m=MAX_LINE_COUNT))
    if "min_rank_code" in out:
        out["min_rank_code"] = out["min_rank_code"] or None
        if out["min_rank_code"] is not None and out["min_rank_code"] not in RANK_BY_CODE:
            raise UserError(T("{w}: pangkat {r} tidak dikenal.", "{w}: unknown rank {r}.", w=where, r=out["min_rank_code"]))
    if "gender" in out:
        out["gender"] = out["gender"] or None
        if out["gender"] not in (None, "M", "F"):
            raise UserError(T("{w}: jenis kelamin harus L atau P.", "{w}: gender must be M or F.", w=where))
    if "role_label" in out:
        out["role_label"] = str(out["role_label"] or "").strip()[:80]
    return out


def add_post(session: Session, actor: Actor, event_id: str, values: dict, lines: list[dict] = ()) -> Changes:
    """A post made by hand on an event, with its requirement lines. Position and times default to the event's."""
    require(actor, Permission.PLAN)
    event = session.get(Event, event_id)
    if event is None or event.deleted_at is not None:
        raise UserError(T("Kegiatan {e} tidak ditemukan.", "Event {e} not found.", e=event_id))
    if event.status == "dibatalkan":
        raise UserError(T("Kegiatan {e} sudah dibatalkan; pos tidak dapat ditambah.",
                          "Event {e} is cancelled; no posts can be added.", e=event.title))
    values = {"type": "pos_pam", "lat": event.lat, "lon": event.lon, "start_at": event.start_at,
              "end_at": event.end_at, "notes": "", **values}
    where = str(T("Pos baru", "New post"))
    checked = _check_post_values(values, where)
    if checked.get("start_at") is None or checked.get("end_at") is None or checked["end_at"] <= checked["start_at"]:
        raise UserError(T("{w}: jam selesai harus setelah jam mulai.", "{w}: the end must be after the start.", w=where))
    changes = Changes()
    post = audit.create(session, actor, Post(event_id=event.id, **checked), changes, note="pos manual")
    for position, line in enumerate(lines):
        spec = _check_line({"count": 1, **line}, str(T("Baris {n}", "Line {n}", n=position + 1)))
        audit.create(session, actor, PostRequirement(post_id=post.id, position=position, **spec), changes,
                     note="kebutuhan manual")
    return changes


def update_post(session: Session, actor: Actor, post_id: str, values: dict) -> Changes:
    """Edit a post's name, type, position, times or notes. A post with holders keeps its times."""
    require(actor, Permission.PLAN)
    post = _live_post(session, post_id)
    checked = _check_post_values(values, post.name)
    start, end = checked.get("start_at", post.start_at), checked.get("end_at", post.end_at)
    if end <= start:
        raise UserError(T("{p}: jam selesai harus setelah jam mulai.", "{p}: the end must be after the start.",
                          p=post.name))
    retimed = start != post.start_at or end != post.end_at
    held = _holders(session, post_id=post.id) if retimed else 0
    if held:
        raise UserError(T("{p}: {n} personel sudah ditempatkan; lepaskan mereka dahulu sebelum mengubah jam pos.",
                          "{p}: {n} people are placed; release them before changing the post's times.",
                          p=post.name, n=held))
    changes = Changes()
    audit.update(session, actor, post, checked, changes, note="ubah pos")
    return changes


def delete_post(session: Session, actor: Actor, post_id: str) -> Changes:
    """Remove a post and its lines (tombstones). Refused while people hold it."""
    require(actor, Permission.PLAN)
    post = _live_post(session, post_id)
    held = _holders(session, post_id=post.id)
    if held:
        raise UserError(T("{p}: {n} personel masih ditempatkan di pos ini; lepaskan mereka dahulu.",
                          "{p}: {n} people are still placed on this post; release them first.", p=post.name, n=held))
    changes = Changes()
    for line in session.scalars(select(PostRequirement).where(PostRequirement.post_id == post.id,
                                                              PostRequirement.deleted_at.is_(None))):
        audit.tombstone(session, actor, line, changes, note="hapus pos")
    audit.tombstone(session, actor, post, changes, note="hapus pos")
    return changes


def add_line(session: Session, actor: Actor, post_id: str, values: dict) -> Changes:
    require(actor, Permission.PLAN)
    post = _live_post(session, post_id)
    spec = _check_line({"count": 1, **values}, post.name)
    position = 1 + max([line.position for line in session.scalars(select(PostRequirement).where(
        PostRequirement.post_id == post.id, PostRequirement.deleted_at.is_(None)))] or [-1])
    changes = Changes()
    audit.create(session, actor, PostRequirement(post_id=post.id, position=position, **spec), changes,
                 note="kebutuhan manual")
    return changes


def update_line(session: Session, actor: Actor, line_id: str, values: dict) -> Changes:
    """Edit a requirement line (function, count, minimum rank, gender, role). Never below its current holders."""
    require(actor, Permission.PLAN)
    line = _live_line(session, line_id)
    post = _live_post(session, line.post_id)
    spec = _check_line(values, post.name)
    held = _holders(session, line_id=line.id)
    if spec.get("count", line.count) < held:
        raise UserError(T("{p}: baris ini sudah diisi {h} personel; jumlah tidak dapat dikurangi menjadi {n}. "
                          "Lepaskan {d} personel dahulu.",
                          "{p}: {h} people already hold this line; the count cannot drop to {n}. Release {d} first.",
                          p=post.name, h=held, n=spec["count"], d=held - spec["count"]))
    changes = Changes()
    audit.update(session, actor, line, spec, changes, note="ubah kebutuhan")
    return changes


def delete_line(session: Session, actor: Actor, line_id: str) -> Changes:
    require(actor, Permission.PLAN)
    line = _live_line(session, line_id)
    post = _live_post(session, line.post_id)
    held = _holders(session, line_id=line.id)
    if held:
        raise UserError(T("{p}: {n} personel masih mengisi baris ini; lepaskan mereka dahulu.",
                          "{p}: {n} people still hold this line; release them first.", p=post.name, n=held))
    changes = Changes()
    audit.tombstone(session, actor, line, changes, note="hapus kebutuhan")
    return changes


def save_post(session: Session, actor: Actor, event_id: str, post_id: str | None, values: dict,
              lines: list[dict], deleted_line_ids: list[str] = ()) -> Changes:
    """What the post editor's Save does, in ONE transaction: create the post (post_id None) or edit it, then its
    lines — each dict with `id` is updated, without `id` added — and the removed lines deleted."""
    if post_id is None:
        return add_post(session, actor, event_id, values, [{k: v for k, v in ln.items() if k != "id"} for ln in lines])
    changes = update_post(session, actor, post_id, values)
    for line_id in deleted_line_ids:
        changes.extend(delete_line(session, actor, line_id))
    for line in lines:
        spec = {k: v for k, v in line.items() if k != "id"}
        changes.extend(update_line(session, actor, line["id"], spec) if line.get("id")
                       else add_line(session, actor, post_id, spec))
    return changes


def post_details(session: Session, post_id: str) -> dict:
    """What the post editor shows: the post's fields and its live lines with their holder counts."""
    post = _live_post(session, post_id)
    lines = session.scalars(select(PostRequirement).where(PostRequirement.post_id == post.id,
                                                          PostRequirement.deleted_at.is_(None))
                            .order_by(PostRequirement.position)).all()
    held = dict(session.execute(select(Assignment.requirement_id, func.count()).where(
        Assignment.post_id == post.id, Assignment.deleted_at.is_(None)).group_by(Assignment.requirement_id)).all())
    return {"id": post.id, "event_id": post.event_id, **{k: getattr(post, k) for k in POST_FIELDS},
            "lines": [{"id": ln.id, **{k: getattr(ln, k) for k in LINE_FIELDS}, "held": int(held.get(ln.id, 0))}
                      for ln in lines]}


def busiest_day(session: Session, today: date, days: int = 14) -> date | None:
    """The planning day (an event counts on the day it starts) among `today` .. `today + days - 1` with the most requirement seats, or None."""
    start, _ = day_window(today)
    rows = session.execute(
        select(Event.start_at, func.sum(PostRequirement.count)).select_from(Post)
        .join(PostRequirement, PostRequirement.post_id == Post.id)
        .join(Event, Event.id == Post.event_id)
        .where(Post.deleted_at.is_(None), PostRequirement.deleted_at.is_(None), Event.deleted_at.is_(None),
               Event.status != "dibatalkan", Event.start_at >= start, Event.start_at < start + timedelta(days=days))
        .group_by(Post.id, Event.start_at)).all()      # PostgreSQL: every selected column grouped
    seats: dict[date, int] = defaultdict(int)
    for start_at, count in rows:
        seats[planning_day(start_at)] += int(count or 0)
    if not seats:
        return None
    return max(sorted(seats), key=lambda d: seats[d])


LOG_COLUMNS = ("waktu_wib", "pengguna", "aksi", "sumber", "personel", "pos", "alasan", "sebelum", "sesudah")


def export_event_log_csv(session: Session, event_id: str, path: str | Path) -> int:
    """Write the assignment log of one event as CSV (UTF-8 with BOM, for Excel). Returns the row count."""
    from antasena_desktop.planning.board import event_log

    event = session.get(Event, event_id)
    if event is None:
        raise UserError(T("Kegiatan {e} tidak ditemukan.", "Event {e} not found.", e=event_id))
    from antasena_desktop.files import private_atomic_path
    from antasena_desktop.services.export import csv_safe
    entries = event_log(session, event_id)
    with private_atomic_path(path) as temp, open(temp, "w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(LOG_COLUMNS)
        for entry in entries:       # private, atomic, and injection-safe like every export
            writer.writerow([csv_safe(v) for v in (
                f"{format_date_id(entry.at)} {format_time_wib(entry.at)}", entry.username, entry.action,
                entry.source, entry.person, entry.post, entry.reason, entry.before or "", entry.after or "")])
    return len(entries)


# ---------------------------------------------------------------------------------------------- suggestions
@dataclass
class Suggestion:
    person_id: str
    nrp: str
    name: str
    rank_code: str
    unit: str
    rank_level: int
    distance_km: float
    recent_hours: float
    cost: float
    cost_delta: float
    conflicts: list[str]


def suggest_for_line(session: Session, line_id: str, k: int = 5) -> list[Suggestion]:
    """The k best people for one empty seat of a requirement line, given the current placements.

    Uses the engine's `suggest` on an instance of the line's event; people who would have to leave another
    placement come after those who are free."""
    from antasena_desktop.allocation.problem import load_problem
    from antasena_desktop.allocation.state import State
    from antasena_desktop.allocation.suggest import suggest
    from antasena_desktop.planning.instance import build_instance

    line = get_live(session, PostRequirement, line_id, T("Baris kebutuhan {l} tidak ada.", "No requirement line {l}.",
                                                         l=line_id))
    built = build_instance(session, event_ids=[line.post.event_id])
    problem = load_problem(built.instance)
    state = State(problem)
    key_of = {pid: key for key, pid in built.person_by_key.items()}
    slots_of_line: dict[str, list[str]] = defaultdict(list)
    for slot_id, lid in built.slot_line.items():
        slots_of_line[lid].append(slot_id)
    for s, p in problem.pins:          # pinned placements and the people's other assignments (external slots)
        if state.holder[s] < 0 and problem.is_eligible(p, s) and state.can_take(p, s):
            state.assign(s, p)
    for _aid, (lid, person_id, pinned) in built.existing.items():   # the current unpinned placements
        if pinned:
            continue
        p = problem.person_index.get(key_of.get(person_id, ""))
        if p is None:
            continue
        for slot_id in slots_of_line[lid]:
            s = problem.slot_index[slot_id]
            if state.holder[s] < 0:
                if problem.is_eligible(p, s) and state.can_take(p, s):
                    state.assign(s, p)
                break
    empty = [sid for sid in slots_of_line[line_id] if state.holder[problem.slot_index[sid]] < 0]
    if not empty:
        return []
    offers = suggest(problem, state, empty[0], k=max(k * 4, 20))
    offers.sort(key=lambda o: (len(o["conflicts"]) > 0, o["cost_delta"]))
    chosen = offers[:k]
    ids = [built.person_by_key[o["person"]] for o in chosen]
    names = {pid: (name, rank) for pid, name, rank in session.execute(
        select(Personnel.id, Personnel.name, Personnel.rank_code).where(Personnel.id.in_(ids)))}
    out = []
    for pid, offer in zip(ids, chosen):
        name, rank_code = names.get(pid, ("", ""))
        out.append(Suggestion(pid, offer["person"], name, rank_code, offer["unit"], offer["rank"],
                              offer["distance_km"], offer["recent_hours"], offer["cost"], offer["cost_delta"],
                              [c["post"] for c in offer["conflicts"]]))
    return out
