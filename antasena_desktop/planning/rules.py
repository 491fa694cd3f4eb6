"""The hard and soft rules of one placement, on plain facts (the same rules as the allocator's).

Hard: person active, not unavailable, no overlap and enough rest around any other assignment,
the 24-hour cap, minimum rank, gender, a free seat on the line. Soft: function mismatch (allowed
with a recorded reason).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from antasena_desktop.domain.catalog import AVAILABILITY_BY_CODE, FUNCTION_BY_CODE
from antasena_desktop.i18n import T, Text
from antasena_desktop.timefmt import format_date_id, format_time_wib

ANY = (None, "", "umum")


@dataclass(frozen=True)
class Rules:
    rest_minutes: int = 480
    max_minutes_per_24h: int = 720


@dataclass(frozen=True)
class PersonFacts:
    id: str
    name: str
    rank_level: int
    gender: str
    functions: frozenset[str]
    active: bool = True


@dataclass(frozen=True)
class LineFacts:
    id: str
    post_name: str
    function: str | None
    min_level: int
    min_rank_code: str | None
    gender: str | None
    seats: int
    taken: int


@dataclass(frozen=True)
class Busy:
    """Something already occupying the person: another assignment or an availability period."""
    start: datetime
    end: datetime
    kind: str                 # "assignment" or an availability kind (cuti, sakit, …)
    label: str = ""           # event/post for assignments, note for availability
    ref: str = ""             # assignment id


@dataclass(frozen=True)
class Conflict:
    code: str
    hard: bool
    message: Text


def _when(start: datetime, end: datetime) -> str:
    if format_date_id(start) == format_date_id(end):
        return f"{format_date_id(start)} {format_time_wib(start)}–{format_time_wib(end)}"
    return f"{format_date_id(start)} {format_time_wib(start)} – {format_date_id(end)} {format_time_wib(end)}"


def check(person: PersonFacts, line: LineFacts, start: datetime, end: datetime, busy: list[Busy],
          rules: Rules) -> list[Conflict]:
    conflicts: list[Conflict] = []
    if not person.active:
        conflicts.append(Conflict("inactive", True, T("{n} berstatus nonaktif.", "{n} is inactive.", n=person.name)))
    if line.taken >= line.seats:
        conflicts.append(Conflict("full", True, T("Baris kebutuhan di {p} sudah terisi penuh ({k}/{k}).",
                                                  "The requirement line at {p} is already full ({k}/{k}).",
                                                  p=line.post_name, k=line.seats)))
    if line.min_level and person.rank_level < line.min_level:
        conflicts.append(Conflict("rank", True, T("Pangkat {n} di bawah syarat minimal {r}.",
                                                  "{n}'s rank is below the minimum {r}.",
                                                  n=person.name, r=line.min_rank_code or line.min_level)))
    if line.gender and person.gender != line.gender:
        wanted = T("perempuan (Polwan)", "female") if line.gender == "F" else T("laki-laki", "male")
        conflicts.append(Conflict("gender", True, T("Baris ini untuk personel {g}.", "This line needs {g} personnel.",
                                                    g=wanted)))
    rest = timedelta(minutes=rules.rest_minutes)
    assignments = []
    for item in busy:
        if item.kind == "assignment":
            assignments.append(item)
            if item.start < end and start < item.end:
                conflicts.append(Conflict("overlap", True, T(
                    "{n} sudah ditempatkan di {o} pada {w}.", "{n} is already placed at {o} on {w}.",
                    n=person.name, o=item.label, w=_when(item.start, item.end))))
            elif not (start >= item.end + rest or item.start >= end + rest):
                conflicts.append(Conflict("rest", True, T(
                    "Waktu istirahat {n} kurang dari {h} jam: bertugas di {o} pada {w}.",
                    "{n} would rest less than {h} hours: on duty at {o} on {w}.",
                    n=person.name, h=f"{rules.rest_minutes / 60:g}", o=item.label, w=_when(item.start, item.end))))
        elif item.start < end and start < item.end:
            term = AVAILABILITY_BY_CODE.get(item.kind)
            kind_id, kind_en = (term.id, term.en) if term else (item.kind, item.kind)
            conflicts.append(Conflict("unavailable", True, T(
                "{n} tidak tersedia ({k}) pada {w}.", "{n} is unavailable ({k}) on {w}.", n=person.name,
                k=T(kind_id, kind_en), w=_when(item.start, item.end))))
    worst = max_minutes_in_24h([(b.start, b.end) for b in assignments] + [(start, end)])
    if worst > rules.max_minutes_per_24h:
        conflicts.append(Conflict("cap24", True, T(
            "{n} akan bertugas {m} jam dalam 24 jam (batas {c} jam).",
            "{n} would serve {m} hours within 24 hours (limit {c} hours).",
            n=person.name, m=f"{worst / 60:g}", c=f"{rules.max_minutes_per_24h / 60:g}")))
    if line.function not in ANY and line.function not in person.functions:
        term = FUNCTION_BY_CODE.get(line.function)
        conflicts.append(Conflict("function", False, T(
            "{n} tidak memiliki fungsi {f} yang diminta baris ini.", "{n} lacks the function {f} this line asks for.",
            n=person.name, f=T(term.id, term.en) if term else line.function)))
    return conflicts


def max_minutes_in_24h(intervals: list[tuple[datetime, datetime]]) -> float:
    """Largest number of assigned minutes inside [t, t + 24 h) over every assignment start t."""
    worst = 0.0
    for t, _ in intervals:
        window_end = t + timedelta(hours=24)
        total = 0.0
        for a, b in intervals:
            lo, hi = max(a, t), min(b, window_end)
            if hi > lo:
                total += (hi - lo).total_seconds() / 60
        worst = max(worst, total)
    return worst


def hard(conflicts: list[Conflict]) -> list[Conflict]:
    return [c for c in conflicts if c.hard]


def soft(conflicts: list[Conflict]) -> list[Conflict]:
    return [c for c in conflicts if not c.hard]
