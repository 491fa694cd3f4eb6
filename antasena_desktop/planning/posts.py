"""Small planning-board services: move a post on the map, export an event's assignment log, pick the busy day,
and suggestions for a short requirement line (read-only, built on the allocation engine)."""
from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from antasena_desktop.i18n import T, UserError
from antasena_desktop.services.live import get_live
from antasena_desktop.services import audit
from antasena_desktop.services.changes import Changes
from antasena_desktop.services.security import Actor, Permission, require
from antasena_desktop.timefmt import WIB, format_date_id, format_time_wib
from db.models import Event, Personnel, Post, PostRequirement


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


def busiest_day(session: Session, today: date, days: int = 14) -> date | None:
    """The day (WIB) among `today` .. `today + days - 1` with the most requirement seats, or None."""
    start = datetime.combine(today, datetime.min.time(), WIB)
    rows = session.execute(
        select(Post.start_at, func.sum(PostRequirement.count))
        .join(PostRequirement, PostRequirement.post_id == Post.id)
        .join(Event, Event.id == Post.event_id)
        .where(Post.deleted_at.is_(None), PostRequirement.deleted_at.is_(None), Event.deleted_at.is_(None),
               Event.status != "dibatalkan", Post.start_at >= start, Post.start_at < start + timedelta(days=days))
        .group_by(Post.id)).all()
    seats: dict[date, int] = defaultdict(int)
    for start_at, count in rows:
        seats[start_at.astimezone(WIB).date()] += int(count or 0)
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
    entries = event_log(session, event_id)
    with open(path, "w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(LOG_COLUMNS)
        for entry in entries:
            writer.writerow([f"{format_date_id(entry.at)} {format_time_wib(entry.at)}", entry.username, entry.action,
                             entry.source, entry.person, entry.post, entry.reason, entry.before or "",
                             entry.after or ""])
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
