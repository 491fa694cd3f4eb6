"""The planning day: one definition for the board, auto-fill, `allocate --date`, the dashboard and the calendar.

A planning day is a calendar day in Asia/Jakarta (WIB, UTC+7, no daylight saving). An event belongs to the
day it starts; its posts come with it, also those that run past midnight or start the next morning.
An event that started the evening before is not on today's board, even while it is still running.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from antasena_desktop.timefmt import WIB, to_wib


def day_window(day: date) -> tuple[datetime, datetime]:
    """[00.00 WIB, next 00.00 WIB) of `day`, as aware datetimes."""
    start = datetime.combine(day, time(0), WIB)
    return start, start + timedelta(days=1)


def planning_day(moment: datetime) -> date:
    """The WIB calendar day of an instant (a naive value is taken as UTC, as stored)."""
    return to_wib(moment).date()


def belongs_to_day(event_start: datetime, day: date) -> bool:
    """True when an event starting at `event_start` is planned on `day`."""
    return planning_day(event_start) == day


def event_starts_in(event_start_column, day: date):
    """SQL condition for `event_start_column` (e.g. `Event.start_at`) on `day`: start in the day window."""
    start, end = day_window(day)
    return (event_start_column >= start) & (event_start_column < end)
