from __future__ import annotations

import pytest

from db.database import open_database


@pytest.fixture
def database(tmp_path, monkeypatch):
    monkeypatch.setenv("ANTASENA_DATA_DIR", str(tmp_path / "data"))
    db = open_database(f"sqlite:///{tmp_path}/t.db")
    yield db
    db.close()
