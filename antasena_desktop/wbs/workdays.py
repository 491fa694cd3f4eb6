"""Working days on the Indonesian calendar: no Saturdays, Sundays or national holidays (`holidays`
package, country ID) plus configured extra days off (cuti bersama)."""
from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Iterable

import holidays


class WorkCalendar:
    def __init__(self, extra_days_off: Iterable[date | str] = ()):
        self._national = holidays.country_holidays("ID")
        self._extra = {d if isinstance(d, date) else date.fromisoformat(d) for d in extra_days_off}

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self._national and day not in self._extra

    def holiday_name(self, day: date) -> str | None:
        return self._national.get(day)

    def add_working_days(self, start: date, days: int) -> date:
        """The `days`-th working day after `start` (the start day itself does not count)."""
        day, left = start, days
        while left > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                left -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]; negative when end is before start."""
        if end < start:
            return -self.working_days_between(end, start)
        return sum(1 for n in range(1, (end - start).days + 1) if self.is_working_day(start + timedelta(days=n)))

    def next_working_day(self, day: date) -> date:
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def add_months(self, start: date, months: int) -> date:
        """Same day `months` later (clamped to the month's end), moved to the next working day."""
        month0 = start.month - 1 + months
        year, month = start.year + month0 // 12, month0 % 12 + 1
        day = min(start.day, calendar.monthrange(year, month)[1])
        return self.next_working_day(date(year, month, day))
