"""Figures for the dashboard: strength, today's and upcoming work, late requests, monthly counts."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from antasena_desktop.domain.planning_day import day_window, event_starts_in
from antasena_desktop.services.settings import load as load_settings
from antasena_desktop.timefmt import to_wib
from db.models import Availability, Event, Personnel, SecurityRequest


@dataclass
class DashboardSummary:
    day: date
    personnel_active: int
    unavailable_today: int
    events_today: int
    events_next_14_days: int
    requests_open: int
    requests_dadakan: int
    monthly_events: list[tuple[str, int, int]] = field(default_factory=list)  # (YYYY-MM, all, unjuk rasa)
    is_demo: bool = False


def summary(session: Session, day: date) -> DashboardSummary:
    start, end = day_window(day)
    active = session.scalar(select(func.count()).select_from(Personnel)
                            .where(Personnel.active.is_(True), Personnel.deleted_at.is_(None))) or 0
    unavailable = session.scalar(select(func.count(func.distinct(Availability.personnel_id)))
                                 .where(Availability.deleted_at.is_(None), Availability.start_at < end,
                                        Availability.end_at > start)) or 0
    live = (Event.deleted_at.is_(None), Event.status != "dibatalkan")
    today = session.scalar(select(func.count()).select_from(Event)
                           .where(*live, event_starts_in(Event.start_at, day))) or 0
    next14 = session.scalar(select(func.count()).select_from(Event)
                            .where(*live, Event.start_at >= start, Event.start_at < start + timedelta(days=14))) or 0
    settings = load_settings(session)
    threshold = timedelta(hours=settings.dadakan_threshold_hours)
    open_requests = session.execute(
        select(SecurityRequest.received_at, Event.start_at).join(Event, SecurityRequest.event_id == Event.id)
        .where(SecurityRequest.deleted_at.is_(None), Event.start_at >= start)).all()
    dadakan = sum(1 for received, event_start in open_requests if event_start - received < threshold)
    year_ago = start - timedelta(days=365)
    monthly: Counter = Counter()
    demos: Counter = Counter()
    for start_at, kind in session.execute(select(Event.start_at, Event.kind)
                                          .where(Event.deleted_at.is_(None), Event.start_at >= year_ago,
                                                 Event.start_at < end)):
        key = to_wib(start_at).strftime("%Y-%m")
        monthly[key] += 1
        if kind == "unjuk_rasa":
            demos[key] += 1
    months = sorted(monthly)
    return DashboardSummary(day, active, unavailable, today, next14, len(open_requests), dadakan,
                            [(m, monthly[m], demos[m]) for m in months], settings.demo)
