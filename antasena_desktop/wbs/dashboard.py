"""Dashboard numbers from clear metadata only (no keys, no content, no identities): the landing
page's two counters, by category and stage, overdue, average handling time, per-stage days."""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from antasena_desktop.wbs import settings, workflow as wf
from antasena_desktop.wbs.deadlines import overdue_kinds, today_wib
from antasena_desktop.wbs.roles import WbsActor, WbsPermission, require
from db.wbs.models import WbsCase, WbsHistory


@dataclass(frozen=True)
class Dashboard:
    year: int | None
    received: int
    handled: int                     # past "diterima"
    completed: int                   # selesai + ditolak
    followed_up: int                 # selesai
    followed_up_percent: float       # selesai / received, 0–100
    open: int
    overdue: int
    by_category: dict[str, int]
    by_stage: dict[str, int]
    by_outcome: dict[str, int]
    by_wilayah: dict[str, int]
    by_month: dict[int, int]
    average_days_to_close: float | None          # calendar days, received → closed
    average_days_per_stage: dict[str, float] = field(default_factory=dict)


def dashboard(session: Session, actor: WbsActor, year: int | None = None, today: date | None = None) -> Dashboard:
    require(actor, WbsPermission.DASHBOARD, session)
    return compute(session, year, today)


def compute(session: Session, year: int | None = None, today: date | None = None) -> Dashboard:
    """The numbers without a permission check (for the public counters page and the yearly report)."""
    today = today or today_wib()
    query = select(WbsCase)
    if year is not None:
        query = query.where(WbsCase.year == year)
    rows = session.scalars(query).all()
    ids = {c.id for c in rows}
    by_stage = Counter(c.stage for c in rows)
    closed = [c for c in rows if c.closed_at is not None]
    durations = [(c.closed_at - c.received_at).total_seconds() / 86400 for c in closed]
    per_stage: dict[str, list[float]] = defaultdict(list)
    history = session.scalars(select(WbsHistory).order_by(WbsHistory.case_id, WbsHistory.at)).all() if rows else []
    last: dict[str, WbsHistory] = {}
    for h in history:
        if h.case_id not in ids:
            continue
        prev = last.get(h.case_id)
        if prev is not None:
            per_stage[prev.to_stage].append((h.at - prev.at).total_seconds() / 86400)
        last[h.case_id] = h
    received = len(rows)
    followed = by_stage.get(wf.SELESAI, 0)
    return Dashboard(
        year=year, received=received, handled=received - by_stage.get(wf.DITERIMA, 0),
        completed=followed + by_stage.get(wf.DITOLAK, 0), followed_up=followed,
        followed_up_percent=round(100 * followed / received, 2) if received else 0.0,
        open=sum(1 for c in rows if wf.is_open(c.stage)),
        overdue=sum(1 for c in rows if overdue_kinds(c, today)),
        by_category=dict(Counter(c.category for c in rows)), by_stage=dict(by_stage),
        by_outcome=dict(Counter(c.outcome for c in rows if c.outcome)),
        by_wilayah=dict(Counter(c.wilayah for c in rows if c.wilayah)),
        by_month=dict(sorted(Counter(today_wib(c.received_at).month for c in rows).items())),
        average_days_to_close=round(sum(durations) / len(durations), 1) if durations else None,
        average_days_per_stage={s: round(sum(v) / len(v), 1) for s, v in per_stage.items()},
    )


def category_labels(session: Session) -> dict[str, str]:
    return {c["code"]: c["id"] for c in settings.get(session, "categories")}
