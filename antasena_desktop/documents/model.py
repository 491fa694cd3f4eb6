"""Plain content models of the printouts: what a Sprin says, independent of how it is drawn.

`SprinContent` is what gets frozen into `Sprin.content_json` at issue; `PlanSnapshot` is the
read-only view of an event's plan that every printout (Sprin Lampiran, rosters, apel list,
contacts) is built from.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from typing import Any

CONTENT_VERSION = 1
KEPADA_LAMPIRAN = ("PERSONEL YANG NAMA, PANGKAT, JABATAN DAN KESATUAN SEBAGAIMANA TERCANTUM "
                   "DALAM LAMPIRAN SURAT PERINTAH INI")


@dataclass
class PersonRow:
    """One assignment of one person in the plan."""
    name: str
    nrp: str
    rank_code: str
    rank_name: str
    seniority: int
    jabatan: str
    unit: str
    phone: str
    post_id: str
    post_name: str
    task: str            # role label, function name or "Anggota"
    time_text: str       # "08.00 WIB s.d. 17.00 WIB"
    status: str
    note: str = ""


@dataclass
class PostBlock:
    id: str
    name: str
    type: str
    time_text: str
    lat: float | None
    lon: float | None
    notes: str
    rows: list[PersonRow] = field(default_factory=list)

    @property
    def commander(self) -> PersonRow | None:
        """The person whose task says Danpos/Kapos/Komandan, else the most senior one."""
        for row in self.rows:
            label = row.task.lower()
            if any(word in label for word in ("danpos", "kapos", "komandan", "dan pos", "ka pos", "pamen pengawas")):
                return row
        return self.rows[0] if self.rows else None


@dataclass
class PlanSnapshot:
    event_id: str
    event_number: str
    title: str
    kind: str
    kind_label: str
    organiser: str
    place: str
    date_range: str
    start_date: str
    end_date: str
    year: int
    posts: list[PostBlock] = field(default_factory=list)
    requests: list[dict[str, str]] = field(default_factory=list)

    @property
    def people(self) -> list[PersonRow]:
        return [row for post in self.posts for row in post.rows]


@dataclass
class LampiranRow:
    no: int
    name: str
    rank: str
    nrp: str
    jabatan: str
    unit: str
    post: str
    task: str
    note: str = ""


@dataclass
class LampiranGroup:
    title: str           # the post, e.g. "POS PAM GERBANG UTAMA (08.00 WIB s.d. 17.00 WIB)"
    rows: list[LampiranRow] = field(default_factory=list)


@dataclass
class Signature:
    title_lines: list[str]           # ["KEPALA KEPOLISIAN RESOR KOTA BESAR PALEMBANG"] or ["a.n. KEPALA …", "KABAG OPS"]
    name: str
    rank: str
    nrp: str
    on_behalf: bool = False


@dataclass
class SprinContent:
    kop: list[str]
    number: str | None                # None while a draft: the number line prints with blanks
    number_blank: str                 # "Sprin/      /IX/OPS.1./2023": what a draft shows
    pertimbangan: str
    dasar: list[str]
    kepada: list[str]                 # named persons, or [KEPADA_LAMPIRAN]
    kepada_lampiran: bool
    untuk: list[str]
    place: str
    date_text: str                    # "28 September 2023"
    signature: Signature
    tembusan: list[str]
    lampiran: list[LampiranGroup]
    title: str = "SURAT PERINTAH"
    event_id: str = ""
    event_number: str = ""
    event_title: str = ""
    parent_number: str | None = None  # set on a Sprin perubahan
    version: int = CONTENT_VERSION

    @property
    def number_text(self) -> str:
        return self.number or self.number_blank

    @property
    def lampiran_rows(self) -> list[LampiranRow]:
        return [row for group in self.lampiran for row in group.rows]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "SprinContent":
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["signature"] = Signature(**data["signature"])
        values["lampiran"] = [LampiranGroup(g["title"], [LampiranRow(**r) for r in g["rows"]])
                              for g in data.get("lampiran", [])]
        return cls(**values)

    @classmethod
    def from_json(cls, text: str) -> "SprinContent":
        return cls.from_dict(json.loads(text))


@dataclass
class Column:
    title: str
    width: float                 # percent of the text width
    align: str = "left"          # left | center | right


@dataclass
class TableGroup:
    title: str                   # "" = rows without a group title
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class HtmlSection:
    """Flowing text laid out by QTextDocument (the Sprin body, the map page)."""
    html: str


@dataclass
class TableSection:
    """A long ruled table painted row by row: column titles (and the group title, marked
    "lanjutan") repeat at the top of every page, a row never splits across pages.
    `intro_html` is printed above the table on its first page, `outro_html` after the last row."""
    columns: list[Column]
    groups: list[TableGroup]
    intro_html: str = ""
    outro_html: str = ""
    font_pt: float = 9.0
    number_row: bool = True      # the "1 2 3 …" row under the column titles (naskah dinas annex style)
    min_row_mm: float = 0.0      # e.g. room for a signature on the apel list
    empty_text: str = "-"

    @property
    def row_count(self) -> int:
        return sum(len(g.rows) for g in self.groups)


@dataclass
class PrintDocument:
    """A printout: sections, each starting on a new page, plus what the renderer needs to know."""
    title: str
    sections: list[HtmlSection | TableSection] = field(default_factory=list)
    watermark: str = ""                                   # "KONSEP" on drafts
    images: dict[str, str] = field(default_factory=dict)  # resource name in the HTML → PNG file path
    landscape: bool = False
    page_footer: str = "Halaman {page} dari {pages}"
