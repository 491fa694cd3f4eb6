"""The real boundaries of Kota Palembang shipped in resources/geo (MIT, see resources/geo/BOUNDARIES.md).

They are the default map boundaries; an imported file replaces a level, the schematic cells are the fallback
for a code that has no shipped or imported polygon."""
from __future__ import annotations

import json
from functools import lru_cache

from .boundaries import BoundarySet
from .reference import geo_dir

SHIPPED = "resmi"                      # geometry_source of the shipped Kemendagri-derived polygons
FILES = {"kecamatan": "palembang_kecamatan.geojson", "kelurahan": "palembang_kelurahan.geojson",
         "kota": "palembang_boundary.geojson"}


def _features(level: str) -> list[dict]:
    path = geo_dir() / FILES[level]
    if not path.is_file():
        return []
    return json.loads(path.read_text(encoding="utf-8")).get("features", [])


@lru_cache(maxsize=1)
def shipped_boundaries() -> BoundarySet | None:
    """The shipped set (geometry dicts by Kemendagri code), or None when the files are missing."""
    kec = {f["properties"]["code"]: f["geometry"] for f in _features("kecamatan")}
    kel = {f["properties"]["code"]: f["geometry"] for f in _features("kelurahan")}
    city = _features("kota")
    if not kec or not city:
        return None
    return BoundarySet(kec, kel, city[0]["geometry"], source=SHIPPED)
