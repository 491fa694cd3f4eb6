"""Build the content of a Surat Perintah (pengamanan) from an event's plan, the templates and the settings."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy.orm import Session

from antasena_desktop.services import settings as app_settings
from antasena_desktop.services.settings import AppSettings
from antasena_desktop.timefmt import format_date_id, now_utc, roman_month, to_wib

from .model import (KEPADA_LAMPIRAN, LampiranGroup, LampiranRow, PlanSnapshot, Signature, SprinContent)
from .plan import collect_plan
from .templates import dasar_library, fill, kind_template

SPRIN_KIND = "sprin"          # DocumentNumber.kind of Surat Perintah
KEPADA_NAMED_MAX = 3          # up to this many people are named under "Kepada"; more go to the Lampiran


def format_sprin_number(seq: int | None, month: int, classification: str, year: int) -> str:
    """`Sprin/2267/IX/OPS.1./2023`; without a sequence the slot is left blank for a draft."""
    slot = str(seq) if seq is not None else "        "
    return f"Sprin/{slot}/{roman_month(month)}/{classification}/{year}"


@dataclass
class SprinOptions:
    """What the operator may choose or edit before issue (None = from the templates)."""
    dasar_codes: list[str] | None = None         # library entries to use, in library order
    extra_dasar: list[str] = field(default_factory=list)
    pertimbangan: str | None = None
    untuk: list[str] | None = None
    tembusan: list[str] | None = None
    on_behalf: bool = False                      # "a.n." Kapolrestabes, signed by the Kabag Ops
    kepada_named_max: int = KEPADA_NAMED_MAX
    issue_date: date | None = None               # default: today (WIB)
    parent_number: str | None = None             # for a Sprin perubahan

    @classmethod
    def from_dict(cls, data: dict | None) -> "SprinOptions":
        data = dict(data or {})
        if data.get("issue_date"):
            data["issue_date"] = date.fromisoformat(data["issue_date"])
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known})

    def to_dict(self) -> dict:
        out = dict(self.__dict__)
        out["issue_date"] = self.issue_date.isoformat() if self.issue_date else None
        return out


def _sentence_list(items: list[str], last_stop: str = ".") -> list[str]:
    """Polri list punctuation: every item ends with ';' and the last with '.'."""
    cleaned = [i.strip().rstrip(";.").strip() for i in items if i and i.strip()]
    return [item + (last_stop if n == len(cleaned) - 1 else ";") for n, item in enumerate(cleaned)]


def _values(plan: PlanSnapshot) -> dict[str, str]:
    return {"title": plan.title, "kind_label": plan.kind_label, "organiser": plan.organiser,
            "place": plan.place, "date_range": plan.date_range, "end_date": plan.end_date,
            "start_date": plan.start_date, "event_number": plan.event_number}


def _dasar(plan: PlanSnapshot, options: SprinOptions) -> list[str]:
    values = _values(plan)
    items: list[str] = []
    for entry in dasar_library():
        chosen = (entry.code in options.dasar_codes) if options.dasar_codes is not None else entry.applies_to(plan.kind)
        if not chosen:
            continue
        if entry.code == "surat_permohonan":
            for req in plan.requests:
                if req["letter_number"]:
                    items.append(fill(entry.text, {**values, **req}))
            continue
        items.append(fill(entry.text, values))
    if options.parent_number:
        items.append(f"Surat Perintah Kapolrestabes Palembang Nomor : {options.parent_number} "
                     f"tentang pengamanan {plan.kind_label} \"{plan.title}\"")
    items.extend(options.extra_dasar)
    return _sentence_list(items)


def _untuk(plan: PlanSnapshot, options: SprinOptions, kepada_lampiran: bool) -> list[str]:
    if options.untuk is not None:
        return _sentence_list(options.untuk)
    template = kind_template(plan.kind)
    values = _values(plan)
    first = fill(template.first_task, values)
    if not kepada_lampiran:
        first = first.replace(", sesuai pos dan tugas sebagaimana tercantum dalam lampiran surat perintah ini", "")
    items = [first, *(fill(t, values) for t in template.tasks_extra)]
    closing = [fill(t, values) for t in template.closing]
    if options.parent_number:
        closing.insert(1, f"dengan dikeluarkannya Surat Perintah ini, Surat Perintah Nomor : "
                          f"{options.parent_number} dinyatakan tidak berlaku lagi")
    return _sentence_list(items + closing)


def lampiran_groups(plan: PlanSnapshot) -> list[LampiranGroup]:
    """Grouped by post; inside a post senior first; numbered through."""
    groups = []
    n = 0
    for post in plan.posts:
        if not post.rows:
            continue
        group = LampiranGroup(f"{post.name.upper()} ({post.time_text})")
        for row in post.rows:
            n += 1
            group.rows.append(LampiranRow(no=n, name=row.name, rank=row.rank_code, nrp=row.nrp,
                                          jabatan=row.jabatan, unit=row.unit, post=row.post_name,
                                          task=row.task, note=row.note))
        groups.append(group)
    return groups


def signature_for(settings: AppSettings, on_behalf: bool) -> Signature:
    """The Kapolrestabes, or "a.n." with the Kabag Ops (settings `delegate_*`)."""
    if on_behalf:
        return Signature(
            title_lines=[f"a.n. {settings.signatory_title}",
                         getattr(settings, "delegate_title", "") or "KABAG OPS"],
            name=getattr(settings, "delegate_name", "") or "", rank=getattr(settings, "delegate_rank", "")
            or "AJUN KOMISARIS BESAR POLISI", nrp=getattr(settings, "delegate_nrp", "") or "", on_behalf=True)
    return Signature(title_lines=[settings.signatory_title], name=settings.signatory_name,
                     rank=settings.signatory_rank, nrp=settings.signatory_nrp)


def build_content(plan: PlanSnapshot, settings: AppSettings, options: SprinOptions | None = None,
                  number: str | None = None, issued_on: date | datetime | None = None) -> SprinContent:
    options = options or SprinOptions()
    when = issued_on or options.issue_date or to_wib(now_utc()).date()
    if isinstance(when, datetime):
        when = to_wib(when).date()
    groups = lampiran_groups(plan)
    people = [row for group in groups for row in group.rows]
    kepada_lampiran = len(people) > options.kepada_named_max or not people
    if kepada_lampiran:
        kepada = [KEPADA_LAMPIRAN + "."]
    else:
        kepada = _sentence_list([f"{r.rank} {r.name}, NRP {r.nrp}, {r.jabatan} {r.unit}".replace("  ", " ")
                                 for r in people])
    template = kind_template(plan.kind)
    pertimbangan = options.pertimbangan or fill(template.pertimbangan, _values(plan))
    tembusan = options.tembusan if options.tembusan is not None else list(template.tembusan)
    return SprinContent(
        kop=list(settings.kop_lines), number=number,
        number_blank=format_sprin_number(None, when.month, settings.sprin_classification, when.year),
        pertimbangan=pertimbangan.strip().rstrip(".") + ".",
        dasar=_dasar(plan, options), kepada=kepada, kepada_lampiran=kepada_lampiran,
        untuk=_untuk(plan, options, kepada_lampiran), place=settings.place_of_issue,
        date_text=format_date_id(when), signature=signature_for(settings, options.on_behalf),
        tembusan=_sentence_list(list(tembusan)), lampiran=groups if kepada_lampiran else [],
        event_id=plan.event_id, event_number=plan.event_number, event_title=plan.title,
        parent_number=options.parent_number)


def draft_content(session: Session, event_ref: str, options: SprinOptions | None = None) -> SprinContent:
    """A Sprin for the event as it would be issued today, without a number (read-only)."""
    return build_content(collect_plan(session, event_ref), app_settings.load(session), options)
