"""Point the `mbtiles:` scheme at the configured tile file and cache (desk preferences, else the shared
settings → map profile)."""
from __future__ import annotations

from pathlib import Path

from antasena_desktop.services.settings import AppSettings
from db.engine import data_dir


def apply_tile_settings(settings: AppSettings, desk=None) -> None:
    """`desk`: this computer's DeskPreferences; its tile source wins over the shared one when set."""
    from ui.map.schemes import configure_tiles

    own = desk is not None and (desk.tile_url or desk.mbtiles_path)
    mbtiles, url = (desk.mbtiles_path, desk.tile_url) if own else (settings.mbtiles_path, settings.tile_url)
    source = mbtiles if mbtiles and Path(mbtiles).exists() else None
    cache = data_dir() / "tiles" / "cache.mbtiles" if url else None
    configure_tiles(source, cache, url or None)
