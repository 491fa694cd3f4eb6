"""A demo database generated once per session; each test works on its own copy (a real SQLite file)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hardening_helpers import PASSWORD


@pytest.fixture(scope="session")
def demo_master(tmp_path_factory) -> Path:
    from antasena_desktop.demo import generate_file
    folder = tmp_path_factory.mktemp("demo-master")
    generate_file(f"sqlite:///{folder}/demo.db", admin_password=PASSWORD, today=__import__("datetime").date(2026, 11, 23))
    return folder / "demo.db"


@pytest.fixture
def demo(demo_master, tmp_path, monkeypatch):
    """(url, path) of a private copy of the demo database; data dir and password set."""
    monkeypatch.setenv("ANTASENA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ANTASENA_PASSWORD", PASSWORD)
    monkeypatch.delenv("ANTASENA_USER", raising=False)
    path = tmp_path / "demo.db"
    shutil.copyfile(demo_master, path)
    return f"sqlite:///{path}", path
