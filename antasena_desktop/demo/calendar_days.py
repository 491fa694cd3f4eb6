"""Demo events on a real calendar: Indonesian public and religious holidays on their true dates (the `holidays`
package), and requests received at hours when an office or a command post really takes them."""
from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from antasena_desktop.timefmt import WIB, to_wib

#: Event templates tied to a day of the year: title fragment → rule name (see `allowed_days`).
BOUND_TITLES = {
    "Sholat Idul Fitri": "idul_fitri",
    "Peringatan Maulid Nabi": "maulid",
    "Perayaan Natal": "natal",
    "Cap Go Meh": "cap_go_meh",
    "Upacara Peringatan HUT RI": "hut_ri",
    "Malam Pergantian Tahun": "tahun_baru",
    "Pawai Budaya HUT Kota Palembang": "hut_palembang",
    "Pelayanan Arus Mudik": "mudik",
    "Pemberangkatan Jemaah Haji": "haji",
    "Festival Perahu Bidar": "bidar",
    "Car Free Day": "minggu",
}


@lru_cache(maxsize=16)
def _holidays(year: int) -> dict[str, date]:
    """First date of each holiday of `year`, by its English name (estimated dates included)."""
    import holidays
    out: dict[str, date] = {}
    for day, name in sorted(holidays.Indonesia(years=year, language="en_US").items()):
        for part in str(name).split(";"):
            key = part.replace("(estimated)", "").strip()
            out.setdefault(key, day)
    return out


def holiday(year: int, name: str) -> date | None:
    return _holidays(year).get(name)


def _span(start: date | None, first: int, last: int) -> list[date]:
    return [] if start is None else [start + timedelta(days=k) for k in range(first, last + 1)]


@lru_cache(maxsize=64)
def _days_of_rule(rule: str, year: int) -> tuple[date, ...]:
    days: list[date] = []
    for y in (year - 1, year, year + 1):          # lunar dates move; look around the year
        fitri, adha = holiday(y, "Eid al-Fitr"), holiday(y, "Eid al-Adha")
        lunar, maulid = holiday(y, "Lunar New Year"), holiday(y, "Prophet's Birthday")
        days += {
            "idul_fitri": _span(fitri, 0, 0),
            "maulid": _span(maulid, 0, 14),                    # commemorations run through the following weeks
            "natal": [date(y, 12, 24), date(y, 12, 25)],
            "cap_go_meh": _span(lunar, 14, 14),                # 15th day of the lunar year
            "hut_ri": [date(y, 8, 17)],
            "tahun_baru": [date(y, 12, 31)],
            "hut_palembang": [date(y, 6, 17)],
            "mudik": _span(fitri, -7, -1) + _span(fitri, 2, 6),   # arus mudik and arus balik
            "haji": _span(adha, -40, -25),
            "bidar": [date(y, 8, 16), date(y, 8, 17), date(y, 8, 18), date(y, 6, 17)],
            "minggu": [date(y, 1, 1) + timedelta(days=k) for k in range(366)
                       if (date(y, 1, 1) + timedelta(days=k)).weekday() == 6],
        }[rule]
    return tuple(sorted(d for d in set(days) if d.year == year))


def rule_of(title: str) -> str | None:
    return next((rule for fragment, rule in BOUND_TITLES.items() if fragment in title), None)


def allowed_days(title: str, first: date, last: date) -> list[date] | None:
    """Days in [first, last] on which an event titled `title` may take place; None = any day."""
    rule = rule_of(title)
    if rule is None:
        return None
    years = range(first.year, last.year + 1)
    return [d for y in years for d in _days_of_rule(rule, y) if first <= d <= last]


def office_hours(received: datetime, channel: str, rng: random.Random) -> datetime:
    """Move a request's arrival back (never later) to when it can arrive: letters and walk-ins on a working day
    08.00–15.30 WIB; WhatsApp, telephone and Intelkam reports 07.00–21.00 WIB."""
    local = to_wib(received)
    if channel in ("surat", "langsung"):
        day = local.date()
        latest = time(15, 30)
        if local.time() < time(8, 0) or local.weekday() >= 5 or _is_holiday(day):
            day -= timedelta(days=1)
            latest = None
        while day.weekday() >= 5 or _is_holiday(day):
            day -= timedelta(days=1)
        top = local.hour * 60 + local.minute if latest is not None else 15 * 60 + 30
        top = min(top, 15 * 60 + 30)
        minute = rng.randint(8 * 60, max(8 * 60, top))
        return datetime.combine(day, time(minute // 60, minute % 60), WIB)
    if local.hour < 7:
        minute = rng.randint(18 * 60, 20 * 60 + 59)
        day = local.date() - timedelta(days=1)
        return datetime.combine(day, time(minute // 60, minute % 60), WIB)
    if local.hour >= 21:
        minute = rng.randint(19 * 60, 20 * 60 + 59)
        return datetime.combine(local.date(), time(minute // 60, minute % 60), WIB)
    return local


def _is_holiday(day: date) -> bool:
    return day in set(_holidays(day.year).values())
