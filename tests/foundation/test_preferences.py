"""Per-desk preferences: a private JSON file in the config folder, versioned, robust to a broken file."""
from __future__ import annotations

import json
import stat

from antasena_desktop import preferences
from antasena_desktop.services.settings import AppSettings


def test_defaults_roundtrip_and_private(tmp_path):
    path = tmp_path / "cfg" / "preferences.json"
    prefs = preferences.load(path)
    assert prefs == preferences.DeskPreferences() and prefs.version == preferences.VERSION
    prefs.language, prefs.last_user, prefs.last_view = "en", "operator2", "planning"
    preferences.save(prefs, path)
    assert preferences.load(path) == prefs
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert [p.name for p in path.parent.iterdir()] == ["preferences.json"]       # no temp file left


def test_version_1_file_is_upgraded(tmp_path):
    path = tmp_path / "preferences.json"
    path.write_text(json.dumps({"version": 1, "language": "en", "username": "kabag",
                                "window": {"geometry": "AAA=", "state": "BBB=", "view": "sprin"}}), encoding="utf-8")
    prefs = preferences.load(path)
    assert (prefs.version, prefs.language, prefs.last_user) == (2, "en", "kabag")
    assert (prefs.window_geometry, prefs.window_state, prefs.last_view) == ("AAA=", "BBB=", "sprin")


def test_a_broken_file_gives_defaults_and_is_kept_aside(tmp_path):
    path = tmp_path / "preferences.json"
    path.write_text("{ bukan json", encoding="utf-8")
    assert preferences.load(path) == preferences.DeskPreferences()
    assert (tmp_path / "preferences.rusak.json").read_text(encoding="utf-8") == "{ bukan json"


def test_first_start_adopts_the_shared_language_and_tiles_once():
    prefs = preferences.DeskPreferences()
    shared = AppSettings(language="en", tile_url="https://tiles.example/{z}/{x}/{y}.png")
    assert preferences.adopt_shared(prefs, shared)
    assert (prefs.language, prefs.tile_url) == ("en", "https://tiles.example/{z}/{x}/{y}.png")
    prefs.language = "id"                                    # the desk's own choice wins afterwards
    assert not preferences.adopt_shared(prefs, shared) and prefs.language == "id"
