"""Read models for the planning board: the posts tree, who is free for a window, the strength board, the log."""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from antasena_desktop.domain.planning_day import day_window, event_starts_in
from antasena_desktop.planning.service import current_rules
from db.models import (Assignment, AssignmentLog, Availability, Event, Personnel, Post, PostRequirement, Rank, Unit,
                       personnel_function)


@dataclass
class SeatHolder:
    assignment_id: str
    person_id: str
    nrp: str
    name: str
    rank_code: str
    unit: str
    pinned: bool
    source: str
    reason: str


@dataclass
class LineView:
    id: str
    function: str | None
    count: int
    min_rank_code: str | None
    gender: str | None
    role_label: str
    holders: list[SeatHolder] = field(default_factory=list)

    @property
    def filled(self) -> int:
        return len(self.holders)


@dataclass
class PostView:
    id: str
    event_id: str
    name: str
    type: str
    lat: float
    lon: float
    start_at: datetime
    end_at: datetime
    lines: list[LineView] = field(default_factory=list)

    @property
    def required(self) -> int:
        return sum(line.count for line in self.lines)

    @property
    def filled(self) -> int:
        return sum(min(line.filled, line.count) for line in self.lines)


@dataclass
class EventView:
    id: str
    number: str
    title: str
    kind: str
    kerawanan_level: int
    status: str
    start_at: datetime
    end_at: datetime
    lat: float | None
    lon: float | None
    posts: list[PostView] = field(default_factory=list)

    @property
    def required(self) -> int:
        return sum(p.required for p in self.posts)

    @property
    def filled(self) -> int:
        return sum(p.filled for p in self.posts)


def day_plan(session: Session, day: date) -> list[EventView]:
    """Events of a planning day (those starting that day, WIB) with their posts, lines and current holders."""
    events = session.scalars(select(Event).where(Event.deleted_at.is_(None), Event.status != "dibatalkan",
                                                 event_starts_in(Event.start_at, day))
                             .order_by(Event.start_at)).all()
    return _plan(session, events)


def events_plan(session: Session, event_ids: list[str]) -> list[EventView]:
    events = session.scalars(select(Event).where(Event.id.in_(event_ids)).order_by(Event.start_at)).all()
    return _plan(session, events)


def _plan(session: Session, events) -> list[EventView]:
    ids = [e.id for e in events]
    posts = session.scalars(select(Post).where(Post.event_id.in_(ids), Post.deleted_at.is_(None))
                            .order_by(Post.start_at, Post.name)).all()
    post_ids = [p.id for p in posts]
    lines = session.scalars(select(PostRequirement).where(PostRequirement.post_id.in_(post_ids),
                                                          PostRequirement.deleted_at.is_(None))
                            .order_by(PostRequirement.position)).all()
    holders = session.execute(
        select(Assignment.id, Assignment.requirement_id, Personnel.id, Personnel.nrp, Personnel.name,
               Personnel.rank_code, Unit.short_name, Assignment.pinned, Assignment.source, Assignment.reason, Rank.seniority)
        .join(Personnel, Assignment.personnel_id == Personnel.id).join(Unit, Personnel.unit_id == Unit.id)
        .join(Rank, Rank.code == Personnel.rank_code)
        .where(Assignment.post_id.in_(post_ids), Assignment.deleted_at.is_(None))
        .order_by(Rank.seniority.desc(), Personnel.name)).all()
    by_line: dict[str, list[SeatHolder]] = defaultdict(list)
    for aid, line_id, pid, nrp, name, rank, unit, pinned, source, reason, _s in holders:
        by_line[line_id].append(SeatHolder(aid, pid, nrp, name, rank, unit, pinned, source, reason))
    lines_by_post: dict[str, list[LineView]] = defaultdict(list)
    for line in lines:
        lines_by_post[line.post_id].append(LineView(line.id, line.function_code, line.count, line.min_rank_code,
                                                    line.gender, line.role_label, by_line[line.id]))
    posts_by_event: dict[str, list[PostView]] = defaultdict(list)
    for post in posts:
        posts_by_event[post.event_id].append(PostView(post.id, post.event_id, post.name, post.type, post.lat, post.lon,
                                                      post.start_at, post.end_at, lines_by_post[post.id]))
    return [EventView(e.id, e.number, e.title, e.kind, e.kerawanan_level, e.status, e.start_at, e.end_at, e.lat, e.lon,
                      posts_by_event[e.id]) for e in events]


@dataclass
class Candidate:
    id: str
    nrp: str
    name: str
    rank_code: str
    rank_seniority: int
    gender: str
    unit_id: str
    unit: str
    functions: tuple[str, ...]
    hours_7d: float
    hours_30d: float
    busy: str          # "" when free for the window; else what occupies them (assignment/cuti…)


def candidates(session: Session, start: datetime, end: datetime) -> list[Candidate]:
    """Active personnel of the deployable units with their load and what (if anything) blocks [start, end)."""
    rule = current_rules(session)
    rest = timedelta(minutes=rule.rest_minutes)
    rows = session.execute(
        select(Personnel.id, Personnel.nrp, Personnel.name, Personnel.rank_code, Rank.seniority, Personnel.gender,
               Unit.id, Unit.short_name)
        .join(Unit, Personnel.unit_id == Unit.id).join(Rank, Rank.code == Personnel.rank_code)
        .where(Personnel.active.is_(True), Personnel.deleted_at.is_(None), Unit.operational.is_(True),
               Rank.is_pns.is_(False))
        .order_by(Rank.seniority.desc(), Personnel.name)).all()
    functions: dict[str, list[str]] = defaultdict(list)
    for pid, code in session.execute(select(personnel_function.c.personnel_id, personnel_function.c.function_code)):
        functions[pid].append(code)
    hours7: dict[str, float] = defaultdict(float)
    hours30: dict[str, float] = defaultdict(float)
    for pid, a, b in session.execute(select(Assignment.personnel_id, Assignment.start_at, Assignment.end_at)
                                     .where(Assignment.deleted_at.is_(None), Assignment.end_at > start - timedelta(days=30),
                                            Assignment.start_at < start)):
        b = min(b, start)
        span = (b - max(a, start - timedelta(days=30))).total_seconds() / 3600
        hours30[pid] += span
        if b > start - timedelta(days=7):
            hours7[pid] += (b - max(a, start - timedelta(days=7))).total_seconds() / 3600
    busy: dict[str, str] = {}
    for pid, a, b, post, title in session.execute(
            select(Assignment.personnel_id, Assignment.start_at, Assignment.end_at, Post.name, Event.title)
            .join(Post, Assignment.post_id == Post.id).join(Event, Post.event_id == Event.id)
            .where(Assignment.deleted_at.is_(None), Assignment.start_at < end + rest, Assignment.end_at > start - rest)):
        busy.setdefault(pid, f"{title} / {post}")
    for pid, kind in session.execute(select(Availability.personnel_id, Availability.kind)
                                     .where(Availability.deleted_at.is_(None), Availability.start_at < end,
                                            Availability.end_at > start)):
        busy.setdefault(pid, kind)
    return [Candidate(pid, nrp, name, rank, seniority, gender, unit_id, unit, tuple(sorted(functions[pid])),
                      round(hours7[pid], 1), round(hours30[pid], 1), busy.get(pid, ""))
            for pid, nrp, name, rank, seniority, gender, unit_id, unit in rows]


@dataclass
class UnitStrength:
    unit_id: str
    unit: str
    strength: int
    unavailable: int
    committed: int

    @property
    def free(self) -> int:
        return max(0, self.strength - self.unavailable - self.committed)


@dataclass
class StrengthBoard:
    units: list[UnitStrength]
    by_function: list[tuple[str | None, int, int]]     # function, required, covered
    short_posts: list[tuple[int, str, str, int, int]]  # priority, event, post, filled, required


def strength_board(session: Session, day: date) -> StrengthBoard:
    from antasena_desktop.services.settings import kerawanan_priority, load as load_settings

    start, end = day_window(day)
    people = session.execute(select(Personnel.id, Unit.id, Unit.short_name).join(Unit, Personnel.unit_id == Unit.id)
                             .where(Personnel.active.is_(True), Personnel.deleted_at.is_(None),
                                    Unit.operational.is_(True))).all()
    unavailable = set(session.scalars(select(Availability.personnel_id).where(
        Availability.deleted_at.is_(None), Availability.start_at < end, Availability.end_at > start)))
    committed = set(session.scalars(select(Assignment.personnel_id).where(
        Assignment.deleted_at.is_(None), Assignment.start_at < end, Assignment.end_at > start)))
    units: dict[str, UnitStrength] = {}
    for pid, unit_id, unit in people:
        entry = units.setdefault(unit_id, UnitStrength(unit_id, unit, 0, 0, 0))
        entry.strength += 1
        if pid in unavailable:
            entry.unavailable += 1
        elif pid in committed:
            entry.committed += 1
    plan = day_plan(session, day)
    settings = load_settings(session)
    need: dict[str | None, list[int]] = defaultdict(lambda: [0, 0])
    short = []
    for event in plan:
        priority = kerawanan_priority(settings, event.kerawanan_level)
        for post in event.posts:
            for line in post.lines:
                need[line.function][0] += line.count
                need[line.function][1] += min(line.filled, line.count)
            if post.filled < post.required:
                short.append((priority, event.title, post.name, post.filled, post.required))
    short.sort(key=lambda item: (-item[0], item[3] - item[4]))
    return StrengthBoard(sorted(units.values(), key=lambda u: u.unit),
                         sorted(((f, r, c) for f, (r, c) in need.items()), key=lambda x: -x[1]), short)


@dataclass
class LogEntry:
    at: datetime
    username: str
    action: str
    source: str
    person: str
    post: str
    reason: str
    before: str | None
    after: str | None


def event_log(session: Session, event_id: str) -> list[LogEntry]:
    rows = session.execute(
        select(AssignmentLog, Personnel.nrp, Personnel.name)
        .join(Personnel, Personnel.id == AssignmentLog.personnel_id)
        .where(AssignmentLog.event_id == event_id).order_by(AssignmentLog.at, AssignmentLog.id)).all()
    post_names = dict(session.execute(select(Post.id, Post.name).where(Post.event_id == event_id)).all())
    entries = []
    for log, nrp, name in rows:
        after = json.loads(log.after_json) if log.after_json else None
        before = json.loads(log.before_json) if log.before_json else None
        post_id = (after or before or {}).get("post_id", "")
        entries.append(LogEntry(log.at, log.username, log.action, log.source, f"{name} ({nrp})",
                                post_names.get(post_id, post_id), log.reason, log.before_json, log.after_json))
    return entries
