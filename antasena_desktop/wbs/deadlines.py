"""Deadlines in working days (Indonesian calendar): acknowledgement, feedback, per-stage clocks."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from antasena_desktop.i18n import T, Text
from antasena_desktop.timefmt import now_utc, to_wib
from antasena_desktop.wbs import settings
from antasena_desktop.wbs.workdays import WorkCalendar
from antasena_desktop.wbs.workflow import Workflow, default_workflow


def today_wib(moment: datetime | None = None) -> date:
    return to_wib(moment or now_utc()).date()


def calendar_for(session: Session) -> WorkCalendar:
    return WorkCalendar(settings.get(session, "extra_holidays") or ())


def workflow_for(session: Session) -> Workflow:
    return default_workflow(settings.get(session, "stages") or {})


def stage_due(session: Session, stage: str, entered: datetime,
              workflow: Workflow | None = None, cal: WorkCalendar | None = None) -> date | None:
    days = (workflow or workflow_for(session)).stage(stage).days
    if days is None:
        return None
    return (cal or calendar_for(session)).add_working_days(today_wib(entered), days)


def intake_deadlines(session: Session, received: datetime) -> tuple[date, date]:
    """(acknowledgement due, feedback due) for a report received at `received`."""
    cal = calendar_for(session)
    day = today_wib(received)
    return (cal.add_working_days(day, int(settings.get(session, "ack_working_days"))),
            cal.add_months(day, int(settings.get(session, "feedback_months"))))


OVERDUE_LABELS = {
    "tanggapan": ("Tanggapan awal ke pelapor lewat tenggat", "Acknowledgement to the reporter overdue"),
    "umpan_balik": ("Umpan balik ke pelapor lewat tenggat", "Feedback to the reporter overdue"),
    "tahap": ("Tahap lewat tenggat", "Stage overdue"),
}


def overdue_kinds(case, today: date) -> list[str]:
    """Which clocks of an open case have run out on `today` (WIB): tanggapan, umpan_balik, tahap."""
    from antasena_desktop.wbs.workflow import is_open
    if not is_open(case.stage) or case.purged_at is not None:
        return []
    kinds = []
    if case.acknowledged_at is None and today > case.ack_due:
        kinds.append("tanggapan")
    if case.feedback_at is None and today > case.feedback_due:
        kinds.append("umpan_balik")
    if case.stage_due is not None and today > case.stage_due:
        kinds.append("tahap")
    return kinds


@dataclass(frozen=True)
class DueItem:
    case_id: str
    reference: str
    stage: str
    kind: str                 # tanggapan | umpan_balik | tahap
    kind_label: Text
    due: date
    working_days_left: int    # negative: overdue by that many working days
    overdue: bool


def due_list(session: Session, actor, today: date | None = None, within: int = 3) -> list[DueItem]:
    """The "Jatuh tempo" list: every open clock of the cases `actor` may list that runs out within
    `within` working days or already has, most urgent first. Metadata only."""
    from antasena_desktop.wbs.cases import list_cases
    from db.wbs.models import WbsCase

    today = today or today_wib()
    cal = calendar_for(session)
    items = []
    for row in list_cases(session, actor, today=today):
        case = session.get(WbsCase, row.id)
        if not _is_open(case.stage):
            continue
        clocks = [("tahap", case.stage_due)]
        if case.acknowledged_at is None:
            clocks.append(("tanggapan", case.ack_due))
        if case.feedback_at is None:
            clocks.append(("umpan_balik", case.feedback_due))
        for kind, due in clocks:
            if due is None:
                continue
            left = cal.working_days_between(today, due)
            if left <= within:
                items.append(DueItem(case.id, case.reference, case.stage, kind, T(*DUE_LABELS[kind]), due, left,
                                     today > due))
    return sorted(items, key=lambda i: (i.due, i.reference, i.kind))


DUE_LABELS = {
    "tanggapan": ("Tanggapan awal ke pelapor", "Acknowledgement to the reporter"),
    "umpan_balik": ("Umpan balik ke pelapor", "Feedback to the reporter"),
    "tahap": ("Batas waktu tahap", "Stage deadline"),
}


def _is_open(stage: str) -> bool:
    from antasena_desktop.wbs.workflow import is_open
    return is_open(stage)
