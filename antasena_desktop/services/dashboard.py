"""Figures for the Dasbor / ANEV: strength, today's work and its coverage, the next 14 days, availability by kind,
short-notice requests, Sprin lead time, and monthly kegiatan / unjuk rasa (12 calendar months, this one included).

Every figure has a drill-down (`drill`) that lists exactly the rows it counts. `anev_workbook` / `anev_document`
write the month's figures as xlsx / a printable document (rendered to PDF by the UI's printer)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from statistics import median

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from antasena_desktop.domain.catalog import AVAILABILITY_BY_CODE, EVENT_KIND_BY_CODE
from antasena_desktop.domain.planning_day import day_window, event_starts_in, planning_day
from antasena_desktop.i18n import T, UserError, current_language, format_number
from antasena_desktop.services.settings import load as load_settings
from antasena_desktop.timefmt import MONTHS_EN, MONTHS_ID, format_date, format_time_wib, to_wib
from db.models import Availability, Event, Personnel, Post, PostRequirement, SecurityRequest, Sprin
from db.models import Assignment

MONTHS = 12
COVERAGE_DAYS = 14


@dataclass
class MonthCount:
    year: int
    month: int
    kegiatan: int          # Kegiatan Masyarakat: every kind except unjuk rasa (as the ANEV report counts them)
    unjuk_rasa: int

    @property
    def key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def label(self, language: str | None = None) -> str:
        names = MONTHS_EN if (language or current_language()) == "en" else MONTHS_ID
        return f"{names[self.month - 1][:3]} {self.year % 100:02d}"


@dataclass
class EventLine:
    id: str
    number: str
    title: str
    kind: str
    status: str
    start_at: datetime
    required: int = 0
    filled: int = 0


@dataclass
class DayCoverage:
    day: date
    events: int
    required: int
    filled: int


@dataclass
class RequestLine:
    event_id: str
    event_number: str
    event_title: str
    channel: str
    received_at: datetime
    event_start: datetime

    @property
    def lead_hours(self) -> float:
        return (self.event_start - self.received_at).total_seconds() / 3600.0


@dataclass
class SprinLine:
    event_id: str
    event_number: str
    event_title: str
    sprin_number: str
    issued_at: datetime
    event_start: datetime

    @property
    def lead_hours(self) -> float:
        return (self.event_start - self.issued_at).total_seconds() / 3600.0


@dataclass
class DashboardSummary:
    day: date
    personnel_active: int
    unavailable_today: int
    events_today: int
    events_next_14_days: int
    requests_open: int
    requests_dadakan: int
    monthly: list[MonthCount] = field(default_factory=list)
    today: list[EventLine] = field(default_factory=list)
    coverage: list[DayCoverage] = field(default_factory=list)
    availability_by_kind: list[tuple[str, int]] = field(default_factory=list)
    dadakan: list[RequestLine] = field(default_factory=list)
    sprin_lead: list[SprinLine] = field(default_factory=list)
    dadakan_threshold_hours: int = 72
    is_demo: bool = False

    @property
    def monthly_events(self) -> list[tuple[str, int, int]]:
        """(YYYY-MM, all events, unjuk rasa) — the older shape."""
        return [(m.key, m.kegiatan + m.unjuk_rasa, m.unjuk_rasa) for m in self.monthly]

    @property
    def seats_today(self) -> tuple[int, int]:
        return sum(e.filled for e in self.today), sum(e.required for e in self.today)

    @property
    def sprin_lead_median_hours(self) -> float | None:
        return median(s.lead_hours for s in self.sprin_lead) if self.sprin_lead else None


def _months(day: date, n: int = MONTHS) -> list[tuple[int, int]]:
    """The last `n` calendar months ending with the month of `day` (oldest first)."""
    out, y, m = [], day.year, day.month
    for _ in range(n):
        out.append((y, m))
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return out[::-1]


def _month_window(year: int, month: int) -> tuple[datetime, datetime]:
    start, _ = day_window(date(year, month, 1))
    nxt = date(year + (month == 12), 1 if month == 12 else month + 1, 1)
    return start, day_window(nxt)[0]


LIVE = (Event.deleted_at.is_(None),)


def _coverage(session: Session, event_ids: list[str]) -> dict[str, tuple[int, int]]:
    """event id → (required seats, filled seats, each line counted at most to its count)."""
    if not event_ids:
        return {}
    lines = session.execute(select(Post.event_id, PostRequirement.id, PostRequirement.count)
                            .join(PostRequirement, PostRequirement.post_id == Post.id)
                            .where(Post.event_id.in_(event_ids), Post.deleted_at.is_(None),
                                   PostRequirement.deleted_at.is_(None))).all()
    held = dict(session.execute(select(Assignment.requirement_id, func.count())
                                .where(Assignment.requirement_id.in_([ln[1] for ln in lines]),
                                       Assignment.deleted_at.is_(None))
                                .group_by(Assignment.requirement_id)).all()) if lines else {}
    out: dict[str, list[int]] = {}
    for event_id, line_id, count in lines:
        entry = out.setdefault(event_id, [0, 0])
        entry[0] += count
        entry[1] += min(count, held.get(line_id, 0))
    return {k: (v[0], v[1]) for k, v in out.items()}


def _event_lines(session: Session, conditions, order=Event.start_at) -> list[EventLine]:
    events = session.scalars(select(Event).where(*LIVE, *conditions).order_by(order)).all()
    cover = _coverage(session, [e.id for e in events])
    return [EventLine(e.id, e.number, e.title, e.kind, e.status, e.start_at, *cover.get(e.id, (0, 0)))
            for e in events]


def _dadakan(session: Session, day: date, threshold: timedelta) -> tuple[int, list[RequestLine]]:
    start, _ = day_window(day)
    rows = session.execute(
        select(SecurityRequest.channel, SecurityRequest.received_at, Event.id, Event.number, Event.title, Event.start_at)
        .join(Event, SecurityRequest.event_id == Event.id)
        .where(SecurityRequest.deleted_at.is_(None), *LIVE, Event.start_at >= start)
        .order_by(Event.start_at)).all()
    short = [RequestLine(eid, number, title, channel, received, event_start)
             for channel, received, eid, number, title, event_start in rows if event_start - received < threshold]
    return len(rows), short


def summary(session: Session, day: date) -> DashboardSummary:
    start, end = day_window(day)
    active = session.scalar(select(func.count()).select_from(Personnel)
                            .where(Personnel.active.is_(True), Personnel.deleted_at.is_(None))) or 0
    kinds = Counter(dict(session.execute(
        select(Availability.kind, func.count(func.distinct(Availability.personnel_id)))
        .where(Availability.deleted_at.is_(None), Availability.start_at < end, Availability.end_at > start)
        .group_by(Availability.kind)).all()))
    unavailable = session.scalar(select(func.count(func.distinct(Availability.personnel_id)))
                                 .where(Availability.deleted_at.is_(None), Availability.start_at < end,
                                        Availability.end_at > start)) or 0
    live = (Event.status != "dibatalkan",)
    today = _event_lines(session, (*live, event_starts_in(Event.start_at, day)))
    coverage = []
    upcoming = _event_lines(session, (*live, Event.start_at >= start, Event.start_at < start + timedelta(days=COVERAGE_DAYS)))
    for k in range(COVERAGE_DAYS):
        d = day + timedelta(days=k)
        of_day = [e for e in upcoming if planning_day(e.start_at) == d]
        coverage.append(DayCoverage(d, len(of_day), sum(e.required for e in of_day), sum(e.filled for e in of_day)))
    settings = load_settings(session)
    open_requests, dadakan = _dadakan(session, day, timedelta(hours=settings.dadakan_threshold_hours))
    months = _months(day)
    first, _ = _month_window(*months[0])
    _, last = _month_window(*months[-1])
    counts: Counter = Counter()
    for start_at, kind in session.execute(select(Event.start_at, Event.kind).where(
            *LIVE, Event.start_at >= first, Event.start_at < last)):
        local = to_wib(start_at)
        counts[(local.year, local.month, kind == "unjuk_rasa")] += 1
    monthly = [MonthCount(y, m, counts[(y, m, False)], counts[(y, m, True)]) for y, m in months]
    sprins = _sprin_lines(session, *_month_window(day.year, day.month))
    return DashboardSummary(day, active, unavailable, len(today), len(upcoming), open_requests, len(dadakan),
                            monthly, today, coverage, sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])),
                            dadakan, sprins, settings.dadakan_threshold_hours, settings.demo)


def _sprin_lines(session: Session, lo: datetime, hi: datetime) -> list[SprinLine]:
    rows = session.execute(select(Event.id, Event.number, Event.title, Sprin.number, Sprin.issued_at, Event.start_at)
                           .join(Event, Sprin.event_id == Event.id)
                           .where(Sprin.deleted_at.is_(None), Sprin.issued_at.is_not(None), Sprin.status == "issued",
                                  *LIVE, Event.start_at >= lo, Event.start_at < hi)
                           .order_by(Event.start_at)).all()
    return [SprinLine(*row) for row in rows]


# ---------------------------------------------------------------- drill-down: the rows behind every figure
@dataclass
class Drill:
    title: str
    columns: list[str]
    rows: list[list[str]]
    event_ids: list[str]          # one per row ("" when the row is not an event)


def _when(moment: datetime) -> str:
    return f"{format_date(moment)} {format_time_wib(moment)}"


def _kind(code: str) -> str:
    term = EVENT_KIND_BY_CODE.get(code)
    return term.label(current_language()) if term else code


def _event_drill(title, lines: list[EventLine]) -> Drill:
    cols = [str(T("Nomor", "Number")), str(T("Kegiatan", "Event")), str(T("Jenis", "Kind")),
            str(T("Mulai", "Start")), str(T("Kursi terisi", "Seats filled"))]
    rows = [[e.number, e.title, _kind(e.kind), _when(e.start_at), f"{e.filled}/{e.required}"] for e in lines]
    return Drill(str(title), cols, rows, [e.id for e in lines])


def drill(session: Session, day: date, what: str, key: str = "") -> Drill:
    """The list behind a card or bar. `what`: today | next14 | coverage (key = YYYY-MM-DD) | month (key = YYYY-MM,
    all kinds but unjuk rasa) | month_demo (key = YYYY-MM) | unavailable (key = kind or "") | dadakan | requests |
    sprin | personnel."""
    start, _ = day_window(day)
    live = (Event.status != "dibatalkan",)
    if what == "today":
        return _event_drill(T("Kegiatan hari ini — {d}", "Events today — {d}", d=format_date(day)),
                            _event_lines(session, (*live, event_starts_in(Event.start_at, day))))
    if what == "next14":
        return _event_drill(T("Kegiatan 14 hari ke depan", "Events in the next 14 days"), _event_lines(
            session, (*live, Event.start_at >= start, Event.start_at < start + timedelta(days=COVERAGE_DAYS))))
    if what == "coverage":
        d = date.fromisoformat(key)
        return _event_drill(T("Kegiatan {d}", "Events on {d}", d=format_date(d)),
                            _event_lines(session, (*live, event_starts_in(Event.start_at, d))))
    if what in ("month", "month_demo"):
        year, month = (int(p) for p in key.split("-"))
        lo, hi = _month_window(year, month)
        demo = what == "month_demo"
        kind_filter = (Event.kind == "unjuk_rasa") if demo else (Event.kind != "unjuk_rasa")
        names = MONTHS_EN if current_language() == "en" else MONTHS_ID
        label = f"{names[month - 1]} {year}"
        title = (T("Unjuk rasa {m}", "Demonstrations {m}", m=label) if demo
                 else T("Kegiatan masyarakat {m}", "Community events {m}", m=label))
        return _event_drill(title, _event_lines(session, (kind_filter, Event.start_at >= lo, Event.start_at < hi)))
    if what == "unavailable":
        lo, hi = day_window(day)
        query = (select(Personnel.nrp, Personnel.name, Personnel.rank_code, Availability.kind, Availability.start_at,
                        Availability.end_at).join(Personnel, Personnel.id == Availability.personnel_id)
                 .where(Availability.deleted_at.is_(None), Availability.start_at < hi, Availability.end_at > lo))
        if key:
            query = query.where(Availability.kind == key)
        rows = session.execute(query.order_by(Availability.kind, Personnel.name)).all()
        kind_label = AVAILABILITY_BY_CODE[key].label(current_language()) if key in AVAILABILITY_BY_CODE else ""
        title = (T("Tidak tersedia hari ini: {k}", "Unavailable today: {k}", k=kind_label) if key
                 else T("Tidak tersedia hari ini", "Unavailable today"))
        cols = [str(T("NRP", "NRP")), str(T("Nama", "Name")), str(T("Pangkat", "Rank")), str(T("Jenis", "Kind")),
                str(T("Dari", "From")), str(T("Sampai", "Until"))]
        return Drill(str(title), cols, [[n, nm, r, AVAILABILITY_BY_CODE[k].label(current_language())
                                         if k in AVAILABILITY_BY_CODE else k, _when(a), _when(b)]
                                        for n, nm, r, k, a, b in rows], [""] * len(rows))
    if what in ("dadakan", "requests"):
        settings = load_settings(session)
        threshold = timedelta(hours=settings.dadakan_threshold_hours)
        rows = session.execute(
            select(SecurityRequest.channel, SecurityRequest.received_at, Event.id, Event.number, Event.title,
                   Event.start_at).join(Event, SecurityRequest.event_id == Event.id)
            .where(SecurityRequest.deleted_at.is_(None), Event.deleted_at.is_(None), Event.start_at >= start)
            .order_by(Event.start_at)).all()
        lines = [RequestLine(eid, num, title, ch, rec, st) for ch, rec, eid, num, title, st in rows
                 if what == "requests" or st - rec < threshold]
        title = (T("Permohonan dadakan (kurang dari {h} jam)", "Short-notice requests (under {h} h)",
                   h=settings.dadakan_threshold_hours) if what == "dadakan"
                 else T("Permohonan untuk kegiatan mendatang", "Requests for upcoming events"))
        cols = [str(T("Nomor", "Number")), str(T("Kegiatan", "Event")), str(T("Diterima", "Received")),
                str(T("Mulai", "Start")), str(T("Tenggang (jam)", "Lead (hours)"))]
        return Drill(str(title), cols, [[r.event_number, r.event_title, _when(r.received_at), _when(r.event_start),
                                         number(r.lead_hours, 1)] for r in lines], [r.event_id for r in lines])
    if what == "sprin":
        lines = _sprin_lines(session, *_month_window(day.year, day.month))
        cols = [str(T("Nomor Sprin", "Order number")), str(T("Kegiatan", "Event")), str(T("Terbit", "Issued")),
                str(T("Mulai", "Start")), str(T("Tenggang (jam)", "Lead (hours)"))]
        return Drill(str(T("Sprin terbit bulan ini", "Orders issued this month")), cols,
                     [[s.sprin_number, s.event_title, _when(s.issued_at), _when(s.event_start), number(s.lead_hours, 1)]
                      for s in lines], [s.event_id for s in lines])
    if what == "personnel":
        rows = session.execute(select(Personnel.nrp, Personnel.name, Personnel.rank_code).where(
            Personnel.active.is_(True), Personnel.deleted_at.is_(None)).order_by(Personnel.name)).all()
        return Drill(str(T("Personel aktif", "Active personnel")),
                     [str(T("NRP", "NRP")), str(T("Nama", "Name")), str(T("Pangkat", "Rank"))],
                     [list(r) for r in rows], [""] * len(rows))
    raise UserError(T("Rincian {w} tidak dikenal.", "Unknown drill-down {w}.", w=what))


number = format_number        # the view and the exports format figures the same way


# ---------------------------------------------------------------- ANEV export (month figures)
def anev_tables(s: DashboardSummary) -> list[tuple[str, list[str], list[list[str]]]]:
    """The month's ANEV as (title, header, rows) tables — shared by the xlsx and the PDF."""
    monthly = [[m.label(), str(m.kegiatan), str(m.unjuk_rasa)] for m in s.monthly]
    today = [[e.number, e.title, _kind(e.kind), _when(e.start_at), f"{e.filled}/{e.required}"] for e in s.today]
    coverage = [[format_date(c.day), str(c.events), str(c.required), str(c.filled),
                 number(100.0 * c.filled / c.required, 0) + " %" if c.required else "-"] for c in s.coverage]
    avail = [[AVAILABILITY_BY_CODE[k].label(current_language()) if k in AVAILABILITY_BY_CODE else k, str(n)]
             for k, n in s.availability_by_kind]
    dadakan = [[r.event_number, r.event_title, _when(r.received_at), number(r.lead_hours, 1)] for r in s.dadakan]
    sprin = [[x.sprin_number, x.event_title, _when(x.issued_at), number(x.lead_hours, 1)] for x in s.sprin_lead]
    return [
        (str(T("Kegiatan masyarakat dan unjuk rasa per bulan", "Community events and demonstrations per month")),
         [str(T("Bulan", "Month")), str(T("Kegiatan masyarakat", "Community events")),
          str(T("Unjuk rasa", "Demonstrations"))], monthly),
        (str(T("Kegiatan hari ini", "Events today")), [str(T("Nomor", "Number")), str(T("Kegiatan", "Event")),
                                                         str(T("Jenis", "Kind")), str(T("Mulai", "Start")),
                                                         str(T("Kursi terisi", "Seats filled"))], today),
        (str(T("Kursi 14 hari ke depan", "Seats over the next 14 days")),
         [str(T("Hari", "Day")), str(T("Kegiatan", "Events")), str(T("Kursi", "Seats")), str(T("Terisi", "Filled")),
          str(T("Cakupan", "Coverage"))], coverage),
        (str(T("Personel tidak tersedia menurut jenis", "Unavailable personnel by kind")),
         [str(T("Jenis", "Kind")), str(T("Personel", "Personnel"))], avail),
        (str(T("Permohonan dadakan", "Short-notice requests")),
         [str(T("Nomor", "Number")), str(T("Kegiatan", "Event")), str(T("Diterima", "Received")),
          str(T("Tenggang (jam)", "Lead (hours)"))], dadakan),
        (str(T("Tenggang terbit Sprin", "Order lead time")),
         [str(T("Nomor Sprin", "Order number")), str(T("Kegiatan", "Event")), str(T("Terbit", "Issued")),
          str(T("Tenggang (jam)", "Lead (hours)"))], sprin),
    ]


def anev_title(s: DashboardSummary) -> str:
    names = MONTHS_EN if current_language() == "en" else MONTHS_ID
    return str(T("ANEV Bag Ops Polrestabes Palembang — {m} {y}", "Bag Ops Polrestabes Palembang ANEV — {m} {y}",
                 m=names[s.day.month - 1], y=s.day.year))


def anev_workbook(s: DashboardSummary, path: str | Path) -> Path:
    """The month's figures as an .xlsx: one sheet per table, headers bold."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    path = Path(path)
    book = Workbook()
    book.remove(book.active)
    for index, (title, header, rows) in enumerate(anev_tables(s)):
        sheet = book.create_sheet(f"{index + 1} {title}"[:31].replace("/", "-"))
        sheet.append([anev_title(s)])
        sheet.append([title])
        sheet.append(header)
        for cell in sheet[3]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([_cell(v) for v in row])
        for col, _h in enumerate(header, start=1):
            sheet.column_dimensions[chr(64 + col)].width = 14 if col != 2 else 48
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def _cell(text: str):
    """Plain integers stay numbers in Excel; everything else stays text."""
    return int(text) if text.isdigit() else text


def anev_document(s: DashboardSummary, chart_images: dict[str, str] | None = None):
    """A `PrintDocument` of the month's ANEV (charts given as PNG paths: 'kegiatan', 'unjuk_rasa')."""
    from antasena_desktop.documents.model import Column, HtmlSection, PrintDocument, TableGroup, TableSection
    images = dict(chart_images or {})
    charts = "".join(f'<p><img src="{name}" width="600"></p>' for name in images)
    filled, required = s.seats_today
    head = (f"<h2>{anev_title(s)}</h2><p>{T('Keadaan {d}', 'As of {d}', d=format_date(s.day, with_day=True))}"
            f" — {T('personel aktif {n}, tidak tersedia hari ini {u}, kursi hari ini {f}/{r}', 'active personnel {n}, unavailable today {u}, seats today {f}/{r}', n=number(s.personnel_active), u=number(s.unavailable_today), f=number(filled), r=number(required))}"
            f"</p>{charts}")
    sections: list = [HtmlSection(head)]
    for title, header, rows in anev_tables(s):
        width = 100.0 / len(header)
        columns = [Column(h, width if i != 1 or len(header) < 4 else width * 1.6) for i, h in enumerate(header)]
        total = sum(c.width for c in columns)
        for c in columns:
            c.width = c.width * 100.0 / total
        sections.append(TableSection(columns, [TableGroup("", rows)], intro_html=f"<h3>{title}</h3>",
                                     number_row=False))
    return PrintDocument(anev_title(s), sections, images=images,
                         page_footer=str(T("Halaman {page} dari {pages}", "Page {page} of {pages}")))
