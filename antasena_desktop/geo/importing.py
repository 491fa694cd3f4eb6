"""Validate and import boundary GeoJSON, matching features to our Kemendagri codes (pure).

    report = import_boundaries("kelurahan.geojson", "kelurahan", {"16.71.01.1001": "35 Ilir", ...})
    if report.ok: for code, geojson_text in report.geometries.items(): store(...)

The report carries messages in Indonesian and English (`antasena_desktop.i18n.Text`).
"""
from __future__ import annotations

import difflib
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from ..i18n import T, Text
from .boundaries import IMPORTED, _polygonal, to_geojson
from .names import digits_code, name_key
from .reference import CITY_BBOX

LEVELS = ("kecamatan", "kelurahan", "kota")
_CODE_KEYS = ("code", "kode", "kode_wilayah", "kode_kemendagri", "kd_wilayah", "kdepum", "kdcpum", "kdcbps",
              "kode_kec", "kode_kel", "kd_kec", "kd_kel", "kode_desa", "id")
_NAME_KEYS = {
    "kecamatan": ("name", "nama", "nama_kecamatan", "nama_kec", "nm_kec", "kecamatan", "district", "wadmkc",
                  "namobj", "name_rupabumi", "name_kemendagri_2022"),
    "kelurahan": ("name", "nama", "nama_kelurahan", "nama_kel", "nm_kel", "kelurahan", "desa", "village", "wadmkd",
                  "namobj", "name_rupabumi"),
    "kota": ("name", "nama", "wadmkk", "namobj"),
}
_TOLERANCE_DEG = 0.15   # how far outside the Palembang box a feature may reach


@dataclass
class MatchedFeature:
    code: str
    name: str                  # our name
    feature_index: int
    feature_label: str         # the name/code found in the file
    matched_by: str            # 'code' | 'name' | 'mirip' (close spelling, please check)
    geometry: dict             # GeoJSON geometry (Polygon/MultiPolygon, WGS84 lon/lat)
    repaired: bool = False

    @property
    def geometry_geojson(self) -> str:
        return json.dumps(self.geometry, separators=(",", ":"))


@dataclass
class UnmatchedFeature:
    feature_index: int
    label: str
    reason: Text


@dataclass
class ImportReport:
    level: str
    source: str
    errors: list[Text] = field(default_factory=list)       # fatal: nothing should be stored
    warnings: list[Text] = field(default_factory=list)
    matched: dict[str, MatchedFeature] = field(default_factory=dict)
    unmatched_features: list[UnmatchedFeature] = field(default_factory=list)
    missing_codes: list[str] = field(default_factory=list)  # our codes with no feature
    feature_count: int = 0
    geometry_source: str = IMPORTED
    changes: object = None            # the stored rows' Changes, set by services.geo_store when written

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.matched)

    @property
    def geometries(self) -> dict[str, str]:
        """code -> GeoJSON geometry text, ready for the `geometry_geojson` column."""
        return {c: m.geometry_geojson for c, m in sorted(self.matched.items())}

    def messages(self, language: str | None = None) -> list[str]:
        out = [str(T("GALAT: {m}", "ERROR: {m}", m=e).render(language)) for e in self.errors]
        out += [T("Peringatan: {m}", "Warning: {m}", m=w).render(language) for w in self.warnings]
        out += [T("Fitur #{i} ({label}) tidak cocok: {r}", "Feature #{i} ({label}) not matched: {r}",
                  i=u.feature_index, label=u.label, r=u.reason).render(language) for u in self.unmatched_features]
        if self.missing_codes:
            out.append(T("Kode tanpa batas di berkas: {codes}", "Codes without a boundary in the file: {codes}",
                         codes=", ".join(self.missing_codes)).render(language))
        return out

    def summary(self, language: str | None = None) -> str:
        head = T("Impor batas {level}: {n} fitur, {m} cocok, {u} tidak cocok, {k} kode tanpa batas.",
                 "Boundary import ({level}): {n} features, {m} matched, {u} not matched, {k} codes without a boundary.",
                 level=self.level, n=self.feature_count, m=len(self.matched), u=len(self.unmatched_features),
                 k=len(self.missing_codes)).render(language)
        return "\n".join([head, *self.messages(language)])

    def as_dict(self) -> dict:
        return {
            "level": self.level, "source": self.source, "ok": self.ok, "feature_count": self.feature_count,
            "errors": [e.as_dict() for e in self.errors], "warnings": [w.as_dict() for w in self.warnings],
            "matched": {c: {"name": m.name, "feature_index": m.feature_index, "label": m.feature_label,
                            "matched_by": m.matched_by, "repaired": m.repaired} for c, m in self.matched.items()},
            "unmatched_features": [{"feature_index": u.feature_index, "label": u.label, "reason": u.reason.as_dict()}
                                   for u in self.unmatched_features],
            "missing_codes": list(self.missing_codes),
        }


# ------------------------------------------------------------------ validation helpers
def _iter_coords(geom: dict) -> Iterable[tuple[float, float]]:
    def walk(c):
        if isinstance(c, (list, tuple)) and c and isinstance(c[0], (int, float)):
            yield float(c[0]), float(c[1])
        elif isinstance(c, (list, tuple)):
            for x in c:
                yield from walk(x)
    if geom.get("type") == "GeometryCollection":
        for g in geom.get("geometries", []):
            yield from _iter_coords(g)
    else:
        yield from walk(geom.get("coordinates", []))


def _crs_problem(fc: dict) -> Text | None:
    crs = fc.get("crs")
    if not crs:
        return None
    name = json.dumps(crs).upper()
    if any(k in name for k in ("CRS84", "EPSG::4326", "EPSG:4326", "WGS 84\"", "WGS84")) and "UTM" not in name:
        return None
    return T("CRS berkas ({crs}) bukan WGS84 lon/lat. Ekspor ulang sebagai GeoJSON EPSG:4326 (mis. di QGIS: "
             "Ekspor → Simpan Fitur Sebagai, CRS EPSG:4326).",
             "The file's CRS ({crs}) is not WGS84 lon/lat. Re-export as GeoJSON in EPSG:4326 (e.g. QGIS: "
             "Export → Save Features As, CRS EPSG:4326).", crs=json.dumps(crs.get("properties", crs)))


def _coordinate_problem(minx: float, miny: float, maxx: float, maxy: float) -> Text | None:
    bx0, by0, bx1, by1 = CITY_BBOX
    tol = _TOLERANCE_DEG
    if by0 - tol <= minx and maxx <= by1 + tol and bx0 - tol <= miny and maxy <= bx1 + tol:
        return T("Sumbu lintang/bujur tertukar: koordinat tertulis sebagai [lat, lon] ({x0:.4f}, {y0:.4f}). "
                 "GeoJSON mewajibkan urutan [lon, lat]; tukar kedua sumbu lalu impor lagi.",
                 "Latitude/longitude axes are swapped: coordinates are written as [lat, lon] ({x0:.4f}, {y0:.4f}). "
                 "GeoJSON requires [lon, lat] order; swap the axes and import again.", x0=minx, y0=miny)
    if max(abs(minx), abs(maxx)) > 180 or max(abs(miny), abs(maxy)) > 90:
        return T("Koordinat terproyeksi (satuan meter, mis. UTM 48S / EPSG:32748): x {x0:.0f}…{x1:.0f}, "
                 "y {y0:.0f}…{y1:.0f}. Berkas harus dalam derajat WGS84 (EPSG:4326), urutan lon, lat.",
                 "Projected coordinates (metres, e.g. UTM 48S / EPSG:32748): x {x0:.0f}…{x1:.0f}, "
                 "y {y0:.0f}…{y1:.0f}. The file must be in WGS84 degrees (EPSG:4326), lon, lat order.",
                 x0=minx, x1=maxx, y0=miny, y1=maxy)
    if maxx < bx0 - tol or minx > bx1 + tol or maxy < by0 - tol or miny > by1 + tol:
        return T("Data berada di luar Kota Palembang (lon {x0:.3f}…{x1:.3f}, lat {y0:.3f}…{y1:.3f}).",
                 "The data lies outside Kota Palembang (lon {x0:.3f}…{x1:.3f}, lat {y0:.3f}…{y1:.3f}).",
                 x0=minx, x1=maxx, y0=miny, y1=maxy)
    return None


def _label(props: Mapping, level: str) -> tuple[str | None, str | None]:
    low = {str(k).lower(): v for k, v in props.items() if v not in (None, "")}
    code = next((str(low[k]) for k in _CODE_KEYS if k in low), None)
    name = next((str(low[k]) for k in _NAME_KEYS[level] if k in low), None)
    return code, name


def _load(source: str | Path | dict) -> tuple[object | None, str, Text | None]:
    if not isinstance(source, (str, Path)):
        return source, "<data>", None
    path = Path(source)
    try:
        if path.stat().st_size > 200_000_000:
            return None, str(path), T("Berkas terlalu besar (batas 200 MB).", "The file is too large (limit 200 MB).")
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        return None, str(path), T("Berkas tidak dapat dibaca: {e}", "The file cannot be read: {e}", e=exc)
    except UnicodeDecodeError as exc:
        return None, str(path), T("Bukan teks UTF-8 (bita ke-{n}); simpan GeoJSON sebagai UTF-8.",
                                  "Not UTF-8 text (byte {n}); save the GeoJSON as UTF-8.", n=exc.start)
    try:
        return json.loads(text), str(path), None
    except RecursionError:
        return None, str(path), T("JSON bersarang terlalu dalam.", "The JSON is nested too deeply.")
    except json.JSONDecodeError as exc:
        return None, str(path), T("Bukan JSON yang sah (baris {line}, kolom {col}): {msg}",
                                  "Not valid JSON (line {line}, column {col}): {msg}",
                                  line=exc.lineno, col=exc.colno, msg=exc.msg)


def _normalise_known(known: Mapping[str, str] | Iterable) -> dict[str, str]:
    if isinstance(known, Mapping):
        return {str(c): str(n) for c, n in known.items()}
    out = {}
    for item in known:
        out[str(item[0])] = str(item[1])
    return out


# ------------------------------------------------------------------ main entry point
def import_boundaries(path: str | Path | dict, level: str,
                      known_codes_and_names: Mapping[str, str] | Iterable[tuple[str, str]]) -> ImportReport:
    """Validate a boundary GeoJSON and match its features to our codes.

    `path`: a GeoJSON file (or an already-parsed dict). `level`: 'kecamatan', 'kelurahan' or 'kota'.
    `known_codes_and_names`: our codes -> names (e.g. {'16.71.17': 'Jakabaring'}).
    Matching: by a code property (dots optional), then by normalised name, then by a close spelling
    (marked 'mirip'). Several features for one code are merged. Geometries are repaired when invalid.
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}")
    known = _normalise_known(known_codes_and_names)
    data, src, err = _load(path)
    report = ImportReport(level=level, source=src)
    if err:
        report.errors.append(err)
        return report
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        kind = data.get("type") if isinstance(data, dict) else type(data).__name__
        report.errors.append(T("Bukan GeoJSON FeatureCollection (ditemukan: {kind}). Simpan lapisan sebagai "
                               "FeatureCollection berisi fitur Polygon/MultiPolygon.",
                               "Not a GeoJSON FeatureCollection (found: {kind}). Save the layer as a "
                               "FeatureCollection of Polygon/MultiPolygon features.", kind=kind))
        return report
    features = data.get("features")
    if not isinstance(features, list) or not features:
        report.errors.append(T("FeatureCollection tidak berisi fitur.", "The FeatureCollection has no features."))
        return report
    report.feature_count = len(features)
    crs = _crs_problem(data)
    if crs:
        report.errors.append(crs)
        return report

    # geometry checks
    usable: list[tuple[int, dict, BaseGeometry, bool]] = []
    xs: list[float] = []
    ys: list[float] = []
    for i, feat in enumerate(features):
        if not isinstance(feat, dict):
            report.unmatched_features.append(UnmatchedFeature(i, f"#{i}", T("bukan objek Feature", "not a Feature object")))
            continue
        props = feat.get("properties")
        if not isinstance(props, dict):
            feat = {**feat, "properties": {}}
            props = {}
        code, name = _label(props, level)
        label = name or code or f"#{i}"
        geom = feat.get("geometry")
        if not isinstance(geom, dict) or geom.get("type") not in ("Polygon", "MultiPolygon"):
            gtype = geom.get("type") if isinstance(geom, dict) else None
            report.unmatched_features.append(UnmatchedFeature(i, label, T(
                "tipe geometri {g} tidak didukung (harus Polygon/MultiPolygon)",
                "geometry type {g} is not supported (must be Polygon/MultiPolygon)", g=gtype)))
            continue
        try:
            coords = [(float(x), float(y)) for x, y, *_z in _iter_coords(geom)]
        except (TypeError, ValueError, AttributeError, IndexError, RecursionError):
            coords = []
        if not coords or any(not (math.isfinite(x) and math.isfinite(y)) for x, y in coords):
            report.unmatched_features.append(UnmatchedFeature(i, label, T("koordinat kosong atau tidak sah",
                                                                          "empty or invalid coordinates")))
            continue
        xs += [c[0] for c in coords]
        ys += [c[1] for c in coords]
        try:
            g = shape(geom)
        except Exception as exc:  # malformed rings etc.
            report.unmatched_features.append(UnmatchedFeature(i, label, T("geometri rusak: {e}",
                                                                          "broken geometry: {e}", e=exc)))
            continue
        repaired = False
        if not g.is_valid:
            g = _polygonal(shapely.make_valid(g))
            repaired = True
        if g.is_empty:
            report.unmatched_features.append(UnmatchedFeature(i, label, T("geometri kosong setelah diperbaiki",
                                                                          "geometry empty after repair")))
            continue
        usable.append((i, feat, g, repaired))
    if xs:
        problem = _coordinate_problem(min(xs), min(ys), max(xs), max(ys))
        if problem:
            report.errors.append(problem)
            return report
    if not usable:
        report.errors.append(T("Tidak ada fitur Polygon/MultiPolygon yang dapat dipakai.",
                               "No usable Polygon/MultiPolygon feature."))
        return report
    if any(r for *_x, r in usable):
        report.warnings.append(T("{n} geometri tidak sah telah diperbaiki otomatis (make_valid).",
                                 "{n} invalid geometries were repaired automatically (make_valid).",
                                 n=sum(1 for *_x, r in usable if r)))

    # matching
    by_digits = {digits_code(c): c for c in known}
    by_key: dict[str, list[str]] = {}
    for c, n in known.items():
        by_key.setdefault(name_key(n), []).append(c)
    assigned: dict[str, list[tuple[int, str, BaseGeometry, bool, str]]] = {}
    pending: list[tuple[int, str, BaseGeometry, bool, str | None]] = []
    for i, feat, g, repaired in usable:
        code, name = _label(feat.get("properties") or {}, level)
        label = name or code or f"#{i}"
        if level == "kota" and len(known) == 1:
            assigned.setdefault(next(iter(known)), []).append((i, label, g, repaired, "code"))
            continue
        hit = by_digits.get(digits_code(code)) if code else None
        cands = by_key.get(name_key(name)) if name else None
        if hit and cands and hit not in cands and len(cands) == 1:
            # e.g. a BPS code that happens to look like another Kemendagri code: the name decides
            report.warnings.append(T("Fitur \"{label}\": kode {code} milik {other}, namanya cocok dengan {name_code}; "
                                     "dipakai kecocokan nama.",
                                     "Feature \"{label}\": code {code} belongs to {other} but its name matches "
                                     "{name_code}; the name match is used.",
                                     label=label, code=code, other=known[hit], name_code=cands[0]))
            hit = None
        if hit:
            assigned.setdefault(hit, []).append((i, label, g, repaired, "code"))
            continue
        if cands and len(cands) == 1:
            assigned.setdefault(cands[0], []).append((i, label, g, repaired, "name"))
        elif cands:
            report.unmatched_features.append(UnmatchedFeature(i, label, T(
                "nama ambigu, cocok dengan beberapa kode: {codes}", "ambiguous name, matches several codes: {codes}",
                codes=", ".join(cands))))
        else:
            pending.append((i, label, g, repaired, name))
    # close spellings among the codes still free
    free_keys = {name_key(known[c]): c for c in known if c not in assigned}
    for i, label, g, repaired, name in pending:
        close = difflib.get_close_matches(name_key(name), list(free_keys), n=1, cutoff=0.85) if name else []
        if close:
            c = free_keys.pop(close[0])
            assigned.setdefault(c, []).append((i, label, g, repaired, "mirip"))
            report.warnings.append(T("\"{label}\" dicocokkan dengan {code} {name} karena ejaannya mirip; mohon periksa.",
                                     "\"{label}\" was matched to {code} {name} by a close spelling; please check.",
                                     label=label, code=c, name=known[c]))
        else:
            report.unmatched_features.append(UnmatchedFeature(i, label, T(
                "tidak ada kode atau nama yang cocok",
                "no matching code or name")))
    for c, parts in assigned.items():
        geom = parts[0][2] if len(parts) == 1 else _polygonal(unary_union([p[2] for p in parts]))
        if len(parts) > 1:
            report.warnings.append(T("{n} fitur digabung untuk {code} {name}.", "{n} features merged for {code} {name}.",
                                     n=len(parts), code=c, name=known[c]))
        report.matched[c] = MatchedFeature(
            code=c, name=known[c], feature_index=parts[0][0], feature_label=" + ".join(p[1] for p in parts),
            matched_by=parts[0][4], geometry=to_geojson(geom), repaired=any(p[3] for p in parts))
    report.missing_codes = sorted(c for c in known if c not in report.matched)
    return report
