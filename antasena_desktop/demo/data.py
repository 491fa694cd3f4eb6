"""Data files of the demo generator (resources/demo) and small deterministic helpers."""
from __future__ import annotations

import csv
import random
import uuid
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from antasena_desktop.geo.distance import haversine_km
from antasena_desktop.geo.reference import Wilayah, resources_dir


def demo_dir() -> Path:
    return resources_dir() / "demo"


@dataclass(frozen=True)
class MonthlyCount:
    report_year: int
    month: int
    kegiatan_masyarakat: int
    unjuk_rasa: int
    kegiatan_source: str      # laporan | interpolasi
    unjuk_rasa_source: str
    demo_use: str
    note: str


@lru_cache(maxsize=1)
def monthly_counts() -> dict[tuple[int, int], MonthlyCount]:
    """The monthly table (report year, month) → counts, from resources/demo/monthly_counts.csv."""
    with open(demo_dir() / "monthly_counts.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return {(int(r["report_year"]), int(r["month"])): MonthlyCount(
        int(r["report_year"]), int(r["month"]), int(r["kegiatan_masyarakat"]), int(r["unjuk_rasa"]),
        r["kegiatan_source"], r["unjuk_rasa_source"], r["demo_use"], r["note"]) for r in rows}


#: Report year whose calendar-month profile is used for the months before the current one:
#: 1..12 months back (and the current month) → 2022; 13..24 months back → 2021.
PROFILE_RECENT = 2022
PROFILE_OLDER = 2021
HISTORY_MONTHS = 24


def profile_year(months_back: int) -> int:
    return PROFILE_RECENT if months_back <= 12 else PROFILE_OLDER


@dataclass(frozen=True)
class NameParts:
    first: tuple[str, ...]
    last: tuple[str, ...]


@lru_cache(maxsize=1)
def name_lists() -> dict[tuple[str, str], NameParts]:
    """(group, gender) → first and last name lists, from resources/demo/names.csv."""
    parts: dict[tuple[str, str], dict[str, list[str]]] = {}
    with open(demo_dir() / "names.csv", encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            parts.setdefault((r["group"], r["gender"]), {"first": [], "last": []})[r["position"]].append(r["name"])
    return {k: NameParts(tuple(v["first"]), tuple(v["last"])) for k, v in parts.items()}


def make_uuid(rng: random.Random) -> str:
    """A version-4 UUID drawn from the generator's own random stream (deterministic per seed)."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def nearest_kelurahan(lat: float, lon: float, kelurahan: list[Wilayah],
                      kecamatan_code: str | None = None) -> Wilayah:
    """The kelurahan whose centroid is nearest (optionally only inside one kecamatan)."""
    pool = [k for k in kelurahan if kecamatan_code is None or k.kecamatan_code == kecamatan_code] or kelurahan
    return min(pool, key=lambda k: haversine_km(lat, lon, k.lat, k.lon))
