"""Offline map page generation (folium/Leaflet); pure, no Qt."""
from .page import (ASSET_BASE, KERAWANAN_LEVELS, MapData, boundary_collection, build_map, build_page_html,
                   heat_counts, labels)

__all__ = ["ASSET_BASE", "KERAWANAN_LEVELS", "MapData", "boundary_collection", "build_map", "build_page_html", "heat_counts", "labels"]
