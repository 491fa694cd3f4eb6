"""Typed settings stored in the database, with versioned upgrades (one function per version step)."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Callable

from sqlalchemy.orm import Session

from antasena_desktop.domain.catalog import KERAWANAN_DEFAULT
from antasena_desktop.services import audit
from antasena_desktop.services.changes import Change, Changes
from antasena_desktop.services.security import Actor, Permission, require
from db.models import Setting, utcnow

SETTINGS_VERSION = 2


@dataclass
class AppSettings:
    settings_version: int = SETTINGS_VERSION
    language: str = "id"
    # Letterhead and signatory (configurable per command).
    kop_lines: list[str] = field(default_factory=lambda: [
        "KEPOLISIAN NEGARA REPUBLIK INDONESIA", "DAERAH SUMATERA SELATAN", "RESOR KOTA BESAR PALEMBANG"])
    place_of_issue: str = "Palembang"
    sprin_classification: str = "OPS.1."
    signatory_title: str = "KEPALA KEPOLISIAN RESOR KOTA BESAR PALEMBANG"
    signatory_name: str = ""
    signatory_rank: str = "KOMISARIS BESAR POLISI"
    signatory_nrp: str = ""
    # "a.n." signature by the Kabag Ops.
    delegate_title: str = "KABAG OPS"
    delegate_name: str = ""
    delegate_rank: str = "AJUN KOMISARIS BESAR POLISI"
    delegate_nrp: str = ""
    # Planning rules (allocation hard constraints).
    rest_minutes: int = 480
    max_minutes_per_24h: int = 720
    dadakan_threshold_hours: int = 72
    kerawanan_scale: list[dict[str, Any]] = field(default_factory=lambda: [dict(k) for k in KERAWANAN_DEFAULT])
    # Map. basemap: "none" | "mbtiles" (a local tile file) | "cache" (local file + tiles fetched on demand
    # from `tile_url` and kept); "" = older settings, see `basemap_choice`.
    tile_url: str = ""
    mbtiles_path: str = ""
    basemap: str = ""
    # Backups.
    backup_every_hours: int = 24
    backup_keep: int = 14
    idle_lock_minutes: int = 15
    demo: bool = False


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    # v1 stored a single "kop" string with newlines.
    if "kop" in data and "kop_lines" not in data:
        data["kop_lines"] = [line for line in str(data.pop("kop")).splitlines() if line.strip()]
    return data


UPGRADES: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _v1_to_v2}
KEY = "app"


def upgrade_settings(data: dict[str, Any]) -> dict[str, Any]:
    version = int(data.get("settings_version", 1))
    while version < SETTINGS_VERSION:
        data = UPGRADES[version](dict(data))
        version += 1
        data["settings_version"] = version
    return data


def from_dict(data: dict[str, Any]) -> AppSettings:
    data = upgrade_settings(data)
    known = {f.name for f in fields(AppSettings)}
    return AppSettings(**{k: v for k, v in data.items() if k in known})


BASEMAPS = ("none", "mbtiles", "cache")


def basemap_choice(settings: AppSettings) -> str:
    """The basemap in use: the explicit choice, else what older settings implied."""
    if settings.basemap in BASEMAPS:
        return settings.basemap
    return "cache" if settings.tile_url else ("mbtiles" if settings.mbtiles_path else "none")


def load(session: Session) -> AppSettings:
    row = session.get(Setting, KEY)
    return from_dict(json.loads(row.value_json)) if row else AppSettings()


def save(session: Session, actor: Actor, settings: AppSettings, note: str = "") -> Changes:
    require(actor, Permission.EDIT_SETTINGS)
    return store(session, actor, settings, note)


def store(session: Session, actor: Actor, settings: AppSettings, note: str = "") -> Changes:
    """Write without a role check (first run, demo generator); still audited. The Changes carry the
    changed keys (before/after), so a settings change can be undone."""
    row = session.get(Setting, KEY)
    before = json.loads(row.value_json) if row else None
    after = asdict(settings)
    if row is None:
        row = Setting(key=KEY, value_json="{}", updated_at=utcnow())
        session.add(row)
    row.value_json = json.dumps(after, ensure_ascii=False)
    row.updated_at = utcnow()
    row.updated_by = actor.username
    changes = Changes()
    if before != after:
        changed = {k for k in after if before is None or before.get(k) != after[k]}
        old_values = {k: before.get(k) for k in changed} if before else None
        new_values = {k: after[k] for k in changed}
        audit.record(session, actor, "update", "setting", KEY, old_values, new_values, note)
        changes.add(Change("setting", KEY, "update" if before else "create", old_values, new_values))
    return changes


def kerawanan_label(settings: AppSettings, level: int, language: str = "id") -> str:
    for entry in settings.kerawanan_scale:
        if entry["level"] == level:
            return entry["en" if language == "en" else "id"]
    return str(level)


def kerawanan_priority(settings: AppSettings, level: int) -> int:
    for entry in settings.kerawanan_scale:
        if entry["level"] == level:
            return int(entry["priority"])
    return 1
