"""Build an `antasena-allocation/1` instance from the database, and apply a result back.

Scope: the posts of some events (or of one day). Slots = seats of their requirement lines.
Pinned placements become pins; unpinned ones may be re-planned. Assignments of the same people
outside the scope (within a day of it) become fixed "external" slots pinned to them, so the engine
sees them for the rest and 24-hour rules exactly; they are never written back.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from antasena_desktop.domain.planning_day import day_window, event_starts_in  # noqa: F401 (day_window re-exported)
from antasena_desktop.i18n import T, UserError
from antasena_desktop.planning.service import PlannedPlacement, apply_plan, current_rules
from antasena_desktop.services.changes import Changes
from antasena_desktop.services.security import Actor
from antasena_desktop.services.settings import kerawanan_priority, load as load_settings
from antasena_desktop.timefmt import WIB
from db.models import (Assignment, Availability, Event, Personnel, Post, PostRequirement, Rank, Unit,
                       personnel_function)

EXTERNAL_PREFIX = "LUAR/"


@dataclass
class BuiltInstance:
    instance: dict
    slot_line: dict[str, str] = field(default_factory=dict)          # slot id → requirement line id
    person_by_key: dict[str, str] = field(default_factory=dict)      # instance person id (NRP) → personnel id
    existing: dict[str, tuple[str, str, bool]] = field(default_factory=dict)  # assignment id → (line, person, pinned)
    start: datetime | None = None
    end: datetime | None = None

    @property
    def slot_count(self) -> int:
        return len(self.slot_line)


def _iso(moment: datetime) -> str:
    return moment.astimezone(WIB).isoformat()


def build_instance(session: Session, *, event_ids: list[str] | None = None, day: date | None = None,
                   name: str | None = None) -> BuiltInstance:
    posts_query = select(Post).join(Event, Post.event_id == Event.id).where(
        Post.deleted_at.is_(None), Event.deleted_at.is_(None), Event.status != "dibatalkan")
    if event_ids:
        posts_query = posts_query.where(Post.event_id.in_(event_ids))
    elif day is not None:
        posts_query = posts_query.where(event_starts_in(Event.start_at, day))   # the event's day, all its posts
    else:
        raise UserError(T("Sebutkan kegiatan atau tanggal yang direncanakan.", "Name the events or the day to plan."))
    posts = list(session.scalars(posts_query.order_by(Post.start_at)))
    if not posts:
        raise UserError(T("Tidak ada pos pada lingkup ini.", "There are no posts in this scope."))
    settings = load_settings(session)
    rule = current_rules(session)
    levels = dict(session.execute(select(Rank.code, Rank.level)).all())
    scope_start = min(p.start_at for p in posts)
    scope_end = max(p.end_at for p in posts)
    margin = timedelta(hours=24, minutes=rule.rest_minutes)
    post_ids = [p.id for p in posts]
    lines = list(session.scalars(select(PostRequirement).where(PostRequirement.post_id.in_(post_ids),
                                                               PostRequirement.deleted_at.is_(None))
                                 .order_by(PostRequirement.post_id, PostRequirement.position)))
    in_scope = list(session.scalars(select(Assignment).where(Assignment.post_id.in_(post_ids),
                                                             Assignment.deleted_at.is_(None))))
    people = session.execute(
        select(Personnel.id, Personnel.nrp, Personnel.rank_code, Personnel.gender, Unit.short_name, Unit.lat, Unit.lon)
        .join(Unit, Personnel.unit_id == Unit.id)
        .join(Rank, Rank.code == Personnel.rank_code)
        .where(Personnel.active.is_(True), Personnel.deleted_at.is_(None), Unit.operational.is_(True),
               Rank.is_pns.is_(False))).all()
    in_scope_people = {a.personnel_id for a in in_scope}
    known = {row[0] for row in people}
    if in_scope_people - known:     # pinned people outside the pool still count
        people += session.execute(
            select(Personnel.id, Personnel.nrp, Personnel.rank_code, Personnel.gender, Unit.short_name, Unit.lat,
                   Unit.lon).join(Unit, Personnel.unit_id == Unit.id)
            .where(Personnel.id.in_(in_scope_people - known))).all()
    ids = [row[0] for row in people]
    functions: dict[str, list[str]] = defaultdict(list)
    for pid, code in session.execute(select(personnel_function.c.personnel_id, personnel_function.c.function_code)):
        functions[pid].append(code)
    unavailable: dict[str, list[list[str]]] = defaultdict(list)
    for pid, a, b in session.execute(select(Availability.personnel_id, Availability.start_at, Availability.end_at)
                                     .where(Availability.deleted_at.is_(None), Availability.start_at < scope_end + margin,
                                            Availability.end_at > scope_start - margin)):
        unavailable[pid].append([_iso(a), _iso(b)])
    recent: dict[str, float] = defaultdict(float)
    history_start = scope_start - timedelta(days=30)
    for pid, a, b in session.execute(select(Assignment.personnel_id, Assignment.start_at, Assignment.end_at)
                                     .where(Assignment.deleted_at.is_(None), Assignment.start_at >= history_start,
                                            Assignment.end_at <= scope_start)):
        recent[pid] += (b - a).total_seconds() / 3600
    hq = session.execute(select(Unit.lat, Unit.lon).where(Unit.kind == "polrestabes")).first() or (-2.987, 104.757)
    built = BuiltInstance(instance={}, start=scope_start, end=scope_end)
    personnel = []
    key_of: dict[str, str] = {}
    for pid, nrp, rank_code, gender, unit_name, lat, lon in people:
        key_of[pid] = nrp
        built.person_by_key[nrp] = pid
        personnel.append({"id": nrp, "unit": unit_name, "rank": levels[rank_code], "functions": sorted(functions[pid]),
                          "gender": gender, "home": [lat if lat is not None else hq[0], lon if lon is not None else hq[1]],
                          "recent_hours": round(recent[pid], 2), "unavailable": unavailable[pid]})
    events = {e.id: e for e in session.scalars(select(Event).where(Event.id.in_({p.event_id for p in posts})))}
    post_by_id = {p.id: p for p in posts}
    slots, pins = [], []
    by_line: dict[str, list[Assignment]] = defaultdict(list)
    for assignment in in_scope:
        by_line[assignment.requirement_id].append(assignment)
        built.existing[assignment.id] = (assignment.requirement_id, assignment.personnel_id, assignment.pinned)
    for line in lines:
        post = post_by_id[line.post_id]
        priority = kerawanan_priority(settings, events[post.event_id].kerawanan_level)
        pinned_here = [a for a in by_line[line.id] if a.pinned]
        for seat in range(line.count):
            slot_id = f"{post.id}/{line.id}/{seat + 1}"
            built.slot_line[slot_id] = line.id
            slots.append({"id": slot_id, "post": post.id, "function": line.function_code,
                          "min_rank": levels[line.min_rank_code] if line.min_rank_code else 0, "gender": line.gender,
                          "start": _iso(post.start_at), "end": _iso(post.end_at), "location": [post.lat, post.lon],
                          "priority": priority})
            if seat < len(pinned_here):
                pins.append({"slot": slot_id, "person": key_of[pinned_here[seat].personnel_id]})
    # Other assignments of the pool near the scope: fixed external slots pinned to their holder.
    outside = session.execute(
        select(Assignment.id, Assignment.personnel_id, Assignment.start_at, Assignment.end_at)
        .where(Assignment.deleted_at.is_(None), Assignment.post_id.not_in(post_ids),
               Assignment.start_at < scope_end + margin, Assignment.end_at > scope_start - margin)).all()
    for aid, pid, a, b in outside:
        if pid not in key_of:
            continue
        slot_id = f"{EXTERNAL_PREFIX}{aid}"
        slots.append({"id": slot_id, "post": f"{EXTERNAL_PREFIX}{aid}", "function": None, "min_rank": 0,
                      "gender": None, "start": _iso(a), "end": _iso(b), "location": [hq[0], hq[1]], "priority": 1})
        pins.append({"slot": slot_id, "person": key_of[pid]})
    del ids
    built.instance = {
        "format": "antasena-allocation/1",
        "name": name or f"antasena-{scope_start.astimezone(WIB).date().isoformat()}",
        "rules": {"rest_minutes": rule.rest_minutes, "max_minutes_per_24h": rule.max_minutes_per_24h},
        "weights": {"unfilled": 1000.0, "distance_km": 1.0, "recent_hours": 0.5, "person_used": 0.0},
        "personnel": personnel, "slots": slots, "pins": pins,
    }
    return built


@dataclass
class PlanDiff:
    add: list[PlannedPlacement]
    remove: list[str]
    keep: int


def diff_result(built: BuiltInstance, result: dict) -> PlanDiff:
    """What applying `result` changes: new placements, replaced unpinned ones, and how many stay."""
    wanted: dict[str, list[str]] = defaultdict(list)          # line → person ids wanted by the plan
    for item in result.get("assignments", []):
        slot = item["slot"]
        if slot.startswith(EXTERNAL_PREFIX) or slot not in built.slot_line:
            continue
        wanted[built.slot_line[slot]].append(built.person_by_key[item["person"]])
    remove, keep = [], 0
    for assignment_id, (line, person, pinned) in built.existing.items():
        if person in wanted[line]:
            wanted[line].remove(person)
            keep += 1
        elif not pinned:
            remove.append(assignment_id)
    add = [PlannedPlacement(line, person) for line, persons in wanted.items() for person in persons]
    return PlanDiff(add, remove, keep)


def apply_result(session: Session, actor: Actor, built: BuiltInstance, result: dict) -> Changes:
    """Write an allocator result in the caller's one transaction, through the placement guard.

    Audited with source "auto" under the acting user's name."""
    diff = diff_result(built, result)
    changes = apply_plan(session, actor.with_source("auto"), diff.add, diff.remove, source="auto")
    changes.note = f"{len(diff.add)} ditempatkan, {len(diff.remove)} diganti, {diff.keep} tetap"
    return changes
