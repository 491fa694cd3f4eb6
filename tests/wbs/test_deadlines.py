"""Deadlines in working days on the Indonesian calendar: weekends and national holidays skipped."""
from __future__ import annotations

import copy
from datetime import date, datetime, timezone

from antasena_desktop.wbs import intake
from antasena_desktop.wbs.deadlines import due_list
from antasena_desktop.wbs.workdays import WorkCalendar
from db.wbs.models import WbsCase

from .conftest import FORM


def test_seven_working_days_skip_a_weekend_and_independence_day():
    cal = WorkCalendar()
    # Thu 13 Aug 2026 + 7 working days: Fri 14, (Sat 15, Sun 16), Mon 17 = Hari Kemerdekaan,
    # Tue 18, Wed 19, Thu 20, Fri 21, (Sat, Sun), Mon 24, Tue 25 = Maulid Nabi → Wed 26
    assert cal.holiday_name(date(2026, 8, 17)) and cal.holiday_name(date(2026, 8, 25))
    assert cal.add_working_days(date(2026, 8, 13), 7) == date(2026, 8, 26)
    assert cal.working_days_between(date(2026, 8, 13), date(2026, 8, 26)) == 7
    assert cal.add_working_days(date(2026, 8, 13), 1) == date(2026, 8, 14)


def test_eid_and_configured_cuti_bersama_are_not_working_days():
    cal = WorkCalendar()
    # Idul Fitri 2026: Sat 21 and Sun 22 March; Fri 20 March is a working day without cuti bersama
    assert cal.add_working_days(date(2026, 3, 19), 1) == date(2026, 3, 20)
    with_leave = WorkCalendar(["2026-03-20", "2026-03-23", "2026-03-24"])
    assert with_leave.add_working_days(date(2026, 3, 19), 1) == date(2026, 3, 25)


def test_feedback_in_three_months_lands_on_a_working_day():
    cal = WorkCalendar()
    assert cal.add_months(date(2026, 5, 17), 3) == date(2026, 8, 18)     # 17 Aug is a holiday
    assert cal.add_months(date(2026, 11, 30), 3) == date(2027, 3, 1)      # 28 Feb 2027 is a Sunday
    assert cal.add_months(date(2026, 9, 12), 3) == date(2026, 12, 14)     # Sat 12 Dec → Mon 14


def test_a_report_filed_before_a_long_weekend_and_the_due_list(wbs):
    received = datetime(2026, 8, 13, 3, 0, tzinfo=timezone.utc)              # Thu 13 Aug, 10.00 WIB
    with wbs.database.session() as session:
        done = intake.submit_report(session, copy.deepcopy(FORM), received_at=received)
    with wbs.database.session() as session:
        case = session.get(WbsCase, done.case_id)
        assert case.ack_due == date(2026, 8, 26) and case.stage_due == date(2026, 8, 26)
        assert case.feedback_due == date(2026, 11, 13)
    actor, _ = wbs.login("verifikator1")
    with wbs.database.session() as session:
        assert due_list(session, actor, today=date(2026, 8, 14)) == []
        soon = due_list(session, actor, today=date(2026, 8, 21))               # 2 working days left
        assert {(i.kind, i.working_days_left, i.overdue) for i in soon} == {("tanggapan", 2, False), ("tahap", 2, False)}
        late = due_list(session, actor, today=date(2026, 8, 27))
        assert all(i.overdue and i.working_days_left == -1 for i in late) and len(late) == 2
        assert due_list(session, actor, today=date(2026, 11, 16))[-1].kind == "umpan_balik"
