"""Test harness: real Qt offscreen, a real SQLite file per test."""
from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ANTASENA_DATA_DIR", str(ROOT / ".cache" / "test-data-dir"))
os.environ.setdefault("ANTASENA_CONFIG_DIR", str(ROOT / ".cache" / "test-config-dir"))   # desk preferences

from ui.bootstrap import prepare_qt  # noqa: E402

prepare_qt(headless=True)

import pytest  # noqa: E402

SHARED = ROOT.parent / "shared"


@pytest.fixture
def database(tmp_path, monkeypatch):
    """A real, migrated SQLite file for this test (WAL, foreign keys on); data dir in tmp."""
    from db.database import open_database

    monkeypatch.setenv("ANTASENA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ANTASENA_CONFIG_DIR", str(tmp_path / "config"))
    db = open_database(f"sqlite:///{tmp_path}/t.db")
    yield db
    db.close()


@pytest.fixture
def db(database):
    return database


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is absent: reference data for this test is not available here")
    return SHARED
