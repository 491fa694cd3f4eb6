"""WBS desk fixtures: a real, initialised WBS SQLite file with one account per role (see wbs_gui_fixtures)."""
from __future__ import annotations

import pytest

from antasena_desktop.wbs import accounts, setup
from antasena_desktop.wbs.roles import SYSTEM
from wbs_gui_fixtures import PASSWORD, TEAM, WbsEnv


@pytest.fixture
def wbs(tmp_path, monkeypatch):
    from db.wbs.database import open_wbs_database

    monkeypatch.setenv("ANTASENA_DATA_DIR", str(tmp_path / "data"))
    path = tmp_path / "wbs.db"
    url = f"sqlite:///{path}"
    database = open_wbs_database(url)
    with database.session() as session:
        setup.initialise(session, PASSWORD, tmp_path / "sheet.txt", database.describe())
        for username, (role, wilayah, name) in TEAM.items():
            accounts.create_account(session, SYSTEM, username, PASSWORD, role, full_name=name, wilayah=wilayah)
    env = WbsEnv(url, path, database, tmp_path)
    yield env
    database.close()


