"""Reference data files in resources/geo and basic geo helpers (no Qt)."""
from __future__ import annotations

import csv
import json

import pytest

from antasena_desktop.geo import haversine_km, name_key
from antasena_desktop.geo.reference import (CITY_BBOX, geo_dir, kecamatan_list, kelurahan_list, load_musi_and_roads,
                                            load_polsek, load_venues)


def _in_bbox(lat, lon):
    x0, y0, x1, y1 = CITY_BBOX
    return x0 <= lon <= x1 and y0 <= lat <= y1


def test_wilayah_counts_codes_and_columns():
    with open(geo_dir() / "palembang_wilayah.csv", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames[:6] == ["level", "code", "name", "kecamatan_code", "lat", "lon"]
    kec, kel = kecamatan_list(), kelurahan_list()
    assert len(kec) == 18 and len(kel) == 107
    codes = [w.code for w in [*kec, *kel]]
    assert len(set(codes)) == len(codes)
    assert all(w.code.startswith("16.71.") for w in kec)
    kec_codes = {w.code for w in kec}
    assert all(w.kecamatan_code in kec_codes and w.code.startswith(w.kecamatan_code + ".") for w in kel)
    assert all(_in_bbox(w.lat, w.lon) for w in [*kec, *kel])
    names = {w.code: w.name for w in kec}
    assert names["16.71.17"] == "Jakabaring" and names["16.71.18"] == "Ilir Timur III"
    assert names["16.71.01"] == "Ilir Barat II"
    # the familiar and the official (Rupabumi) spellings normalise to the same key
    assert all(name_key(w.name) == name_key(w.name_kemendagri) for w in [*kec, *kel])


def test_venues_polsek_and_lines():
    venues = load_venues()
    assert 30 <= len(venues) <= 45
    kec_codes = {w.code for w in kecamatan_list()}
    assert all(_in_bbox(v.lat, v.lon) and v.kecamatan_code in kec_codes for v in venues)
    assert any(v.name.startswith("Jembatan Ampera") for v in venues)
    pol = load_polsek()
    assert sum(p.kind == "polrestabes" for p in pol) == 1
    covered = {c for p in pol if p.kind == "polsek" for c in p.kecamatan_codes}
    assert covered == kec_codes
    fc = load_musi_and_roads()
    assert fc["type"] == "FeatureCollection"
    assert all(f["properties"]["approximate"] is True for f in fc["features"])
    assert any(f["properties"]["kind"] == "sungai" for f in fc["features"])
    for f in fc["features"]:
        assert all(_in_bbox(lat, lon) for lon, lat in f["geometry"]["coordinates"])


def test_reference_files_have_no_remote_addresses():
    for p in geo_dir().iterdir():
        if p.suffix in (".csv", ".geojson"):
            text = p.read_text(encoding="utf-8")
            assert "http://" not in text and "https://" not in text
    json.loads((geo_dir() / "musi_and_roads.geojson").read_text(encoding="utf-8"))


def test_haversine():
    assert haversine_km(0, 0, 0, 1) == pytest.approx(111.195, abs=0.01)    # R = 6371.0088 km
    assert haversine_km(-2.9917, 104.7633, -2.9917, 104.7633) == 0
    # Ampera -> Bandara SMB II is about 12 km
    assert 10 < haversine_km(-2.9917, 104.7633, -2.8975, 104.7002) < 13


@pytest.mark.parametrize("a,b", [
    ("Tiga-puluh-lima Ilir", "35 Ilir"), ("Ilir Barat Dua", "Ilir Barat II"), ("Bukitkecil", "Bukit Kecil"),
    ("Sungaibuah", "Sei Buah"), ("Dua-puluh Ilir Tiga", "20 Ilir D. III"), ("Tiga Empat Ulu", "3 / 4 Ulu"),
    ("Sembilan Sepuluh Ulu", "9-10 Ulu"), ("Kelurahan Sebelas Ulu", "11 ulu"), ("Dua-belas Ulu", "12 Ulu"),
    ("Kecamatan Seberang Ulu Satu", "SEBERANG ULU I"), ("Alang-alang Lebar", "Alang Alang Lebar"),
])
def test_name_key_equivalences(a, b):
    assert name_key(a) == name_key(b)


def test_name_key_keeps_different_names_apart():
    assert name_key("Ilir Barat I") != name_key("Ilir Barat II")
    assert name_key("Ilir Timur I") != name_key("Ilir Timur III")
    assert name_key("26 Ilir") != name_key("26 Ilir D. I")
