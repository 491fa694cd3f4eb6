"""Point the `mbtiles:` scheme at the configured tile file and cache (settings → map profile)."""
from __future__ import annotations

from pathlib import Path

from antasena_desktop.services.settings import AppSettings
from db.engine import data_dir


def apply_tile_settings(settings: AppSettings) -> None:
    from ui.map.schemes import configure_tiles

    source = settings.mbtiles_path if settings.mbtiles_path and Path(settings.mbtiles_path).exists() else None
    cache = data_dir() / "tiles" / "cache.mbtiles" if settings.tile_url else None
    configure_tiles(source, cache, settings.tile_url or None)
