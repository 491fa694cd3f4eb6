"""Time handling: instants are timezone-aware; the operator sees WIB and Indonesian dates."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

WIB = timezone(timedelta(hours=7), "WIB")

MONTHS_ID = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
             "September", "Oktober", "November", "Desember")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")
DAYS_ID = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def now_utc() -> datetime:
    return datetime.now(timezone.utc)


def to_wib(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(WIB)


def wib(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=WIB)


def format_date_id(value: date | datetime, with_day: bool = False) -> str:
    """`14 Februari 2024` (optionally `Rabu, 14 Februari 2024`)."""
    if isinstance(value, datetime):
        value = to_wib(value).date()
    text = f"{value.day} {MONTHS_ID[value.month - 1]} {value.year}"
    return f"{DAYS_ID[value.weekday()]}, {text}" if with_day else text


def format_date_en(value: date | datetime) -> str:
    if isinstance(value, datetime):
        value = to_wib(value).date()
    return f"{value.day} {MONTHS_EN[value.month - 1]} {value.year}"


DAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def format_date(value: date | datetime, with_day: bool = False, language: str | None = None) -> str:
    """A date in the operator's language: `14 Februari 2024` / `14 February 2024` (documents stay Indonesian)."""
    from antasena_desktop.i18n import current_language
    if (language or current_language()) != "en":
        return format_date_id(value, with_day)
    if isinstance(value, datetime):
        value = to_wib(value).date()
    text = format_date_en(value)
    return f"{DAYS_EN[value.weekday()]}, {text}" if with_day else text


def format_datetime(moment: datetime, language: str | None = None) -> str:
    return f"{format_date(moment, language=language)} {format_time_wib(moment)}"


def format_time_wib(moment: datetime) -> str:
    """`08.00 WIB`, the way Polri documents write times."""
    local = to_wib(moment)
    return f"{local.hour:02d}.{local.minute:02d} WIB"


def format_datetime_wib(moment: datetime) -> str:
    return f"{format_date_id(moment)} {format_time_wib(moment)}"


def roman_month(month: int) -> str:
    return ROMAN_MONTHS[month - 1]
