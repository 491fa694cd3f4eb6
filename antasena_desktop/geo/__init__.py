"""Palembang geography: reference data, distances, boundaries, imports, MBTiles. Pure: no Qt."""
from .boundaries import (IMPORTED, SCHEMATIC, BoundarySet, LocateDetail, Location, Locator, builtin_outline,
                         default_geo_layers,
                         default_locator, locate, reference_names, schematic_boundaries, set_default_locator)
from .distance import EARTH_RADIUS_KM, haversine_km
from .importing import ImportReport, MatchedFeature, UnmatchedFeature, import_boundaries
from .names import name_key

__all__ = [
    "IMPORTED", "SCHEMATIC", "BoundarySet", "LocateDetail", "Location", "Locator", "builtin_outline", "default_geo_layers",
    "default_locator", "locate", "reference_names", "schematic_boundaries", "set_default_locator",
    "EARTH_RADIUS_KM", "haversine_km", "ImportReport", "MatchedFeature", "UnmatchedFeature", "import_boundaries",
    "name_key",
]
