"""Schematic boundaries, boundary import and locate() (no Qt)."""
from __future__ import annotations

import json

import pytest
import shapely
from shapely.geometry import Point, shape

from antasena_desktop.geo import (Locator, import_boundaries, locate, schematic_boundaries)
from antasena_desktop.geo.reference import kecamatan_list, kelurahan_list

from antasena_desktop.geo.reference import geo_dir

GEO = geo_dir()          # the real boundaries ship in resources/geo (resources/geo/BOUNDARIES.md)
KEC = {w.code: w.name for w in kecamatan_list()}
KEL = {w.code: w.name for w in kelurahan_list()}


@pytest.fixture(scope="module")
def schematic():
    return schematic_boundaries()


def test_schematic_boundaries_cover_every_code(schematic):
    assert set(schematic.kecamatan) == set(KEC) and set(schematic.kelurahan) == set(KEL)
    assert schematic.schematic and schematic.source == "skematik"
    kel_shapes = {c: shape(g) for c, g in schematic.kelurahan.items()}
    assert all(s.is_valid and not s.is_empty for s in kel_shapes.values())
    for w in kelurahan_list():          # each centroid lies in its own cell
        assert kel_shapes[w.code].buffer(1e-6).contains(Point(w.lon, w.lat)), w.code
    total = sum(s.area for s in kel_shapes.values())
    union = shapely.union_all(list(kel_shapes.values())).area
    assert total == pytest.approx(union, rel=1e-4)          # no overlaps
    assert union == pytest.approx(shape(schematic.outline).area, rel=1e-3)
    fc = schematic.feature_collection("kecamatan", KEC)
    assert {f["properties"]["geometry_source"] for f in fc["features"]} == {"skematik"}


def test_schematic_with_imported_outline():
    outline = json.loads((GEO / "palembang_boundary.geojson").read_text())["features"][0]
    bs = schematic_boundaries(outline=outline["geometry"])
    union = shapely.union_all([shape(g) for g in bs.kecamatan.values()])
    assert union.area == pytest.approx(shape(outline["geometry"]).area, rel=1e-3)


def test_locate_on_schematic_default():
    loc = locate(-3.0215, 104.7880)                 # Jakabaring Sport City
    assert loc.kecamatan_code == "16.71.17" and loc.kelurahan_code.startswith("16.71.17.")
    assert loc.polsek == "POLSEK-167117"
    kec, kel, pol = locate(-2.8975, 104.7002)       # Bandara SMB II (tuple unpacking)
    assert kec == "16.71.07"
    assert locate(-2.0, 104.0) == (None, None, None)  # far away: nothing


@pytest.fixture(scope="module")
def real_reports():
    base = GEO
    return (import_boundaries(base / "palembang_kecamatan.geojson", "kecamatan", KEC),
            import_boundaries(base / "palembang_kelurahan.geojson", "kelurahan", KEL),
            import_boundaries(base / "palembang_boundary.geojson", "kota", {"16.71": "Kota Palembang"}))


def test_import_real_boundaries(real_reports):
    kec, kel, kota = real_reports
    assert kec.ok and len(kec.matched) == 18 and not kec.missing_codes and not kec.unmatched_features
    assert kel.ok and len(kel.matched) == 107 and not kel.missing_codes and not kel.unmatched_features
    assert kota.ok and list(kota.matched) == ["16.71"]
    assert {m.matched_by for m in kec.matched.values()} == {"code"}
    geom = json.loads(kec.geometries["16.71.17"])
    assert geom["type"] in ("Polygon", "MultiPolygon") and shape(geom).is_valid
    assert "18 cocok" in kec.summary("id") and "18 matched" in kec.summary("en")


def test_import_matches_by_name_variants():
    fc = json.loads((GEO / "palembang_kelurahan.geojson").read_text())
    for i, f in enumerate(fc["features"]):      # drop the codes; alternate the two spellings
        p = f["properties"]
        f["properties"] = {"NAMOBJ": p["name_rupabumi"] if i % 2 else p["name"].upper()}
    rep = import_boundaries(fc, "kelurahan", KEL)
    assert len(rep.matched) == 107, rep.summary("en")
    assert {m.matched_by for m in rep.matched.values()} <= {"name", "mirip"}


@pytest.mark.parametrize("point,kec,kel_prefix", [
    ((-2.98900, 104.76245), {"16.71.11", "16.71.05"}, None),               # Jembatan Ampera, north end
    ((-2.9949, 104.7641), {"16.71.02"}, "16.71.02."),                       # Jembatan Ampera, south end
    ((-3.0215, 104.7880), {"16.71.17"}, "16.71.17."),                       # Jakabaring Sport City
    ((-2.8975, 104.7002), {"16.71.07"}, "16.71.07."),                       # Bandara SMB II
    ((-2.9769, 104.7798), {"16.71.06"}, "16.71.06."),                       # Pelabuhan Boom Baru
])
def test_locate_with_real_boundaries(real_reports, point, kec, kel_prefix):
    rep_kec, rep_kel, _ = real_reports
    loc = Locator(kecamatan={c: m.geometry for c, m in rep_kec.matched.items()},
                  kelurahan={c: m.geometry for c, m in rep_kel.matched.items()},
                  polsek_by_kecamatan={c: "P" + c for c in KEC})
    found = loc.locate_detail(*point)
    assert found.method == "polygon"
    assert found.location.kecamatan_code in kec
    if kel_prefix:
        assert found.location.kelurahan_code.startswith(kel_prefix)
    assert found.location.polsek == "P" + found.location.kecamatan_code


def test_locate_fallback_to_nearest_centroid():
    loc = Locator(centroids={w.code: (w.kecamatan_code, w.lat, w.lon) for w in kelurahan_list()})
    d = loc.locate_detail(-3.0215, 104.7880)
    assert d.method == "nearest" and d.location.kecamatan_code == "16.71.17" and d.distance_km < 3


# ------------------------------------------------------------------ bad inputs
def _square(lon, lat, s=0.01):
    return {"type": "Polygon", "coordinates": [[[lon, lat], [lon + s, lat], [lon + s, lat + s], [lon, lat + s],
                                                [lon, lat]]]}


def _fc(*geoms, props=None):
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": props or {"name": "Jakabaring"}, "geometry": g} for g in geoms]}


def test_projected_coordinates_are_explained():
    utm = {"type": "Polygon", "coordinates": [[[475000, 9668000], [476000, 9668000], [476000, 9669000],
                                               [475000, 9668000]]]}
    rep = import_boundaries(_fc(utm), "kecamatan", KEC)
    assert not rep.ok
    assert "terproyeksi" in rep.errors[0].render("id") and "Projected" in rep.errors[0].render("en")
    assert "EPSG:4326" in rep.errors[0].render("en")


def test_swapped_axes_are_explained():
    sq = _square(104.77, -3.02)
    swapped = {"type": "Polygon", "coordinates": [[[y, x] for x, y in sq["coordinates"][0]]]}
    rep = import_boundaries(_fc(swapped), "kecamatan", KEC)
    assert not rep.ok
    assert "tertukar" in rep.errors[0].render("id") and "swapped" in rep.errors[0].render("en")


@pytest.mark.parametrize("obj,word", [
    ({"type": "Feature", "geometry": _square(104.77, -3.02), "properties": {}}, "Feature"),
    ([1, 2, 3], "list"),
    ({"type": "Polygon", "coordinates": []}, "Polygon"),
])
def test_not_a_feature_collection(obj, word):
    rep = import_boundaries(obj, "kecamatan", KEC)
    assert not rep.ok and "FeatureCollection" in rep.errors[0].render("en") and word in rep.errors[0].render("en")
    assert "Bukan GeoJSON FeatureCollection" in rep.errors[0].render("id")


def test_other_bad_inputs(tmp_path):
    p = tmp_path / "broken.geojson"
    p.write_text("{not json", encoding="utf-8")
    rep = import_boundaries(p, "kecamatan", KEC)
    assert not rep.ok and "JSON" in rep.errors[0].render("en")
    rep = import_boundaries(_fc(_square(106.8, -6.2)), "kecamatan", KEC)          # Jakarta
    assert not rep.ok and "outside" in rep.errors[0].render("en")
    crs = _fc(_square(104.77, -3.02))
    crs["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::32748"}}
    rep = import_boundaries(crs, "kecamatan", KEC)
    assert not rep.ok and "CRS" in rep.errors[0].render("en")
    line = {"type": "LineString", "coordinates": [[104.77, -3.02], [104.78, -3.01]]}
    rep = import_boundaries(_fc(line, _square(104.77, -3.02)), "kecamatan", KEC)
    assert rep.ok and list(rep.matched) == ["16.71.17"]
    assert len(rep.unmatched_features) == 1 and "LineString" in rep.unmatched_features[0].reason.render("en")
    assert "16.71.01" in rep.missing_codes


def test_invalid_geometry_is_repaired():
    bowtie = {"type": "Polygon", "coordinates": [[[104.77, -3.02], [104.79, -3.00], [104.79, -3.02],
                                                  [104.77, -3.00], [104.77, -3.02]]]}
    rep = import_boundaries(_fc(bowtie, props={"kode": "167117"}), "kecamatan", KEC)
    assert rep.ok and rep.matched["16.71.17"].repaired and rep.matched["16.71.17"].matched_by == "code"
    assert shape(rep.matched["16.71.17"].geometry).is_valid
    assert any("diperbaiki" in w.render("id") for w in rep.warnings)


def test_code_that_contradicts_the_name_loses():
    fc = json.loads((GEO / "palembang_kecamatan.geojson").read_text())
    for f in fc["features"]:            # BPS codes: 1671011 (Gandus) must not be read as 16.71.01.1 …
        f["properties"] = {"kode": f["properties"]["bps_code"], "nama": f["properties"]["name"]}
    rep = import_boundaries(fc, "kecamatan", KEC)
    assert len(rep.matched) == 18 and not rep.missing_codes
    assert rep.matched["16.71.12"].feature_label == "Gandus"


def test_schematic_accepts_feature_collection_outline(schematic):
    fc = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
                                                      "geometry": schematic.outline}]}
    bs = schematic_boundaries(outline=fc)
    assert set(bs.kecamatan) == set(KEC)
