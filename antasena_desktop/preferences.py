"""Per-desk preferences: what belongs to this computer and its operator, not to the shared database —
the language, the map's tile source, the window's geometry and last view, the last user name.

Stored as JSON in the OS config folder (platformdirs; override with ANTASENA_CONFIG_DIR), private
(0600 in a 0700 folder), written atomically. Versioned like the shared settings: `upgrade(data)` brings
an older file forward step by step; an unreadable file gives the defaults (and is kept aside).
Shared operational settings (rules, letterhead, backups) stay in the database (`services/settings.py`).
"""
from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any, Callable

from platformdirs import user_config_dir

APP_NAME = "antasena-desktop"
APP_AUTHOR = "BagOpsPolrestabesPalembang"
VERSION = 2
FILE_NAME = "preferences.json"


@dataclass
class DeskPreferences:
    version: int = VERSION
    language: str = ""                # "" = not chosen on this desk yet (the shared default applies)
    tile_url: str = ""
    mbtiles_path: str = ""
    window_geometry: str = ""         # base64 of QMainWindow.saveGeometry()
    window_state: str = ""            # base64 of QMainWindow.saveState()
    last_view: str = "dashboard"
    last_user: str = ""
    server_url: str = ""              # the PostgreSQL server this desk works on ("" = its local SQLite file)


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    # v1 kept the window under one "window" object and called the user "username".
    window = data.pop("window", None) or {}
    data.setdefault("window_geometry", window.get("geometry", ""))
    data.setdefault("window_state", window.get("state", ""))
    data.setdefault("last_view", window.get("view", "dashboard"))
    if "username" in data:
        data.setdefault("last_user", data.pop("username"))
    return data


UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _v1_to_v2}


def upgrade(data: dict[str, Any]) -> dict[str, Any]:
    version = int(data.get("version", 1))
    while version < VERSION:
        data = UPGRADES[version](dict(data))
        version += 1
        data["version"] = version
    return data


def config_dir() -> Path:
    return Path(os.environ.get("ANTASENA_CONFIG_DIR") or user_config_dir(APP_NAME, APP_AUTHOR))


def preferences_path() -> Path:
    return config_dir() / FILE_NAME


def load(path: Path | None = None) -> DeskPreferences:
    path = path or preferences_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not an object")
    except FileNotFoundError:
        return DeskPreferences()
    except (OSError, ValueError):
        try:
            path.replace(path.with_suffix(".rusak.json"))      # keep it for a look, start clean
        except OSError:
            pass
        return DeskPreferences()
    data = upgrade(data)
    known = {f.name for f in fields(DeskPreferences)}
    return DeskPreferences(**{k: v for k, v in data.items() if k in known})


def save(preferences: DeskPreferences, path: Path | None = None) -> Path:
    path = path or preferences_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.chmod(path.parent, 0o700)
    except OSError:
        pass
    handle, temp = tempfile.mkstemp(prefix=".preferences-", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(asdict(preferences), out, ensure_ascii=False, indent=1)
        os.chmod(temp, 0o600)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path


def adopt_shared(preferences: DeskPreferences, shared: Any) -> bool:
    """First start of a desk on an existing database: take the language and tile source that used to
    live in the shared settings (`AppSettings`). True when something was taken."""
    changed = False
    if not preferences.language and getattr(shared, "language", ""):
        preferences.language, changed = shared.language, True
    if not preferences.tile_url and not preferences.mbtiles_path and (shared.tile_url or shared.mbtiles_path):
        preferences.tile_url, preferences.mbtiles_path, changed = shared.tile_url, shared.mbtiles_path, True
    return changed
