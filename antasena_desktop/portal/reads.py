"""What a stakeholder sees, read from the database and cut by `policy` (every call checks it again).

Rows here are plain dataclasses of display-ready values: the public calendar never loads the
kerawanan columns or the event description (where intelligence notes are written), so no template
can show them by mistake.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from antasena_desktop.domain.catalog import EVENT_KIND_BY_CODE, EVENT_STATUS_BY_CODE, POST_TYPE_BY_CODE
from antasena_desktop.i18n import T, Text
from antasena_desktop.portal import policy
from antasena_desktop.portal.policy import EventFacts, Forbidden, Viewer
from antasena_desktop.timefmt import now_utc
from db.models import (Assignment, Event, Kecamatan, NewsAttachment, NewsPost, Personnel, Post, PostRequirement,
                       Rank, StakeholderAccount, Unit, Venue, stakeholder_event)

CALENDAR_BEFORE = timedelta(days=7)
CALENDAR_AFTER = timedelta(days=60)
HISTORY_AHEAD = timedelta(days=14)


def _term(index, code: str) -> Text:
    term = index.get(code)
    return T(term.id, term.en) if term else T(code, code)


@dataclass(frozen=True)
class CalendarRow:
    id: str
    number: str
    title: str
    kind: Text
    start_at: datetime
    end_at: datetime
    place: str
    kecamatan: str
    status: Text
    own: bool


@dataclass(frozen=True)
class PersonLine:
    name: str
    nrp: str
    rank: str
    unit: str


@dataclass(frozen=True)
class PostStrength:
    name: str
    type: Text
    start_at: datetime
    end_at: datetime
    required: int
    placed: int
    people: tuple[PersonLine, ...] = ()      # only those whose names the viewer may see
    hidden: int = 0                           # placed people counted but not named


@dataclass(frozen=True)
class EventView:
    row: CalendarRow
    organiser: str
    posts: tuple[PostStrength, ...]
    names_shown: bool

    @property
    def required(self) -> int:
        return sum(p.required for p in self.posts)

    @property
    def placed(self) -> int:
        return sum(p.placed for p in self.posts)


@dataclass(frozen=True)
class Upcoming:
    event_title: str
    post: str
    start_at: datetime
    end_at: datetime


@dataclass(frozen=True)
class HistoryRow:
    name: str
    nrp: str
    rank: str
    hours_7: float
    hours_30: float
    events_30: int
    upcoming: tuple[Upcoming, ...] = ()


@dataclass(frozen=True)
class NewsItem:
    id: str
    kind: str
    title: str
    body: str
    publish_at: datetime
    attachments: tuple[tuple[str, str, int], ...] = field(default_factory=tuple)   # (id, filename, size)


# ---------------------------------------------------------------- the viewer

def viewer_for(session: Session, account_id: str | None) -> Viewer | None:
    """The account as the policy sees it now (None when gone, inactive or locked out since)."""
    if not account_id:
        return None
    account = session.get(StakeholderAccount, account_id)
    if account is None or not account.active or account.deleted_at is not None:
        return None
    events = frozenset(session.scalars(select(stakeholder_event.c.event_id)
                                       .where(stakeholder_event.c.account_id == account.id)))
    return Viewer(account.id, account.username, policy.Kind(account.kind), account.unit_id, account.organiser,
                  events, policy.Profile(account.pks_profile), account.display_name)


# ---------------------------------------------------------------- calendar and events

def _placed_units(session: Session, event_ids: list[str]) -> dict[str, frozenset[str]]:
    if not event_ids:
        return {}
    rows = session.execute(
        select(Post.event_id, Personnel.unit_id).distinct()
        .join(Assignment, Assignment.post_id == Post.id).join(Personnel, Personnel.id == Assignment.personnel_id)
        .where(Post.event_id.in_(event_ids), Assignment.deleted_at.is_(None), Post.deleted_at.is_(None)))
    units: dict[str, set[str]] = defaultdict(set)
    for event_id, unit_id in rows:
        units[event_id].add(unit_id)
    return {k: frozenset(v) for k, v in units.items()}


_CALENDAR_COLUMNS = (Event.id, Event.number, Event.title, Event.kind, Event.start_at, Event.end_at, Event.address,
                     Event.status, Event.organiser, Venue.name, Kecamatan.name)


def _calendar_query():
    return (select(*_CALENDAR_COLUMNS).outerjoin(Venue, Venue.id == Event.venue_id)
            .outerjoin(Kecamatan, Kecamatan.code == Event.kecamatan_code).where(Event.deleted_at.is_(None)))


def _row(values, own: bool) -> CalendarRow:
    event_id, number, title, kind, start, end, address, status, _organiser, venue, kecamatan = values
    return CalendarRow(event_id, number, title, _term(EVENT_KIND_BY_CODE, kind), start, end, venue or address or "",
                       kecamatan or "", _term(EVENT_STATUS_BY_CODE, status), own)


def calendar(session: Session, viewer: Viewer, start: datetime | None = None,
             end: datetime | None = None) -> list[CalendarRow]:
    """The public subset of the calendar in [start, end) (default: a week back, two months ahead)."""
    now = now_utc()
    start = start or now - CALENDAR_BEFORE
    end = end or now + CALENDAR_AFTER
    rows = session.execute(_calendar_query().where(Event.end_at > start, Event.start_at < end)
                           .order_by(Event.start_at, Event.number)).all()
    units = _placed_units(session, [r[0] for r in rows])
    return [_row(r, policy.owns_event(viewer, EventFacts(r[0], r[8] or "", units.get(r[0], frozenset()))))
            for r in rows]


def event_facts(session: Session, event_id: str) -> EventFacts | None:
    organiser = session.execute(select(Event.organiser).where(Event.id == event_id, Event.deleted_at.is_(None))).first()
    if organiser is None:
        return None
    return EventFacts(event_id, organiser[0] or "", _placed_units(session, [event_id]).get(event_id, frozenset()))


class NotFound(LookupError):
    pass


def event_view(session: Session, viewer: Viewer, event_id: str) -> EventView:
    """Posts and strength of one of the viewer's own events (Forbidden otherwise)."""
    facts = event_facts(session, event_id)
    if facts is None:
        raise NotFound(event_id)
    policy.check_event(viewer, facts)
    row = session.execute(_calendar_query().where(Event.id == event_id)).one()
    posts = session.scalars(select(Post).where(Post.event_id == event_id, Post.deleted_at.is_(None))
                            .order_by(Post.start_at, Post.name)).all()
    post_ids = [p.id for p in posts]
    required = dict(session.execute(
        select(PostRequirement.post_id, func.sum(PostRequirement.count))
        .where(PostRequirement.post_id.in_(post_ids), PostRequirement.deleted_at.is_(None))
        .group_by(PostRequirement.post_id)).all()) if post_ids else {}
    placed = defaultdict(list)
    if post_ids:
        for post_id, name, nrp, rank, unit_id, unit in session.execute(
                select(Assignment.post_id, Personnel.name, Personnel.nrp, Rank.name, Personnel.unit_id, Unit.short_name)
                .join(Personnel, Personnel.id == Assignment.personnel_id).join(Rank, Rank.code == Personnel.rank_code)
                .join(Unit, Unit.id == Personnel.unit_id)
                .where(Assignment.post_id.in_(post_ids), Assignment.deleted_at.is_(None))
                .order_by(Personnel.name)):
            placed[post_id].append((PersonLine(name, nrp, rank, unit), unit_id))
    strengths, any_names = [], False
    for post in posts:
        people = placed.get(post.id, [])
        shown = tuple(line for line, unit_id in people if policy.names_allowed(viewer, unit_id))
        any_names = any_names or bool(shown)
        strengths.append(PostStrength(post.name, _term(POST_TYPE_BY_CODE, post.type), post.start_at, post.end_at,
                                      int(required.get(post.id) or 0), len(people), shown, len(people) - len(shown)))
    return EventView(_row(row, True), row[8] or "", tuple(strengths), any_names)


# ---------------------------------------------------------------- a satker's placement history

def _overlap_hours(start: datetime, end: datetime, lo: datetime, hi: datetime) -> float:
    seconds = (min(end, hi) - max(start, lo)).total_seconds()
    return max(0.0, seconds) / 3600.0


def placement_history(session: Session, viewer: Viewer, now: datetime | None = None) -> list[HistoryRow]:
    """Per person of the satker: hours placed in the last 7 and 30 days, events served in 30 days, and
    the placements of the next two weeks — to avoid tasking the same people twice."""
    policy.check_history(viewer)
    now = now or now_utc()
    lo = now - timedelta(days=30)
    people = session.execute(select(Personnel.id, Personnel.name, Personnel.nrp, Rank.name)
                             .join(Rank, Rank.code == Personnel.rank_code)
                             .where(Personnel.unit_id == viewer.unit_id, Personnel.deleted_at.is_(None),
                                    Personnel.active.is_(True)).order_by(Personnel.name)).all()
    placements = defaultdict(list)
    for person_id, start, end, event_id, title, post in session.execute(
            select(Assignment.personnel_id, Assignment.start_at, Assignment.end_at, Event.id, Event.title, Post.name)
            .join(Post, Post.id == Assignment.post_id).join(Event, Event.id == Post.event_id)
            .join(Personnel, Personnel.id == Assignment.personnel_id)
            .where(Personnel.unit_id == viewer.unit_id, Assignment.deleted_at.is_(None),
                   Assignment.end_at > lo, Assignment.start_at < now + HISTORY_AHEAD)
            .order_by(Assignment.start_at)):
        placements[person_id].append((start, end, event_id, title, post))
    rows = []
    for person_id, name, nrp, rank in people:
        mine = placements.get(person_id, [])
        rows.append(HistoryRow(
            name, nrp, rank,
            round(sum(_overlap_hours(s, e, now - timedelta(days=7), now) for s, e, *_ in mine), 1),
            round(sum(_overlap_hours(s, e, lo, now) for s, e, *_ in mine), 1),
            len({ev for s, e, ev, *_ in mine if s < now}),
            tuple(Upcoming(title, post, s, e) for s, e, _ev, title, post in mine if e > now)))
    return rows


# ---------------------------------------------------------------- news

def _published(now: datetime):
    return (NewsPost.deleted_at.is_(None), NewsPost.withdrawn_at.is_(None), NewsPost.publish_at <= now)


def _item(post: NewsPost) -> NewsItem:
    files = tuple((a.id, a.filename, a.size) for a in post.attachments if a.deleted_at is None)
    return NewsItem(post.id, post.kind, post.title, post.body, post.publish_at, files)


def news(session: Session, now: datetime | None = None, kind: str | None = None, limit: int = 50) -> list[NewsItem]:
    """Published posts, newest first (scheduled and withdrawn ones are not there)."""
    conditions = [*_published(now or now_utc())] + ([NewsPost.kind == kind] if kind else [])
    query = select(NewsPost).where(*conditions).order_by(NewsPost.publish_at.desc()).limit(limit)
    return [_item(p) for p in session.scalars(query)]


def news_item(session: Session, post_id: str, now: datetime | None = None) -> NewsItem:
    post = session.scalar(select(NewsPost).where(NewsPost.id == post_id, *_published(now or now_utc())))
    if post is None:
        raise NotFound(post_id)
    return _item(post)


def news_attachment(session: Session, post_id: str, attachment_id: str,
                    now: datetime | None = None) -> tuple[str, str, bytes]:
    """(filename, mime, data) of an attachment of a published post."""
    news_item(session, post_id, now)
    row = session.scalar(select(NewsAttachment).where(NewsAttachment.id == attachment_id,
                                                      NewsAttachment.post_id == post_id,
                                                      NewsAttachment.deleted_at.is_(None)))
    if row is None:
        raise NotFound(attachment_id)
    return row.filename, row.mime, row.data


__all__ = ["CalendarRow", "EventView", "Forbidden", "HistoryRow", "NewsItem", "NotFound", "calendar", "event_view",
           "news", "news_attachment", "news_item", "placement_history", "viewer_for"]
