"""Who may see what on the stakeholder portal: the ONE place the rules live (plain Python, no database).

Every portal page asks here on every request (`check_*` raise `Forbidden`, answered 403), and the PKS
export asks `names_allowed` per recipient profile. The rules:

- every kind sees the public calendar (no kerawanan assessment, no intelligence notes — the reads
  module never even loads them) and the published news and knowledge posts;
- an event's posts and strength per post only for *its own* events: Pemkot — every event in the city
  (the PKS covers the city); satker and other Polri unit — events linked to the account or where
  their people are placed; organiser — events linked to the account or organised under its name;
- names and NRP only where the kind permits: satker and other Polri unit — their own people;
  Pemkot — only under the PKS profile `names`; organisers — never;
- the placement history (hours 7/30 days, events served) only for a satker account, of its own people.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from antasena_desktop.i18n import T, Text, UserError


class Kind(str, Enum):
    PEMKOT = "pemkot"
    SATKER = "satker"
    ORGANISER = "organiser"
    POLRI_UNIT = "polri_unit"


KIND_LABELS: dict[Kind, Text] = {
    Kind.PEMKOT: T("Pemerintah Kota", "City government"),
    Kind.SATKER: T("Satker Polrestabes", "Polrestabes unit"),
    Kind.ORGANISER: T("Penyelenggara kegiatan", "Event organiser"),
    Kind.POLRI_UNIT: T("Satuan Polri lain", "Other Polri unit"),
}


class Profile(str, Enum):
    """What a recipient may learn about people (PKS redaction profile)."""
    COUNTS_ONLY = "counts-only"
    NAMES = "names"


PROFILE_LABELS: dict[Profile, Text] = {
    Profile.COUNTS_ONLY: T("Hanya jumlah", "Counts only"),
    Profile.NAMES: T("Dengan nama dan NRP", "With names and NRP"),
}

#: Kinds that must be tied to a unit (their "own people").
UNIT_KINDS = (Kind.SATKER, Kind.POLRI_UNIT)


class Forbidden(UserError):
    """Refused by the portal policy (a 403 on the web)."""


@dataclass(frozen=True)
class Viewer:
    """A logged-in stakeholder as the policy sees it (reloaded from the database on every request)."""
    account_id: str
    username: str
    kind: Kind
    unit_id: str | None = None
    organiser: str = ""
    event_ids: frozenset[str] = field(default_factory=frozenset)
    profile: Profile = Profile.COUNTS_ONLY
    display_name: str = ""


@dataclass(frozen=True)
class EventFacts:
    """What the policy needs to know about one event."""
    event_id: str
    organiser: str = ""
    placed_unit_ids: frozenset[str] = field(default_factory=frozenset)


def _same_name(a: str, b: str) -> bool:
    return bool(a.strip()) and " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def owns_event(viewer: Viewer, facts: EventFacts) -> bool:
    if viewer.kind is Kind.PEMKOT:
        return True
    if facts.event_id in viewer.event_ids:
        return True
    if viewer.kind in UNIT_KINDS:
        return viewer.unit_id is not None and viewer.unit_id in facts.placed_unit_ids
    if viewer.kind is Kind.ORGANISER:
        return _same_name(viewer.organiser, facts.organiser)
    return False


def check_event(viewer: Viewer, facts: EventFacts) -> None:
    if not owns_event(viewer, facts):
        raise Forbidden(T("Kegiatan ini bukan kegiatan akun Anda.", "This event is not one of your account's events."))


def names_allowed(viewer_or_profile: Viewer | Profile, person_unit_id: str | None = None) -> bool:
    """May this viewer (or a PKS recipient under this profile) see the name and NRP of a person of
    `person_unit_id`?"""
    if isinstance(viewer_or_profile, Profile):
        return viewer_or_profile is Profile.NAMES
    viewer = viewer_or_profile
    if viewer.kind in UNIT_KINDS:
        return viewer.unit_id is not None and person_unit_id == viewer.unit_id
    if viewer.kind is Kind.PEMKOT:
        return viewer.profile is Profile.NAMES
    return False


def may_see_history(viewer: Viewer) -> bool:
    return viewer.kind is Kind.SATKER and viewer.unit_id is not None


def check_history(viewer: Viewer) -> None:
    if not may_see_history(viewer):
        raise Forbidden(T("Riwayat penempatan hanya untuk akun satker.",
                          "The placement history is for unit accounts only."))


def check_account_fields(kind: Kind, unit_id: str | None, profile: Profile) -> None:
    """The shape of an account: satker/Polri units need their unit; only Pemkot has a names profile."""
    if kind in UNIT_KINDS and not unit_id:
        raise UserError(T("Akun {k} harus terikat pada satu satuan.", "A {k} account must belong to a unit.",
                          k=KIND_LABELS[kind]))
    if profile is Profile.NAMES and kind is not Kind.PEMKOT:
        raise UserError(T("Profil PKS \"dengan nama\" hanya untuk akun Pemerintah Kota.",
                          "The PKS profile \"with names\" is for the city government's accounts only."))
