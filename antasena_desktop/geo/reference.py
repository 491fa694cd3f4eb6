"""Reference data shipped in resources/geo (pure: csv/json only).

Column names of the CSV files are a stable interface (see resources/geo/README.md).
"""
from __future__ import annotations

import csv
import json
import os
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

CITY_CODE = "16.71"
CITY_NAME = "Kota Palembang"
#: Default map centre (about 2°59'10"S 104°45'20"E) and a generous bounding box of the city.
CITY_CENTER = (-2.9861, 104.7556)
CITY_BBOX = (104.55, -3.15, 104.95, -2.80)  # min lon, min lat, max lon, max lat


def resources_dir() -> Path:
    """The `resources/` folder (env ANTASENA_RESOURCES_DIR, PyInstaller bundle, or the source tree)."""
    env = os.environ.get("ANTASENA_RESOURCES_DIR")
    if env:
        return Path(env)
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle and (Path(bundle) / "resources").is_dir():
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def geo_dir() -> Path:
    return resources_dir() / "geo"


@dataclass(frozen=True)
class Wilayah:
    level: str            # "kecamatan" | "kelurahan"
    code: str             # Kemendagri code, e.g. 16.71.17 / 16.71.17.1004
    name: str             # familiar spelling
    kecamatan_code: str
    lat: float
    lon: float
    name_kemendagri: str = ""
    postal_code: str = ""


@dataclass(frozen=True)
class Venue:
    name: str
    kind: str
    lat: float
    lon: float
    kecamatan_code: str
    address: str
    approximate: bool


@dataclass(frozen=True)
class PolsekRef:
    code: str
    name: str
    kind: str             # "polrestabes" | "polsek"
    kecamatan_codes: tuple[str, ...]
    lat: float
    lon: float
    address: str
    approximate: bool


def _rows(name: str) -> list[dict[str, str]]:
    with open(geo_dir() / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@lru_cache(maxsize=1)
def load_wilayah() -> tuple[Wilayah, ...]:
    return tuple(Wilayah(r["level"], r["code"], r["name"], r["kecamatan_code"], float(r["lat"]), float(r["lon"]),
                         r.get("name_kemendagri", ""), r.get("postal_code", "")) for r in _rows("palembang_wilayah.csv"))


def kecamatan_list() -> list[Wilayah]:
    return [w for w in load_wilayah() if w.level == "kecamatan"]


def kelurahan_list() -> list[Wilayah]:
    return [w for w in load_wilayah() if w.level == "kelurahan"]


@lru_cache(maxsize=1)
def load_venues() -> tuple[Venue, ...]:
    return tuple(Venue(r["name"], r["kind"], float(r["lat"]), float(r["lon"]), r["kecamatan_code"], r["address"],
                       r["approximate"] == "1") for r in _rows("venues.csv"))


@lru_cache(maxsize=1)
def load_polsek() -> tuple[PolsekRef, ...]:
    return tuple(PolsekRef(r["code"], r["name"], r["kind"], tuple(c for c in r["kecamatan_codes"].split(";") if c),
                           float(r["lat"]), float(r["lon"]), r["address"], r["approximate"] == "1")
                 for r in _rows("polsek.csv"))


def load_musi_and_roads() -> dict:
    """FeatureCollection of LineStrings (kind 'sungai' or 'jalan_*'), all approximate."""
    return json.loads((geo_dir() / "musi_and_roads.geojson").read_text(encoding="utf-8"))


def split_musi_and_roads(fc: dict | None = None) -> tuple[dict, dict]:
    """(river FeatureCollection, roads FeatureCollection) — the 'musi' and 'jalan' geo layers."""
    fc = fc or load_musi_and_roads()
    river = [f for f in fc["features"] if f["properties"].get("kind") == "sungai"]
    roads = [f for f in fc["features"] if f["properties"].get("kind") != "sungai"]
    return ({"type": "FeatureCollection", "features": river}, {"type": "FeatureCollection", "features": roads})
