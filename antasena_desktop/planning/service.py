"""The placement guard and the placement use cases. Every path that writes an assignment comes here.

Two desks must never both see a person free and both book them. Before anything is read:
* PostgreSQL: row locks (`SELECT … FOR NO KEY UPDATE`) on the requirement lines being filled, then
  on the people being placed, each in id order (no deadlock). Desks placing different people on
  different lines never wait on each other; the same person (or the last seat of a line) is serialised.
* SQLite (one writer at a time anyway): the lock row (`setting` key "planning_lock") is touched
  first, which takes the database write lock.
Behind the guard the database itself refuses an overlap or too short a rest (migration 0004_pg); should
that ever fire, the operator still gets the guard's words (`_written`), never a database error.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from contextlib import contextmanager
from typing import Iterable, Iterator

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from antasena_desktop.i18n import T, Text, UserError
from antasena_desktop.services.live import get_live
from antasena_desktop.planning import rules
from antasena_desktop.planning.rules import Busy, Conflict, LineFacts, PersonFacts
from antasena_desktop.services import audit
from antasena_desktop.services.changes import Changes
from antasena_desktop.services.security import Actor, Permission, require
from antasena_desktop.services.settings import load as load_settings
from db.changelog import LOCK_ONLY
from db.models import (Assignment, AssignmentLog, Availability, Event, Personnel, Post, PostRequirement, Rank,
                       Setting, personnel_function, utcnow)

LOCK_KEY = "planning_lock"
BUSY_CONSTRAINT = "ex_assignment_person_busy"


def join_messages(messages: list[Text]) -> Text:
    """Several bilingual messages as one, separated by "; " (no concatenation of rendered text)."""
    template = "; ".join("{m%d}" % i for i in range(len(messages)))
    return Text(template, template, {f"m{i}": m for i, m in enumerate(messages)})


class PlacementRefused(UserError):
    """A hard rule is broken; `conflicts` says which, in words naming the other event/post and time."""

    def __init__(self, conflicts: list[Conflict]):
        joined = join_messages([c.message for c in conflicts])
        super().__init__(T("Penempatan ditolak: {why}", "Placement refused: {why}", why=joined))
        self.conflicts = conflicts


class ReasonRequired(UserError):
    """Only soft mismatches: the operator may proceed with a reason."""

    def __init__(self, conflicts: list[Conflict]):
        joined = join_messages([c.message for c in conflicts])
        super().__init__(T("Perlu alasan: {why}", "A reason is needed: {why}", why=joined))
        self.conflicts = conflicts


@dataclass(frozen=True)
class NeedsReason:
    """One person of a batch whose placement needs a reason: `key` is the person id / NRP (placing) or the
    assignment id (moving), `who` a readable name, `conflicts` the soft mismatches."""
    key: str
    who: str
    conflicts: list[Conflict]


class ReasonsRequired(UserError):
    """Soft mismatches for one or more people of a batch, ALL of them at once: ask the operator once,
    then run the batch again with `reasons[key]` for each. Nothing was written."""

    def __init__(self, needs: list[NeedsReason]):
        joined = join_messages([T("{who}: {why}", "{who}: {why}", who=n.who,
                                  why=join_messages([c.message for c in n.conflicts])) for n in needs])
        super().__init__(T("Perlu alasan untuk {n} personel: {why}", "A reason is needed for {n} people: {why}",
                           n=len(needs), why=joined))
        self.needs = needs


def lock_planning(session: Session) -> None:
    """SQLite: take the database write lock for the rest of this transaction (the lock row)."""
    result = session.execute(update(Setting).where(Setting.key == LOCK_KEY).values(updated_at=utcnow())
                             .execution_options(**{LOCK_ONLY: True}))
    if result.rowcount == 0:
        session.add(Setting(key=LOCK_KEY, value_json="{}", updated_at=utcnow()))
        session.flush()


def _is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def begin_write(session: Session) -> None:
    """First statement of every placement transaction. SQLite: the write lock before anything is read (a
    read first could not be upgraded once another desk has committed). PostgreSQL: nothing yet."""
    if not _is_postgres(session):
        lock_planning(session)


def lock_for_placement(session: Session, person_ids: Iterable[str], line_ids: Iterable[str] = ()) -> None:
    """Serialise writers on what they touch: lines, then people (PostgreSQL row locks). SQLite: `begin_write`
    has already taken the one write lock."""
    if not _is_postgres(session):
        lock_planning(session)
        return
    lines, people = sorted(set(line_ids)), sorted(set(person_ids))
    if lines:
        session.execute(select(PostRequirement.id).where(PostRequirement.id.in_(lines))
                        .order_by(PostRequirement.id).with_for_update(key_share=True))
    if people:
        session.execute(select(Personnel.id).where(Personnel.id.in_(people))
                        .order_by(Personnel.id).with_for_update(key_share=True))


def _post_line_ids(session: Session, post_id: str) -> list[str]:
    return list(session.scalars(select(PostRequirement.id).where(PostRequirement.post_id == post_id,
                                                                PostRequirement.deleted_at.is_(None))))


def _is_busy_violation(exc: IntegrityError) -> bool:
    return BUSY_CONSTRAINT in str(exc.orig)


def _clash_words(session: Session, person_id: str, start: datetime, end: datetime, rest_minutes: int,
                 ignore: str | None) -> list[Conflict]:
    """The guard's words for what the database refused: the live placements whose busy ranges meet this one."""
    person = session.get(Personnel, person_id)
    name = f"{person.rank_code} {person.name}" if person else person_id
    rows = session.execute(
        select(Assignment.start_at, Assignment.end_at, Assignment.rest_minutes, Post.name, Event.title)
        .join(Post, Assignment.post_id == Post.id).join(Event, Post.event_id == Event.id)
        .where(Assignment.personnel_id == person_id, Assignment.deleted_at.is_(None),
               Assignment.id != (ignore or ""),
               Assignment.start_at < end + timedelta(minutes=rest_minutes),
               Assignment.end_at > start - timedelta(days=2))).all()
    conflicts = []
    for a, b, rest, post, title in rows:
        if not (a < end + timedelta(minutes=rest_minutes) and start < b + timedelta(minutes=rest)):
            continue
        label = f"{title} / {post}"
        if a < end and start < b:
            conflicts.append(Conflict("overlap", True, T("{n} sudah ditempatkan di {o} pada {w}.",
                                                         "{n} is already placed at {o} on {w}.",
                                                         n=name, o=label, w=rules._when(a, b))))
        else:
            conflicts.append(Conflict("rest", True, T(
                "Waktu istirahat {n} kurang dari {h} jam: bertugas di {o} pada {w}.",
                "{n} would rest less than {h} hours: on duty at {o} on {w}.",
                n=name, h=f"{max(rest, rest_minutes) / 60:g}", o=label, w=rules._when(a, b))))
    return conflicts


@contextmanager
def _written(session: Session, placements: list[tuple[str, datetime, datetime, int, str | None]]) -> Iterator[None]:
    """Write inside a savepoint; if the database refuses a clash, say it in the guard's words.
    `placements`: (person id, start, end, rest minutes, assignment id to ignore) of what is written."""
    try:
        with session.begin_nested():
            yield
    except IntegrityError as exc:
        if not _is_busy_violation(exc):
            raise
        for person_id, start, end, rest, ignore in placements:
            found = _clash_words(session, person_id, start, end, rest, ignore)
            if found:
                raise PlacementRefused(found) from None
        raise PlacementRefused([Conflict("overlap", True, T(
            "Personel sudah ditempatkan pada jam yang sama.", "The person is already placed at the same time."))]) from None


def current_rules(session: Session) -> rules.Rules:
    settings = load_settings(session)
    return rules.Rules(settings.rest_minutes, settings.max_minutes_per_24h)


def find_person(session: Session, ref: str) -> Personnel:
    return get_live(session, Personnel, ref, T("Personel {r} tidak ditemukan.", "Person {r} not found.", r=ref),
                    by=Personnel.nrp, key=ref.replace(" ", ""))


def _person_facts(session: Session, person: Personnel) -> PersonFacts:
    codes = session.scalars(select(personnel_function.c.function_code)
                            .where(personnel_function.c.personnel_id == person.id)).all()
    return PersonFacts(person.id, f"{person.rank_code} {person.name}", person.rank.level, person.gender,
                       frozenset(codes), person.active)


def _line_facts(session: Session, line: PostRequirement, ignore: str | None = None) -> LineFacts:
    taken = session.scalar(select(func.count()).select_from(Assignment).where(
        Assignment.requirement_id == line.id, Assignment.deleted_at.is_(None),
        Assignment.id != (ignore or ""))) or 0
    min_level = session.get(Rank, line.min_rank_code).level if line.min_rank_code else 0
    return LineFacts(line.id, line.post.name, line.function_code, min_level, line.min_rank_code, line.gender,
                     line.count, taken)


def busy_periods(session: Session, person_id: str, start: datetime, end: datetime, rule: rules.Rules,
                 ignore: str | None = None) -> list[Busy]:
    margin = timedelta(hours=24, minutes=rule.rest_minutes)
    rows = session.execute(
        select(Assignment.id, Assignment.start_at, Assignment.end_at, Post.name, Event.title)
        .join(Post, Assignment.post_id == Post.id).join(Event, Post.event_id == Event.id)
        .where(Assignment.personnel_id == person_id, Assignment.deleted_at.is_(None),
               Assignment.id != (ignore or ""), Assignment.start_at < end + margin,
               Assignment.end_at > start - margin)).all()
    busy = [Busy(a, b, "assignment", f"{title} / {post}", aid) for aid, a, b, post, title in rows]
    for period in session.scalars(select(Availability).where(
            Availability.personnel_id == person_id, Availability.deleted_at.is_(None),
            Availability.start_at < end, Availability.end_at > start)):
        busy.append(Busy(period.start_at, period.end_at, period.kind, period.note))
    return busy


def check_placement(session: Session, person: Personnel, line: PostRequirement, ignore: str | None = None,
                    rule: rules.Rules | None = None) -> list[Conflict]:
    rule = rule or current_rules(session)
    post = line.post
    return rules.check(_person_facts(session, person), _line_facts(session, line, ignore), post.start_at, post.end_at,
                       busy_periods(session, person.id, post.start_at, post.end_at, rule, ignore), rule)


def _active_lines(session: Session, post_id: str) -> list[PostRequirement]:
    post = get_live(session, Post, post_id, T("Pos {p} tidak ditemukan.", "Post {p} not found.", p=post_id))
    return [line for line in post.requirements if line.deleted_at is None]


def choose_line(session: Session, person: Personnel, post_id: str, rule: rules.Rules) -> tuple[PostRequirement, list[Conflict]]:
    """The best line of a post for this person: no conflict, else only soft ones, else the first refusal."""
    lines = _active_lines(session, post_id)
    if not lines:
        raise UserError(T("Pos ini belum memiliki baris kebutuhan.", "This post has no requirement lines."))
    options = [(line, check_placement(session, person, line, rule=rule)) for line in lines]
    for want_soft in (False, True):
        for line, conflicts in options:
            if not rules.hard(conflicts) and (want_soft or not conflicts):
                return line, conflicts
    return options[0]


def _snapshot(assignment: Assignment) -> dict:
    return {"post_id": assignment.post_id, "requirement_id": assignment.requirement_id,
            "personnel_id": assignment.personnel_id, "start_at": assignment.start_at.isoformat(),
            "end_at": assignment.end_at.isoformat(), "pinned": assignment.pinned, "source": assignment.source}


def _log(session: Session, actor: Actor, action: str, assignment: Assignment, before: dict | None,
         after: dict | None, reason: str = "") -> None:
    session.add(AssignmentLog(at=utcnow(), username=actor.username, action=action, assignment_id=assignment.id,
                              event_id=assignment.post.event_id if assignment.post else None,
                              personnel_id=assignment.personnel_id, source=assignment.source,
                              before_json=json.dumps(before) if before else None,
                              after_json=json.dumps(after) if after else None, reason=reason[:300]))


def _enforce(conflicts: list[Conflict], reason: str) -> None:
    if rules.hard(conflicts):
        raise PlacementRefused(rules.hard(conflicts))
    if rules.soft(conflicts) and not reason.strip():
        raise ReasonRequired(rules.soft(conflicts))


def place(session: Session, actor: Actor, person_ref: str, post_id: str, line_id: str | None = None,
          reason: str = "", source: str = "manual", pinned: bool | None = None,
          rule: rules.Rules | None = None, locked: bool = False) -> Changes:
    """Place one person (id or NRP) on a post (on `line_id`, or the best line); the same argument order as
    `move(session, actor, assignment_id, post_id, line_id)`. Refused with words on a hard conflict."""
    require(actor, Permission.PLAN)
    if not locked:
        begin_write(session)
    person = find_person(session, person_ref)
    if not locked:
        lock_for_placement(session, [person.id], [line_id] if line_id else _post_line_ids(session, post_id))
    rule = rule or current_rules(session)
    if line_id:
        line = session.get(PostRequirement, line_id)
        if line is None or line.deleted_at is not None or line.post_id != post_id:
            raise UserError(T("Baris kebutuhan {l} bukan milik pos ini.", "Line {l} is not on this post.", l=line_id))
        conflicts = check_placement(session, person, line, rule=rule)
    else:
        line, conflicts = choose_line(session, person, post_id, rule)
    _enforce(conflicts, reason)
    post = line.post
    assignment = Assignment(requirement_id=line.id, post_id=post.id, personnel_id=person.id, start_at=post.start_at,
                            end_at=post.end_at, source=source, pinned=(source == "manual") if pinned is None else pinned,
                            status="rencana", reason=reason.strip(), rest_minutes=rule.rest_minutes)
    changes = Changes()
    with _written(session, [(person.id, post.start_at, post.end_at, rule.rest_minutes, None)]):
        audit.create(session, actor, assignment, changes, note=reason)
    _log(session, actor, "place", assignment, None, _snapshot(assignment), reason)
    return changes


def unassign(session: Session, actor: Actor, assignment_id: str, reason: str = "") -> Changes:
    require(actor, Permission.PLAN)
    begin_write(session)
    assignment = _assignment(session, assignment_id)
    lock_for_placement(session, [assignment.personnel_id])
    assignment = _assignment(session, assignment_id, fresh=True)
    changes = Changes()
    before = _snapshot(assignment)
    audit.tombstone(session, actor, assignment, changes, note=reason)
    _log(session, actor, "remove", assignment, before, None, reason)
    return changes


def restore(session: Session, actor: Actor, assignment_id: str, reason: str = "") -> Changes:
    """Bring back a removed assignment (undo of a removal), checked by the guard again."""
    require(actor, Permission.PLAN)
    begin_write(session)
    assignment = session.get(Assignment, assignment_id)
    if assignment is not None:
        lock_for_placement(session, [assignment.personnel_id], [assignment.requirement_id])
        session.refresh(assignment)
    if assignment is None or assignment.deleted_at is None:
        raise UserError(T("Penempatan {a} tidak dapat dipulihkan.", "Placement {a} cannot be restored.", a=assignment_id))
    rule = current_rules(session)
    conflicts = check_placement(session, assignment.personnel, assignment.requirement, ignore=assignment.id, rule=rule)
    _enforce(conflicts, reason or assignment.reason or "pulihkan")
    changes = Changes()
    with _written(session, [(assignment.personnel_id, assignment.start_at, assignment.end_at, rule.rest_minutes,
                             assignment.id)]):
        audit.update(session, actor, assignment, {"deleted_at": None, "rest_minutes": rule.rest_minutes}, changes,
                     note=reason)
    _log(session, actor, "place", assignment, None, _snapshot(assignment), reason or "pulihkan (urungkan)")
    return changes


def move(session: Session, actor: Actor, assignment_id: str, post_id: str, line_id: str | None = None,
         reason: str = "", rule: rules.Rules | None = None, locked: bool = False) -> Changes:
    """Move a placement to another post/line, checked as a new placement (ignoring itself)."""
    require(actor, Permission.PLAN)
    if not locked:
        begin_write(session)
    assignment = _assignment(session, assignment_id)
    if not locked:
        lock_for_placement(session, [assignment.personnel_id],
                           [line_id] if line_id else _post_line_ids(session, post_id))
        assignment = _assignment(session, assignment_id, fresh=True)
    rule = rule or current_rules(session)
    person = assignment.personnel
    if line_id:
        line = session.get(PostRequirement, line_id)
        if line is None or line.deleted_at is not None or line.post_id != post_id:
            raise UserError(T("Baris kebutuhan {l} bukan milik pos ini.", "Line {l} is not on this post.", l=line_id))
    else:
        candidates = [l for l in _active_lines(session, post_id)]
        scored = [(l, check_placement(session, person, l, ignore=assignment.id, rule=rule)) for l in candidates]
        line = next((l for l, c in scored if not c), None) or next((l for l, c in scored if not rules.hard(c)), None) \
            or scored[0][0]
    conflicts = check_placement(session, person, line, ignore=assignment.id, rule=rule)
    _enforce(conflicts, reason)
    before = _snapshot(assignment)
    changes = Changes()
    with _written(session, [(person.id, line.post.start_at, line.post.end_at, rule.rest_minutes, assignment.id)]):
        audit.update(session, actor, assignment, {"post_id": line.post_id, "requirement_id": line.id,
                                                  "start_at": line.post.start_at, "end_at": line.post.end_at,
                                                  "rest_minutes": rule.rest_minutes,
                                                  "reason": reason.strip() or assignment.reason}, changes, note=reason)
    _log(session, actor, "move", assignment, before, _snapshot(assignment), reason)
    return changes


def set_pinned(session: Session, actor: Actor, assignment_id: str, pinned: bool) -> Changes:
    require(actor, Permission.PLAN)
    assignment = _assignment(session, assignment_id)
    before = _snapshot(assignment)
    changes = Changes()
    if audit.update(session, actor, assignment, {"pinned": pinned}, changes):
        _log(session, actor, "pin" if pinned else "unpin", assignment, before, _snapshot(assignment))
    return changes


def _batch(session: Session, actor: Actor, keys: list[str], write, who, lock) -> Changes:
    """Run `write(key, rule)` for every key with the locks (`lock()`: all people and lines at once) and
    the rules taken once; collect every ReasonRequired and raise them together (the caller's
    transaction then rolls back)."""
    require(actor, Permission.PLAN)
    begin_write(session)
    lock()
    rule = current_rules(session)
    changes, needs = Changes(), []
    for key in keys:
        try:
            changes.extend(write(key, rule))
        except ReasonRequired as exc:
            needs.append(NeedsReason(key, who(key), exc.conflicts))
    if needs:
        raise ReasonsRequired(needs)
    return changes


def _person_label(session: Session, ref: str) -> str:
    person = find_person(session, ref)
    return f"{person.rank_code} {person.name}"


def place_many(session: Session, actor: Actor, person_refs: list[str], post_id: str, line_id: str | None = None,
               reasons: dict[str, str] | None = None, source: str = "manual") -> Changes:
    """Place several people on one post/line in the caller's transaction (all or nothing). A hard refusal
    raises at once; soft mismatches without a reason are gathered for ALL people (`ReasonsRequired`)."""
    reasons = reasons or {}
    return _batch(session, actor, list(person_refs),
                  lambda ref, rule: place(session, actor, ref, post_id, line_id, reason=reasons.get(ref, ""),
                                          source=source, rule=rule, locked=True),
                  lambda ref: _person_label(session, ref),
                  lambda: lock_for_placement(session, [find_person(session, ref).id for ref in person_refs],
                                             [line_id] if line_id else _post_line_ids(session, post_id)))


def move_many(session: Session, actor: Actor, assignment_ids: list[str], post_id: str, line_id: str | None = None,
              reasons: dict[str, str] | None = None) -> Changes:
    """Move several placements to one post/line, like `place_many` (same argument order)."""
    reasons = reasons or {}
    return _batch(session, actor, list(assignment_ids),
                  lambda aid, rule: move(session, actor, aid, post_id, line_id, reason=reasons.get(aid, ""),
                                         rule=rule, locked=True),
                  lambda aid: _person_label(session, _assignment(session, aid).personnel_id),
                  lambda: _lock_moves(session, assignment_ids, post_id, line_id))


def _lock_moves(session: Session, assignment_ids: list[str], post_id: str, line_id: str | None) -> None:
    people = [_assignment(session, aid).personnel_id for aid in assignment_ids]
    lock_for_placement(session, people, [line_id] if line_id else _post_line_ids(session, post_id))
    for aid in assignment_ids:                  # another desk may have moved them before the locks
        _assignment(session, aid, fresh=True)


def unassign_many(session: Session, actor: Actor, assignment_ids: list[str], reason: str = "") -> Changes:
    changes = Changes()
    for aid in assignment_ids:
        changes.extend(unassign(session, actor, aid, reason))
    return changes


def set_pinned_many(session: Session, actor: Actor, assignment_ids: list[str], pinned: bool) -> Changes:
    changes = Changes()
    for aid in assignment_ids:
        changes.extend(set_pinned(session, actor, aid, pinned))
    return changes


@dataclass(frozen=True)
class PlannedPlacement:
    line_id: str
    person_id: str
    reason: str = ""


def apply_plan(session: Session, actor: Actor, placements: list[PlannedPlacement], remove: list[str],
               source: str = "auto") -> Changes:
    """Apply an allocator plan in the caller's single transaction: remove the replaced unpinned
    placements, then place each one through the same guard. Any refusal raises and nothing is kept."""
    require(actor, Permission.PLAN)
    lock_for_placement(session, {item.person_id for item in placements}, {item.line_id for item in placements})
    rule = current_rules(session)
    changes = Changes()
    for assignment_id in remove:
        assignment = _assignment(session, assignment_id)
        if assignment.pinned:
            raise UserError(T("Penempatan yang dipatok tidak boleh diganti otomatis.",
                              "A pinned placement cannot be replaced automatically."))
        before = _snapshot(assignment)
        audit.tombstone(session, actor, assignment, changes, note="isi otomatis")
        _log(session, actor, "remove", assignment, before, None, "isi otomatis")
    if placements:
        _place_batch(session, actor, placements, rule, source, changes)
    return changes


def _place_batch(session: Session, actor: Actor, placements: list[PlannedPlacement], rule: rules.Rules,
                 source: str, changes: Changes) -> None:
    """The guard for many placements at once: the same rules, facts loaded in a few queries, each new
    placement counted against the next ones. Any refusal raises (the caller's transaction rolls back)."""
    line_ids = {item.line_id for item in placements}
    lines = {line.id: line for line in session.scalars(select(PostRequirement).where(
        PostRequirement.id.in_(line_ids), PostRequirement.deleted_at.is_(None)))}
    missing = line_ids - set(lines)
    if missing:
        raise UserError(T("Baris kebutuhan {l} tidak ada.", "No requirement line {l}.", l=sorted(missing)[0]))
    posts = {post.id: post for post in session.scalars(select(Post).where(Post.id.in_({l.post_id for l in lines.values()})))}
    titles = dict(session.execute(select(Event.id, Event.title).where(Event.id.in_({p.event_id for p in posts.values()}))).all())
    levels = dict(session.execute(select(Rank.code, Rank.level)).all())
    taken = dict(session.execute(select(Assignment.requirement_id, func.count()).where(
        Assignment.requirement_id.in_(line_ids), Assignment.deleted_at.is_(None)).group_by(Assignment.requirement_id)).all())
    person_ids = {item.person_id for item in placements}
    people = {pid: (name, rank, gender, active) for pid, name, rank, gender, active in session.execute(
        select(Personnel.id, Personnel.name, Personnel.rank_code, Personnel.gender, Personnel.active)
        .where(Personnel.id.in_(person_ids), Personnel.deleted_at.is_(None)))}
    unknown = person_ids - set(people)
    if unknown:
        raise UserError(T("Personel {r} tidak ditemukan.", "Person {r} not found.", r=sorted(unknown)[0]))
    functions: dict[str, set[str]] = {pid: set() for pid in person_ids}
    for pid, code in session.execute(select(personnel_function.c.personnel_id, personnel_function.c.function_code)
                                     .where(personnel_function.c.personnel_id.in_(person_ids))):
        functions[pid].add(code)
    margin = timedelta(hours=24, minutes=rule.rest_minutes)
    lo = min(p.start_at for p in posts.values()) - margin
    hi = max(p.end_at for p in posts.values()) + margin
    busy: dict[str, list[Busy]] = {pid: [] for pid in person_ids}
    for aid, pid, a, b, post_name, title in session.execute(
            select(Assignment.id, Assignment.personnel_id, Assignment.start_at, Assignment.end_at, Post.name, Event.title)
            .join(Post, Assignment.post_id == Post.id).join(Event, Post.event_id == Event.id)
            .where(Assignment.personnel_id.in_(person_ids), Assignment.deleted_at.is_(None),
                   Assignment.start_at < hi, Assignment.end_at > lo)):
        busy[pid].append(Busy(a, b, "assignment", f"{title} / {post_name}", aid))
    for pid, kind, a, b, note in session.execute(
            select(Availability.personnel_id, Availability.kind, Availability.start_at, Availability.end_at,
                   Availability.note).where(Availability.personnel_id.in_(person_ids), Availability.deleted_at.is_(None),
                                            Availability.start_at < hi, Availability.end_at > lo)):
        busy[pid].append(Busy(a, b, kind, note))
    created = []
    for item in placements:
        line, (name, rank, gender, active) = lines[item.line_id], people[item.person_id]
        post = posts[line.post_id]
        person = PersonFacts(item.person_id, f"{rank} {name}", levels[rank], gender, frozenset(functions[item.person_id]),
                             active)
        facts = LineFacts(line.id, post.name, line.function_code, levels.get(line.min_rank_code, 0),
                          line.min_rank_code, line.gender, line.count, taken.get(line.id, 0))
        conflicts = rules.check(person, facts, post.start_at, post.end_at, busy[item.person_id], rule)
        reason = item.reason or "isi otomatis"
        _enforce(conflicts, reason)
        assignment = Assignment(requirement_id=line.id, post_id=post.id, personnel_id=item.person_id,
                                start_at=post.start_at, end_at=post.end_at, source=source, pinned=False,
                                status="rencana", reason=reason, rest_minutes=rule.rest_minutes)
        created.append(assignment)
        taken[line.id] = taken.get(line.id, 0) + 1
        busy[item.person_id].append(Busy(post.start_at, post.end_at, "assignment",
                                         f"{titles.get(post.event_id, '')} / {post.name}"))
    with _written(session, [(a.personnel_id, a.start_at, a.end_at, rule.rest_minutes, None) for a in created]):
        audit.create_many(session, actor, created, changes, note="isi otomatis")
    for assignment in created:
        post = posts[assignment.post_id]
        session.add(AssignmentLog(at=utcnow(), username=actor.username, action="place", assignment_id=assignment.id,
                                  event_id=post.event_id, personnel_id=assignment.personnel_id, source=source,
                                  after_json=json.dumps(_snapshot(assignment)), reason=assignment.reason[:300]))


def _assignment(session: Session, assignment_id: str, fresh: bool = False) -> Assignment:
    """A live assignment; `fresh` re-reads it (after taking the locks, another desk may have changed it)."""
    if fresh:
        cached = session.get(Assignment, assignment_id)
        if cached is not None:
            session.refresh(cached)
    return get_live(session, Assignment, assignment_id,
                    T("Penempatan {a} tidak ditemukan.", "Placement {a} not found.", a=assignment_id))
