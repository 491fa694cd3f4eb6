"""Point the `mbtiles:` scheme at the configured tile file and cache (desk preferences, else the shared
settings → map profile)."""
from __future__ import annotations

from pathlib import Path

from antasena_desktop.services.settings import AppSettings, basemap_choice
from db.engine import data_dir


def apply_tile_settings(settings: AppSettings, desk=None) -> None:
    """`desk`: this computer's DeskPreferences; its tile source wins over the shared one when set."""
    from ui.map.schemes import configure_tiles

    choice = basemap_choice(settings)
    if choice == "none":
        configure_tiles(None, None, None)
        return
    own = desk is not None and (desk.tile_url or desk.mbtiles_path)
    mbtiles, url = (desk.mbtiles_path, desk.tile_url) if own else (settings.mbtiles_path, settings.tile_url)
    source = mbtiles if mbtiles and Path(mbtiles).exists() else None
    on_demand = choice == "cache" and bool(url)
    cache = data_dir() / "tiles" / "cache.mbtiles" if on_demand else None
    configure_tiles(source, cache, url if on_demand else None)
