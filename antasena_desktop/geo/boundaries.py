"""Kecamatan/kelurahan boundaries: schematic generation and point lookup (pure: shapely, no Qt).

Geometries travel as GeoJSON geometry dicts (or their JSON text, as stored in the database
column `geometry_geojson`). `geometry_source` is 'skematik' (generated here) or 'impor'.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Iterable, Mapping, NamedTuple, Sequence

import shapely
from shapely.geometry import MultiPoint, Point, mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from .distance import haversine_km
from .reference import CITY_CODE, CITY_NAME, kecamatan_list, kelurahan_list, load_polsek

SCHEMATIC = "skematik"
IMPORTED = "impor"
#: Buffer of the built-in city outline around the kelurahan centroids, in degrees (~2.2 km).
OUTLINE_BUFFER_DEG = 0.02


def as_geometry(geom: dict | str | BaseGeometry) -> BaseGeometry:
    if isinstance(geom, BaseGeometry):
        return geom
    if isinstance(geom, str):
        geom = json.loads(geom)
    if geom.get("type") == "FeatureCollection":
        parts = [shape(f["geometry"]) for f in geom.get("features", []) if f.get("geometry")]
        return unary_union(parts) if parts else shapely.GeometryCollection()
    if geom.get("type") == "Feature":
        geom = geom["geometry"] or {"type": "GeometryCollection", "geometries": []}
    return shape(geom)


def to_geojson(geom: BaseGeometry, precision: int = 6) -> dict:
    """GeoJSON geometry dict with rounded coordinates."""
    return mapping(shapely.set_precision(geom, 10 ** -precision)) if precision else mapping(geom)


def _polygonal(geom: BaseGeometry) -> BaseGeometry:
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in getattr(geom, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    return unary_union(parts) if parts else shapely.Polygon()


# ---------------------------------------------------------------- schematic boundaries
@dataclass
class BoundarySet:
    """Boundaries of both levels plus the city outline, as GeoJSON geometry dicts."""
    kecamatan: dict[str, dict]
    kelurahan: dict[str, dict]
    outline: dict
    source: str = SCHEMATIC           # 'skematik' | 'impor'

    @property
    def schematic(self) -> bool:
        return self.source == SCHEMATIC

    def feature_collection(self, level: str, names: Mapping[str, str] | None = None) -> dict:
        geoms = self.kecamatan if level == "kecamatan" else self.kelurahan
        return {"type": "FeatureCollection", "features": [
            {"type": "Feature", "geometry": g,
             "properties": {"code": c, "name": (names or {}).get(c, c), "level": level, "geometry_source": self.source}}
            for c, g in sorted(geoms.items())]}


def builtin_outline(points: Sequence[tuple[float, float]], buffer_deg: float = OUTLINE_BUFFER_DEG) -> BaseGeometry:
    """A city outline from (lat, lon) centroids: concave hull, buffered. Marked schematic by callers."""
    mp = MultiPoint([(lon, lat) for lat, lon in points])
    hull = shapely.concave_hull(mp, ratio=0.35)
    return hull.buffer(buffer_deg, quad_segs=8).simplify(buffer_deg / 20)


def schematic_boundaries(kelurahan: Iterable[tuple[str, str, float, float]] | None = None,
                         outline: dict | str | BaseGeometry | None = None) -> BoundarySet:
    """Voronoi cells of kelurahan centroids, clipped to the outline and dissolved per kecamatan.

    `kelurahan` yields (kelurahan_code, kecamatan_code, lat, lon); default: resources/geo.
    `outline` is an imported city outline (GeoJSON); default: buffered concave hull of the centroids.
    """
    if kelurahan is None:
        kelurahan = [(w.code, w.kecamatan_code, w.lat, w.lon) for w in kelurahan_list()]
    items = list(kelurahan)
    if len(items) < 2:
        raise ValueError("need at least two kelurahan centroids")
    city = as_geometry(outline) if outline is not None else builtin_outline([(la, lo) for _, _, la, lo in items])
    city = _polygonal(shapely.make_valid(city))
    pts = MultiPoint([(lon, lat) for _, _, lat, lon in items])
    minx, miny, maxx, maxy = city.union(pts).bounds
    extent = shapely.box(minx - 0.2, miny - 0.2, maxx + 0.2, maxy + 0.2)
    cells = shapely.voronoi_polygons(pts, extend_to=extent)
    kel_geoms: dict[str, BaseGeometry] = {}
    cell_list = list(cells.geoms)
    tree = shapely.STRtree(cell_list)
    for code, _kc, lat, lon in items:
        p = Point(lon, lat)
        idx = [i for i in tree.query(p) if cell_list[i].covers(p)]
        cell = cell_list[idx[0]] if idx else min(cell_list, key=lambda c: c.distance(p))
        kel_geoms[code] = _polygonal(cell.intersection(city))
    kec_parts: dict[str, list[BaseGeometry]] = {}
    for code, kc, _la, _lo in items:
        kec_parts.setdefault(kc, []).append(kel_geoms[code])
    kec_geoms = {kc: unary_union(parts) for kc, parts in kec_parts.items()}
    return BoundarySet(
        kecamatan={c: to_geojson(g) for c, g in kec_geoms.items()},
        kelurahan={c: to_geojson(g) for c, g in kel_geoms.items()},
        outline=to_geojson(city), source=SCHEMATIC)


# ---------------------------------------------------------------- point lookup
class Location(NamedTuple):
    kecamatan_code: str | None
    kelurahan_code: str | None
    polsek: str | None          # Polsek code (polsek.csv `code`), None if no Polsek covers the kecamatan


@dataclass
class LocateDetail:
    location: Location
    method: str                 # 'polygon' | 'nearest'
    distance_km: float = 0.0    # distance to the nearest centroid when method == 'nearest'


@dataclass
class Locator:
    """Point-in-polygon lookup over the current boundaries, falling back to the nearest centroid.

    `kecamatan` / `kelurahan`: code -> geometry (GeoJSON dict/text or shapely); either may be empty.
    `centroids`: kelurahan code -> (kecamatan_code, lat, lon) for the fallback.
    `polsek_by_kecamatan`: kecamatan code -> Polsek code.
    """
    kecamatan: Mapping[str, object] = field(default_factory=dict)
    kelurahan: Mapping[str, object] = field(default_factory=dict)
    centroids: Mapping[str, tuple[str, float, float]] = field(default_factory=dict)
    polsek_by_kecamatan: Mapping[str, str] = field(default_factory=dict)
    #: beyond this distance from every centroid (and outside all polygons) nothing is returned
    max_fallback_km: float = 15.0

    def __post_init__(self) -> None:
        self._kec = self._index(self.kecamatan)
        self._kel = self._index(self.kelurahan)

    @staticmethod
    def _index(geoms: Mapping[str, object]):
        codes = list(geoms)
        shapes = [as_geometry(geoms[c]) for c in codes]
        for s in shapes:
            shapely.prepare(s)
        return codes, shapes, (shapely.STRtree(shapes) if shapes else None)

    @staticmethod
    def _hit(index, p: Point) -> str | None:
        codes, shapes, tree = index
        if tree is None:
            return None
        hits = [i for i in tree.query(p) if shapes[i].covers(p)]
        return codes[min(hits)] if hits else None

    def locate_detail(self, lat: float, lon: float) -> LocateDetail:
        p = Point(lon, lat)
        kel = self._hit(self._kel, p)
        kec = self._hit(self._kec, p)
        if kel and not kec:
            kec = kel.rsplit(".", 1)[0]
        if kec and kel and not kel.startswith(kec + "."):
            kel = None                      # levels disagree near an edge: trust the kecamatan
        if kec:
            if kel is None and self.centroids:
                near = [(haversine_km(lat, lon, la, lo), c) for c, (kc, la, lo) in self.centroids.items() if kc == kec]
                kel = min(near)[1] if near and not self._kel[0] else None
            return LocateDetail(Location(kec, kel, self.polsek_by_kecamatan.get(kec)), "polygon")
        if not self.centroids:
            return LocateDetail(Location(None, None, None), "nearest", float("inf"))
        d, code = min((haversine_km(lat, lon, la, lo), c) for c, (_kc, la, lo) in self.centroids.items())
        if d > self.max_fallback_km:
            return LocateDetail(Location(None, None, None), "nearest", d)
        kc = self.centroids[code][0]
        return LocateDetail(Location(kc, code, self.polsek_by_kecamatan.get(kc)), "nearest", d)

    def locate(self, lat: float, lon: float) -> Location:
        return self.locate_detail(lat, lon).location

    @classmethod
    def from_boundary_set(cls, bs: BoundarySet, **kw) -> "Locator":
        return cls(kecamatan=bs.kecamatan, kelurahan=bs.kelurahan, **{**_reference_kwargs(), **kw})


def _reference_kwargs() -> dict:
    centroids = {w.code: (w.kecamatan_code, w.lat, w.lon) for w in kelurahan_list()}
    pol: dict[str, str] = {}
    for p in load_polsek():
        if p.kind == "polsek":
            for kc in p.kecamatan_codes:
                pol.setdefault(kc, p.code)
    return {"centroids": centroids, "polsek_by_kecamatan": pol}


_default: Locator | None = None


def set_default_locator(locator: Locator | None) -> None:
    """Install the locator built from the current (database) boundaries; None = the shipped (else schematic) default."""
    global _default
    _default = locator


def default_locator() -> Locator:
    global _default
    if _default is None:
        from .shipped import shipped_boundaries
        _default = Locator.from_boundary_set(shipped_boundaries() or schematic_boundaries())
    return _default


def locate(lat: float, lon: float, locator: Locator | None = None) -> Location:
    """(kecamatan_code, kelurahan_code, polsek_code) of a point; see `Locator`."""
    return (locator or default_locator()).locate(lat, lon)


def default_geo_layers(boundaries: BoundarySet | None = None) -> dict[str, str]:
    """GeoJSON text for the `geo_layer` table: 'kota' (outline), 'musi' (river) and 'jalan' (roads).

    'kota' is the schematic outline unless `boundaries` carries an imported one; 'musi'/'jalan' are the
    approximate lines of resources/geo/musi_and_roads.geojson (FeatureCollections).
    """
    from .reference import split_musi_and_roads
    bs = boundaries or schematic_boundaries()
    river, roads = split_musi_and_roads()
    kota = {"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": bs.outline, "properties": {
        "code": CITY_CODE, "name": CITY_NAME, "geometry_source": bs.source}}]}
    return {k: json.dumps(v, ensure_ascii=False, separators=(",", ":"))
            for k, v in (("kota", kota), ("musi", river), ("jalan", roads))}


def reference_names() -> dict[str, str]:
    """code -> familiar name for the city, kecamatan and kelurahan."""
    out = {CITY_CODE: CITY_NAME}
    out.update({w.code: w.name for w in kecamatan_list()})
    out.update({w.code: w.name for w in kelurahan_list()})
    return out
