"""Point the `mbtiles:` scheme at the configured tile file and cache (settings → map profile)."""
from __future__ import annotations

from pathlib import Path

from antasena_desktop.services.settings import AppSettings, basemap_choice
from db.engine import data_dir


def apply_tile_settings(settings: AppSettings) -> None:
    from ui.map.schemes import configure_tiles

    choice = basemap_choice(settings)
    if choice == "none":
        configure_tiles(None, None, None)
        return
    source = settings.mbtiles_path if settings.mbtiles_path and Path(settings.mbtiles_path).exists() else None
    on_demand = choice == "cache" and bool(settings.tile_url)
    cache = data_dir() / "tiles" / "cache.mbtiles" if on_demand else None
    configure_tiles(source, cache, settings.tile_url if on_demand else None)
